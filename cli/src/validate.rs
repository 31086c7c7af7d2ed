//! Integrity checks of a dataset before it is written (and after it is read back): duplicate
//! items, missing fields, labels outside the schema, mixed provenance; and the label
//! distribution summary printed at the end.

use crate::record::{Record, Schema};
use serde_json::Value;
use std::{
	collections::{BTreeMap, HashMap},
	fmt,
};

/// What the checks found. A dataset with any `errors` is not written (or fails `verify`).
#[derive(Default, Debug)]
pub struct Report {
	/// Problems that make the dataset unusable.
	pub errors: Vec<String>,
	/// Label distribution and agreement.
	pub summary: Summary,
}

/// The label distribution of a dataset.
#[derive(Default, Debug, PartialEq)]
pub struct Summary {
	/// Records.
	pub records: usize,
	/// Labels (categorical, multi-label) or boxes (bounding boxes) per class.
	pub per_class: BTreeMap<u32, usize>,
	/// Distinct labels of a free-text task.
	pub distinct_texts: usize,
	/// Bounding-box labels with no box (nothing in the picture).
	pub empty_labels: usize,
	/// Records per agreement decile: index `i` counts agreement in `[i/10, (i+1)/10)`, index
	/// 10 counts unanimous records.
	pub agreement: [usize; 11],
	/// Gold items.
	pub gold: usize,
	/// Items whose label a dispute decided.
	pub by_dispute: usize,
}

/// The JSON fields every record must carry (checked before typed parsing, so that a missing
/// field is reported by name).
pub const REQUIRED_FIELDS: &[&str] = &[
	"task",
	"item",
	"content_uri",
	"content_hash",
	"schema",
	"label",
	"agreement",
	"agreement_ppb",
	"annotators",
	"agreeing",
	"gold",
	"decided_by",
	"payout_tier",
	"paid",
	"round",
	"settled_block",
	"settled_block_hash",
	"genesis_hash",
	"exported_block",
	"exported_block_hash",
];

/// Fields of `value` that a record needs and lacks (or has as `null`).
pub fn missing_fields(value: &Value) -> Vec<&'static str> {
	REQUIRED_FIELDS.iter().copied().filter(|f| value.get(f).is_none_or(Value::is_null)).collect()
}

