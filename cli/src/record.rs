//! One dataset record per accepted item: the label in the task's schema, how it was reached, and
//! the provenance that lets anyone check it against the chain later.

use crate::rpc::to_hex;
use pallet_labeling::{ItemResult, Label, LabelSchema};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sp_core::H256;

/// The pallet's block number and balance types on LabelChain.
pub type BlockNumber = u32;
/// Balances of the reward asset.
pub type Balance = u128;

/// The task's label schema, as written into every record.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Schema {
	/// `categorical`, `multi_label`, `bounding_boxes` or `free_text`.
	pub kind: String,
	/// Number of classes (0 for free text).
	pub classes: u32,
	/// Most boxes per label (bounding boxes only).
	#[serde(default, skip_serializing_if = "Option::is_none")]
	pub max_boxes: Option<u32>,
}

impl Schema {
	/// The record form of a task's schema.
	pub fn of(schema: &LabelSchema) -> Self {
		match *schema {
			LabelSchema::Categorical { classes } => {
				Self { kind: "categorical".into(), classes, max_boxes: None }
			}
			LabelSchema::MultiLabel { classes } => {
				Self { kind: "multi_label".into(), classes, max_boxes: None }
			}
			LabelSchema::BoundingBoxes { classes, max_boxes, .. } => {
				Self { kind: "bounding_boxes".into(), classes, max_boxes: Some(max_boxes) }
			}
			LabelSchema::FreeText => Self { kind: "free_text".into(), classes: 0, max_boxes: None },
		}
	}
}

/// One accepted item.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Record {
	/// The task.
	pub task: u32,
	/// The item's id within the task.
	pub item: u32,
	/// Where the item's content lives.
	pub content_uri: String,
	/// The hash that pins the content (0x-prefixed hex).
	pub content_hash: String,
	/// The task's label schema.
	pub schema: Schema,
	/// The accepted label: a class index, a sorted list of class indices, a list of boxes
	/// `{class, x, y, width, height}`, or the 0x-hex hash of a canonical text.
	pub label: Value,
	/// Share of revealed vote weight behind the label, 0 to 1 (exactly `agreement_ppb / 10^9`).
	pub agreement: f64,
	/// The same share in parts per billion, as the chain stores it.
	pub agreement_ppb: u32,
	/// Annotators who revealed a label.
	pub annotators: u32,
	/// Annotators whose label agreed with the accepted one (and were paid).
	pub agreeing: u32,
	/// Whether the item was a gold item and the label is the vendor's revealed answer.
	pub gold: bool,
	/// `consensus`, `gold_answer` or `dispute`: what fixed the label.
	pub decided_by: String,
	/// `gold_bonus` (agreeing annotators were paid the reward and the gold bonus) or `base`.
	pub payout_tier: String,
	/// Total paid to annotators for the item, in the reward asset's smallest unit (a decimal
	/// string: it can exceed 2^53).
	pub paid: String,
	/// The labeling round that settled.
	pub round: u32,
	/// Block in which the item settled.
	pub settled_block: BlockNumber,
	/// Hash of that block.
	pub settled_block_hash: String,
	/// Genesis hash of the chain the record comes from.
	pub genesis_hash: String,
	/// The finalized block the dataset was exported at.
	pub exported_block: BlockNumber,
	/// Hash of that block: `verify` re-reads the chain state there.
	pub exported_block_hash: String,
}

/// Where a dataset comes from: the chain and the finalized block it was read at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Provenance {
	/// The chain's genesis hash.
	pub genesis_hash: H256,
	/// The export block.
	pub block: BlockNumber,
	/// Its hash.
	pub block_hash: H256,
}

/// The JSON form of a label.
pub fn label_json(label: &Label) -> Value {
	match label {
		Label::Class(c) => json!(c),
		Label::Classes(bits) => {
			let classes: Vec<u32> = (0..64u32).filter(|i| bits & (1u64 << i) != 0).collect();
			json!(classes)
		}
		Label::Boxes(boxes) => Value::Array(
			boxes
				.iter()
				.map(
					|b| json!({"class": b.class, "x": b.x, "y": b.y, "width": b.width, "height": b.height}),
				)
				.collect(),
		),
		Label::Text(hash) => json!(to_hex(hash.as_bytes())),
	}
}

