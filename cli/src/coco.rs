//! COCO-style object-detection JSON for bounding-box tasks: one image per item, one annotation
//! per box. Each image carries the item's full LabelChain record (without the label, which the
//! annotations hold), so a COCO file is verifiable like a JSON Lines one.
//!
//! An image's `file_name` is relative to the images directory (`--images-dir`, the `root` of
//! torchvision's `CocoDetection`); its URI is COCO's `coco_url`; `width` and `height` are
//! measured from the image whose hash the chain pins (see [`crate::images`]).
//!
//! COCO reserves category 0, so class `c` of the task is category `c + 1`, named `class_c`.

use crate::{dataset::ImageMeta, images::Image, record::Record};
use anyhow::{anyhow, bail, Context, Result};
use serde_json::{json, Map, Value};

/// The COCO document of `records` (all from one bounding-box task), with their images.
pub fn to_coco(records: &[Record], images: &[Image]) -> Result<Value> {
	let first = records.first().ok_or_else(|| anyhow!("no records"))?;
	if first.schema.kind != "bounding_boxes" {
		bail!(
			"COCO output is for bounding-box tasks; task {} is {}",
			first.task,
			first.schema.kind
		);
	}
	if images.len() != records.len() {
		bail!("{} images for {} records", images.len(), records.len());
	}
	let mut image_list = Vec::with_capacity(records.len());
	let mut annotations = Vec::new();
	for (r, image) in records.iter().zip(images) {
		let mut provenance = serde_json::to_value(r)?;
		let fields =
			provenance.as_object_mut().ok_or_else(|| anyhow!("record is not an object"))?;
		fields.remove("label");
		image_list.push(json!({
			"id": r.item,
			"file_name": image.file_name,
			"width": image.width,
			"height": image.height,
			"coco_url": r.content_uri,
			"labelchain": provenance,
		}));
		let boxes = r
			.label
			.as_array()
			.ok_or_else(|| anyhow!("item {}: label is not a list of boxes", r.item))?;
		for b in boxes {
			let n = |k: &str| {
				b.get(k)
					.and_then(Value::as_u64)
					.ok_or_else(|| anyhow!("item {}: box lacks `{k}`", r.item))
			};
			let (x, y, w, h) = (n("x")?, n("y")?, n("width")?, n("height")?);
			annotations.push(json!({
				"id": annotations.len() + 1,
				"image_id": r.item,
				"category_id": n("class")? + 1,
				"bbox": [x, y, w, h],
				"area": w * h,
				"iscrowd": 0,
			}));
		}
	}
	let categories: Vec<Value> = (0..first.schema.classes)
		.map(|c| json!({"id": c + 1, "name": format!("class_{c}"), "supercategory": "object"}))
		.collect();
	Ok(json!({
		"info": {
			"description": format!("LabelChain task {}: accepted items", first.task),
			"version": "1",
			"labelchain": {
				"task": first.task,
				"genesis_hash": first.genesis_hash,
				"exported_block": first.exported_block,
				"exported_block_hash": first.exported_block_hash,
			},
		},
		"licenses": [],
		"images": image_list,
		"annotations": annotations,
		"categories": categories,
	}))
}

