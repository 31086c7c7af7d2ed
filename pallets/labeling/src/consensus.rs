//! Consensus: whether labels are valid for a schema, whether two labels agree, and which label
//! (if any) a weighted set of revealed labels accepts. Pure functions in integer arithmetic, so
//! every node computes the same result.
//!
//! - Categorical and free text: labels agree when equal; the candidate is the label with the
//!   most vote weight behind it.
//! - Bounding boxes: two labels agree when they have the same number of boxes and each box of
//!   one pairs (greedily, in order) with a distinct box of the other of the same class and an
//!   IoU of at least the schema's `min_iou`. The candidate is the revealed label with the most
//!   agreeing weight (a weighted medoid), so the accepted label is always one an annotator gave.
//! - Multi-label: each class is decided by weighted majority; the candidate is the set of
//!   classes with more weight in than out, and its support is the weakest class's winning
//!   weight. An annotator agrees when their set equals the accepted set.
//!
//! A candidate is accepted when its support reaches the task's [`AgreementRule`], which is a
//! strict majority, so no two labels can both be accepted.

use crate::types::{
	AgreementRule, BoundingBox, Label, LabelSchema, MAX_BOXES, MAX_MULTI_LABEL_CLASSES,
};
use sp_runtime::Perbill;

/// Whether `schema` is well formed.
pub fn schema_is_valid(schema: &LabelSchema) -> bool {
	match *schema {
		LabelSchema::Categorical { classes } => classes >= 2,
		LabelSchema::MultiLabel { classes } => (1..=MAX_MULTI_LABEL_CLASSES).contains(&classes),
		LabelSchema::BoundingBoxes { classes, max_boxes, min_iou } => {
			classes >= 1 && (1..=MAX_BOXES).contains(&max_boxes) && !min_iou.is_zero()
		}
		LabelSchema::FreeText => true,
	}
}

/// Whether `label` is a label of `schema`.
pub fn label_is_valid(schema: &LabelSchema, label: &Label) -> bool {
	match (schema, label) {
		(LabelSchema::Categorical { classes }, Label::Class(c)) => c < classes,
		(LabelSchema::MultiLabel { classes }, Label::Classes(mask)) => {
			*classes >= 64 || (mask >> *classes) == 0
		}
		(LabelSchema::BoundingBoxes { classes, max_boxes, .. }, Label::Boxes(boxes)) => {
			boxes.len() as u32 <= *max_boxes
				&& boxes.iter().all(|b| {
					b.class < *classes
						&& b.width > 0 && b.height > 0
						&& b.x.checked_add(b.width).is_some()
						&& b.y.checked_add(b.height).is_some()
				})
		}
		(LabelSchema::FreeText, Label::Text(_)) => true,
		_ => false,
	}
}

/// Whether the IoU of two boxes is at least `min_iou` (exact, in `u128`).
pub fn iou_at_least(a: &BoundingBox, b: &BoundingBox, min_iou: Perbill) -> bool {
	let overlap = |a0: u32, al: u32, b0: u32, bl: u32| -> u128 {
		let start = a0.max(b0) as u64;
		let end = (a0 as u64 + al as u64).min(b0 as u64 + bl as u64);
		end.saturating_sub(start) as u128
	};
	let inter = overlap(a.x, a.width, b.x, b.width) * overlap(a.y, a.height, b.y, b.height);
	let area_a = a.width as u128 * a.height as u128;
	let area_b = b.width as u128 * b.height as u128;
	let union = area_a + area_b - inter;
	if union == 0 {
		return false;
	}
	inter * 1_000_000_000 >= (min_iou.deconstruct() as u128) * union
}

fn boxes_match(a: &[BoundingBox], b: &[BoundingBox], min_iou: Perbill) -> bool {
	if a.len() != b.len() {
		return false;
	}
	let mut used: u32 = 0;
	for x in a {
		let found = b.iter().enumerate().position(|(j, y)| {
			used & (1 << j) == 0 && x.class == y.class && iou_at_least(x, y, min_iou)
		});
		match found {
			Some(j) => used |= 1 << j,
			None => return false,
		}
	}
	true
}

/// Whether two labels of `schema` agree.
pub fn labels_agree(schema: &LabelSchema, a: &Label, b: &Label) -> bool {
	match (schema, a, b) {
		(LabelSchema::BoundingBoxes { min_iou, .. }, Label::Boxes(x), Label::Boxes(y)) => {
			x.len() as u32 <= MAX_BOXES && boxes_match(x, y, *min_iou)
		}
		_ => a == b,
	}
}

/// The best-supported label of a set of weighted votes.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Candidate {
	/// The label with the most support.
	pub label: Label,
	/// Vote weight behind it (for multi-label, the weakest class's winning weight).
	pub support: u64,
	/// All vote weight.
	pub total: u64,
}

impl Candidate {
	/// The candidate's share of all vote weight.
	pub fn agreement(&self) -> Perbill {
		if self.total == 0 {
			Perbill::zero()
		} else {
			Perbill::from_rational(self.support, self.total)
		}
	}
}

/// The best-supported label among `votes` (label, weight), or `None` without votes.
pub fn best_candidate(schema: &LabelSchema, votes: &[(&Label, u64)]) -> Option<Candidate> {
	let total: u64 = votes.iter().fold(0u64, |acc, (_, w)| acc.saturating_add(*w));
	if votes.is_empty() || total == 0 {
		return None;
	}
	if let LabelSchema::MultiLabel { classes } = schema {
		let mut mask = 0u64;
		let mut weakest = total;
		for class in 0..(*classes).min(MAX_MULTI_LABEL_CLASSES) {
			let inside: u64 = votes
				.iter()
				.filter(|(l, _)| matches!(l, Label::Classes(m) if m & (1u64 << class) != 0))
				.fold(0u64, |acc, (_, w)| acc.saturating_add(*w));
			let outside = total.saturating_sub(inside);
			if inside > outside {
				mask |= 1u64 << class;
			}
			weakest = weakest.min(inside.max(outside));
		}
		return Some(Candidate { label: Label::Classes(mask), support: weakest, total });
	}
	let mut best: Option<(usize, u64)> = None;
	for (i, (label, _)) in votes.iter().enumerate() {
		let support = votes
			.iter()
			.filter(|(other, _)| labels_agree(schema, label, other))
			.fold(0u64, |acc, (_, w)| acc.saturating_add(*w));
		if best.is_none_or(|(_, s)| support > s) {
			best = Some((i, support));
		}
	}
	best.map(|(i, support)| Candidate { label: votes[i].0.clone(), support, total })
}

/// The accepted label of `votes` under `rule`, or `None` when there is no consensus.
pub fn consensus(
	schema: &LabelSchema,
	rule: &AgreementRule,
	votes: &[(&Label, u64)],
) -> Option<Candidate> {
	best_candidate(schema, votes).filter(|c| rule.is_met(c.support, c.total))
}
