//! TFRecord: one `tf.train.Example` per accepted item, written without TensorFlow — the protobuf
//! encoding of `Example` by hand and TFRecord's framing (length, masked CRC32C of the length,
//! data, masked CRC32C of the data).
//!
//! Features (the TensorFlow Object Detection API's names where one exists):
//! - every schema: `image/source_id` (the item id), `image/filename` (relative to the images
//!   directory), `labelchain/record` (the item's full record as JSON, which `verify` checks
//!   against the chain); with `--images-dir`: `image/encoded`, `image/format`, `image/width`,
//!   `image/height`;
//! - categorical and multi-label: `image/class/label` (class indices) and `image/class/text`;
//! - bounding boxes: `image/object/bbox/{xmin,ymin,xmax,ymax}` (normalized by the measured
//!   image size, so images are required), `image/object/class/label` (class + 1, as COCO) and
//!   `image/object/class/text`;
//! - free text: `text/hash` (the 0x-hex blake2-256 of the canonical text).

use crate::{dataset::ImageMeta, images::Image, record::Record};
use anyhow::{anyhow, bail, Context, Result};
use serde_json::Value;
use std::collections::BTreeMap;

/// A feature's values.
#[derive(Clone, Debug, PartialEq)]
pub enum Feature {
	/// `bytes_list`.
	Bytes(Vec<Vec<u8>>),
	/// `float_list`.
	Floats(Vec<f32>),
	/// `int64_list`.
	Ints(Vec<i64>),
}

/// A `tf.train.Example`: features by name (sorted, so that output is deterministic).
pub type Example = BTreeMap<String, Feature>;

/// The feature holding the item's record.
pub const RECORD: &str = "labelchain/record";

const fn crc_table() -> [u32; 256] {
	let mut table = [0u32; 256];
	let mut i = 0;
	while i < 256 {
		let mut c = i as u32;
		let mut k = 0;
		while k < 8 {
			c = if c & 1 != 0 { 0x82F6_3B78 ^ (c >> 1) } else { c >> 1 };
			k += 1;
		}
		table[i] = c;
		i += 1;
	}
	table
}

const CRC_TABLE: [u32; 256] = crc_table();

/// CRC-32C (Castagnoli), as TFRecord uses.
pub fn crc32c(data: &[u8]) -> u32 {
	!data.iter().fold(!0u32, |crc, &b| CRC_TABLE[((crc ^ b as u32) & 0xff) as usize] ^ (crc >> 8))
}

/// TFRecord's masked CRC.
pub fn masked_crc(data: &[u8]) -> u32 {
	let crc = crc32c(data);
	crc.rotate_right(15).wrapping_add(0xa282_ead8)
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
	while v >= 0x80 {
		out.push((v as u8) | 0x80);
		v >>= 7;
	}
	out.push(v as u8);
}

fn field(out: &mut Vec<u8>, number: u64, bytes: &[u8]) {
	varint(out, number << 3 | 2);
	varint(out, bytes.len() as u64);
	out.extend_from_slice(bytes);
}

fn encode_feature(f: &Feature) -> Vec<u8> {
	let mut list = Vec::new();
	let number = match f {
		Feature::Bytes(values) => {
			for v in values {
				field(&mut list, 1, v);
			}
			1
		}
		Feature::Floats(values) => {
			let packed: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
			field(&mut list, 1, &packed);
			2
		}
		Feature::Ints(values) => {
			let mut packed = Vec::new();
			for v in values {
				varint(&mut packed, *v as u64);
			}
			field(&mut list, 1, &packed);
			3
		}
	};
	let mut out = Vec::new();
	field(&mut out, number, &list);
	out
}

/// The protobuf encoding of `example`.
pub fn encode_example(example: &Example) -> Vec<u8> {
	let mut features = Vec::new();
	for (name, f) in example {
		let mut entry = Vec::new();
		field(&mut entry, 1, name.as_bytes());
		field(&mut entry, 2, &encode_feature(f));
		field(&mut features, 1, &entry);
	}
	let mut out = Vec::new();
	field(&mut out, 1, &features);
	out
}

/// A protobuf field as read: its number and its value.
enum Wire<'a> {
	Varint(u64),
	Fixed64,
	Len(&'a [u8]),
	Fixed32([u8; 4]),
}

