//! Whole-runtime fuzzing of LabelChain, in the manner of `substrate-runtime-fuzzer`: a fuzz
//! input is read as a program — time passing, and signed, sudo (root) and council extrinsics of
//! every pallet from the development accounts — that builds real blocks with the runtime's
//! `Executive` on the development genesis; after every block, every invariant is checked
//! (`invariants.rs`). Any input that breaks one, or panics the runtime, is a bug.
//!
//! `scripts/fuzz.sh` runs the fuzzer for as long as asked, with the corpus in `fuzzer/corpus/`;
//! `cargo test -p labelchain-fuzzer` replays the corpus and a few seeded programs.

pub mod chain;
pub mod gen;
pub mod input;
pub mod invariants;
pub mod story;

use chain::{Chain, Stats, Violation};
use frame_support::genesis_builder_helper::build_state;
use input::Input;
use labelchain_runtime::{genesis_config_presets::preset_config, RuntimeGenesisConfig};
use sp_genesis_builder::{PresetId, DEV_RUNTIME_PRESET};
use std::time::Duration;

/// The most steps one input runs (a longer input's tail is ignored).
pub const MAX_STEPS: u32 = 400;

/// Runs the program `data` on a fresh development chain; `block_budget` bounds each block's
/// wall-clock time (`None`: unchecked).
pub fn run(data: &[u8], block_budget: Option<Duration>) -> Result<Stats, Violation> {
	let config = preset_config(&PresetId::from(DEV_RUNTIME_PRESET))
		.ok_or_else(|| Violation { block: 0, what: "the development preset is missing".into() })?;
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(config)
			.map_err(|e| Violation { block: 0, what: format!("genesis: {e}") })?;
		let mut chain = Chain::start(block_budget)?;
		let mut inp = Input::new(data);
		let mut memo = gen::Memo::default();
		// The first byte picks the prelude's schema, whether it has gold, and whether reviewers
		// stand.
		let first = inp.byte();
		let schema = match first % 4 {
			0 => pallet_labeling::LabelSchema::Categorical { classes: 3 },
			1 => pallet_labeling::LabelSchema::MultiLabel { classes: 3 },
			2 => pallet_labeling::LabelSchema::BoundingBoxes {
				classes: 2,
				max_boxes: 2,
				min_iou: sp_runtime::Perbill::from_percent(50),
			},
			_ => pallet_labeling::LabelSchema::FreeText,
		};
		// Bit 3: a "veterans" program, with reviewers standing (disputes get panels).
		let veterans = first & 8 != 0;
		let mut start = gen::prelude(schema, first & 4 != 0, &mut memo);
		if veterans {
			start.extend(gen::veterans());
		}
		for step in start {
			chain.submit(&step)?;
		}
		chain.next_block()?;
		let mut steps = 0;
		while !inp.is_empty() && steps < MAX_STEPS {
			steps += 1;
			if veterans && inp.one_in(3) {
				// An item moves on through its life (see `story`).
				story::advance(&mut inp, &mut memo, &mut chain)?;
			} else if inp.one_in(8) {
				// Time passes: a few blocks, a window's length, or across windows and sessions.
				let blocks = match inp.below(8) {
					0 => inp.range(20, 120),
					1..=3 => inp.range(5, 15),
					_ => inp.range(1, 4),
				};
				for _ in 0..blocks {
					chain.next_block()?;
				}
			} else {
				let step = gen::step(&mut inp, &mut memo);
				chain.submit(&step)?;
			}
		}
		chain.close_block()?;
		Ok(chain.stats)
	})
}
