//! The dataset card: a `README.md` beside the exported files, with the provenance (chain,
//! genesis, block, task), the rules the labels were made under, counts, the label distribution,
//! how to load each file and how to verify it. Its YAML header is a Hugging Face dataset card's,
//! so `datasets.load_dataset(<directory>)` finds the data files.
//!
//! A card lists every file exported from the same task at the same block into its directory;
//! a `README.md` that is not a LabelChain card is never overwritten.

use crate::{chain::TaskOf, dataset::Format, record::Provenance, rpc::to_hex, validate::Summary};
use anyhow::{bail, Context, Result};
use pallet_labeling::LabelSchema;
use sp_core::crypto::Ss58Codec;
use std::{fmt::Write as _, path::Path};

/// The marker a LabelChain card carries on its first line after the YAML header.
const MARKER: &str = "<!-- labelchain-card";

/// What a card describes.
pub struct Card<'a> {
	/// The chain's name.
	pub chain: &'a str,
	/// Task id.
	pub task: u32,
	/// The task at the export block.
	pub info: &'a TaskOf,
	/// Where the data comes from.
	pub provenance: &'a Provenance,
	/// Items by state (its `Display`).
	pub census: String,
	/// Label distribution of the exported records.
	pub summary: &'a Summary,
	/// Data files (names relative to the card) and their formats.
	pub files: Vec<(String, Format)>,
	/// The images directory, relative to the card, when images were used.
	pub images_dir: Option<String>,
}

fn schema_text(schema: &LabelSchema) -> String {
	match schema {
		LabelSchema::Categorical { classes } => format!("categorical, {classes} classes"),
		LabelSchema::MultiLabel { classes } => format!("multi-label, {classes} classes"),
		LabelSchema::BoundingBoxes { classes, max_boxes, min_iou } => format!(
			"bounding boxes, {classes} classes, up to {max_boxes} boxes, boxes match at IoU ≥ {}",
			percent(*min_iou)
		),
		LabelSchema::FreeText => "free text (the chain holds each text's blake2-256)".into(),
	}
}

fn percent(p: sp_runtime::Perbill) -> String {
	format!("{:.1} %", p.deconstruct() as f64 / 1e7)
}

fn loading(format: Format, file: &str, images: Option<&str>) -> String {
	let root = images.unwrap_or("images");
	match format {
		Format::Jsonl => format!(
			"```python\nimport pandas as pd\ndf = pd.read_json(\"{file}\", lines=True, dtype={{\"paid\": str, \"agreement\": \"float64\"}})\n\
			 # (without the dtypes pandas reads amounts beyond 2^53 as floats, whole agreements as ints)\n\
			 from datasets import load_dataset\nds = load_dataset(\"json\", data_files=\"{file}\")\n```\n"
		),
		Format::Coco => format!(
			"```python\nfrom pycocotools.coco import COCO\ncoco = COCO(\"{file}\")\n\
			 from torchvision.datasets import CocoDetection\nds = CocoDetection(root=\"{root}\", annFile=\"{file}\")\n```\n"
		),
		Format::Tfrecord => format!(
			"```python\nimport tensorflow as tf\nds = tf.data.TFRecordDataset(\"{file}\")  # tf.train.Example per item\n\
			 # or, without TensorFlow: from tfrecord import tfrecord_loader\n```\n\
			 Features: `image/source_id`, `image/filename`, `labelchain/record` (the item's record as JSON), \
			 with the images `image/encoded`, `image/format`, `image/width`, `image/height`; labels as \
			 `image/class/label` (categorical, multi-label), `image/object/bbox/{{xmin,ymin,xmax,ymax}}` \
			 (normalized) with `image/object/class/label` (class + 1) and `image/object/class/text` \
			 (bounding boxes), or `text/hash` (free text).\n"
		),
		Format::Parquet => format!(
			"```python\nimport pandas as pd\ndf = pd.read_parquet(\"{file}\")  # label typed by the schema, paid a decimal string\n```\n"
		),
	}
}

