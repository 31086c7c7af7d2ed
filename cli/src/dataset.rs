//! Dataset files: rendering records as JSON Lines or COCO, writing them so that a failure never
//! leaves a partial file, and reading them back.

use crate::{coco, record::Record, validate::missing_fields};
use anyhow::{anyhow, bail, Context, Result};
use serde_json::Value;
use std::{
	fs,
	io::Write,
	path::{Path, PathBuf},
};

/// A dataset file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
	/// JSON Lines: one record per line.
	Jsonl,
	/// COCO object-detection JSON (bounding-box tasks).
	Coco,
}

impl Format {
	/// The format a file's name suggests: `.jsonl` is JSON Lines, `.json` is COCO.
	pub fn of_path(path: &Path) -> Result<Self> {
		match path.extension().and_then(|e| e.to_str()) {
			Some("jsonl") => Ok(Self::Jsonl),
			Some("json") => Ok(Self::Coco),
			_ => bail!("cannot tell the format of {} from its name: pass --format", path.display()),
		}
	}
}

/// The bytes of `records` in `format`.
pub fn render(records: &[Record], format: Format) -> Result<Vec<u8>> {
	let mut out = Vec::new();
	match format {
		Format::Jsonl => {
			for r in records {
				serde_json::to_writer(&mut out, r)?;
				out.push(b'\n');
			}
		}
		Format::Coco => {
			serde_json::to_writer_pretty(&mut out, &coco::to_coco(records)?)?;
			out.push(b'\n');
		}
	}
	Ok(out)
}

/// Writes `bytes` to `path` through a temporary file in the same directory, renamed into place
/// once complete and synced: readers see the old file or the whole new one, never a part, and a
/// failure removes the temporary file.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
	let dir = match path.parent() {
		Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
		_ => PathBuf::from("."),
	};
	let name = path.file_name().ok_or_else(|| anyhow!("{} is not a file path", path.display()))?;
	let tmp = dir.join(format!(".{}.partial-{}", name.to_string_lossy(), std::process::id()));
	let written = (|| -> Result<()> {
		let mut f =
			fs::File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
		f.write_all(bytes)?;
		f.sync_all()?;
		fs::rename(&tmp, path)
			.with_context(|| format!("cannot move the dataset to {}", path.display()))
	})();
	if written.is_err() {
		let _ = fs::remove_file(&tmp);
	}
	written
}

/// A record read from a file, with where it was found (for error messages).
pub struct Located {
	/// `line N` or `image N`.
	pub place: String,
	/// The record.
	pub record: Record,
}

fn typed(place: String, value: Value) -> Result<Located> {
	let missing = missing_fields(&value);
	if !missing.is_empty() {
		bail!("{place}: missing field(s) {}", missing.join(", "));
	}
	let record = serde_json::from_value(value).map_err(|e| anyhow!("{place}: {e}"))?;
	Ok(Located { place, record })
}

/// Reads the records of a dataset file; every malformed record is an error naming its place.
pub fn read(path: &Path, format: Format) -> Result<Vec<Located>> {
	let text =
		fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
	match format {
		Format::Jsonl => text
			.lines()
			.enumerate()
			.filter(|(_, l)| !l.trim().is_empty())
			.map(|(i, line)| {
				let place = format!("line {}", i + 1);
				let value =
					serde_json::from_str(line).map_err(|e| anyhow!("{place}: not JSON: {e}"))?;
				typed(place, value)
			})
			.collect(),
		Format::Coco => {
			let doc: Value = serde_json::from_str(&text)
				.with_context(|| format!("{} is not JSON", path.display()))?;
			coco::from_coco(&doc)?
				.into_iter()
				.enumerate()
				.map(|(i, v)| typed(format!("image {}", i + 1), v))
				.collect()
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::record::Schema;
	use serde_json::json;

	fn rec(item: u32) -> Record {
		Record {
			task: 1,
			item,
			content_uri: format!("ipfs://item/{item}"),
			content_hash: format!("0x{:064x}", item + 1),
			schema: Schema { kind: "categorical".into(), classes: 3, max_boxes: None },
			label: json!(item % 3),
			agreement: 1.0,
			agreement_ppb: 1_000_000_000,
			annotators: 3,
			agreeing: 3,
			gold: false,
			decided_by: "consensus".into(),
			payout_tier: "base".into(),
			paid: "30".into(),
			round: 0,
			settled_at: 10,
			settled_block_hash: format!("0x{}", "11".repeat(32)),
			genesis_hash: format!("0x{}", "22".repeat(32)),
			exported_at: 20,
			exported_block_hash: format!("0x{}", "33".repeat(32)),
		}
	}

	#[test]
	fn json_lines_round_trip_one_record_per_line() {
		let dir = tempfile::tempdir().expect("tmp");
		let path = dir.path().join("task.jsonl");
		let records = vec![rec(0), rec(1), rec(2)];
		write_atomically(&path, &render(&records, Format::Jsonl).expect("ok")).expect("written");
		let text = fs::read_to_string(&path).expect("read");
		assert_eq!(text.lines().count(), 3);
		assert!(text.lines().all(|l| serde_json::from_str::<Value>(l).is_ok()));
		let back: Vec<Record> =
			read(&path, Format::Jsonl).expect("reads").into_iter().map(|l| l.record).collect();
		assert_eq!(back, records);
		// Nothing but the dataset is left in the directory.
		assert_eq!(fs::read_dir(dir.path()).expect("dir").count(), 1);
	}

	#[test]
	fn a_failed_write_leaves_no_file_and_keeps_the_old_one() {
		let dir = tempfile::tempdir().expect("tmp");
		// The target is a directory: the rename fails after the temporary file was written.
		let target = dir.path().join("out.jsonl");
		fs::create_dir(&target).expect("dir");
		fs::write(target.join("keep"), "old").expect("file");
		assert!(write_atomically(&target, b"new").is_err());
		let names: Vec<_> =
			fs::read_dir(dir.path()).expect("dir").map(|e| e.expect("entry").file_name()).collect();
		assert_eq!(names, vec![std::ffi::OsString::from("out.jsonl")], "no temporary file left");
		assert_eq!(fs::read_to_string(target.join("keep")).expect("kept"), "old");
		// A missing directory fails before anything is written.
		assert!(write_atomically(&dir.path().join("nope/out.jsonl"), b"x").is_err());
	}

	#[test]
	fn malformed_records_are_reported_by_line() {
		let dir = tempfile::tempdir().expect("tmp");
		let path = dir.path().join("bad.jsonl");
		let mut missing = serde_json::to_value(rec(1)).expect("ok");
		missing.as_object_mut().expect("object").remove("label");
		fs::write(&path, format!("{}\n{missing}\n", serde_json::to_string(&rec(0)).expect("ok")))
			.expect("write");
		let err = read(&path, Format::Jsonl).err().expect("fails").to_string();
		assert_eq!(err, "line 2: missing field(s) label");
		fs::write(&path, "{not json\n").expect("write");
		assert!(read(&path, Format::Jsonl)
			.err()
			.expect("fails")
			.to_string()
			.starts_with("line 1: not JSON"));
	}

	#[test]
	fn the_format_follows_the_file_name() {
		assert_eq!(Format::of_path(Path::new("a/b.jsonl")).ok(), Some(Format::Jsonl));
		assert_eq!(Format::of_path(Path::new("coco.json")).ok(), Some(Format::Coco));
		assert!(Format::of_path(Path::new("data.csv")).is_err());
	}
}
