//! `export`: a task's accepted items at a finalized block, validated, written atomically.

use crate::{
	card, chain,
	dataset::{self, Format},
	images,
	record::Provenance,
	rpc::{parse_hash, BlockRef, Node},
	validate,
};
use anyhow::{anyhow, bail, Context, Result};
use std::path::{Path, PathBuf};

/// Which block to read: the finalized head, or a given (finalized) block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum At {
	/// The node's last finalized block.
	Finalized,
	/// A block number.
	Number(u32),
	/// A block hash.
	Hash(String),
}

impl std::str::FromStr for At {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, String> {
		if s == "finalized" {
			Ok(At::Finalized)
		} else if s.starts_with("0x") {
			parse_hash(s).map_err(|e| e.to_string())?;
			Ok(At::Hash(s.to_owned()))
		} else {
			s.parse()
				.map(At::Number)
				.map_err(|_| format!("`{s}` is not `finalized`, a block number or a 0x block hash"))
		}
	}
}

/// Resolves `at` to a block, refusing blocks that are not finalized.
pub async fn resolve(node: &Node, at: &At) -> Result<BlockRef> {
	let block = match at {
		At::Finalized => return node.finalized().await,
		At::Number(n) => {
			let Some(hash) = node.block_hash(*n).await? else {
				bail!("block #{n} does not exist yet")
			};
			BlockRef { number: *n, hash }
		}
		At::Hash(h) => {
			let hash = parse_hash(h)?;
			BlockRef { number: node.block_number(hash).await?, hash }
		}
	};
	if !node.is_finalized(block).await? {
		bail!(
			"block #{} ({:?}) is not finalized: export only from finalized blocks, whose results cannot be reverted",
			block.number,
			block.hash
		);
	}
	Ok(block)
}

/// Where the dataset card goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CardAt {
	/// `README.md` beside the dataset.
	Beside,
	/// A given path.
	Path(PathBuf),
	/// No card.
	None,
}

/// What to export, and how.
pub struct Request {
	/// The task.
	pub task: u32,
	/// The block to read.
	pub at: At,
	/// The file format.
	pub format: Format,
	/// The dataset file.
	pub out: PathBuf,
	/// Where the items' images are (and whether to fetch them).
	pub images: Option<images::Source>,
	/// The dataset card.
	pub card: CardAt,
	/// No progress output.
	pub quiet: bool,
}

/// What `export` did.
pub struct Exported {
	/// Records written.
	pub records: usize,
	/// The items of the task by state.
	pub census: chain::Census,
	/// The integrity report (no errors, or nothing was written).
	pub report: validate::Report,
	/// The block read.
	pub at: BlockRef,
	/// Things worth a look that do not stop the export (boxes past their image).
	pub warnings: Vec<String>,
	/// The card written, if any.
	pub card: Option<PathBuf>,
}

/// `README.md` in the dataset's directory.
fn beside(out: &Path) -> PathBuf {
	match out.parent() {
		Some(d) if !d.as_os_str().is_empty() => d.join("README.md"),
		_ => PathBuf::from("README.md"),
	}
}

/// `path` relative to `base` when it lies under it (else as given).
fn relative(path: &Path, base: &Path) -> String {
	let abs = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
	let (p, b) = (abs(path), abs(base));
	p.strip_prefix(&b).unwrap_or(&p).display().to_string()
}

/// Exports the request's task's accepted items. Writes nothing unless the whole dataset was
/// read (with its images, when asked) and passed validation; then the dataset, then its card.
pub async fn export(node: &Node, request: Request) -> Result<Exported> {
	let Request { task, ref at, format, ref out, ref images, ref card, quiet } = request;
	let card_path = match card {
		CardAt::Beside => Some(beside(out)),
		CardAt::Path(p) => Some(p.clone()),
		CardAt::None => None,
	};
	if let Some(p) = &card_path {
		card::check(p)?;
	}
	let at = resolve(node, at).await?;
	let genesis_hash = node.genesis_hash().await?;
	let info = chain::task(node, task, at).await?;
	let boxes = matches!(info.task.spec.schema, pallet_labeling::LabelSchema::BoundingBoxes { .. });
	if format == Format::Coco && !boxes {
		bail!("task {task} is not a bounding-box task: COCO output is for bounding boxes, use --format jsonl");
	}
	if format == Format::Coco || (format == Format::Tfrecord && boxes) {
		images::required(images.as_ref(), &format!("{} output of boxes", format.name()))?;
	}
	let provenance = Provenance { genesis_hash, block: at.number, block_hash: at.hash };
	let (records, census) = chain::accepted(node, task, &info, &provenance, |done, total| {
		if !quiet {
			eprintln!("[export] task {task}: read {done}/{total} items");
		}
	})
	.await?;
	if records.is_empty() {
		bail!("task {task} has no accepted items at block #{} ({census})", at.number);
	}
	let report = validate::validate(&records);
	if !report.errors.is_empty() {
		bail!(
			"the dataset failed its integrity checks, nothing written:\n  {}",
			report.errors.join("\n  ")
		);
	}
	let (loaded, warnings) = match images {
		Some(source) => {
			if !quiet {
				eprintln!(
					"[export] task {task}: reading {} images in {}",
					records.len(),
					source.dir.display()
				);
			}
			let (source, list) = (source.clone(), records.clone());
			let loaded = tokio::task::spawn_blocking(move || images::load_all(&source, &list))
				.await
				.map_err(|e| anyhow!("the image reader stopped: {e}"))??;
			let warnings = images::boxes_outside(&records, &loaded);
			(Some(loaded), warnings)
		}
		None => (None, vec![]),
	};
	let bytes = dataset::render(&records, format, loaded.as_deref())?;
	dataset::write_atomically(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
	if let Some(path) = &card_path {
		let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
		let chain = node.chain_name().await?;
		card::write(
			path,
			card::Card {
				chain: &chain,
				task,
				info: &info,
				provenance: &provenance,
				census: census.to_string(),
				summary: &report.summary,
				files: vec![(relative(out, dir), format)],
				images_dir: images.as_ref().map(|s| relative(&s.dir, dir)),
			},
		)
		.with_context(|| format!("writing the dataset card {}", path.display()))?;
	}
	Ok(Exported { records: records.len(), census, report, at, warnings, card: card_path })
}