fn read_varint(data: &mut &[u8]) -> Result<u64> {
	let mut v = 0u64;
	for shift in (0..64).step_by(7) {
		let (&b, rest) = data.split_first().context("truncated varint")?;
		*data = rest;
		v |= ((b & 0x7f) as u64) << shift;
		if b & 0x80 == 0 {
			return Ok(v);
		}
	}
	bail!("varint longer than 10 bytes")
}

fn take<'a>(data: &mut &'a [u8], n: usize) -> Result<&'a [u8]> {
	if data.len() < n {
		bail!("truncated field: {n} bytes wanted, {} left", data.len());
	}
	let (head, rest) = data.split_at(n);
	*data = rest;
	Ok(head)
}

/// The fields of one protobuf message, in order.
fn fields(mut data: &[u8]) -> Result<Vec<(u64, Wire<'_>)>> {
	let mut out = Vec::new();
	while !data.is_empty() {
		let key = read_varint(&mut data)?;
		let wire = match key & 7 {
			0 => Wire::Varint(read_varint(&mut data)?),
			1 => {
				take(&mut data, 8)?;
				Wire::Fixed64
			}
			2 => {
				let len = usize::try_from(read_varint(&mut data)?)?;
				Wire::Len(take(&mut data, len)?)
			}
			5 => Wire::Fixed32(take(&mut data, 4)?.try_into()?),
			other => bail!("unsupported protobuf wire type {other}"),
		};
		out.push((key >> 3, wire));
	}
	Ok(out)
}

fn decode_feature(data: &[u8]) -> Result<Feature> {
	let mut kind = None;
	for (number, wire) in fields(data)? {
		let Wire::Len(list) = wire else { bail!("a feature's list is not a message") };
		let mut feature = match number {
			1 => Feature::Bytes(vec![]),
			2 => Feature::Floats(vec![]),
			3 => Feature::Ints(vec![]),
			n => bail!("unknown feature kind {n}"),
		};
		for (n, value) in fields(list)? {
			if n != 1 {
				continue;
			}
			match (&mut feature, value) {
				(Feature::Bytes(v), Wire::Len(b)) => v.push(b.to_vec()),
				(Feature::Floats(v), Wire::Len(mut packed)) => {
					while !packed.is_empty() {
						v.push(f32::from_le_bytes(take(&mut packed, 4)?.try_into()?));
					}
				}
				(Feature::Floats(v), Wire::Fixed32(b)) => v.push(f32::from_le_bytes(b)),
				(Feature::Ints(v), Wire::Len(mut packed)) => {
					while !packed.is_empty() {
						v.push(read_varint(&mut packed)? as i64);
					}
				}
				(Feature::Ints(v), Wire::Varint(x)) => v.push(x as i64),
				_ => bail!("a feature value of the wrong wire type"),
			}
		}
		kind = Some(feature);
	}
	kind.ok_or_else(|| anyhow!("an empty feature"))
}

/// An `Example` from its protobuf encoding.
pub fn decode_example(data: &[u8]) -> Result<Example> {
	let mut example = Example::new();
	for (number, wire) in fields(data)? {
		let (1, Wire::Len(features)) = (number, wire) else { continue };
		for (n, entry) in fields(features)? {
			let (1, Wire::Len(entry)) = (n, entry) else { continue };
			let (mut name, mut feature) = (None, None);
			for (k, v) in fields(entry)? {
				match (k, v) {
					(1, Wire::Len(b)) => name = Some(String::from_utf8(b.to_vec())?),
					(2, Wire::Len(b)) => feature = Some(decode_feature(b)?),
					_ => {}
				}
			}
			let name = name.context("a feature without a name")?;
			example.insert(name, feature.unwrap_or(Feature::Bytes(vec![])));
		}
	}
	Ok(example)
}

/// Appends `data` as one TFRecord record.
pub fn frame(out: &mut Vec<u8>, data: &[u8]) {
	let len = (data.len() as u64).to_le_bytes();
	out.extend_from_slice(&len);
	out.extend_from_slice(&masked_crc(&len).to_le_bytes());
	out.extend_from_slice(data);
	out.extend_from_slice(&masked_crc(data).to_le_bytes());
}

