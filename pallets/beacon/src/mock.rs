//! A test runtime: System and the beacon, with a settable slot author.

use crate as pallet_beacon;
use core::cell::RefCell;
use frame_support::derive_impl;
use sp_core::sr25519;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Beacon: pallet_beacon,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

thread_local! {
	static AUTHOR: RefCell<Option<(u64, sr25519::Public)>> = const { RefCell::new(None) };
}

/// The slot author the tests set.
pub struct TestAuthor;
impl crate::SlotAuthor for TestAuthor {
	fn current() -> Option<(u64, sr25519::Public)> {
		AUTHOR.with(|a| *a.borrow())
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set(slot: u64, author: sr25519::Public) {
		set_author(slot, author)
	}
}

/// Makes `author` the author of `slot` and starts the block as `on_initialize` does.
pub fn set_author(slot: u64, author: sr25519::Public) {
	AUTHOR.with(|a| *a.borrow_mut() = Some((slot, author)));
	<Beacon as frame_support::traits::Hooks<u64>>::on_initialize(System::block_number());
}

impl pallet_beacon::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type SlotAuthor = TestAuthor;
	type WeightInfo = ();
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
