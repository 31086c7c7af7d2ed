//! The harness builds blocks in which a whole labeling round happens: a task is created, an
//! annotator bonds, requests a seat, is seated by the chain, commits, and reveals once the commit
//! window closes — each step through signed extrinsics in `Executive`-built blocks, with the
//! invariants checked after every block. (If the harness could not get this far, fuzzing would
//! only ever test argument checks.)

use frame_support::BoundedVec;
use labelchain_fuzzer::{
	chain::Chain,
	gen::{account, Step},
};
use labelchain_runtime::{RuntimeCall, LBL_ASSET_ID, UNIT};
use pallet_labeling::{ContentRef, Label, LabelSchema, NewItem, TaskSpec};
use sp_core::H256;
use sp_runtime::Perbill;

fn labeling(who: usize, call: pallet_labeling::Call<labelchain_runtime::Runtime>) -> Step {
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
		let spec = TaskSpec {
			instructions: ContentRef {
				uri: BoundedVec::truncate_from(b"ipfs://i".to_vec()),
				hash: H256::repeat_byte(1),
			},
			schema: LabelSchema::Categorical { classes: 3 },
			redundancy: 1,
			max_seats: 1,
			confidence: Perbill::from_percent(60),
			commit_window: 10,
			reveal_window: 10,
			reward_asset: LBL_ASSET_ID,
			reward_per_label: 1_000_000,
			gold_bonus: 0,
			collateral: pallet_labeling::Parameters::<labelchain_runtime::Runtime>::get()
				.min_collateral,
			with_gold: false,
			min_stake: 100 * UNIT,
			min_reputation: 0,
		};
		let item = NewItem {
			content: ContentRef {
				uri: BoundedVec::truncate_from(b"ipfs://x".to_vec()),
				hash: H256::repeat_byte(2),
			},
			answer_commitment: None,
		};
		let steps = [
			labeling(
				4,
				pallet_labeling::Call::create_task {
					spec,
					items: BoundedVec::truncate_from(vec![item]),
				},
			),
			labeling(1, pallet_labeling::Call::bond { amount: 200 * UNIT }),
		];
		for s in &steps {
			chain.submit(s).expect("applied");
		}
		chain.next_block().expect("block");
		chain
			.submit(&labeling(1, pallet_labeling::Call::request_seats { task: 0, count: 1 }))
			.expect("applied");
		chain.next_block().expect("block");
		chain.next_block().expect("block");
		let seats =
			pallet_labeling::Pallet::<labelchain_runtime::Runtime>::api_annotator(&account(1))
				.seats;
		assert_eq!(seats, vec![(0, 0)], "Bob is seated");
		let label = Label::Class(2);
		let salt = [7u8; 32];
		let commitment =
			pallet_labeling::annotation::commitment_of(0, 0, 0, &account(1), &label, &salt);
		chain
			.submit(&labeling(1, pallet_labeling::Call::commit { task: 0, item: 0, commitment }))
			.expect("applied");
		chain.next_block().expect("block");
		chain
			.submit(&labeling(1, pallet_labeling::Call::reveal { task: 0, item: 0, label, salt }))
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