/// The record of an accepted item from what the chain stores about it.
pub fn record(
	task: u32,
	item: u32,
	content: &pallet_labeling::ContentRef,
	schema: &LabelSchema,
	result: &ItemResult<Balance, BlockNumber>,
	settled_block_hash: H256,
	provenance: &Provenance,
) -> Record {
	let decided_by = if result.by_dispute {
		"dispute"
	} else if result.gold {
		"gold_answer"
	} else {
		"consensus"
	};
	let ppb = result.agreement.deconstruct();
	Record {
		task,
		item,
		content_uri: String::from_utf8_lossy(&content.uri).into_owned(),
		content_hash: to_hex(content.digest.as_bytes()),
		schema: Schema::of(schema),
		label: label_json(&result.label),
		agreement: ppb as f64 / 1e9,
		agreement_ppb: ppb,
		annotators: result.annotators,
		agreeing: result.agreeing,
		gold: result.gold,
		decided_by: decided_by.into(),
		payout_tier: if result.gold { "gold_bonus" } else { "base" }.into(),
		paid: result.paid.to_string(),
		round: result.round,
		settled_block: result.settled_at,
		settled_block_hash: to_hex(settled_block_hash.as_bytes()),
		genesis_hash: to_hex(provenance.genesis_hash.as_bytes()),
		exported_block: provenance.block,
		exported_block_hash: to_hex(provenance.block_hash.as_bytes()),
	}
}

/// A record for tests: item `item` of task 1 in a `kind` schema, labeled `label`.
#[cfg(test)]
pub fn sample(item: u32, kind: &str, label: Value) -> Record {
	let (classes, max_boxes) = match kind {
		"bounding_boxes" => (2, Some(4)),
		"free_text" => (0, None),
		_ => (3, None),
	};
	Record {
		task: 1,
		item,
		content_uri: format!("ipfs://item/{item}.png"),
		content_hash: format!("0x{:064x}", item + 1),
		schema: Schema { kind: kind.into(), classes, max_boxes },
		label,
		agreement: 1.0,
		agreement_ppb: 1_000_000_000,
		annotators: 3,
		agreeing: 3,
		gold: false,
		decided_by: "consensus".into(),
		payout_tier: "base".into(),
		paid: "30".into(),
		round: 0,
		settled_block: 10,
		settled_block_hash: format!("0x{}", "11".repeat(32)),
		genesis_hash: format!("0x{}", "22".repeat(32)),
		exported_block: 20,
		exported_block_hash: format!("0x{}", "33".repeat(32)),
	}
}

