//! Consensus: whether labels are valid for a schema, whether two labels agree, and what a
//! weighted set of revealed labels decides. Pure functions in integer arithmetic, so every node
//! computes the same result.
//!
//! Votes are weighted by each annotator's log-odds of being right (see
//! [`reputation`](crate::reputation)): one-coin Dawid–Skene's Bayes-optimal weights, so the
//! winning label's *margin* — its weight minus the runner-up's — is the log-odds that it is right
//! rather than the runner-up. A label is accepted when the margin reaches the task's confidence
//! and at least two annotators gave it (no single account decides an item, whatever its
//! weight); otherwise the item is escalated to more annotators while it may have more, and
//! at the last seat the label with a positive margin and two supporters is accepted unless
//! another label has more annotators behind it. A tie, a winner nobody else gave, or a weight
//! that would overrule a headcount without confidence goes to review.
//!
//! - Categorical and free text (canonical hash): labels agree when equal.
//! - Bounding boxes: two labels agree when they have the same number of boxes and each box of
//!   one pairs (greedily, in order) with a distinct box of the other of the same class and an
//!   IoU of at least the schema's `min_iou`. The candidate is the revealed label with the most
//!   agreeing weight (a weighted medoid), so the accepted label is always one an annotator gave;
//!   the runner-up is the best label that does not agree with it.
//! - Multi-label: each class is decided by weighted majority; the candidate is the set of
//!   classes with more weight in than out, its margin the weakest class's, and its supporters
//!   the annotators who gave exactly that set.

use crate::types::{BoundingBox, Label, LabelSchema, MAX_BOXES, MAX_MULTI_LABEL_CLASSES};
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
pub struct Tally {
	/// The label with the most weight behind it.
	pub label: Label,
	/// Vote weight behind it (for multi-label, the weakest class's winning weight).
	pub support: u64,
	/// Its weight minus the runner-up's (for multi-label, the weakest class's margin).
	pub margin: u64,
	/// All vote weight.
	pub total: u64,
	/// Annotators whose label agrees with it.
	pub supporters: u32,
	/// The most annotators behind any label that does not agree with it.
	pub rival_supporters: u32,
}

impl Tally {
	/// The winner's share of all vote weight.
	pub fn agreement(&self) -> Perbill {
		if self.total == 0 {
			Perbill::zero()
		} else {
			Perbill::from_rational(self.support.min(self.total), self.total)
		}
	}
}

fn weight_where(votes: &[(&Label, u64)], keep: impl Fn(&Label) -> bool) -> u64 {
	votes.iter().filter(|(l, _)| keep(l)).fold(0u64, |acc, (_, w)| acc.saturating_add(*w))
}