/// The records of a TFRecord file, each CRC checked.
pub fn unframe(mut bytes: &[u8]) -> Result<Vec<&[u8]>> {
	let mut out = Vec::new();
	while !bytes.is_empty() {
		let n = out.len() + 1;
		let len = take(&mut bytes, 8).with_context(|| format!("record {n}: truncated length"))?;
		let crc = take(&mut bytes, 4).with_context(|| format!("record {n}: truncated"))?;
		if masked_crc(len).to_le_bytes() != crc {
			bail!("record {n}: the length's CRC does not match");
		}
		let len = usize::try_from(u64::from_le_bytes(len.try_into()?))?;
		let data = take(&mut bytes, len).with_context(|| format!("record {n}: truncated data"))?;
		let crc = take(&mut bytes, 4).with_context(|| format!("record {n}: truncated CRC"))?;
		if masked_crc(data).to_le_bytes() != crc {
			bail!("record {n}: the data's CRC does not match");
		}
		out.push(data);
	}
	Ok(out)
}

fn text(s: &str) -> Vec<u8> {
	s.as_bytes().to_vec()
}

fn u64_of(v: &Value, key: &str) -> Result<u64> {
	v.get(key).and_then(Value::as_u64).ok_or_else(|| anyhow!("box {v} lacks `{key}`"))
}

/// The features that state `r`'s label (`size`: the image's width and height, which boxes are
/// normalized by).
pub fn label_features(r: &Record, size: Option<(u32, u32)>) -> Result<Example> {
	let mut f = Example::new();
	let class_text = |c: u64| text(&format!("class_{c}"));
	match r.schema.kind.as_str() {
		"categorical" | "multi_label" => {
			let classes: Vec<u64> = match &r.label {
				Value::Array(list) => list.iter().filter_map(Value::as_u64).collect(),
				v => v.as_u64().into_iter().collect(),
			};
			f.insert(
				"image/class/text".into(),
				Feature::Bytes(classes.iter().map(|c| class_text(*c)).collect()),
			);
			f.insert(
				"image/class/label".into(),
				Feature::Ints(classes.iter().map(|c| *c as i64).collect()),
			);
		}
		"bounding_boxes" => {
			let (w, h) = size.ok_or_else(|| {
				anyhow!(
					"item {}: boxes are normalized by the image size: pass --images-dir",
					r.item
				)
			})?;
			let boxes = r.label.as_array().context("a box label is not a list")?;
			let norm = |v: u64, by: u32| (v as f64 / by as f64) as f32;
			let mut columns: [Vec<f32>; 4] = Default::default();
			let (mut labels, mut texts) = (vec![], vec![]);
			for b in boxes {
				let (x, y) = (u64_of(b, "x")?, u64_of(b, "y")?);
				let (bw, bh) = (u64_of(b, "width")?, u64_of(b, "height")?);
				columns[0].push(norm(x, w));
				columns[1].push(norm(y, h));
				columns[2].push(norm(x + bw, w));
				columns[3].push(norm(y + bh, h));
				let class = u64_of(b, "class")?;
				labels.push(class as i64 + 1);
				texts.push(class_text(class));
			}
			let [xmin, ymin, xmax, ymax] = columns;
			f.insert("image/object/bbox/xmin".into(), Feature::Floats(xmin));
			f.insert("image/object/bbox/ymin".into(), Feature::Floats(ymin));
			f.insert("image/object/bbox/xmax".into(), Feature::Floats(xmax));
			f.insert("image/object/bbox/ymax".into(), Feature::Floats(ymax));
			f.insert("image/object/class/label".into(), Feature::Ints(labels));
			f.insert("image/object/class/text".into(), Feature::Bytes(texts));
		}
		"free_text" => {
			let hash = r.label.as_str().context("a free-text label is not a hash")?;
			f.insert("text/hash".into(), Feature::Bytes(vec![text(hash)]));
		}
		other => bail!("unknown schema kind `{other}`"),
	}
	Ok(f)
}