/// The fields in which two records of the same item differ, as `field: left ≠ right` lines.
pub fn differences(file: &Record, chain: &Record) -> Vec<String> {
	let (Ok(Value::Object(a)), Ok(Value::Object(b))) =
		(serde_json::to_value(file), serde_json::to_value(chain))
	else {
		return vec!["record does not serialize".into()];
	};
	a.iter()
		.filter(|(k, v)| b.get(*k) != Some(*v))
		.map(|(k, v)| {
			format!("`{k}`: file has {v}, chain has {}", b.get(k).unwrap_or(&Value::Null))
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_labeling::BoundingBox;
	use sp_runtime::Perbill;

	fn result(label: Label, gold: bool, by_dispute: bool) -> ItemResult<Balance, BlockNumber> {
		ItemResult {
			label,
			agreement: Perbill::from_rational(2u32, 3u32),
			annotators: 3,
			agreeing: 2,
			gold,
			by_dispute,
			round: 1,
			paid: 30_000_000_000_000_000_000u128,
			settled_at: 42,
		}
	}

	fn provenance() -> Provenance {
		Provenance {
			genesis_hash: H256::repeat_byte(1),
			block: 50,
			block_hash: H256::repeat_byte(2),
		}
	}

	fn content() -> pallet_labeling::ContentRef {
		pallet_labeling::ContentRef {
			uri: b"ipfs://item/7".to_vec().try_into().expect("short"),
			digest: H256::repeat_byte(0xab),
		}
	}

	#[test]
	fn a_categorical_record_carries_every_field_in_json_types_a_loader_reads() {
		let r = record(
			3,
			7,
			&content(),
			&LabelSchema::Categorical { classes: 4 },
			&result(Label::Class(2), false, false),
			H256::repeat_byte(9),
			&provenance(),
		);
		let v = serde_json::to_value(&r).expect("serializes");
		assert_eq!(
			v,
			json!({
				"task": 3, "item": 7,
				"content_uri": "ipfs://item/7",
				"content_hash": format!("0x{}", "ab".repeat(32)),
				"schema": {"kind": "categorical", "classes": 4},
				"label": 2,
				"agreement": 0.666666666, "agreement_ppb": 666_666_666,
				"annotators": 3, "agreeing": 2, "gold": false,
				"decided_by": "consensus", "payout_tier": "base",
				"paid": "30000000000000000000", "round": 1,
				"settled_block": 42, "settled_block_hash": format!("0x{}", "09".repeat(32)),
				"genesis_hash": format!("0x{}", "01".repeat(32)),
				"exported_block": 50, "exported_block_hash": format!("0x{}", "02".repeat(32)),
			})
		);
		// And it reads back to the same record.
		let back: Record =
			serde_json::from_str(&serde_json::to_string(&r).expect("ok")).expect("ok");
		assert_eq!(back, r);
	}

	#[test]
	fn labels_take_the_shape_of_their_schema() {
		assert_eq!(label_json(&Label::Classes(0b1010_0001)), json!([0, 5, 7]));
		assert_eq!(label_json(&Label::Classes(1 << 63)), json!([63]));
		let boxes = Label::Boxes(
			vec![BoundingBox { class: 1, x: 2, y: 3, width: 4, height: 5 }].try_into().expect("1"),
		);
		assert_eq!(
			label_json(&boxes),
			json!([{"class": 1, "x": 2, "y": 3, "width": 4, "height": 5}])
		);
		assert_eq!(
			label_json(&Label::Text(H256::repeat_byte(0xcd))),
			json!(format!("0x{}", "cd".repeat(32)))
		);
	}

	#[test]
	fn decided_by_and_payout_tier_follow_the_result() {
		let schema = LabelSchema::Categorical { classes: 4 };
		let at = H256::zero();
		let gold = record(
			0,
			0,
			&content(),
			&schema,
			&result(Label::Class(0), true, false),
			at,
			&provenance(),
		);
		assert_eq!(
			(gold.decided_by.as_str(), gold.payout_tier.as_str()),
			("gold_answer", "gold_bonus")
		);
		let dispute = record(
			0,
			0,
			&content(),
			&schema,
			&result(Label::Class(0), false, true),
			at,
			&provenance(),
		);
		assert_eq!(
			(dispute.decided_by.as_str(), dispute.payout_tier.as_str()),
			("dispute", "base")
		);
	}

	#[test]
	fn differences_name_each_changed_field() {
		let schema = LabelSchema::Categorical { classes: 4 };
		let a = record(
			0,
			1,
			&content(),
			&schema,
			&result(Label::Class(0), false, false),
			H256::zero(),
			&provenance(),
		);
		assert!(differences(&a, &a).is_empty());
		let mut b = a.clone();
		b.label = json!(3);
		b.agreeing = 1;
		let diffs = differences(&b, &a);
		assert_eq!(diffs.len(), 2, "{diffs:?}");
		assert!(diffs.contains(&"`label`: file has 3, chain has 0".to_string()), "{diffs:?}");
		assert!(diffs.contains(&"`agreeing`: file has 1, chain has 2".to_string()), "{diffs:?}");
	}

	#[test]
	fn unknown_fields_are_refused_when_reading() {
		let schema = LabelSchema::Categorical { classes: 4 };
		let a = record(
			0,
			1,
			&content(),
			&schema,
			&result(Label::Class(0), false, false),
			H256::zero(),
			&provenance(),
		);
		let mut v = serde_json::to_value(&a).expect("ok");
		v["extra"] = json!(1);
		assert!(serde_json::from_value::<Record>(v).is_err());
	}
}
