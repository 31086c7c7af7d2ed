//! The work the runtime schedules for itself in `on_initialize` (seat draws, dispute steps) is
//! paid by nobody's transaction, so its worst case must fit in the part of a block that normal
//! transactions leave: checked against the measured weights (`weights.rs`) and the block limits.

use frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight};
use frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND;
use labelchain_runtime::{configs::SeatingBudget, Runtime};
use pallet_disputes::WeightInfo as _;
use pallet_labeling::WeightInfo as _;

#[test]
fn scheduled_work_fits_beside_a_full_block_of_transactions() {
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = limits.get(DispatchClass::Normal).max_total.unwrap_or(limits.max_block);
	let left = limits.max_block.saturating_sub(normal).saturating_sub(limits.base_block);
	let cases: u32 = <Runtime as pallet_disputes::Config>::MaxCasesPerBlock::get();
	let step = pallet_disputes::weights::SubstrateWeight::<Runtime>::advance_draw()
		.max(pallet_disputes::weights::SubstrateWeight::<Runtime>::advance_tally());
	// And the labeling pallet's `on_finalize` (the window clock), declared in `on_initialize`.
	let clock = pallet_labeling::weights::SubstrateWeight::<Runtime>::note_congestion();
	// And every block's VRF proof (a mandatory inherent).
	let beacon =
		<pallet_beacon::weights::SubstrateWeight<Runtime> as pallet_beacon::WeightInfo>::note_vrf();
	let db = <Runtime as frame_system::Config>::DbWeight::get();
	// Whatever the number of dispute steps due in the block: the draw seats while the next
	// seat's worst case fits in its budget and is charged what it did, never more than the
	// budget (plus the queue's reads and write and the budget's read); the disputes' schedule
	// is read and written once.
	for due in 0..=cases {
		let budget = SeatingBudget::with_steps(due);
		let draws = budget.saturating_add(db.reads_writes(3, 1));
		let steps = step.saturating_mul(due as u64).saturating_add(db.reads_writes(2, 1));
		let scheduled: Weight =
			draws.saturating_add(steps).saturating_add(clock).saturating_add(beacon);
		assert!(
			scheduled.ref_time() <= left.ref_time(),
			"seat draws ({draws:?}) and {due} dispute steps ({steps:?}) exceed the {left:?} \
			 that normal transactions and the block's base leave"
		);
		// Room for the draw in every case, more with fewer steps.
		assert!(budget.ref_time() >= WEIGHT_REF_TIME_PER_SECOND / 10);
		if due > 0 {
			assert!(budget.ref_time() < SeatingBudget::with_steps(due - 1).ref_time());
		}
	}
	// A request of the most seats, each draw probing the whole open set, always fits in one
	// block's budget, even with the most dispute steps due: none waits forever.
	let per_request: u32 = <Runtime as pallet_labeling::Config>::MaxSeatsPerRequest::get();
	let worst = pallet_labeling::Pallet::<Runtime>::seating_worst(per_request);
	assert!(
		worst.all_lte(SeatingBudget::with_steps(cases)),
		"a request of {per_request} seats may weigh {worst:?}"
	);
}

/// The budget a block's draw gets is the one for the dispute steps scheduled in that block.
#[test]
fn the_draw_gets_what_the_blocks_dispute_steps_leave() {
	sp_io::TestExternalities::default().execute_with(|| {
		frame_system::Pallet::<Runtime>::set_block_number(7);
		let budget = <Runtime as pallet_labeling::Config>::MaxSeatingWeight::get();
		assert_eq!(budget, SeatingBudget::with_steps(0));
		pallet_disputes::Schedule::<Runtime>::insert(
			7,
			frame_support::BoundedVec::truncate_from(vec![(0, 0), (1, 0)]),
		);
		let budget = <Runtime as pallet_labeling::Config>::MaxSeatingWeight::get();
		assert_eq!(budget, SeatingBudget::with_steps(2));
		// Another block's steps leave this block's budget alone.
		frame_system::Pallet::<Runtime>::set_block_number(8);
		assert_eq!(
			<Runtime as pallet_labeling::Config>::MaxSeatingWeight::get(),
			SeatingBudget::with_steps(0)
		);
	});
}

/// The block limits use the fixed costs measured for this runtime (`runtime/src/weights`), not
/// the reference numbers `with_sensible_defaults` would fall back to, and they are valid.
#[test]
fn block_limits_charge_the_measured_base_weights() {
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	assert!(limits.clone().validate().is_ok(), "{:?}", limits.clone().validate());
	assert_eq!(limits.base_block, labelchain_runtime::weights::BlockExecutionWeight::get());
	assert_ne!(limits.base_block, frame_support::weights::constants::BlockExecutionWeight::get());
	for class in DispatchClass::all() {
		assert_eq!(
			limits.get(*class).base_extrinsic,
			labelchain_runtime::weights::ExtrinsicBaseWeight::get()
		);
	}
	assert_eq!(
		limits.max_block.ref_time(),
		frame_support::weights::constants::WEIGHT_REF_TIME_PER_SECOND
	);
	assert_eq!(
		limits.get(DispatchClass::Normal).max_total,
		Some(frame_support::sp_runtime::Perbill::from_percent(75) * limits.max_block)
	);
}
