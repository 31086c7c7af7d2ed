//! A test runtime: System, Balances, Assets, the labeling pallet (3-block appeal window) and
//! the disputes pallet as its dispute handler, with small numbers that are easy to check.

use crate::{self as pallet_disputes, types::*};
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, Hooks},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use pallet_labeling::Params;
use sp_core::H256;
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
		Disputes: pallet_disputes,
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
}

/// The stake asset (LBL): stakes and appeal bonds.
pub const STAKE: u32 = 1;
/// The reward asset.
pub const USD: u32 = 2;

/// The assets tasks may pay in: the mock's own.
pub struct MockRewardAssets;
impl frame_support::traits::Contains<u32> for MockRewardAssets {
	fn contains(asset: &u32) -> bool {
		[STAKE, USD].contains(asset)
	}
}

pub const VENDOR: AccountId = 1;
pub const A: AccountId = 10;
pub const B: AccountId = 11;
pub const C: AccountId = 12;
/// Holds assets but never stakes.
pub const OUTSIDER: AccountId = 20;
/// Accounts that stake and review.
pub const REVIEWERS: [AccountId; 8] = [30, 31, 32, 33, 34, 35, 36, 37];

pub const START: Balance = 1_000_000;
/// The labeling pallet's window for the vendor's appeals.
pub const APPEAL_WINDOW: u64 = 3;

/// Collateral is the task's (50 in the tests); newcomers weigh ln 4; reviewers need a weight of
/// one (a newcomer qualifies).
pub fn labeling_params() -> Params<Balance, u64> {
	Params {
		min_stake: 100,
		min_collateral: 10,
		collateral_percent: 200,
		pay_cap_percent: 200,
		gold_bond_percent: 100,
		review_fee_percent: 50,
		unbonding_period: 100,
		appeal_period: APPEAL_WINDOW,
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

/// Panels of 3, 7, 15 (at most 3 rounds), 2-block delay, 5-block windows.
pub fn dispute_params() -> DisputeParams<Balance, u64> {
	DisputeParams {
		reviewer_stake: 100,
		min_reviewer_weight: 1_000_000,
		min_reviewer_agreements: 0,
		first_panel: 3,
		max_rounds: 3,
		panel_delay: 2,
		commit_window: 5,
		reveal_window: 5,
		quorum: Perbill::from_rational(2u32, 3u32),
		no_reveal_slash: Perbill::from_percent(20),
	}
}

parameter_types! {
	pub const LabelingPalletId: PalletId = PalletId(*b"lc/label");
	pub const StakeAssetId: u32 = STAKE;
	pub MockLabelingParams: Params<Balance, u64> = labeling_params();
	/// The labeling pallet's seat draw: room for many requests a block.
	pub SeatingWeight: frame_support::weights::Weight =
		frame_support::weights::Weight::from_parts(1_000_000_000_000, u64::MAX);
	pub MockDisputeParams: DisputeParams<Balance, u64> = dispute_params();
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
	type OnDispute = Disputes;
	/// The mock's own assets; an asset created by an account in a test is refused.
	type RewardAssets = MockRewardAssets;
	type InitialParams = MockLabelingParams;
	type MaxSeats = ConstU32<8>;
	type MaxOpenItems = ConstU32<4>;
	type MaxOpenSeats = ConstU32<16>;
	type MaxSeatsPerRequest = ConstU32<8>;
	type MaxSeatingWeight = SeatingWeight;
	type Beacon = MockBeacon;
	type MaxItemsPerBatch = ConstU32<16>;
	type MaxUnbondingChunks = ConstU32<4>;
	type RecordDeposit = frame_support::traits::ConstU64<1>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

impl pallet_disputes::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type InitialDisputeParams = MockDisputeParams;
	type MaxReviewers = ConstU32<16>;
	type MaxPanelSize = ConstU32<15>;
	type MinPanelSize = ConstU32<3>;
	type MaxCasesPerBlock = ConstU32<4>;
	type WeightInfo = ();
}

/// Creates assets for the benchmarks' test runs.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_labeling::BenchmarkHelper<Test> for MockBenchmarkHelper {
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
	let mut everyone = vec![VENDOR, A, B, C, OUTSIDER];
	everyone.extend(REVIEWERS);
	pallet_balances::GenesisConfig::<Test> {
		balances: everyone.iter().map(|a| (*a, START)).collect(),
		..Default::default()
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut accounts: Vec<(u32, AccountId, Balance)> =
		everyone.iter().map(|a| (STAKE, *a, START)).collect();
	accounts.push((USD, VENDOR, START));
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![(STAKE, 999, true, 1), (USD, 999, true, 1)],
		metadata: vec![],
		accounts,
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs `test` in a fresh externality, then checks both pallets' invariants, exactly.
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		test();
		Disputes::check_invariants().expect("disputes invariants hold");
		Labeling::check_invariants(true).expect("labeling invariants hold");
		Disputes::do_try_state().expect("try_state holds");
	});
}

/// A distinct hash for every block, as a real chain has.
pub fn hash_of(n: u64) -> H256 {
	H256(sp_io::hashing::blake2_256(&n.to_le_bytes()))
}

/// Moves to block `n`, finishing each block (`on_finalize`, which sees what it used),
/// recording block hashes and running both pallets' `on_initialize` on an empty block.
pub fn run_to_block(n: u64) {
	while System::block_number() < n {
		let now = System::block_number();
		<Labeling as Hooks<u64>>::on_finalize(now);
		frame_system::BlockWeight::<Test>::kill();
		frame_system::BlockSize::<Test>::kill();
		frame_system::BlockHash::<Test>::insert(now, hash_of(now));
		set_beacon(hash_of(now).0);
		let next = now + 1;
		System::set_block_number(next);
		System::set_parent_hash(hash_of(now));
		<Labeling as Hooks<u64>>::on_initialize(next);
		<Disputes as Hooks<u64>>::on_initialize(next);
	}
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