fn is_hash(s: &str) -> bool {
	s.len() == 66 && s.starts_with("0x") && s[2..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn class_of(v: &Value, classes: u32) -> Result<u32, String> {
	let c = v.as_u64().ok_or_else(|| format!("{v} is not a class index"))?;
	if c >= classes as u64 {
		return Err(format!("class {c} is outside the schema's {classes} classes"));
	}
	Ok(c as u32)
}

/// Checks `label` against `schema`; returns the classes it uses.
pub fn check_label(label: &Value, schema: &Schema) -> Result<Vec<u32>, String> {
	match schema.kind.as_str() {
		"categorical" => Ok(vec![class_of(label, schema.classes)?]),
		"multi_label" => {
			let list = label.as_array().ok_or("a multi-label label must be a list of classes")?;
			let classes =
				list.iter().map(|c| class_of(c, schema.classes)).collect::<Result<Vec<_>, _>>()?;
			if classes.windows(2).any(|w| w[0] >= w[1]) {
				return Err("multi-label classes must be sorted and distinct".into());
			}
			Ok(classes)
		}
		"bounding_boxes" => {
			let list = label.as_array().ok_or("a bounding-box label must be a list of boxes")?;
			if let Some(max) = schema.max_boxes {
				if list.len() > max as usize {
					return Err(format!("{} boxes, the schema allows {max}", list.len()));
				}
			}
			list.iter()
				.map(|b| {
					let field =
						|name: &str| {
							b.get(name)
								.and_then(Value::as_u64)
								.filter(|v| *v <= u32::MAX as u64)
								.ok_or_else(|| {
									format!("box {b} lacks a `{name}` that is a 32-bit unsigned integer")
								})
						};
					let (x, y, w, h) =
						(field("x")?, field("y")?, field("width")?, field("height")?);
					if w == 0 || h == 0 {
						return Err(format!("box {b} has no area"));
					}
					if x + w > u32::MAX as u64 || y + h > u32::MAX as u64 {
						return Err(format!("box {b} overflows the coordinate range"));
					}
					class_of(b.get("class").unwrap_or(&Value::Null), schema.classes)
				})
				.collect()
		}
		"free_text" => match label.as_str() {
			Some(s) if is_hash(s) => Ok(vec![]),
			_ => Err("a free-text label must be the 0x-hex hash of its canonical text".into()),
		},
		other => Err(format!("unknown schema kind `{other}`")),
	}
}

/// Checks `records` as one dataset: each record on its own, then across records (one task,
/// one chain, one export block, one schema; no item or content twice).
pub fn validate(records: &[Record]) -> Report {
	let mut report = Report::default();
	let mut s = Summary { records: records.len(), ..Default::default() };
	let mut items: HashMap<u32, usize> = HashMap::new();
	let mut contents: HashMap<&str, u32> = HashMap::new();
	let mut texts = std::collections::HashSet::new();
	let first = records.first();
	for (i, r) in records.iter().enumerate() {
		let at = format!("record {} (item {})", i + 1, r.item);
		let mut error = |msg: String| report.errors.push(format!("{at}: {msg}"));
		if let Some(prev) = items.insert(r.item, i) {
			error(format!("duplicate item: also record {}", prev + 1));
		}
		if r.content_uri.is_empty() {
			error("missing content_uri".into());
		}
		if !is_hash(&r.content_hash) || r.content_hash == format!("0x{}", "0".repeat(64)) {
			error(format!("content_hash `{}` is not a content hash", r.content_hash));
		} else if let Some(other) = contents.insert(&r.content_hash, r.item) {
			error(format!("duplicate content: item {other} has the same content hash"));
		}
		for (name, value) in [
			("settled_block_hash", &r.settled_block_hash),
			("genesis_hash", &r.genesis_hash),
			("exported_block_hash", &r.exported_block_hash),
		] {
			if !is_hash(value) {
				error(format!("{name} `{value}` is not a block hash"));
			}
		}
		if r.annotators == 0 && r.decided_by != "gold_answer" && r.decided_by != "dispute" {
			error("a consensus label with no annotators".into());
		}
		if r.agreeing > r.annotators {
			error(format!("{} agreeing annotators out of {}", r.agreeing, r.annotators));
		}
		if r.agreement_ppb > 1_000_000_000
			|| (r.agreement - r.agreement_ppb as f64 / 1e9).abs() > 1e-12
		{
			error(format!(
				"agreement {} does not match agreement_ppb {}",
				r.agreement, r.agreement_ppb
			));
		}
		if !["consensus", "gold_answer", "dispute"].contains(&r.decided_by.as_str()) {
			error(format!("unknown decided_by `{}`", r.decided_by));
		}
		if !["base", "gold_bonus"].contains(&r.payout_tier.as_str()) {
			error(format!("unknown payout_tier `{}`", r.payout_tier));
		}
		if r.paid.parse::<u128>().is_err() {
			error(format!("paid `{}` is not an amount", r.paid));
		}
		if r.settled_block > r.exported_block {
			error(format!(
				"settled at #{} after the export block #{}",
				r.settled_block, r.exported_block
			));
		}
		if let Some(f) = first {
			for (name, same) in [
				("task", r.task == f.task),
				("genesis_hash", r.genesis_hash == f.genesis_hash),
				("exported_block_hash", r.exported_block_hash == f.exported_block_hash),
				("schema", r.schema == f.schema),
			] {
				if !same {
					error(format!("{name} differs from the first record's"));
				}
			}
		}
		match check_label(&r.label, &r.schema) {
			Ok(classes) => {
				if r.schema.kind == "bounding_boxes" && classes.is_empty() {
					s.empty_labels += 1;
				}
				for c in classes {
					*s.per_class.entry(c).or_default() += 1;
				}
				if r.schema.kind == "free_text" {
					texts.insert(r.label.to_string());
				}
			}
			Err(e) => error(format!("label {}: {e}", r.label)),
		}
		let decile = (r.agreement_ppb.min(1_000_000_000) / 100_000_000) as usize;
		s.agreement[decile] += 1;
		s.gold += r.gold as usize;
		s.by_dispute += (r.decided_by == "dispute") as usize;
	}
	s.distinct_texts = texts.len();
	report.summary = s;
	report
}

impl fmt::Display for Summary {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		writeln!(
			f,
			"{} records ({} gold items, {} decided by a dispute)",
			self.records, self.gold, self.by_dispute
		)?;
		if !self.per_class.is_empty() {
			writeln!(f, "per class:")?;
			for (class, n) in &self.per_class {
				writeln!(f, "  class {class:>3}: {n}")?;
			}
		}
		if self.empty_labels > 0 {
			writeln!(f, "labels with no box: {}", self.empty_labels)?;
		}
		if self.distinct_texts > 0 {
			writeln!(f, "distinct texts: {}", self.distinct_texts)?;
		}
		writeln!(f, "agreement:")?;
		for (i, n) in self.agreement.iter().enumerate().filter(|(_, n)| **n > 0) {
			let range = if i == 10 {
				"   100%     ".to_string()
			} else {
				format!("{:>3}% – {:>3}%", i * 10, i * 10 + 10)
			};
			writeln!(f, "  {range}: {n}")?;
		}
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	fn rec(item: u32, label: Value) -> Record {
		crate::record::sample(item, "categorical", label)
	}

	#[test]
	fn a_clean_dataset_passes_with_its_distribution() {
		let mut records = vec![rec(0, json!(0)), rec(1, json!(2)), rec(2, json!(2))];
		records[1].agreement_ppb = 666_666_667;
		records[1].agreement = 0.666666667;
		records[2].gold = true;
		let report = validate(&records);
		assert!(report.errors.is_empty(), "{:?}", report.errors);
		let s = report.summary;
		assert_eq!(s.records, 3);
		assert_eq!(s.per_class, BTreeMap::from([(0, 1), (2, 2)]));
		assert_eq!(s.agreement[10], 2);
		assert_eq!(s.agreement[6], 1);
		assert_eq!(s.gold, 1);
		let text = s.to_string();
		assert!(text.contains("class   2: 2"), "{text}");
		assert!(text.contains(" 60% –  70%: 1"), "{text}");
	}

	#[test]
	fn duplicate_items_and_duplicate_content_are_errors() {
		let mut records = vec![rec(0, json!(0)), rec(0, json!(1)), rec(2, json!(1))];
		records[1].content_hash = format!("0x{:064x}", 99);
		records[2].content_hash = records[0].content_hash.clone();
		let errors = validate(&records).errors;
		assert_eq!(errors.len(), 2, "{errors:?}");
		assert!(errors[0].contains("duplicate item: also record 1"), "{errors:?}");
		assert!(errors[1].contains("duplicate content: item 0"), "{errors:?}");
	}

	#[test]
	fn labels_outside_the_schema_are_errors() {
		let schema =
			|kind: &str, classes, max_boxes| Schema { kind: kind.into(), classes, max_boxes };
		let cat = schema("categorical", 3, None);
		assert_eq!(check_label(&json!(2), &cat), Ok(vec![2]));
		assert!(check_label(&json!(3), &cat)
			.unwrap_err()
			.contains("outside the schema's 3 classes"));
		assert!(check_label(&json!("2"), &cat).is_err());
		let multi = schema("multi_label", 4, None);
		assert_eq!(check_label(&json!([0, 3]), &multi), Ok(vec![0, 3]));
		assert!(check_label(&json!([3, 0]), &multi).unwrap_err().contains("sorted"));
		assert!(check_label(&json!([0, 4]), &multi).is_err());
		let boxes = schema("bounding_boxes", 2, Some(1));
		let b = |class, w| json!({"class": class, "x": 1, "y": 1, "width": w, "height": 2});
		assert_eq!(check_label(&json!([b(1, 2)]), &boxes), Ok(vec![1]));
		assert_eq!(check_label(&json!([]), &boxes), Ok(vec![]));
		assert!(check_label(&json!([b(2, 2)]), &boxes).is_err());
		assert!(check_label(&json!([b(1, 0)]), &boxes).unwrap_err().contains("no area"));
		assert!(check_label(&json!([b(1, 2), b(0, 2)]), &boxes).unwrap_err().contains("allows 1"));
		assert!(check_label(&json!([{"class": 0, "x": 1}]), &boxes).unwrap_err().contains("`y`"));
		let text = schema("free_text", 0, None);
		assert!(check_label(&json!(format!("0x{}", "ab".repeat(32))), &text).is_ok());
		assert!(check_label(&json!("hello"), &text).is_err());
		assert!(check_label(&json!(1), &schema("ranking", 2, None)).is_err());

		let errors = validate(&[rec(0, json!(7))]).errors;
		assert_eq!(
			errors,
			vec!["record 1 (item 0): label 7: class 7 is outside the schema's 3 classes"]
		);
	}

	#[test]
	fn missing_and_inconsistent_fields_are_errors() {
		let full = serde_json::to_value(rec(0, json!(1))).expect("ok");
		assert!(missing_fields(&full).is_empty());
		let mut v = full.clone();
		v.as_object_mut().expect("object").remove("label");
		v["content_hash"] = Value::Null;
		assert_eq!(missing_fields(&v), vec!["content_hash", "label"]);

		let mut r = rec(0, json!(1));
		r.content_uri.clear();
		r.agreeing = 4;
		r.agreement = 0.5;
		r.settled_block = 21;
		let mut other = rec(1, json!(1));
		other.genesis_hash = format!("0x{}", "44".repeat(32));
		let errors = validate(&[r, other]).errors;
		for expected in [
			"missing content_uri",
			"4 agreeing annotators out of 3",
			"does not match agreement_ppb",
			"settled at #21 after the export block #20",
			"genesis_hash differs from the first record's",
		] {
			assert!(errors.iter().any(|e| e.contains(expected)), "{expected}: {errors:?}");
		}
	}
}
