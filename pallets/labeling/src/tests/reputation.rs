//! Vote weights and the failure-rate window.

use crate::{reputation::*, types::*};
use sp_runtime::Perbill;

#[test]
fn ln_matches_floating_point() {
	for n in [1u64, 2, 3, 5, 7, 10, 100, 12345, 1 << 20, u32::MAX as u64, u64::MAX / 3] {
		let exact = (n as f64).ln();
		let got = ln_scaled(n) as f64 / SCALE as f64;
		assert!((exact - got).abs() < 1e-10, "ln({n}) = {got}, expected {exact}");
	}
}

#[test]
fn newcomer_weighs_one_and_weights_are_clamped() {
	let mut rep = Reputation::default();
	assert_eq!(vote_weight(&rep), WEIGHT_ONE);
	rep.gold_passes = 4; // 1 + ln 5 = 2.609438
	assert_eq!(vote_weight(&rep), 2_609_437);
	rep.gold_passes = 1000;
	assert_eq!(vote_weight(&rep), MAX_VOTE_WEIGHT);
	rep.gold_passes = 0;
	rep.gold_fails = 1; // 1 - ln 2 = 0.306853
	assert_eq!(vote_weight(&rep), 306_853);
	rep.gold_fails = 50;
	assert_eq!(vote_weight(&rep), MIN_VOTE_WEIGHT);
}

#[test]
fn failure_rate_triggers_only_on_a_full_window_over_the_limit() {
	let mut rep = Reputation::default();
	let limit = Perbill::from_percent(30);
	// 3 failures out of 10 is not more than 30 %.
	for i in 0..10 {
		assert!(!record_outcome(&mut rep, i >= 7, 10, limit));
	}
	// A fourth failure in the window is.
	assert!(record_outcome(&mut rep, true, 10, limit));
	assert_eq!((rep.recent, rep.recent_len), (0, 0));
	// Early failures do not trigger before the window is full.
	for _ in 0..9 {
		assert!(!record_outcome(&mut rep, true, 10, limit));
	}
	assert!(record_outcome(&mut rep, true, 10, limit));
}