fn marker_files(existing: &str, task: u32, block: &str) -> Vec<String> {
	let Some(line) = existing.lines().find(|l| l.starts_with(MARKER)) else { return vec![] };
	let field = |name: &str| {
		line.split_whitespace().find_map(|w| w.strip_prefix(&format!("{name}="))).map(str::to_owned)
	};
	if field("task") != Some(task.to_string()) || field("block").as_deref() != Some(block) {
		return vec![];
	}
	field("files").map(|f| f.split(',').map(str::to_owned).collect()).unwrap_or_default()
}

/// The card's Markdown.
pub fn render(card: &Card) -> String {
	let p = card.provenance;
	let spec = &card.info.task.spec;
	let block = to_hex(p.block_hash.as_bytes());
	let names: Vec<&str> = card.files.iter().map(|(f, _)| f.as_str()).collect();
	let mut s = String::new();
	// Hugging Face reads JSON Lines and Parquet files.
	let loadable: Vec<&str> = card
		.files
		.iter()
		.filter(|(_, f)| matches!(f, Format::Jsonl | Format::Parquet))
		.map(|(n, _)| n.as_str())
		.collect();
	let _ = writeln!(s, "---\npretty_name: \"LabelChain task {}\"\ntags:\n- labelchain", card.task);
	if !loadable.is_empty() {
		let _ = writeln!(s, "configs:");
		for (i, f) in loadable.iter().enumerate() {
			let name = if i == 0 { "default".to_string() } else { f.replace('.', "_") };
			let _ = writeln!(s, "- config_name: {name}\n  data_files: \"{f}\"");
		}
	}
	let _ = writeln!(s, "---");
	let _ = writeln!(s, "{MARKER} task={} block={block} files={} -->", card.task, names.join(","));
	let _ = writeln!(s, "# LabelChain task {}: accepted labels\n", card.task);
	let _ = writeln!(
		s,
		"Exported by `labelchain-cli` {} from a finalized block. Every record names the chain and \
		 block it comes from; check any file against your own node with\n\n```sh\nlabelchain-cli --url ws://<your node>:9944 verify <file>\n```\n",
		env!("CARGO_PKG_VERSION")
	);
	let _ = writeln!(s, "## Provenance\n\n| | |\n|---|---|");
	let _ = writeln!(s, "| chain | {} |", card.chain);
	let _ = writeln!(s, "| genesis hash | `{}` |", to_hex(p.genesis_hash.as_bytes()));
	let _ = writeln!(s, "| export block | #{} `{block}` (finalized) |", p.block);
	let _ = writeln!(s, "| task | {} |", card.task);
	let _ = writeln!(s, "| vendor | `{}` |", card.info.task.vendor.to_ss58check());
	for (f, format) in &card.files {
		let _ = writeln!(s, "| file | `{f}` ({}) |", format.name());
	}
	if let Some(dir) = &card.images_dir {
		let _ = writeln!(
			s,
			"| images | `{dir}/` (each checked against the blake2-256 the chain pins; width and height measured from it) |"
		);
	}
	let _ = writeln!(s, "\n## Rules the labels were made under\n\n| | |\n|---|---|");
	let _ = writeln!(s, "| schema | {} |", schema_text(&spec.schema));
	let _ = writeln!(
		s,
		"| annotators per item | {} (escalated up to {} while the vote is not confident) |",
		spec.redundancy, spec.max_seats
	);
	let _ = writeln!(s, "| confidence to accept a label | {} |", percent(spec.confidence));
	let _ = writeln!(
		s,
		"| commit / reveal windows | {} / {} blocks |",
		spec.commit_window, spec.reveal_window
	);
	let _ = writeln!(
		s,
		"| pay (smallest units of asset {}) | {} per agreeing label (scaled by its chance-corrected score), gold bonus {} |",
		spec.reward_asset, spec.reward_per_label, spec.gold_bonus
	);
	let _ = writeln!(s, "| collateral per seat | {} |", spec.collateral);
	let _ = writeln!(
		s,
		"| gold items | {} |",
		if spec.with_gold { "yes (hidden among decoys)" } else { "no" }
	);
	let _ = writeln!(
		s,
		"| annotators admitted | stake ≥ {}, vote weight ≥ {} millionths |",
		spec.min_stake, spec.min_reputation
	);
	let _ = writeln!(
		s,
		"| instructions | {} (`{}`) |",
		String::from_utf8_lossy(&spec.instructions.uri),
		to_hex(spec.instructions.digest.as_bytes())
	);
	let _ = writeln!(s, "\n## Counts\n\nItems of the task at the export block: {}.\n", card.census);
	let _ = writeln!(s, "## Label distribution\n\n```text\n{}```\n", card.summary);
	let _ = writeln!(
		s,
		"## Fields\n\nEach record: `task`, `item`, `content_uri`, `content_hash`, `schema`, `label`, \
		 `agreement` (0–1) and `agreement_ppb`, `annotators`, `agreeing`, `gold`, `decided_by` \
		 (`consensus`, `gold_answer`, `dispute`), `payout_tier`, `paid` (a decimal string in the \
		 reward asset's smallest unit), `round`, `settled_block` and `settled_block_hash`, \
		 `genesis_hash`, `exported_block` and `exported_block_hash`. Block numbers are integers \
		 (named `*_block`, which no loader reads as a date).\n"
	);
	let _ = writeln!(s, "## Loading\n");
	for (f, format) in &card.files {
		let _ = writeln!(
			s,
			"`{f}` ({}):\n\n{}",
			format.name(),
			loading(*format, f, card.images_dir.as_deref())
		);
	}
	s
}

