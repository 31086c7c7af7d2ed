//! The incentive goals of issue 16, checked on a short run of every scenario (a quarter of the
//! items of `scripts/simulate.sh`, whose full-scale results, where every goal is held exactly,
//! are in `benchmarks/incentives.md`). The runs are seeded, so this is deterministic: a rule
//! change that lets a strategy profit, lets a sybil outweigh honest work or makes the chain
//! clearly less accurate than majority vote fails here.

use labelchain_sim::{catalog, scenario};

/// How far below its target an accuracy goal may fall in the short run: with about 300 items
/// a scenario, one item is 0.3 points, and the weights have had less gold to learn from than
/// at full scale. Goals on profits and weights are held exactly.
const SHORT_RUN_ACCURACY_SLACK: f64 = 0.005;

#[test]
fn every_strategic_attack_loses_and_honest_work_pays() {
	let results: Vec<_> = catalog::all(0.25).iter().map(scenario::run).collect();
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
