//! The incentive goals of issue 16, checked on a short run: every scenario at a quarter of the
//! items of `scripts/simulate.sh` (whose full-scale results are in `benchmarks/incentives.md`),
//! except the two that hold the 98 % accuracy goal, which run at full scale (with ~365 items
//! a quarter-scale run measures accuracy to ±0.7 points, too coarse for that goal). The runs
//! are seeded, so this is deterministic: a rule change that lets a strategy profit, lets a
//! sybil outweigh honest work or makes the chain less accurate fails here.

use labelchain_sim::{catalog, scenario};

/// How far below majority vote the chain may fall in a quarter-scale scenario: one item is 0.3
/// points there, and the weights have had less gold to learn from than at full scale. Goals on
/// profits and weights, and the 98 % goal (run at full scale), are held exactly.
const SHORT_RUN_ACCURACY_SLACK: f64 = 0.005;

#[test]
fn every_strategic_attack_loses_and_honest_work_pays() {
	let full = catalog::all(1.0);
	let results: Vec<_> = catalog::all(0.25)
		.iter()
		.zip(&full)
		.map(|(short, full)| {
			assert_eq!(short.name, full.name);
			if short.name.contains("quality vendor") {
				scenario::run(full)
			} else {
				scenario::run(short)
			}
		})
		.collect();
	let goals = catalog::goals(&results);
	// Every scenario reports at least the comparison with majority vote.
	assert!(goals.len() >= results.len(), "{} goals for {} scenarios", goals.len(), results.len());
	for g in &goals {
		println!("{} {} — {}", if g.met { "met" } else { "NOT MET" }, g.goal, g.measured);
	}
	let failed: Vec<_> = goals
		.iter()
		.filter(|g| {
			!g.met
				&& (g.accuracy_shortfall == 0.0 || g.accuracy_shortfall > SHORT_RUN_ACCURACY_SLACK)
		})
		.collect();
	assert!(failed.is_empty(), "goals not met: {failed:#?}");
}
