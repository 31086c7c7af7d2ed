//! A test runtime: System, Balances, Assets and the ERC-20 layer, with one sufficient asset
//! (LBL-like), one non-sufficient asset and named accounts in every situation the rules care
//! about.

use crate as pallet_erc20;
use frame_support::{derive_impl, traits::AsEnsureOriginWithArg};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u128;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Erc20: pallet_erc20,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
	type CallbackHandle = NoteCreation;
}

/// Reports asset creations to the ERC-20 layer, as the runtime does.
pub struct NoteCreation;
impl pallet_assets::AssetsCallback<u32, AccountId> for NoteCreation {
	fn created(id: &u32, _owner: &AccountId) -> Result<(), ()> {
		Erc20::note_asset_created(id);
		Ok(())
	}
}

impl pallet_erc20::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Assets = Assets;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AllowanceDeposit = frame_support::traits::ConstU64<ALLOWANCE_DEPOSIT>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// A sufficient asset, as LBL: holding it alone keeps an account alive.
pub const TOKEN: u32 = 1;
pub const TOKEN_MIN: Balance = 10;
/// A non-sufficient asset: only accounts with a native balance can hold it.
pub const NON_SUFFICIENT: u32 = 2;
/// No asset has this id.
pub const UNKNOWN: u32 = 99;

/// Owner, issuer, admin and freezer of both assets.
pub const ADMIN: AccountId = 100;
/// Native balance and both assets.
pub const ALICE: AccountId = 1;
/// Only the sufficient asset, no native balance.
pub const BOB: AccountId = 2;
/// Only a native balance.
pub const CHARLIE: AccountId = 3;
/// Nothing at all.
pub const DAVE: AccountId = 4;
/// A native balance, to create assets.
pub const DAVE_FUNDED: AccountId = 5;

pub const START: Balance = 1_000;
/// Native balance held per stored allowance.
pub const ALLOWANCE_DEPOSIT: Balance = 5;
pub const NATIVE: Balance = 1_000_000;

/// Creates assets for the benchmarks' test runs.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u32, AccountId, Balance> for MockBenchmarkHelper {
	fn fund(who: &AccountId, amount: Balance) -> (u32, Balance) {
		use frame_support::traits::fungibles::Mutate;
		<Assets as Mutate<AccountId>>::mint_into(TOKEN, who, amount).expect("minted");
		(TOKEN, TOKEN_MIN)
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_balances::GenesisConfig::<Test> {
		balances: vec![(ALICE, NATIVE), (CHARLIE, NATIVE), (ADMIN, NATIVE), (DAVE_FUNDED, NATIVE)],
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(TOKEN, ADMIN, true, TOKEN_MIN), (NON_SUFFICIENT, ADMIN, false, 1)],
		metadata: vec![(TOKEN, b"LabelChain Token".to_vec(), b"LBL".to_vec(), 12)],
		accounts: vec![(TOKEN, ALICE, START), (TOKEN, BOB, START), (NON_SUFFICIENT, ALICE, START)],
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in a fresh externality, then checks `try_state` and that no asset's supply
/// changed (the ERC-20 layer only moves balances).
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		use frame_support::traits::fungibles::Inspect;
		let supply = |id| <Assets as Inspect<AccountId>>::total_issuance(id);
		let before = (supply(TOKEN), supply(NON_SUFFICIENT));
		test();
		assert_eq!((supply(TOKEN), supply(NON_SUFFICIENT)), before, "supply changed");
		Erc20::do_try_state().expect("try_state holds");
	});
}
