//! Dataset files: rendering records as JSON Lines, COCO, TFRecord or Parquet, writing them so
//! that a failure never leaves a partial file, and reading them back.

use crate::{coco, images::Image, parquet, record::Record, tfrecord, validate::missing_fields};
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
	/// COCO object-detection JSON (bounding-box tasks; needs the images).
	Coco,
	/// TFRecord of `tf.train.Example`s (bounding-box tasks need the images).
	Tfrecord,
	/// Apache Parquet, one row per item.
	Parquet,
}

impl Format {
	/// The format a file's name suggests: `.jsonl` is JSON Lines, `.json` is COCO,
	/// `.tfrecord`/`.tfrecords` TFRecord, `.parquet` Parquet.
	pub fn of_path(path: &Path) -> Result<Self> {
		match path.extension().and_then(|e| e.to_str()) {
			Some("jsonl") => Ok(Self::Jsonl),
			Some("json") => Ok(Self::Coco),
			Some("tfrecord" | "tfrecords") => Ok(Self::Tfrecord),
			Some("parquet") => Ok(Self::Parquet),
			_ => bail!("cannot tell the format of {} from its name: pass --format", path.display()),
		}
	}

	/// The name of the format in messages and the dataset card.
	pub fn name(self) -> &'static str {
		match self {
			Self::Jsonl => "JSON Lines",
			Self::Coco => "COCO",
			Self::Tfrecord => "TFRecord",
			Self::Parquet => "Parquet",
		}
	}
}

/// The bytes of `records` in `format` (`images`: one per record, when the images are at hand).
pub fn render(records: &[Record], format: Format, images: Option<&[Image]>) -> Result<Vec<u8>> {
	let mut out = Vec::new();
	match format {
		Format::Jsonl => {
			for r in records {
				serde_json::to_writer(&mut out, r)?;
				out.push(b'\n');
			}
		}
		Format::Coco => {
			let images = images.ok_or_else(|| anyhow!("COCO output needs the images"))?;
			serde_json::to_writer_pretty(&mut out, &coco::to_coco(records, images)?)?;
			out.push(b'\n');
		}
		Format::Tfrecord => out = tfrecord::to_tfrecord(records, images)?,
		Format::Parquet => out = parquet::to_parquet(records)?,
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

/// What a file says about an item's image (COCO and TFRecord).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageMeta {
	/// Path relative to the images directory.
	pub file_name: Option<String>,
	/// The image's URI (COCO's `coco_url`).
	pub uri: Option<String>,
	/// Width in pixels.
	pub width: Option<u32>,
	/// Height in pixels.
	pub height: Option<u32>,
}

/// A record read from a file, with where it was found (for error messages).
pub struct Located {
	/// `line N`, `image N`, `record N` or `row N`.
	pub place: String,
	/// The record.
	pub record: Record,
	/// What the file says about the item's image, if anything.
	pub image: Option<ImageMeta>,
	/// Where the file's own encoding of the label disagrees with the record (TFRecord).
	pub problems: Vec<String>,
}

fn typed(place: String, value: Value) -> Result<Located> {
	let missing = missing_fields(&value);
	if !missing.is_empty() {
		bail!("{place}: missing field(s) {}", missing.join(", "));
	}
	let record = serde_json::from_value(value).map_err(|e| anyhow!("{place}: {e}"))?;
	Ok(Located { place, record, image: None, problems: vec![] })
}

/// Reads the records of a dataset file; every malformed record is an error naming its place.
pub fn read(path: &Path, format: Format) -> Result<Vec<Located>> {
	let text =
		|| fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()));
	match format {
		Format::Jsonl => text()?
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
			let doc: Value = serde_json::from_str(&text()?)
				.with_context(|| format!("{} is not JSON", path.display()))?;
			coco::from_coco(&doc)?
				.into_iter()
				.enumerate()
				.map(|(i, (v, image))| {
					Ok(Located { image: Some(image), ..typed(format!("image {}", i + 1), v)? })
				})
				.collect()
		}
		Format::Tfrecord => {
			let bytes =
				fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
			tfrecord::from_tfrecord(&bytes)
				.with_context(|| format!("{} is not a TFRecord file", path.display()))?
				.into_iter()
				.enumerate()
				.map(|(i, read)| {
					let located = typed(format!("record {}", i + 1), read.record)?;
					Ok(Located { image: Some(read.image), problems: read.problems, ..located })
				})
				.collect()
		}
		Format::Parquet => {
			let mut rows = parquet::from_parquet(path)?
				.into_iter()
				.enumerate()
				.map(|(i, v)| typed(format!("row {}", i + 1), v))
				.collect::<Result<Vec<_>>>()?;
			// The file's provenance metadata must be its rows'.
			let said = parquet::provenance(path)?;
			if let Some(first) = rows.first_mut() {
				let r = &first.record;
				let rows_say = serde_json::json!({
					"task": r.task,
					"genesis_hash": r.genesis_hash,
					"exported_block": r.exported_block,
					"exported_block_hash": r.exported_block_hash,
				});
				if said.as_ref() != Some(&rows_say) {
					first.problems.push(format!(
						"the file's `labelchain` metadata {} is not its rows' provenance {rows_say}",
						said.map(|v| v.to_string()).unwrap_or_else(|| "(missing)".into())
					));
				}
			}
			Ok(rows)
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	fn rec(item: u32) -> Record {
		crate::record::sample(item, "categorical", json!(item % 3))
	}

	#[test]
	fn json_lines_round_trip_one_record_per_line() {
		let dir = tempfile::tempdir().expect("tmp");
		let path = dir.path().join("task.jsonl");
		let records = vec![rec(0), rec(1), rec(2)];
		write_atomically(&path, &render(&records, Format::Jsonl, None).expect("ok"))
			.expect("written");
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
		assert_eq!(Format::of_path(Path::new("t.tfrecord")).ok(), Some(Format::Tfrecord));
		assert_eq!(Format::of_path(Path::new("t.parquet")).ok(), Some(Format::Parquet));
		assert!(Format::of_path(Path::new("data.csv")).is_err());
	}
}
