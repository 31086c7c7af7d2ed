//! The one call, in its only case: verifying a VRF proof (a fixed one, made offline).

use super::*;
use crate::benchmarking_fixture as fixture;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn note_vrf() {
		T::SlotAuthor::set(42, sp_core::sr25519::Public::from_raw(fixture::AUTHOR));
		BlockAuthor::<T>::put((42u64, sp_core::sr25519::Public::from_raw(fixture::AUTHOR)));
		Randomness::<T>::put([0u8; 32]);
		Noted::<T>::kill();
		let (pre_output, proof) = fixture::PROOF;
		#[extrinsic_call]
		_(RawOrigin::None, pre_output, proof);
		assert!(Noted::<T>::get());
		assert_ne!(Randomness::<T>::get(), [0u8; 32]);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