/// The `Example` of `r`.
pub fn example(r: &Record, image: Option<&Image>) -> Result<Example> {
	let mut f = label_features(r, image.map(|i| (i.width, i.height)))?;
	f.insert("image/source_id".into(), Feature::Bytes(vec![text(&r.item.to_string())]));
	let file_name = match image {
		Some(i) => i.file_name.clone(),
		None => crate::images::file_name(r.item, &r.content_uri),
	};
	f.insert("image/filename".into(), Feature::Bytes(vec![text(&file_name)]));
	if let Some(i) = image {
		f.insert("image/width".into(), Feature::Ints(vec![i.width.into()]));
		f.insert("image/height".into(), Feature::Ints(vec![i.height.into()]));
		f.insert("image/format".into(), Feature::Bytes(vec![text(&i.format)]));
		f.insert("image/encoded".into(), Feature::Bytes(vec![i.bytes.clone()]));
	}
	f.insert(RECORD.into(), Feature::Bytes(vec![serde_json::to_vec(r)?]));
	Ok(f)
}

/// The TFRecord file of `records` (`images`: one per record, or none).
pub fn to_tfrecord(records: &[Record], images: Option<&[Image]>) -> Result<Vec<u8>> {
	if images.is_some_and(|i| i.len() != records.len()) {
		bail!("one image per record is needed");
	}
	let mut out = Vec::new();
	for (i, r) in records.iter().enumerate() {
		frame(&mut out, &encode_example(&example(r, images.and_then(|all| all.get(i)))?));
	}
	Ok(out)
}

fn single_bytes(e: &Example, key: &str) -> Option<Vec<u8>> {
	match e.get(key) {
		Some(Feature::Bytes(v)) if v.len() == 1 => v.first().cloned(),
		_ => None,
	}
}

fn single_int(e: &Example, key: &str) -> Option<u32> {
	match e.get(key) {
		Some(Feature::Ints(v)) if v.len() == 1 => v.first().and_then(|n| u32::try_from(*n).ok()),
		_ => None,
	}
}

/// What one example of a TFRecord file holds: its record (as JSON), its image's description,
/// and where its label features disagree with the record.
#[derive(Debug)]
pub struct Read {
	/// The `labelchain/record` feature.
	pub record: Value,
	/// `image/filename`, `image/width`, `image/height`.
	pub image: ImageMeta,
	/// Label features that do not state the record's label, one line each.
	pub problems: Vec<String>,
}

