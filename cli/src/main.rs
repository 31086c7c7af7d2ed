//! `labelchain-cli`: from a LabelChain task to a training set.
//!
//! ```text
//! labelchain-cli export --task 0 --out task-0.jsonl              # at the finalized head
//! labelchain-cli export --task 4 --out boxes.json --images-dir images --fetch --at 1200
//! labelchain-cli export --task 4 --out boxes.tfrecord --images-dir images
//! labelchain-cli export --task 0 --out task-0.parquet
//! labelchain-cli verify task-0.jsonl                              # every record against the chain
//! ```
//!
//! Each export also writes a dataset card (`README.md` beside the file) with the provenance.
//!
//! Both read the chain through a node's RPC (`--url`, default `ws://127.0.0.1:9944`) and its
//! `LabelingApi` runtime API, only at finalized blocks. `verify` trusts the node it asks: run it
//! against your own node to check a dataset someone else exported.

mod card;
mod chain;
mod coco;
mod dataset;
mod export;
mod images;
mod parquet;
mod record;
mod rpc;
mod tfrecord;
mod validate;
mod verify;

use anyhow::Result;
use clap::{Parser, Subcommand};
use dataset::Format;
use std::{path::PathBuf, process::ExitCode};

#[derive(Parser)]
#[command(
	name = "labelchain-cli",
	version,
	about = "LabelChain datasets: export a task's accepted labels, verify a dataset against the chain"
)]
struct Cli {
	/// The node's WebSocket RPC endpoint.
	#[arg(long, global = true, default_value = "ws://127.0.0.1:9944")]
	url: String,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Writes a task's accepted items (settled by consensus, a gold answer or a dispute) as a
	/// dataset. Pending, failed, disputed and still-appealable items are never included.
	Export {
		/// The task.
		#[arg(long)]
		task: u32,
		/// The dataset file to write (replaced only once the whole dataset is ready).
		#[arg(long)]
		out: PathBuf,
		/// `jsonl`, `coco` (bounding-box tasks), `tfrecord` or `parquet`. Default: from the
		/// file name (`.jsonl`, `.json`, `.tfrecord`, `.parquet`).
		#[arg(long, value_enum)]
		format: Option<Format>,
		/// The block to read: `finalized` (the default), a block number or a block hash; it
		/// must be finalized.
		#[arg(long, default_value = "finalized")]
		at: export::At,
		#[command(flatten)]
		images: ImageArgs,
		/// Where to write the dataset card (default: `README.md` beside the dataset; an
		/// existing README.md that is not a LabelChain card is never replaced).
		#[arg(long, conflicts_with = "no_card")]
		card: Option<PathBuf>,
		/// Write no dataset card.
		#[arg(long)]
		no_card: bool,
		/// No progress output.
		#[arg(long)]
		quiet: bool,
	},
	/// Checks every record of a dataset against the chain state it claims to come from.
	Verify {
		/// The dataset file.
		file: PathBuf,
		/// `jsonl`, `coco`, `tfrecord` or `parquet`. Default: from the file name.
		#[arg(long, value_enum)]
		format: Option<Format>,
		/// Also check each image in this directory: its hash against the chain's, its width
		/// and height against the file's.
		#[arg(long)]
		images_dir: Option<PathBuf>,
		/// Do not check the images' blake2-256 against the content hash.
		#[arg(long)]
		no_hash_check: bool,
	},
}

/// Where the items' images are.
#[derive(clap::Args)]
struct ImageArgs {
	/// The images directory: item `i`'s image is `DIR/<i>.<ext>` (COCO's `file_name`, the
	/// `root` of torchvision's CocoDetection). Needed for COCO and for TFRecord of boxes, whose
	/// image sizes are measured from the images; TFRecord then also embeds them.
	#[arg(long, value_name = "DIR")]
	images_dir: Option<PathBuf>,
	/// Download the images missing from the images directory from their URIs (http(s),
	/// file, ipfs with --ipfs-gateway).
	#[arg(long, requires = "images_dir")]
	fetch: bool,
	/// Gateway for ipfs:// URIs, e.g. https://ipfs.io.
	#[arg(long, requires = "fetch")]
	ipfs_gateway: Option<String>,
	/// Do not check the images' blake2-256 against the content hash the chain pins (for a
	/// vendor who documents another digest).
	#[arg(long, requires = "images_dir")]
	no_hash_check: bool,
}

async fn run(cli: Cli) -> Result<bool> {
	let format_of = |format: Option<Format>, path: &PathBuf| match format {
		Some(f) => Ok(f),
		None => Format::of_path(path),
	};
	match cli.command {
		Command::Export { task, out, format, at, images, card, no_card, quiet } => {
			let format = format_of(format, &out)?;
			let node = rpc::Node::connect(&cli.url).await?;
			let images = images.images_dir.map(|dir| images::Source {
				dir,
				fetch: images.fetch,
				ipfs_gateway: images.ipfs_gateway,
				check_hash: !images.no_hash_check,
			});
			let card = match (card, no_card) {
				(_, true) => export::CardAt::None,
				(Some(p), _) => export::CardAt::Path(p),
				(None, false) => export::CardAt::Beside,
			};
			let request =
				export::Request { task, at, format, out: out.clone(), images, card, quiet };
			let done = export::export(&node, request).await?;
			println!(
				"wrote {} records of task {task} to {} (block #{} {:?}; items: {})",
				done.records,
				out.display(),
				done.at.number,
				done.at.hash,
				done.census
			);
			print!("{}", done.report.summary);
			for w in &done.warnings {
				println!("warning: {w}");
			}
			if let Some(card) = &done.card {
				println!("dataset card: {}", card.display());
			}
			Ok(true)
		}
		Command::Verify { file, format, images_dir, no_hash_check } => {
			let format = format_of(format, &file)?;
			let node = rpc::Node::connect(&cli.url).await?;
			let images = images_dir.map(|dir| images::Source {
				dir,
				fetch: false,
				ipfs_gateway: None,
				check_hash: !no_hash_check,
			});
			let v = verify::verify(&node, &file, format, images.as_ref()).await?;
			for p in &v.problems {
				println!("MISMATCH {p}");
			}
			if !v.not_in_file.is_empty() {
				println!(
					"note: {} accepted item(s) at the export block are not in the file: {:?}",
					v.not_in_file.len(),
					v.not_in_file
				);
			}
			if v.problems.is_empty() {
				println!("OK: {} records match the chain", v.records);
				Ok(true)
			} else {
				println!("FAILED: {} problem(s) in {} records", v.problems.len(), v.records);
				Ok(false)
			}
		}
	}
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
	match run(Cli::parse()).await {
		Ok(true) => ExitCode::SUCCESS,
		Ok(false) => ExitCode::from(1),
		Err(e) => {
			eprintln!("error: {e:#}");
			ExitCode::from(2)
		}
	}
}
