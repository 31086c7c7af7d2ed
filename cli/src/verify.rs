//! `verify`: re-reads a dataset and checks every record against the chain state at the block it
//! was exported at (which must be final on the chain the record names).

use crate::{
	chain,
	dataset::{self, Format},
	images,
	record::{differences, record, Balance, BlockNumber, Provenance},
	rpc::{parse_hash, BlockRef, Node},
	validate,
};
use anyhow::{bail, Result};
use pallet_labeling::{Item, ItemState};
use std::{collections::HashMap, path::Path};

/// What `verify` found.
#[derive(Debug, Default)]
pub struct Verified {
	/// Records checked.
	pub records: usize,
	/// Every problem found, each naming its record.
	pub problems: Vec<String>,
	/// Accepted items at the export block that the file does not hold (a filtered dataset is
	/// allowed; this is reported, not an error).
	pub not_in_file: Vec<u32>,
}

/// What a file says of an item's image against what it must be: the name the item's image has,
/// the item's URI and (with the images at hand) the image's hash and measured size.
fn image_problems(
	r: &crate::record::Record,
	meta: &dataset::ImageMeta,
	source: Option<&images::Source>,
) -> Vec<String> {
	let mut out = Vec::new();
	let name = images::file_name(r.item, &r.content_uri);
	if let Some(f) = &meta.file_name {
		if *f != name {
			out.push(format!("the image's file name is `{f}`, the item's image is `{name}`"));
		}
	}
	if let Some(uri) = &meta.uri {
		if *uri != r.content_uri {
			out.push(format!(
				"the image's URI is `{uri}`, the item's content is `{}`",
				r.content_uri
			));
		}
	}
	if let Some(source) = source {
		match images::load(source, r) {
			Ok(image) => {
				for (what, said, measured) in
					[("width", meta.width, image.width), ("height", meta.height, image.height)]
				{
					if said.is_some_and(|s| s != measured) {
						out.push(format!(
							"the file gives the image {what} {}, the image has {measured}",
							said.unwrap_or_default()
						));
					}
				}
			}
			Err(e) => out.push(format!("{e:#}")),
		}
	}
	out
}

/// Checks every record of `path` against the chain `node` follows (and, with `images`, each
/// image against the record).
pub async fn verify(
	node: &Node,
	path: &Path,
	format: Format,
	images: Option<&images::Source>,
) -> Result<Verified> {
	let located = dataset::read(path, format)?;
	if located.is_empty() {
		bail!("{} holds no records", path.display());
	}
	let records: Vec<_> = located.iter().map(|l| l.record.clone()).collect();
	let mut out = Verified { records: records.len(), ..Default::default() };
	out.problems.extend(validate::validate(&records).errors);

	let genesis = node.genesis_hash().await?;
	let mut blocks: HashMap<String, Option<BlockRef>> = HashMap::new();
	let mut checked_tasks = HashMap::new();
	for l in &located {
		let r = &l.record;
		let place = format!("{} (task {}, item {})", l.place, r.task, r.item);
		out.problems.extend(l.problems.iter().map(|p| format!("{place}: {p}")));
		if let Some(meta) = &l.image {
			out.problems.extend(
				image_problems(r, meta, images).into_iter().map(|p| format!("{place}: {p}")),
			);
		}
		if parse_hash(&r.genesis_hash).ok() != Some(genesis) {
			out.problems
				.push(format!("{place}: comes from another chain (genesis {})", r.genesis_hash));
			continue;
		}
		let at = match blocks.get(&r.exported_block_hash) {
			Some(b) => *b,
			None => {
				let b = match parse_hash(&r.exported_block_hash) {
					Ok(hash) => {
						let block = BlockRef { number: r.exported_block, hash };
						node.is_finalized(block).await?.then_some(block)
					}
					Err(_) => None,
				};
				blocks.insert(r.exported_block_hash.clone(), b);
				b
			}
		};
		let Some(at) = at else {
			out.problems.push(format!(
				"{place}: export block #{} {} is not a finalized block of this chain",
				r.exported_block, r.exported_block_hash
			));
			continue;
		};
		let info = match checked_tasks.get(&(r.task, at.hash)) {
			Some(info) => info,
			None => {
				let info = chain::task(node, r.task, at).await.ok();
				checked_tasks.entry((r.task, at.hash)).or_insert(info)
			}
		};
		let Some(info) = info else {
			out.problems.push(format!("{place}: the task does not exist at the export block"));
			continue;
		};
		let item: Option<Item<Balance, BlockNumber>> =
			node.call("LabelingApi_item", (r.task, r.item), at.hash).await?;
		let Some(item) = item else {
			out.problems.push(format!("{place}: no such item at the export block"));
			continue;
		};
		if item.state != ItemState::Settled {
			out.problems.push(format!("{place}: the item was not accepted at the export block"));
			continue;
		}
		let Some(result) = item.result.clone() else {
			out.problems.push(format!("{place}: the item has no result at the export block"));
			continue;
		};
		let settled = node.block_hash(r.settled_block).await?.unwrap_or_default();
		let provenance =
			Provenance { genesis_hash: genesis, block: at.number, block_hash: at.hash };
		let expected = record(
			r.task,
			r.item,
			&item.content,
			&info.task.spec.schema,
			&result,
			settled,
			&provenance,
		);
		out.problems.extend(differences(r, &expected).into_iter().map(|d| format!("{place}: {d}")));
	}

	// Completeness: accepted items at the export block missing from the file.
	if let (Some(first), Some(Some(at))) =
		(records.first(), records.first().and_then(|r| blocks.get(&r.exported_block_hash)))
	{
		if let Some(Some(info)) = checked_tasks.get(&(first.task, at.hash)) {
			let provenance =
				Provenance { genesis_hash: genesis, block: at.number, block_hash: at.hash };
			let (chain_records, _) =
				chain::accepted(node, first.task, info, &provenance, |_, _| {}).await?;
			let in_file: std::collections::HashSet<u32> = records.iter().map(|r| r.item).collect();
			out.not_in_file =
				chain_records.iter().map(|r| r.item).filter(|i| !in_file.contains(i)).collect();
		}
	}
	Ok(out)
}