/// The best-supported label among `votes` (label, weight), or `None` without votes. Ties
/// go to the label revealed first, so the result never depends on anything but the votes.
pub fn tally(schema: &LabelSchema, votes: &[(&Label, u64)]) -> Option<Tally> {
	if votes.is_empty() {
		return None;
	}
	let total = weight_where(votes, |_| true);
	if let LabelSchema::MultiLabel { classes } = schema {
		let mut mask = 0u64;
		let (mut weakest, mut margin) = (u64::MAX, u64::MAX);
		for class in 0..(*classes).min(MAX_MULTI_LABEL_CLASSES) {
			let bit = 1u64 << class;
			let inside = weight_where(votes, |l| matches!(l, Label::Classes(m) if m & bit != 0));
			let outside = total.saturating_sub(inside);
			if inside > outside {
				mask |= bit;
			}
			weakest = weakest.min(inside.max(outside));
			margin = margin.min(inside.abs_diff(outside));
		}
		let label = Label::Classes(mask);
		let supporters = votes.iter().filter(|(l, _)| **l == label).count() as u32;
		let rival_supporters = votes
			.iter()
			.filter(|(l, _)| **l != label)
			.map(|(l, _)| votes.iter().filter(|(x, _)| x == l).count() as u32)
			.max()
			.unwrap_or(0);
		let (support, margin) =
			if weakest == u64::MAX { (total, total) } else { (weakest, margin) };
		return Some(Tally { label, support, margin, total, supporters, rival_supporters });
	}
	// Which votes agree with which, compared once: the winner's search, the runner-up and the
	// headcounts all read it. Searching each rival's support afresh compared up to s³ pairs of
	// labels (each up to b² box IoUs), so a few disagreeing box labels made an item's close
	// cost far more than its benchmark (which has every label agree); this is s² whatever the
	// votes, the same as in the benchmark.
	let n = votes.len();
	let agree: alloc::vec::Vec<bool> = (0..n.saturating_mul(n))
		.map(|k| labels_agree(schema, votes[k / n].0, votes[k % n].0))
		.collect();
	let agrees = |i: usize, j: usize| agree.get(i * n + j).copied().unwrap_or(false);
	let agreeing = move |i: usize| (0..n).filter(move |&j| agrees(i, j));
	let support_of =
		|i: usize| agreeing(i).fold(0u64, |acc, j| acc.saturating_add(votes[j].1));
	let mut best: Option<(usize, u64)> = None;
	for i in 0..n {
		let support = support_of(i);
		if best.is_none_or(|(_, s)| support > s) {
			best = Some((i, support));
		}
	}
	let (winner, support) = best?;
	let label = votes[winner].0;
	let (mut runner_up, mut rival_supporters) = (0u64, 0u32);
	for other in 0..n {
		if !agrees(winner, other) {
			runner_up = runner_up.max(support_of(other));
			rival_supporters = rival_supporters.max(agreeing(other).count() as u32);
		}
	}
	let supporters = agreeing(winner).count() as u32;
	Some(Tally {
		label: label.clone(),
		support,
		margin: support.saturating_sub(runner_up),
		total,
		supporters,
		rival_supporters,
	})
}

/// For each vote, the share (millionths) of the *other* votes that agree with it, or `None`
/// without other votes. Agreement is computed once per pair.
pub fn peer_agreement(schema: &LabelSchema, votes: &[&Label]) -> alloc::vec::Vec<Option<u32>> {
	let n = votes.len();
	let mut agree = alloc::vec![0u32; n];
	for i in 0..n {
		for j in (i + 1)..n {
			if labels_agree(schema, votes[i], votes[j]) {
				agree[i] += 1;
				agree[j] += 1;
			}
		}
	}
	agree
		.into_iter()
		.map(|a| (n > 1).then(|| (a as u64 * 1_000_000 / (n as u64 - 1)) as u32))
		.collect()
}

/// What a round's votes decide.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Decision {
	/// Accept this label.
	Accept(Tally),
	/// Not confident enough: seat more annotators.
	Escalate,
	/// No label can be accepted, and no more annotators may be seated.
	NoConsensus,
}

/// Decides a round: accept the winner when its margin reaches `margin_needed` and
/// `min_supporters` annotators gave it; otherwise escalate when `can_escalate`; at the last
/// seat, accept a winner with a positive margin and `min_supporters` that no other label has
/// more annotators behind; otherwise no consensus (the item goes to review).
///
/// The last condition stops weight alone from overruling a headcount without confidence:
/// heavy accounts (a vendor's sybils at the weight cap, or honest ones whose weights rest on
/// few gold items) outvoting more annotators on a margin below the task's confidence. The
/// simulation found it with honest annotators of close accuracies, where such flips were as
/// often wrong as right; a reviewer panel decides those items instead.
pub fn decide(
	schema: &LabelSchema,
	votes: &[(&Label, u64)],
	margin_needed: u64,
	min_supporters: u32,
	can_escalate: bool,
) -> Decision {
	let Some(t) = tally(schema, votes) else {
		return if can_escalate { Decision::Escalate } else { Decision::NoConsensus };
	};
	let supported = t.supporters >= min_supporters;
	if supported && t.margin >= margin_needed {
		return Decision::Accept(t);
	}
	if can_escalate {
		return Decision::Escalate;
	}
	if supported && t.margin > 0 && t.supporters >= t.rival_supporters {
		Decision::Accept(t)
	} else {
		Decision::NoConsensus
	}
}
