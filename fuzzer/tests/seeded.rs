//! The short fuzz run of the test command: the CI corpus (`fuzzer/corpus/ci/`: inputs from long
//! runs that reach reveals, settlements and disputes, and every input that once broke an
//! invariant, as a regression) and a few programs from fixed seeds, each on a fresh chain with
//! every invariant checked after every block.

use labelchain_fuzzer::{input::SplitMix, run};
use std::{collections::BTreeSet, fs, path::Path};

#[test]
fn the_ci_corpus_and_seeded_programs_break_no_invariant() {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/ci");
	let mut inputs: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
		.expect("the CI corpus")
		.filter_map(|e| e.ok())
		.map(|e| e.path())
		.filter(|p| p.is_file())
		.map(|p| (p.display().to_string(), fs::read(&p).expect("readable")))
		.collect();
	inputs.sort();
	let corpus = inputs.len();
	let mut rng = SplitMix(20261203);
	for i in 0..2 {
		let len = 256 + rng.below(1_024) as usize;
		inputs.push((format!("seeded program {i}"), rng.bytes(len)));
	}
	let mut blocks = 0;
	let mut succeeded = BTreeSet::new();
	for (name, data) in &inputs {
		match run(data, None) {
			Ok(s) => {
				blocks += s.blocks;
				succeeded.extend(
					s.outcomes.into_keys().filter(|(_, _, o)| o == "ok").map(|(p, c, _)| (p, c)),
				);
			}
			Err(v) => panic!("{name}: broken at block #{}: {}", v.block, v.what),
		}
	}
	println!("{corpus} corpus inputs and 2 seeded programs: {blocks} blocks, calls that succeeded: {succeeded:?}");
	// The programs reach the labeling market's depths, not only argument checks: annotators
	// commit and reveal (labeling calls 11 and 12).
	assert!(succeeded.contains(&(20, 11)) && succeeded.contains(&(20, 12)), "{succeeded:?}");
}
