//! Pay: what a label earns or loses once its item's label is accepted, by chance-corrected
//! agreement.
//!
//! Paying for agreement with the accepted label (output agreement) pays an annotator who
//! answers the most common class without looking: on 60/40 classes they agree 60 % of the time.
//! So a label is scored by how much more often it agrees than chance would make it:
//!
//! `score = (agrees − p(label)) / (1 − c)`
//!
//! where `agrees` is 1 when the label agrees with the item's accepted label (else 0), `p(label)`
//! is how often the label agrees with the task's other accepted labels (estimated from the last
//! [`CHANCE_SAMPLES`] accepted labels of the task), and `c` is how often two accepted labels of
//! the task agree (a running average of the same estimate). This is the correlated-agreement
//! idea of Shnayder et al. (EC 2016) with the penalty taken in expectation: for any answer that
//! does not depend on the item — always one class, a random class, a fixed label agreed by a
//! bloc — `agrees` and `p(label)` have the same expectation, so the score averages zero, while
//! an informed annotator scores `(q − c) / (1 − c)` (Cohen's kappa of their labels against the
//! accepted ones). Dividing by `1 − c` makes a label earn the full reward on a task whose
//! labels are evenly spread; a rare label that agrees earns more (up to `pay_cap`).
//!
//! A positive score is paid from escrow: `reward × min(score, pay_cap)`. A negative score is
//! slashed from the seat's collateral in the same proportion of value: `collateral ×
//! min(1, |score| × reward / (pay_cap × (reward + bonus)))`, which is `reward × |score|` when
//! the collateral is the minimum `pay_cap × (reward + bonus)` in the stake asset. Gold items
//! are scored against the gold answer and add the bonus on a pass; a gold fail slashes
//! `gold_fail_slash` of the collateral instead.

use crate::{consensus, types::*};
use frame_support::BoundedVec;
use sp_runtime::{FixedPointNumber, FixedU128, Perbill};

/// One, in score units (millionths).
pub const ONE: i64 = WEIGHT_ONE as i64;
/// Largest chance rate used to normalize scores (so `1 / (1 - c)` stays at most 10).
pub const MAX_CHANCE: u32 = 900_000;
/// Pseudo-samples of the prior in the estimate of `p(label)`.
const PRIOR_SAMPLES: u64 = 2;

/// How often two labels of `schema` agree by chance before a task has accepted any: one over
/// the number of classes for categorical labels, zero for the others.
pub fn prior_chance(schema: &LabelSchema) -> u32 {
	match schema {
		LabelSchema::Categorical { classes } => WEIGHT_ONE / (*classes).max(1),
		_ => 0,
	}
}

/// The estimated probability (millionths) that `label` agrees with a random accepted label of
/// the task: its agreement with `samples`, smoothed towards `chance`.
pub fn chance_of(schema: &LabelSchema, label: &Label, samples: &[Label], chance: u32) -> u32 {
	let hits = samples.iter().filter(|s| consensus::labels_agree(schema, label, s)).count() as u64;
	let n = samples.len() as u64;
	let p = (hits * ONE as u64 + PRIOR_SAMPLES * chance as u64) / (n + PRIOR_SAMPLES);
	p.min(ONE as u64) as u32
}

/// The chance-corrected score of a label (millionths, may be negative).
pub fn score(agrees: bool, p_label: u32, chance: u32) -> i64 {
	let c = chance.min(MAX_CHANCE) as i64;
	let hit = if agrees { ONE } else { 0 };
	(hit - p_label as i64) * ONE / (ONE - c)
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

/// Updates a task's chance estimate with a newly accepted `label`, then adds the label to the
/// samples (dropping the oldest when full). The running average moves an eighth of the way.
pub fn record_accepted(
	schema: &LabelSchema,
	label: &Label,
	samples: &mut BoundedVec<Label, frame_support::traits::ConstU32<CHANCE_SAMPLES>>,
	chance: &mut u32,
) {
	if !samples.is_empty() {
		let hits = samples.iter().filter(|s| consensus::labels_agree(schema, label, s)).count();
		let rate = (hits as u64 * ONE as u64 / samples.len() as u64) as i64;
		let now = *chance as i64;
		*chance = (now + (rate - now) / 8).clamp(0, ONE) as u32;
	}
	if samples.is_full() {
		samples.remove(0);
	}
	let _ = samples.try_push(label.clone());
}
