//! The short fuzz run of the test command: the corpus (`fuzzer/corpus/`, inputs that reached new
//! behaviour in long runs, and every input that once broke an invariant, as a regression) and a
//! few programs from fixed seeds, each on a fresh chain with every invariant checked after every
//! block.

use labelchain_fuzzer::{input::SplitMix, run};
use std::{fs, path::Path};

#[test]
fn the_corpus_and_seeded_programs_break_no_invariant() {
	let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
	let mut files: Vec<_> = fs::read_dir(&dir)
		.expect("the corpus directory")
		.filter_map(|e| e.ok())
		.map(|e| e.path())
		.filter(|p| p.is_file())
		.collect();
	files.sort();
	let mut blocks = 0;
	let mut outcomes = std::collections::BTreeSet::new();
	let mut ok = std::collections::BTreeSet::new();
	for file in &files {
		let data = fs::read(file).expect("readable");
		match run(&data, None) {
			Ok(s) => {
				blocks += s.blocks;
				for ((p, c, o), _) in s.outcomes {
					if o == "ok" {
						ok.insert((p, c));
					}
					outcomes.insert((p, c, o));
				}
			}
			Err(v) => panic!("{}: broken at block #{}: {}", file.display(), v.block, v.what),
		}
	}
	let mut rng = SplitMix(20261203);
	for i in 0..6 {
		let len = 256 + rng.below(1_024) as usize;
		let data = rng.bytes(len);
		match run(&data, None) {
			Ok(s) => {
				blocks += s.blocks;
				for ((p, c, o), _) in s.outcomes {
					if o == "ok" {
						ok.insert((p, c));
					}
					outcomes.insert((p, c, o));
				}
			}
			Err(v) => panic!("seeded program {i}: broken at block #{}: {}", v.block, v.what),
		}
	}
	println!(
		"{} corpus inputs and 6 seeded programs: {blocks} blocks, {} outcomes",
		files.len(),
		outcomes.len()
	);
	// The programs reach the labeling market, not only argument checks.
	assert!(blocks > 50, "{blocks} blocks");
}
