//! Pay: what a label earns or loses once its item is decided, by correlated agreement.
//!
//! Paying for agreement with the accepted label (output agreement) pays an annotator who
//! answers the most common class without looking: on 60/40 classes they agree 60 % of the time,
//! and more wherever their own vote tipped the decision. So a label is scored by how much more
//! its *peers* — the item's other annotators, whose labels were committed blind to it — agree
//! with it than a label would by chance:
//!
//! `score = share of the other votes that agree − p(label)`
//!
//! where `p(label)` is how often the label agrees with a vote on *another* item of the task,
//! estimated from the task's last [`CHANCE_SAMPLES`] reveals on other items (see
//! [`chance_of`]). This is the
//! correlated-agreement mechanism of Shnayder et al. (EC 2016), with the penalty taken in
//! expectation: for any answer that does not depend on the item — always one class, a random
//! class, a label agreed by a bloc — the two terms have the same expectation, so the score
//! averages zero, while an informed annotator scores their agreement with their peers above
//! chance. A label decided by review is scored against the panel's label instead.
//!
//! **The estimate starts pessimistic.** The samples are the task's own recent reveals (not its
//! judged items: a task's first judgements would have none), and the estimate counts one extra
//! sample that agrees with every label, so an answer is never assumed rarer than it is (where
//! every vote is the same, it agrees by chance for certain and scores nothing); only while a
//! task has fewer than [`MIN_CHANCE_SAMPLES`] reveals on other items is the schema's prior
//! mixed in. The simulation found the reason: estimated from judged items with a prior of one over the
//! number of classes, every new task paid full rewards for its first items to a crowd that
//! answered one class without looking, and such a crowd came out ahead.
//!
//! **Normalization.** Scores are divided by the task's running mean score (starting at
//! [`INITIAL_MEAN_SCORE`], never less than [`MIN_MEAN_SCORE`]), so that the average label
//! earns the reward: the vendor pays about `reward_per_label` per label, and an uninformed
//! label, scoring zero on average, still earns nothing on average. Where uninformative labels
//! pull the mean down, informative ones earn more.
//!
//! A positive normalized score is paid from escrow: `reward × min(score, pay_cap)`. A negative
//! one is slashed from the seat's collateral in the same proportion of value: `collateral ×
//! min(1, |score| × reward / (pay_cap × (reward + bonus)))`, which is `reward × |score|` when
//! the collateral is the minimum `pay_cap × (reward + bonus)` in the stake asset.
//!
//! **Gold items** are judged on correctness alone: a label matching the gold answer earns the
//! reward and the bonus, a wrong one loses `gold_fail_slash` of the collateral (all of it by
//! default). Since annotators cannot tell gold items apart, this is where answering without
//! looking loses money: a lazy answerer on 60/40 classes fails 40 % of gold items, a random
//! one half.

use crate::{consensus, types::*};
use frame_support::BoundedVec;
use sp_runtime::{FixedPointNumber, FixedU128, Perbill};

/// One, in score units (millionths).
pub const ONE: i64 = WEIGHT_ONE as i64;
/// Samples from other items below which the estimate is filled up with the schema's prior
/// (a task's first reveals).
pub const MIN_CHANCE_SAMPLES: u32 = 4;
/// Pseudo-samples that agree with every label, added to the estimate of `p(label)`: an answer
/// is never assumed rarer than it is, so where every vote is the same, that vote agrees by
/// chance with certainty and scores nothing.
const PRIOR_AGREEING: u64 = 1;

/// How often two labels of `schema` agree by chance with nothing known: one over the number of
/// classes for categorical labels, zero for the others.
pub fn prior_chance(schema: &LabelSchema) -> u32 {
	match schema {
		LabelSchema::Categorical { classes } => WEIGHT_ONE / (*classes).max(1),
		_ => 0,
	}
}

