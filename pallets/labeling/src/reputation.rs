//! Reputation: an annotator's vote weight from their gold-item record, and the rule that
//! suspends annotators who keep failing.
//!
//! ## Vote weight
//! One-coin Dawid–Skene models each annotator as right with probability `p`; the Bayes-optimal
//! weight of their vote is the log-odds `ln(p / (1 - p))`, so the weight margin of a label over
//! another is the log-odds that it, not the other, is right. We estimate `p` from gold items
//! only (agreement with the majority would reward herding), starting from a probation prior of
//! `prior_passes` and `prior_fails` pseudo-outcomes:
//!
//! `weight = clamp(ln((prior_passes + credited_passes) / (prior_fails + credited_fails)), 0, max)`
//!
//! A newcomer weighs `ln(prior_passes / prior_fails)`; an account that answers gold at random
//! drifts to 0, so rotating to fresh accounts buys no more than the prior.
//!
//! **No vendor mints or ruins weight**: a gold pass proves something only if the answer was not
//! known to the annotator, and a vendor's own accounts know its answers; a vendor could also
//! commit false answers to sink a competitor's annotators. So at most
//! `gold_outcomes_per_vendor` gold outcomes — passes and fails alike — from any one vendor move
//! an annotator's weight, tracked per vendor for up to [`MAX_CREDITED_VENDORS`] vendors (further
//! vendors' outcomes do not count; by then the weight is settled). The suspension rule below
//! counts every outcome. Counting passes but not fails past the cap would sink honest
//! annotators who work mostly for one vendor (the simulation showed it: their weights fell below
//! a newcomer's). With `max_vote_weight` at what a good honest record reaches (`ln 4.8`: 18 of 20
//! right under the runtime's prior of 6 passes and 3 fails), a vendor's sybil that never misses
//! weighs no more than an honest annotator can; and since no single vote decides an item
//! ([`consensus`](crate::consensus)), even that weight needs an accomplice seated on the same
//! item by the draw.
//!
//! ## Suspension
//! A one-sided CUSUM test on failures (gold fails, no-reveals, leaked commitments) that
//! starts with the first label: each failure adds `risk_per_failure`, each gold pass removes
//! `risk_per_pass`, the score never goes below zero, and reaching `suspension_threshold`
//! suspends the annotator for `suspension_period` and resets the score. With the default
//! `ln(0.5/0.2)` and `ln(0.8/0.5)` steps it tells a 50 % failure rate from a 20 % one, and a
//! threshold of 8 keeps an honest annotator who fails 20 % of gold items below a 1 % chance of
//! suspension per 100 gold items. Suspension slashes nothing: penalties are per label and
//! proportional to the label's stake, so an honest annotator's loss never grows with their
//! stake, and a fresh account gains nothing from dodging it.
//!
//! All arithmetic is integer: `ln` is computed in fixed point with 10^12 scale from
//! `ln n = k ln 2 + 2 atanh((m - 1) / (m + 1))`, `n = m 2^k`, `m` in `[1, 2)`, whose series
//! converges fast because `|z| < 1/3`; twelve terms keep the error below 10^-11.

use crate::types::{Params, Reputation, VendorCredit, MAX_CREDITED_VENDORS};
use codec::Encode;
use sp_runtime::Perbill;

/// Fixed-point scale of the internal `ln`.
pub const SCALE: i128 = 1_000_000_000_000;
/// ln 2 × 10^12.
const LN_2: i128 = 693_147_180_560;

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

/// The vote weight of a track record under parameters `p`, in millionths (see the module
/// documentation).
pub fn vote_weight<B, N>(rep: &Reputation, p: &Params<B, N>) -> u32 {
	let w = ln_ratio_micro(
		(p.prior_passes as u64).saturating_add(rep.credited_passes as u64).max(1),
		(p.prior_fails as u64).saturating_add(rep.credited_fails as u64).max(1),
	);
	w.clamp(0, p.max_vote_weight as i64) as u32
}

/// `ln(p / (1 - p))` in millionths for a confidence `p` (at least 1/2 gives at least 0): the
/// weight margin a winning label needs.
pub fn margin_for(confidence: Perbill) -> u64 {
	let parts = confidence.deconstruct() as u64;
	let total = Perbill::one().deconstruct() as u64;
	ln_ratio_micro(parts.max(1), total.saturating_sub(parts).max(1)).max(0) as u64
}

/// The tag a vendor's credits are kept under.
pub fn vendor_tag<AccountId: Encode>(vendor: &AccountId) -> [u8; 8] {
	let hash = sp_io::hashing::blake2_256(&vendor.encode());
	let mut tag = [0u8; 8];
	tag.copy_from_slice(&hash[..8]);
	tag
}

/// Records a gold outcome (`passed` or not) on `vendor`'s item: always in `gold_passes` or
/// `gold_fails`, and in the credited counts while the vendor has given fewer than `per_vendor`
/// outcomes. Returns whether it was credited.
pub fn credit_outcome(
	rep: &mut Reputation,
	vendor: [u8; 8],
	passed: bool,
	per_vendor: u32,
) -> bool {
	if passed {
		rep.gold_passes = rep.gold_passes.saturating_add(1);
	} else {
		rep.gold_fails = rep.gold_fails.saturating_add(1);
	}
	let credited = match rep.credits.iter_mut().find(|c| c.vendor == vendor) {
		Some(c) if (c.outcomes as u32) < per_vendor => {
			c.outcomes = c.outcomes.saturating_add(1);
			true
		}
		Some(_) => false,
		None => {
			per_vendor > 0
				&& (rep.credits.len() as u32) < MAX_CREDITED_VENDORS
				&& rep.credits.try_push(VendorCredit { vendor, outcomes: 1 }).is_ok()
		}
	};
	if credited {
		if passed {
			rep.credited_passes = rep.credited_passes.saturating_add(1);
		} else {
			rep.credited_fails = rep.credited_fails.saturating_add(1);
		}
	}
	credited
}

/// Moves the suspension score for one outcome (`failed`, or a gold pass when not) and returns
/// whether it reached the threshold; the score restarts from zero when it does.
pub fn record_risk<B, N>(rep: &mut Reputation, failed: bool, p: &Params<B, N>) -> bool {
	rep.risk = if failed {
		rep.risk.saturating_add(p.risk_per_failure)
	} else {
		rep.risk.saturating_sub(p.risk_per_pass)
	};
	if rep.risk >= p.suspension_threshold {
		rep.risk = 0;
		return true;
	}
	false
}

/// A newcomer's weight under `p` (the probation prior), for tests and clients.
pub fn newcomer_weight<B, N>(p: &Params<B, N>) -> u32 {
	vote_weight(&Reputation::default(), p)
}
