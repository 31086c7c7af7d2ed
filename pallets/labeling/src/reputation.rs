//! Reputation: an annotator's vote weight from their gold-item record, and the failure-rate
//! rule that suspends annotators who keep getting labels wrong.
//!
//! ## Vote weight
//! One-coin Dawid–Skene models each annotator as answering correctly with probability `p`; the
//! Bayes-optimal weight of their vote is the log-odds `ln(p / (1 - p))`. We estimate `p` from gold
//! items only, with Laplace smoothing: `p = (1 + passes) / (2 + passes + fails)`, which gives
//!
//! `w = ln((1 + gold_passes) / (1 + gold_fails))`
//!
//! and use `vote_weight = clamp(1 + w, 0.25, 4)`. Gold items, unlike agreement with the
//! majority, measure accuracy without rewarding herding. A newcomer weighs exactly 1; the floor
//! keeps a bad annotator's vote from vanishing (it still counts towards quorum) and the ceiling
//! keeps one expert from outvoting three newcomers.
//!
//! All arithmetic is integer: `ln` is computed in fixed point with 10^12 scale from
//! `ln n = k ln 2 + 2 atanh((m - 1) / (m + 1))`, `n = m 2^k`, `m` in `[1, 2)`, whose series
//! converges fast because `|z| < 1/3`; twelve terms keep the error below 10^-11.

use crate::types::{Reputation, WEIGHT_ONE};

/// Fixed-point scale of the internal `ln`.
pub const SCALE: i128 = 1_000_000_000_000;
/// ln 2 × 10^12.
const LN_2: i128 = 693_147_180_560;
/// Least vote weight, in millionths.
pub const MIN_VOTE_WEIGHT: u32 = WEIGHT_ONE / 4;
/// Greatest vote weight, in millionths.
pub const MAX_VOTE_WEIGHT: u32 = WEIGHT_ONE * 4;

/// `ln(n) × 10^12` for `n ≥ 1`.
pub fn ln_scaled(n: u64) -> i128 {
	if n <= 1 {
		return 0;
	}
	let k = 63 - n.leading_zeros(); // 2^k ≤ n < 2^(k+1)
	let base = 1u128 << k;
	let n = n as u128;
	// z = (m - 1) / (m + 1) = (n - 2^k) / (n + 2^k), in [0, 1/3).
	let z = ((n - base) as i128 * SCALE) / ((n + base) as i128);
	let z2 = z * z / SCALE;
	let mut term = z;
	let mut sum = 0i128;
	let mut denominator = 1i128;
	for _ in 0..12 {
		sum += term / denominator;
		term = term * z2 / SCALE;
		denominator += 2;
	}
	(k as i128) * LN_2 + 2 * sum
}

/// `ln(numerator / denominator)` in millionths.
pub fn ln_ratio_micro(numerator: u64, denominator: u64) -> i64 {
	let diff = ln_scaled(numerator.max(1)) - ln_scaled(denominator.max(1));
	(diff / 1_000_000) as i64
}

/// The vote weight of a track record, in millionths (see the module documentation).
pub fn vote_weight(rep: &Reputation) -> u32 {
	let w = ln_ratio_micro(
		1u64.saturating_add(rep.gold_passes as u64),
		1u64.saturating_add(rep.gold_fails as u64),
	);
	let weight = (WEIGHT_ONE as i64).saturating_add(w);
	weight.clamp(MIN_VOTE_WEIGHT as i64, MAX_VOTE_WEIGHT as i64) as u32
}

/// Records one settled label (a failure or not) in the recent window of `window` labels and
/// returns whether the failure rate over a full window now exceeds `max_failure_rate`. The
/// window is cleared when it does, so that one streak suspends once.
pub fn record_outcome(
	rep: &mut Reputation,
	failed: bool,
	window: u8,
	max_failure_rate: sp_runtime::Perbill,
) -> bool {
	let window = window.clamp(1, crate::types::MAX_FAILURE_WINDOW);
	let mask: u32 = if window >= 32 { u32::MAX } else { (1u32 << window) - 1 };
	rep.recent = ((rep.recent << 1) | failed as u32) & mask;
	rep.recent_len = rep.recent_len.saturating_add(1).min(window);
	if rep.recent_len < window {
		return false;
	}
	let failures = rep.recent.count_ones() as u64;
	// failures / window > max_failure_rate, exactly.
	let over = failures * 1_000_000_000 > (max_failure_rate.deconstruct() as u64) * window as u64;
	if over {
		rep.recent = 0;
		rep.recent_len = 0;
	}
	over
}