/// The estimated probability (millionths) that `label`, given on `item`, agrees with a vote on
/// another item of the task: its agreement with the task's recent reveals on other items, plus
/// one pseudo-sample that agrees and, while fewer than [`MIN_CHANCE_SAMPLES`] such reveals
/// exist, pseudo-samples at the schema's prior up to that number.
pub fn chance_of(
	schema: &LabelSchema,
	label: &Label,
	item: ItemId,
	samples: &[(ItemId, Label)],
) -> u32 {
	let (mut n, mut hits) = (0u64, 0u64);
	for (other, sample) in samples {
		if *other != item {
			n += 1;
			hits += consensus::labels_agree(schema, label, sample) as u64;
		}
	}
	let fill = (MIN_CHANCE_SAMPLES as u64).saturating_sub(n);
	let numerator = (hits + PRIOR_AGREEING) * ONE as u64 + fill * prior_chance(schema) as u64;
	(numerator / (n + PRIOR_AGREEING + fill)).min(ONE as u64) as u32
}

/// The chance-corrected score of a label whose peers agree with it at `hit`, when a label like
/// it agrees with a vote on another item at `p_label` (millionths; may be negative).
pub fn score(hit: u32, p_label: u32) -> i64 {
	hit.min(WEIGHT_ONE) as i64 - p_label.min(WEIGHT_ONE) as i64
}

/// A new task's running mean score: about what informed labels score on two balanced
/// classes.
pub const INITIAL_MEAN_SCORE: i32 = 300_000;
/// The least running mean a score is divided by.
pub const MIN_MEAN_SCORE: i32 = 150_000;

/// `score` divided by the task's running mean score (at least [`MIN_MEAN_SCORE`]).
pub fn normalized(score: i64, mean: i32) -> i64 {
	score.saturating_mul(ONE) / mean.max(MIN_MEAN_SCORE) as i64
}

/// Moves a task's running mean score a thirty-second of the way to `score`.
pub fn record_score(mean: &mut i32, score: i64) {
	let now = *mean as i64;
	let next = now + (score.clamp(-ONE, ONE) - now) / 32;
	*mean = next.clamp(i32::MIN as i64, i32::MAX as i64) as i32;
}

/// What a positive `score` pays: `reward × min(score, cap)`.
pub fn pay_for<
	B: sp_runtime::traits::AtLeast32BitUnsigned + sp_runtime::FixedPointOperand + Copy,
>(
	score: i64,
	reward: B,
	cap_percent: u32,
) -> B {
	if score <= 0 {
		return B::zero();
	}
	let cap = cap_percent as i64 * ONE / 100;
	FixedU128::saturating_from_rational(score.min(cap) as u128, ONE as u128)
		.saturating_mul_int(reward)
}

/// The share of a seat's collateral a negative `score` slashes:
/// `min(1, |score| × reward / (cap × (reward + bonus)))`.
pub fn slash_share<B: sp_runtime::traits::AtLeast32BitUnsigned + Copy>(
	score: i64,
	reward: B,
	bonus: B,
	cap_percent: u32,
) -> Perbill {
	if score >= 0 {
		return Perbill::zero();
	}
	let magnitude = score.unsigned_abs() as u128;
	let reward: u128 = reward.unique_saturated_into();
	let bonus: u128 = bonus.unique_saturated_into();
	// |score| / ONE × reward / (cap / 100 × (reward + bonus))
	let numerator = magnitude.saturating_mul(reward).saturating_mul(100);
	let denominator = (ONE as u128)
		.saturating_mul(cap_percent.max(1) as u128)
		.saturating_mul(reward.saturating_add(bonus).max(1));
	if numerator >= denominator {
		Perbill::one()
	} else {
		Perbill::from_rational(numerator, denominator)
	}
}

/// Adds a revealed label of `item` to the task's samples, dropping the oldest when full.
pub fn record_revealed(
	samples: &mut BoundedVec<(ItemId, Label), frame_support::traits::ConstU32<CHANCE_SAMPLES>>,
	item: ItemId,
	label: &Label,
) {
	if samples.is_full() {
		samples.remove(0);
	}
	let _ = samples.try_push((item, label.clone()));
}
