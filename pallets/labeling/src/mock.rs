//! A test runtime: System, Balances (native deposits), Assets (stake and reward assets) and
//! the labeling pallet, with small round numbers that make payouts easy to check by hand.

use crate::{self as pallet_labeling, types::*};
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, Get, Hooks},
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_runtime::{BuildStorage, Perbill};

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u128;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Labeling: pallet_labeling,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = sp_runtime::traits::IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
	// Storage reads and writes weigh something, so that the weights counted from the keys a
	// call touched (refunds, keys shared within a block) are tested against real numbers.
	type DbWeight = frame_support::weights::constants::ParityDbWeight;
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
}

/// The stake asset (LBL).
pub const STAKE: u32 = 1;
/// A reward asset (a bridged stablecoin, say).
pub const USD: u32 = 2;
/// A reward asset with a large minimum balance.
pub const BIG_ED: u32 = 3;
pub const BIG_ED_MIN: Balance = 10;
/// Native funds held for an annotator's track record.
pub const RECORD_DEPOSIT: Balance = 3;

/// The assets tasks may pay in: the mock's own (a runtime admits assets no single account
/// controls; see `labelchain_runtime::configs::KeylessRewardAssets`).
pub struct MockRewardAssets;
impl frame_support::traits::Contains<u32> for MockRewardAssets {
	fn contains(asset: &u32) -> bool {
		[STAKE, USD, BIG_ED].contains(asset)
	}
}

pub const VENDOR: AccountId = 1;
pub const OTHER_VENDOR: AccountId = 2;
pub const A: AccountId = 10;
pub const B: AccountId = 11;
pub const C: AccountId = 12;
pub const D: AccountId = 13;
pub const E: AccountId = 14;
/// Holds assets but never stakes.
pub const OUTSIDER: AccountId = 20;
pub const ANNOTATORS: [AccountId; 5] = [A, B, C, D, E];

pub const NATIVE_START: Balance = 1_000_000;
pub const STAKE_START: Balance = 10_000;
pub const USD_START: Balance = 1_000_000;

/// Parameters with small numbers: collateral 10 at least, a newcomer's weight ln 4, gold fails
/// slash the whole collateral, no-shows half, and the CUSUM steps of the runtime.
pub fn test_params() -> Params<Balance, u64> {
	Params {
		min_stake: 100,
		min_collateral: 10,
		collateral_percent: 200,
		pay_cap_percent: 200,
		gold_bond_percent: 100,
		review_fee_percent: 50,
		unbonding_period: 100,
		appeal_period: 10,
		min_redundancy: 1,
		max_seats: 7,
		escalation_seats: 2,
		min_commit_window: 1,
		max_commit_window: 20,
		min_reveal_window: 1,
		max_reveal_window: 20,
		max_rounds: 3,
		max_open_seats: 8,
		gold_fail_slash: Perbill::from_percent(100),
		no_reveal_slash: Perbill::from_percent(50),
		leak_slash: Perbill::from_percent(100),
		denounce_reward: Perbill::from_percent(50),
		prior_passes: 4,
		prior_fails: 1,
		gold_outcomes_per_vendor: 5,
		max_vote_weight: 3_000_000,
		risk_per_failure: 916_291,
		risk_per_pass: 470_004,
		suspension_threshold: 8_000_000,
		suspension_period: 50,
		task_deposit: 10,
		item_deposit: 1,
	}
}

parameter_types! {
	pub const LabelingPalletId: PalletId = PalletId(*b"lc/label");
	pub const StakeAssetId: u32 = STAKE;
	pub MockParams: Params<Balance, u64> = test_params();
	/// The draw's budget a block: room for many requests, unless a test sets less.
	pub static MaxSeatingWeight: Weight = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX);
	/// Disputes the pallet reported, in order.
	pub static Disputes: Vec<(TaskId, ItemId, RoundIndex, DisputeKind)> = Vec::new();
}

/// Records disputes for the tests.
pub struct RecordDisputes;
impl OnDispute for RecordDisputes {
	fn on_dispute(task: TaskId, item: ItemId, round: RoundIndex, kind: DisputeKind) {
		Disputes::mutate(|d| d.push((task, item, round, kind)));
	}
}