/// Refuses early (before anything is written) a card path holding something else.
pub fn check(path: &Path) -> Result<()> {
	if path.exists() {
		let existing = std::fs::read_to_string(path).unwrap_or_default();
		if !existing.lines().any(|l| l.starts_with(MARKER)) {
			bail!(
				"{} exists and is not a LabelChain dataset card: pass --card PATH or --no-card",
				path.display()
			);
		}
	}
	Ok(())
}

/// Writes the card at `path`, listing `card.files` and the files a previous card of the same
/// export listed. Refuses to replace a file that is not a LabelChain card.
pub fn write(path: &Path, mut card: Card) -> Result<()> {
	let block = to_hex(card.provenance.block_hash.as_bytes());
	check(path)?;
	if path.exists() {
		let existing = std::fs::read_to_string(path)
			.with_context(|| format!("cannot read {}", path.display()))?;
		let dir = path.parent().unwrap_or(Path::new("."));
		for name in marker_files(&existing, card.task, &block) {
			let format = Format::of_path(Path::new(&name));
			if let Ok(format) = format {
				if dir.join(&name).exists() && !card.files.iter().any(|(f, _)| *f == name) {
					card.files.push((name, format));
				}
			}
		}
		card.files.sort_by(|a, b| a.0.cmp(&b.0));
	}
	crate::dataset::write_atomically(path, render(&card).as_bytes())
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn a_card_remembers_the_files_of_the_same_export_only() {
		let line = format!("{MARKER} task=3 block=0xab files=a.jsonl,b.parquet -->");
		assert_eq!(marker_files(&line, 3, "0xab"), vec!["a.jsonl", "b.parquet"]);
		assert!(marker_files(&line, 4, "0xab").is_empty());
		assert!(marker_files(&line, 3, "0xac").is_empty());
		assert!(marker_files("# a readme", 3, "0xab").is_empty());
	}

	#[test]
	fn loading_snippets_name_the_file_and_the_dtype_that_keeps_amounts_exact() {
		let jsonl = loading(Format::Jsonl, "t.jsonl", None);
		assert!(
			jsonl.contains("pd.read_json(\"t.jsonl\", lines=True, dtype={\"paid\": str, \"agreement\": \"float64\"})"),
			"{jsonl}"
		);
		assert!(loading(Format::Coco, "b.json", Some("imgs")).contains("root=\"imgs\""));
	}
}