/// The records a COCO document written by [`to_coco`] holds, boxes in annotation order, each
/// with what the document says of its image.
pub fn from_coco(doc: &Value) -> Result<Vec<(Value, ImageMeta)>> {
	let images =
		doc.get("images").and_then(Value::as_array).context("COCO file has no `images` list")?;
	let annotations = doc
		.get("annotations")
		.and_then(Value::as_array)
		.context("COCO file has no `annotations` list")?;
	let mut records = Vec::with_capacity(images.len());
	let mut index = std::collections::HashMap::new();
	for (i, image) in images.iter().enumerate() {
		let mut record: Map<String, Value> = image
			.get("labelchain")
			.and_then(Value::as_object)
			.cloned()
			.ok_or_else(|| anyhow!("image {} has no `labelchain` record", i + 1))?;
		let id = image
			.get("id")
			.and_then(Value::as_u64)
			.ok_or_else(|| anyhow!("image {} has no id", i + 1))?;
		if record.get("item").and_then(Value::as_u64) != Some(id) {
			bail!("image {} (id {id}) carries the record of another item", i + 1);
		}
		if index.insert(id, i).is_some() {
			bail!("image id {id} appears twice");
		}
		record.insert("label".into(), Value::Array(vec![]));
		let text = |k: &str| image.get(k).and_then(Value::as_str).map(str::to_owned);
		let size =
			|k: &str| image.get(k).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok());
		let meta = ImageMeta {
			file_name: text("file_name"),
			uri: text("coco_url"),
			width: size("width"),
			height: size("height"),
		};
		records.push((Value::Object(record), meta));
	}
	for a in annotations {
		let field = |k: &str| a.get(k).ok_or_else(|| anyhow!("annotation {a} lacks `{k}`"));
		let image = field("image_id")?.as_u64().context("image_id is not a number")?;
		let &i = index.get(&image).ok_or_else(|| anyhow!("annotation {a} refers to no image"))?;
		let category =
			field("category_id")?.as_u64().filter(|c| *c > 0).context("bad category_id")?;
		let bbox = field("bbox")?
			.as_array()
			.filter(|b| b.len() == 4)
			.context("bbox is not [x, y, width, height]")?;
		let boxed = json!({
			"class": category - 1, "x": bbox[0], "y": bbox[1], "width": bbox[2], "height": bbox[3],
		});
		if let Some(Value::Array(label)) = records[i].0.get_mut("label") {
			label.push(boxed);
		}
	}
	Ok(records)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::record::{sample, Schema};

	fn boxes_record(item: u32, label: Value) -> Record {
		let mut r = sample(item, "bounding_boxes", label);
		r.task = 4;
		r.content_uri = format!("https://img/{item}.jpg");
		r
	}

	fn image_of(r: &Record) -> Image {
		Image {
			file_name: crate::images::file_name(r.item, &r.content_uri),
			width: 640,
			height: 480,
			format: "jpeg".into(),
			bytes: vec![],
		}
	}

	fn coco(records: &[Record]) -> Result<Value> {
		to_coco(records, &records.iter().map(image_of).collect::<Vec<_>>())
	}

	#[test]
	fn boxes_become_coco_annotations_and_read_back_unchanged() {
		let records = vec![
			boxes_record(
				0,
				json!([
					{"class": 1, "x": 10, "y": 20, "width": 30, "height": 40},
					{"class": 0, "x": 0, "y": 0, "width": 5, "height": 5},
				]),
			),
			boxes_record(3, json!([])),
		];
		let doc = coco(&records).expect("bounding boxes");
		assert_eq!(doc["images"].as_array().map(Vec::len), Some(2));
		assert_eq!(doc["images"][0]["file_name"], "0.jpg");
		assert_eq!(doc["images"][0]["coco_url"], "https://img/0.jpg");
		assert_eq!(
			(&doc["images"][1]["width"], &doc["images"][1]["height"]),
			(&json!(640), &json!(480))
		);
		assert_eq!(
			doc["annotations"][0],
			json!({"id": 1, "image_id": 0, "category_id": 2, "bbox": [10, 20, 30, 40], "area": 1200, "iscrowd": 0})
		);
		assert_eq!(doc["annotations"][1]["category_id"], 1);
		assert_eq!(
			doc["categories"],
			json!([
				{"id": 1, "name": "class_0", "supercategory": "object"},
				{"id": 2, "name": "class_1", "supercategory": "object"},
			])
		);
		assert_eq!(doc["info"]["labelchain"]["task"], 4);
		let read = from_coco(&doc).expect("reads");
		assert_eq!(
			read[1].1,
			ImageMeta {
				file_name: Some("3.jpg".into()),
				uri: Some("https://img/3.jpg".into()),
				width: Some(640),
				height: Some(480)
			}
		);
		let back: Vec<Record> =
			read.into_iter().map(|(v, _)| serde_json::from_value(v).expect("a record")).collect();
		assert_eq!(back, records);
		// One image per record.
		assert!(to_coco(&records, &[image_of(&records[0])]).is_err());
	}

	#[test]
	fn only_bounding_box_tasks_have_a_coco_form() {
		let mut r = boxes_record(0, json!(1));
		r.schema = Schema { kind: "categorical".into(), classes: 2, max_boxes: None };
		let err = coco(&[r]).unwrap_err().to_string();
		assert!(err.contains("COCO output is for bounding-box tasks"), "{err}");
	}

	#[test]
	fn a_broken_coco_file_is_refused() {
		let doc = coco(&[boxes_record(0, json!([]))]).expect("ok");
		let mut orphan = doc.clone();
		orphan["annotations"] =
			json!([{"id": 1, "image_id": 9, "category_id": 1, "bbox": [0, 0, 1, 1]}]);
		assert!(from_coco(&orphan).unwrap_err().to_string().contains("refers to no image"));
		let mut moved = doc.clone();
		moved["images"][0]["id"] = json!(5);
		assert!(from_coco(&moved).unwrap_err().to_string().contains("another item"));
		assert!(from_coco(&json!({})).is_err());
	}
}