impl pallet_labeling::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type AssetId = u32;
	type Assets = Assets;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type StakeAsset = StakeAssetId;
	type PalletId = LabelingPalletId;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type OnDispute = RecordDisputes;
	/// The mock's own assets; an asset created by an account in a test is refused.
	type RewardAssets = MockRewardAssets;
	type InitialParams = MockParams;
	type MaxSeats = ConstU32<8>;
	type MaxOpenItems = ConstU32<4>;
	type MaxOpenSeats = ConstU32<16>;
	type MaxSeatsPerRequest = ConstU32<8>;
	type MaxSeatingWeight = MaxSeatingWeight;
	type Beacon = MockBeacon;
	type MaxItemsPerBatch = ConstU32<16>;
	type MaxUnbondingChunks = ConstU32<4>;
	type RecordDeposit = frame_support::traits::ConstU64<RECORD_DEPOSIT>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// Creates assets for the benchmarks' test runs.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<Test> for MockBenchmarkHelper {
	fn mint(id: u32, who: &AccountId, amount: Balance) {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		if !<Assets as Inspect<AccountId>>::asset_exists(id) {
			<Assets as Create<AccountId>>::create(id, 999, true, 1).expect("asset created");
		}
		<Assets as Mutate<AccountId>>::mint_into(id, who, amount).expect("minted");
	}
	fn reward_asset() -> u32 {
		USD
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	let mut native: Vec<(AccountId, Balance)> =
		vec![(VENDOR, NATIVE_START), (OTHER_VENDOR, NATIVE_START)];
	native.extend(ANNOTATORS.iter().map(|a| (*a, NATIVE_START)));
	native.push((OUTSIDER, NATIVE_START));
	pallet_balances::GenesisConfig::<Test> { balances: native, ..Default::default() }
		.assimilate_storage(&mut storage)
		.unwrap();
	let mut accounts = vec![
		(USD, VENDOR, USD_START),
		(USD, OTHER_VENDOR, USD_START),
		(BIG_ED, VENDOR, USD_START),
		(STAKE, OUTSIDER, STAKE_START),
	];
	accounts.extend(ANNOTATORS.iter().map(|a| (STAKE, *a, STAKE_START)));
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(STAKE, 999, true, 1), (USD, 999, true, 1), (BIG_ED, 999, true, BIG_ED_MIN)],
		metadata: vec![],
		accounts,
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Disputes::set(Vec::new());
	});
	ext
}

/// Runs `test` in a fresh externality and then checks every invariant, exactly.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Labeling::check_invariants(true).expect("invariants hold");
		Labeling::do_try_state().expect("try_state holds");
	});
}

/// A stand-in for the hash of block `n` (the draw's seed).
pub fn block_hash(n: u64) -> sp_core::H256 {
	sp_core::H256(sp_io::hashing::blake2_256(&n.to_le_bytes()))
}

/// Moves to block `n`: finishes each block (`on_finalize`, which sees what the block used),
/// records its hash, and starts the next one empty, running `on_initialize`.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let now = System::block_number();
		<Labeling as Hooks<u64>>::on_finalize(now);
		frame_system::BlockHash::<Test>::insert(now, block_hash(now));
		set_beacon(block_hash(now).0);
		let next = now + 1;
		System::set_block_number(next);
		System::set_parent_hash(block_hash(now));
		frame_system::BlockWeight::<Test>::kill();
		frame_system::BlockSize::<Test>::kill();
		<Labeling as Hooks<u64>>::on_initialize(next);
	}
}

/// [`run_to_block`], with `on_idle` given `leftover` weight at the end of each block, as
/// `Executive` gives it the weight the block's transactions left.
pub fn run_to_block_idle(n: u64, leftover: frame_support::weights::Weight) {
	while System::block_number() < n {
		<Labeling as Hooks<u64>>::on_idle(System::block_number(), leftover);
		run_to_block(System::block_number() + 1);
	}
}

/// Fills `share` of the current block's normal class with transactions' weight, as someone
/// stuffing the block would.
pub fn fill_block(share: Perbill) {
	let normal = <<Test as frame_system::Config>::BlockWeights as Get<
		frame_system::limits::BlockWeights,
	>>::get()
	.get(frame_support::dispatch::DispatchClass::Normal)
	.max_total
	.expect("the normal class has a limit");
	System::register_extra_weight_unchecked(
		frame_support::weights::Weight::from_parts(share.mul_ceil(normal.ref_time()), 0),
		frame_support::dispatch::DispatchClass::Normal,
	);
}

std::thread_local! {
	static BEACON: core::cell::Cell<[u8; 32]> = const { core::cell::Cell::new([0; 32]) };
}

/// The chain's beacon stand-in: `run_to_block` sets it to each finished block's hash.
pub struct MockBeacon;
impl frame_support::traits::Get<[u8; 32]> for MockBeacon {
	fn get() -> [u8; 32] {
		BEACON.with(|b| b.get())
	}
}

/// Sets the beacon stand-in.
pub fn set_beacon(value: [u8; 32]) {
	BEACON.with(|b| b.set(value));
}
