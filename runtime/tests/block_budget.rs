//! The work the runtime schedules for itself in `on_initialize` (seat draws, dispute steps) is
//! paid by nobody's transaction, so its worst case must fit in the part of a block that normal
//! transactions leave: checked against the measured weights (`weights.rs`) and the block limits.

use frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight};
use labelchain_runtime::Runtime;
use pallet_disputes::WeightInfo as _;
use pallet_labeling::WeightInfo as _;

#[test]
fn scheduled_work_fits_beside_a_full_block_of_transactions() {
	let limits = <Runtime as frame_system::Config>::BlockWeights::get();
	let normal = limits.get(DispatchClass::Normal).max_total.unwrap_or(limits.max_block);
	let left = limits.max_block.saturating_sub(normal);

	// The draw seats a request only while its worst case fits in the budget, and is charged
	// what it did, never more than that worst case (plus the queue's reads and write).
	let draws = <Runtime as pallet_labeling::Config>::MaxSeatingWeight::get()
		.saturating_add(<Runtime as frame_system::Config>::DbWeight::get().reads_writes(2, 1));
	let cases: u32 = <Runtime as pallet_disputes::Config>::MaxCasesPerBlock::get();
	let step = pallet_disputes::weights::SubstrateWeight::<Runtime>::advance_draw()
		.max(pallet_disputes::weights::SubstrateWeight::<Runtime>::advance_tally());
	let steps = step.saturating_mul(cases as u64);
	// And the labeling pallet's `on_finalize` (the window clock), declared in `on_initialize`.
	let clock = pallet_labeling::weights::SubstrateWeight::<Runtime>::note_congestion();
	// And every block's VRF proof (a mandatory inherent).
	let beacon =
		<pallet_beacon::weights::SubstrateWeight<Runtime> as pallet_beacon::WeightInfo>::note_vrf();
	let scheduled: Weight =
		draws.saturating_add(steps).saturating_add(clock).saturating_add(beacon);
	assert!(
		scheduled.ref_time() <= left.ref_time(),
		"seat draws ({draws:?}) and {cases} dispute steps ({steps:?}) exceed the {left:?} \
		 that normal transactions leave"
	);
	// A request of the most seats, each draw probing the whole open set, always fits in one
	// block's budget: none waits forever.
	let per_request: u32 = <Runtime as pallet_labeling::Config>::MaxSeatsPerRequest::get();
	let worst = pallet_labeling::Pallet::<Runtime>::seating_worst(per_request);
	assert!(
		worst.all_lte(<Runtime as pallet_labeling::Config>::MaxSeatingWeight::get()),
		"a request of {per_request} seats may weigh {worst:?}"
	);
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
