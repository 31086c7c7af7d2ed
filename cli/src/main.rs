//! `labelchain-cli`: from a LabelChain task to a training set.
//!
//! ```text
//! labelchain-cli export --task 0 --out task-0.jsonl              # at the finalized head
//! labelchain-cli export --task 4 --format coco --out boxes.json --at 1200
//! labelchain-cli verify task-0.jsonl                              # every record against the chain
//! ```
//!
//! Both read the chain through a node's RPC (`--url`, default `ws://127.0.0.1:9944`) and its
//! `LabelingApi` runtime API, only at finalized blocks. `verify` trusts the node it asks: run it
//! against your own node to check a dataset someone else exported.

mod chain;
mod coco;
mod dataset;
mod export;
mod record;
mod rpc;
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
		/// `jsonl`, or `coco` for bounding-box tasks. Default: from the file name
		/// (`.jsonl`, `.json`).
		#[arg(long, value_enum)]
		format: Option<Format>,
		/// The block to read: `finalized` (the default), a block number or a block hash; it
		/// must be finalized.
		#[arg(long, default_value = "finalized")]
		at: export::At,
		/// No progress output.
		#[arg(long)]
		quiet: bool,
	},
	/// Checks every record of a dataset against the chain state it claims to come from.
	Verify {
		/// The dataset file.
		file: PathBuf,
		/// `jsonl` or `coco`. Default: from the file name.
		#[arg(long, value_enum)]
		format: Option<Format>,
	},
}

async fn run(cli: Cli) -> Result<bool> {
	let format_of = |format: Option<Format>, path: &PathBuf| match format {
		Some(f) => Ok(f),
		None => Format::of_path(path),
	};
	match cli.command {
		Command::Export { task, out, format, at, quiet } => {
			let format = format_of(format, &out)?;
			let node = rpc::Node::connect(&cli.url).await?;
			let done = export::export(&node, task, &at, format, &out, quiet).await?;
			println!(
				"wrote {} records of task {task} to {} (block #{} {:?}; items: {})",
				done.records,
				out.display(),
				done.at.number,
				done.at.hash,
				done.census
			);
			print!("{}", done.report.summary);
			Ok(true)
		}
		Command::Verify { file, format } => {
			let format = format_of(format, &file)?;
			let node = rpc::Node::connect(&cli.url).await?;
			let v = verify::verify(&node, &file, format).await?;
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