/// The examples of a TFRecord file written by [`to_tfrecord`].
pub fn from_tfrecord(bytes: &[u8]) -> Result<Vec<Read>> {
	let mut out = Vec::new();
	for (i, data) in unframe(bytes)?.into_iter().enumerate() {
		let n = i + 1;
		let example = decode_example(data).with_context(|| format!("record {n}"))?;
		let json = single_bytes(&example, RECORD)
			.ok_or_else(|| anyhow!("record {n} has no `{RECORD}` feature"))?;
		let record: Value = serde_json::from_slice(&json)
			.with_context(|| format!("record {n}: `{RECORD}` is not JSON"))?;
		let image = ImageMeta {
			file_name: single_bytes(&example, "image/filename")
				.and_then(|b| String::from_utf8(b).ok()),
			uri: None,
			width: single_int(&example, "image/width"),
			height: single_int(&example, "image/height"),
		};
		let mut problems = Vec::new();
		// A record that does not parse is reported when it is read as a record.
		if let Ok(r) = serde_json::from_value::<Record>(record.clone()) {
			let size = image.width.zip(image.height);
			match label_features(&r, size) {
				Ok(expected) => {
					for (key, want) in &expected {
						if example.get(key) != Some(want) {
							problems.push(format!(
								"feature `{key}` does not state the record's label {}",
								r.label
							));
						}
					}
				}
				Err(e) => problems.push(e.to_string()),
			}
			if single_bytes(&example, "image/source_id") != Some(text(&r.item.to_string())) {
				problems.push("`image/source_id` is not the record's item".into());
			}
		}
		out.push(Read { record, image, problems });
	}
	Ok(out)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::record::sample;
	use serde_json::json;

	#[test]
	fn crc32c_and_the_mask_match_their_reference_values() {
		// RFC 3720's check value and test vectors.
		assert_eq!(crc32c(b"123456789"), 0xE306_9283);
		assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
		assert_eq!(crc32c(&[0xffu8; 32]), 0x62A8_AB43);
		// The mask: an empty record's data CRC is 0, masked to TFRecord's constant.
		let mut out = Vec::new();
		frame(&mut out, b"");
		assert_eq!(out.len(), 16);
		assert_eq!(out[..8], [0u8; 8]);
		assert_eq!(out[12..], 0xa282_ead8u32.to_le_bytes());
		assert_eq!(unframe(&out).expect("one record"), vec![&[] as &[u8]]);
	}

	#[test]
	fn examples_encode_as_protobuf_and_decode_back() {
		let mut e = Example::new();
		e.insert("a".into(), Feature::Ints(vec![1, 300]));
		// Example{features{feature{key: "a", value: Feature{int64_list{value: [1, 300]}}}}},
		// encoded by hand from the protobuf rules (300 is the varint ac 02).
		assert_eq!(hex::encode(encode_example(&e)), "0a0e0a0c0a016112071a050a0301ac02");
		e.insert("b".into(), Feature::Floats(vec![0.5, 1.0]));
		e.insert("c".into(), Feature::Bytes(vec![b"x".to_vec(), vec![]]));
		assert_eq!(decode_example(&encode_example(&e)).expect("decodes"), e);
	}

	#[test]
	fn every_schema_becomes_examples_that_read_back_and_tampering_is_named() {
		let boxes = sample(
			2,
			"bounding_boxes",
			json!([{"class": 1, "x": 10, "y": 20, "width": 30, "height": 40}]),
		);
		let image = Image {
			file_name: "2.png".into(),
			width: 100,
			height: 200,
			format: "png".into(),
			bytes: crate::images::tests::png(100, 200),
		};
		let file = to_tfrecord(std::slice::from_ref(&boxes), Some(&[image])).expect("written");
		let read = from_tfrecord(&file).expect("reads");
		assert_eq!(read.len(), 1);
		assert!(read[0].problems.is_empty(), "{:?}", read[0].problems);
		assert_eq!(
			serde_json::from_value::<Record>(read[0].record.clone()).expect("record"),
			boxes
		);
		assert_eq!((read[0].image.width, read[0].image.height), (Some(100), Some(200)));
		let example = decode_example(unframe(&file).expect("framed")[0]).expect("example");
		assert_eq!(example["image/object/bbox/xmin"], Feature::Floats(vec![0.1]));
		assert_eq!(example["image/object/bbox/ymax"], Feature::Floats(vec![0.3]));
		assert_eq!(example["image/object/class/label"], Feature::Ints(vec![2]));
		// Boxes cannot be normalized without the image.
		assert!(to_tfrecord(&[boxes], None).unwrap_err().to_string().contains("--images-dir"));

		let records = vec![
			sample(0, "categorical", json!(2)),
			sample(1, "multi_label", json!([0, 2])),
			sample(3, "free_text", json!(format!("0x{}", "ab".repeat(32)))),
		];
		let file = to_tfrecord(&records, None).expect("written");
		let read = from_tfrecord(&file).expect("reads");
		assert!(read.iter().all(|r| r.problems.is_empty()));
		let examples: Vec<Example> = unframe(&file)
			.expect("ok")
			.into_iter()
			.map(|d| decode_example(d).expect("ok"))
			.collect();
		assert_eq!(examples[1]["image/class/label"], Feature::Ints(vec![0, 2]));
		assert_eq!(examples[0]["image/filename"], Feature::Bytes(vec![b"0.png".to_vec()]));
		assert!(!examples[0].contains_key("image/encoded"));

		// A label feature changed while the record is left alone: named.
		let mut changed = examples[0].clone();
		changed.insert("image/class/label".into(), Feature::Ints(vec![1]));
		let mut forged = Vec::new();
		frame(&mut forged, &encode_example(&changed));
		let problems = &from_tfrecord(&forged).expect("reads")[0].problems;
		assert_eq!(problems.len(), 1, "{problems:?}");
		assert!(problems[0].contains("`image/class/label`"), "{problems:?}");
		// A flipped byte breaks the CRC.
		let mut broken = file.clone();
		let last = broken.len() - 10;
		broken[last] ^= 1;
		assert!(from_tfrecord(&broken).unwrap_err().to_string().contains("CRC"));
		assert!(from_tfrecord(&file[..file.len() - 1]).is_err());
	}
}
