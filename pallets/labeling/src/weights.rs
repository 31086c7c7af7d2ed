//! PROVISIONAL: replaced by `scripts/benchmark.sh` output before this pallet is used.
#![allow(unused_parens)]
#![allow(unused_imports)]
#![allow(missing_docs)]

use core::marker::PhantomData;
use frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

/// Weight functions needed for `pallet_labeling`.
pub trait WeightInfo {
	fn create_task(i: u32) -> Weight;
	fn add_items(i: u32) -> Weight;
	fn top_up() -> Weight;
	fn cancel_task() -> Weight;
	fn close_task() -> Weight;
	fn purge_task(n: u32) -> Weight;
	fn reveal_gold() -> Weight;
	fn bond() -> Weight;
	fn unbond() -> Weight;
	fn withdraw_unbonded() -> Weight;
	fn take_slot() -> Weight;
	fn commit() -> Weight;
	fn reveal() -> Weight;
	fn denounce() -> Weight;
	fn settle() -> Weight;
	fn claim_payout() -> Weight;
	fn update_params() -> Weight;
	fn spend_slashed() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn create_task(_i: u32) -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn add_items(_i: u32) -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn top_up() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn cancel_task() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn close_task() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn purge_task(_n: u32) -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn reveal_gold() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn bond() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn unbond() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn withdraw_unbonded() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn take_slot() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn commit() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn reveal() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn denounce() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn settle() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn claim_payout() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn update_params() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn spend_slashed() -> Weight { Weight::from_parts(500_000_000, 20_000) }
}

impl WeightInfo for () {
	fn create_task(_i: u32) -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn add_items(_i: u32) -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn top_up() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn cancel_task() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn close_task() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn purge_task(_n: u32) -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn reveal_gold() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn bond() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn unbond() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn withdraw_unbonded() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn take_slot() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn commit() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn reveal() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn denounce() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn settle() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn claim_payout() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn update_params() -> Weight { Weight::from_parts(500_000_000, 20_000) }
	fn spend_slashed() -> Weight { Weight::from_parts(500_000_000, 20_000) }
}
