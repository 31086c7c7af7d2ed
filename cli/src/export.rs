//! `export`: a task's accepted items at a finalized block, validated, written atomically.

use crate::{
	chain,
	dataset::{self, Format},
	record::Provenance,
	rpc::{parse_hash, BlockRef, Node},
	validate,
};
use anyhow::{bail, Context, Result};
use std::path::Path;

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
}

/// Exports `task`'s accepted items at `at` into `out` in `format`. Writes nothing unless the
/// whole dataset was read and passed validation.
pub async fn export(
	node: &Node,
	task: u32,
	at: &At,
	format: Format,
	out: &Path,
	quiet: bool,
) -> Result<Exported> {
	let at = resolve(node, at).await?;
	let genesis_hash = node.genesis_hash().await?;
	let info = chain::task(node, task, at).await?;
	if format == Format::Coco
		&& !matches!(info.task.spec.schema, pallet_labeling::LabelSchema::BoundingBoxes { .. })
	{
		bail!("task {task} is not a bounding-box task: COCO output is for bounding boxes, use --format jsonl");
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
	let bytes = dataset::render(&records, format)?;
	dataset::write_atomically(out, &bytes).with_context(|| format!("writing {}", out.display()))?;
	Ok(Exported { records: records.len(), census, report, at })
}
