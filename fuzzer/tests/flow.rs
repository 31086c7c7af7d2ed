//! The harness builds blocks in which a whole labeling round happens: from the fuzzer's prelude
//! (a task, bonded annotators), an annotator requests a seat, is seated by the chain, commits,
//! and reveals once the commit window closes — each step a signed extrinsic in an
//! `Executive`-built block, with the invariants checked after every block. (If the harness could
//! not get this far, fuzzing would only ever test argument checks.)

use labelchain_fuzzer::{
	chain::Chain,
	gen::{account, prelude, Memo, Step},
};
use labelchain_runtime::{Runtime, RuntimeCall};
use pallet_labeling::{Label, LabelSchema};

fn labeling(who: usize, call: pallet_labeling::Call<Runtime>) -> Step {
	Step { who, call: RuntimeCall::Labeling(call), fee_in_lbl: false }
}

#[test]
fn a_labeling_round_runs_through_executive_built_blocks() {
	let config = labelchain_runtime::genesis_config_presets::preset_config(
		&sp_genesis_builder::PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
	)
	.expect("preset");
	sp_io::TestExternalities::default().execute_with(|| {
		frame_support::genesis_builder_helper::build_state::<
			labelchain_runtime::RuntimeGenesisConfig,
		>(config)
		.expect("genesis");
		let mut chain = Chain::start(None).expect("starts");
		for step in prelude(LabelSchema::Categorical { classes: 3 }, false, &mut Memo::default()) {
			chain.submit(&step).expect("applied");
		}
		chain.next_block().expect("block");
		chain
			.submit(&labeling(1, pallet_labeling::Call::request_seats { task: 0, count: 1 }))
			.expect("applied");
		chain.next_block().expect("block");
		chain.next_block().expect("block");
		let seats = pallet_labeling::Pallet::<Runtime>::api_annotator(&account(1)).seats;
		assert_eq!(seats.len(), 1, "Bob is seated");
		let (task, item) = seats[0];
		let (label, salt) = (Label::Class(2), [7u8; 32]);
		let commitment =
			pallet_labeling::annotation::commitment_of(task, item, 0, &account(1), &label, &salt);
		chain
			.submit(&labeling(1, pallet_labeling::Call::commit { task, item, commitment }))
			.expect("applied");
		// The commit window (the chain's shortest) closes; the reveal window opens.
		let window = pallet_labeling::Parameters::<Runtime>::get().min_commit_window;
		for _ in 0..window {
			chain.next_block().expect("block");
		}
		chain
			.submit(&labeling(1, pallet_labeling::Call::reveal { task, item, label, salt }))
			.expect("applied");
		chain.close_block().expect("closes");
		let ok: Vec<_> = chain
			.stats
			.outcomes
			.keys()
			.filter(|(_, _, o)| o == "ok")
			.map(|(p, c, _)| (*p, *c))
			.collect();
		for call in [0u8, 7, 10, 11, 12] {
			assert!(
				ok.contains(&(20, call)),
				"labeling call {call} did not succeed: {:?}",
				chain.stats.outcomes
			);
		}
	});
}
