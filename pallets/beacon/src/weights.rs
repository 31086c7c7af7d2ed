//! Weights of `pallet_beacon`: replaced by `scripts/benchmark.sh`.

#![allow(unused_parens, unused_imports, missing_docs)]

use core::marker::PhantomData;
use frame_support::{
	traits::Get,
	weights::{constants::ParityDbWeight, Weight},
};

/// Weight functions needed for `pallet_beacon`.
pub trait WeightInfo {
	fn note_vrf() -> Weight;
}

/// Weights for `pallet_beacon`, with the runtime's database weights.
pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn note_vrf() -> Weight {
		// Not yet measured.
		Weight::from_parts(1_000_000_000, 2_000)
			.saturating_add(T::DbWeight::get().reads(3))
			.saturating_add(T::DbWeight::get().writes(2))
	}
}

impl WeightInfo for () {
	fn note_vrf() -> Weight {
		Weight::from_parts(1_000_000_000, 2_000)
			.saturating_add(ParityDbWeight::get().reads(3))
			.saturating_add(ParityDbWeight::get().writes(2))
	}
}
