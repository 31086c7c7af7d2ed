//! A test runtime: System and the validator set, with governance as root, at most 4 and at
//! least 2 validators, sessions of at least 5 blocks, and a registry of session keys the tests
//! control.

use crate as pallet_validator_set;
use frame_support::{derive_impl, parameter_types, traits::ConstU32};
use frame_system::EnsureRoot;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ValidatorSet: pallet_validator_set,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

parameter_types! {
	/// Accounts with session keys.
	pub static Registered: Vec<AccountId> = vec![1, 2, 3, 4, 5, 6];
	pub const MinSessionLength: u64 = 5;
}

/// Session keys as the tests set them.
pub struct MockRegistration;
impl frame_support::traits::ValidatorRegistration<AccountId> for MockRegistration {
	fn is_registered(id: &AccountId) -> bool {
		Registered::get().contains(id)
	}
}

impl pallet_validator_set::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type ValidatorRegistration = MockRegistration;
	type MaxValidators = ConstU32<4>;
	type MinValidators = ConstU32<2>;
	type MinSessionLength = MinSessionLength;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Registers keys for the benchmarks' test runs.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<AccountId> for MockBenchmarkHelper {
	fn register_keys(who: &AccountId) {
		Registered::mutate(|r| r.push(*who));
	}
}

/// Validators 1, 2 and 3; sessions of 10 blocks.
pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_validator_set::GenesisConfig::<Test> { validators: vec![1, 2, 3], session_length: 10 }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in a fresh externality, then checks `try_state`.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		ValidatorSet::do_try_state().expect("try_state holds");
	});
}
