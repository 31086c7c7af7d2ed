//! A test runtime: System, Balances, Assets and the bridge, with three relayers (threshold 2),
//! a vault, a wrapped stablecoin and LBL.

use crate as pallet_eth_bridge;
use crate::types::*;
use frame_support::{
	derive_impl, parameter_types,
	traits::{AsEnsureOriginWithArg, ConstU32, ConstU64},
	PalletId,
};
use frame_system::{EnsureRoot, EnsureSigned};
use sp_core::H160;
use sp_runtime::BuildStorage;

type Block = frame_system::mocking::MockBlock<Test>;
pub type AccountId = u64;
pub type Balance = u64;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		Assets: pallet_assets,
		Bridge: pallet_eth_bridge,
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
}

#[derive_impl(pallet_assets::config_preludes::TestDefaultConfig)]
impl pallet_assets::Config for Test {
	type Currency = Balances;
	type CreateOrigin = AsEnsureOriginWithArg<EnsureSigned<AccountId>>;
	type ForceOrigin = EnsureRoot<AccountId>;
	type Freezer = ();
	type Holder = ();
}

parameter_types! {
	pub const BridgePalletId: PalletId = PalletId(*b"lc/ethbr");
}

/// Blocks per rate-limit period.
pub const PERIOD: u64 = 10;
/// Blocks after which a deposit short of the threshold can be pruned.
pub const EXPIRY: u64 = 50;

impl pallet_eth_bridge::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type Assets = Assets;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type PalletId = BridgePalletId;
	type MaxRelayers = ConstU32<8>;
	type RatePeriod = ConstU64<PERIOD>;
	type AttestationExpiry = ConstU64<EXPIRY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// LBL: a LabelChain asset, locked here while on Ethereum.
pub const LBL: u32 = 1;
/// Wrapped USDC: minted here for deposits of the Ethereum token.
pub const WUSDC: u32 = 2;
/// An asset the bridge does not carry.
pub const OTHER: u32 = 3;
pub const MIN_BALANCE: Balance = 1;
/// Decimals of LBL here and of wrapped LBL on Ethereum.
pub const LBL_DECIMALS: u8 = 12;
/// Decimals of USDC on Ethereum, hence of wrapped USDC here.
pub const USDC_DECIMALS: u8 = 6;

/// The Ethereum side.
pub fn usdc() -> EthAddress {
	H160::repeat_byte(0xc0)
}
pub fn wlbl() -> EthAddress {
	H160::repeat_byte(0x1b)
}
pub fn vault() -> Vault {
	Vault { chain_id: 31337, address: H160::repeat_byte(0xfa) }
}
pub fn eth_user() -> EthAddress {
	H160::repeat_byte(0xee)
}

pub const RELAYERS: [AccountId; 3] = [11, 12, 13];
pub const OUTSIDER: AccountId = 20;
pub const ALICE: AccountId = 1;
pub const BOB: AccountId = 2;
pub const MAX_TRANSFER: Balance = 1_000;
pub const RATE_LIMIT: Balance = 2_500;
pub const START: Balance = 10_000;

/// Creates assets for the benchmarks' test runs.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper<u32, AccountId, Balance> for MockBenchmarkHelper {
	fn fund(seed: u32, who: &AccountId, amount: Balance) -> u32 {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		let id = 100 + seed;
		if !<Assets as Inspect<AccountId>>::asset_exists(id) {
			<Assets as Create<AccountId>>::create(id, 0, true, MIN_BALANCE).expect("created");
		}
		<Assets as Mutate<AccountId>>::mint_into(id, who, amount).expect("minted");
		id
	}
	fn unused(seed: u32) -> u32 {
		200 + seed
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut storage = frame_system::GenesisConfig::<Test>::default().build_storage().unwrap();
	pallet_assets::GenesisConfig::<Test> {
		assets: vec![
			(LBL, 0, true, MIN_BALANCE),
			// WUSDC is created by the bridge when the token is registered, below.
			(OTHER, 0, true, 1),
		],
		metadata: vec![(LBL, b"LabelChain Token".to_vec(), b"LBL".to_vec(), LBL_DECIMALS)],
		accounts: vec![(LBL, ALICE, START), (OTHER, ALICE, START)],
		next_asset_id: None,
		reserves: vec![],
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	pallet_eth_bridge::GenesisConfig::<Test> {
		relayers: RELAYERS.to_vec(),
		threshold: 2,
		vault: Some((vault().chain_id, vault().address)),
	}
	.assimilate_storage(&mut storage)
	.unwrap();
	let mut ext = sp_io::TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		Bridge::do_register_token(
			usdc(),
			TokenInfo {
				asset: WUSDC,
				kind: TokenKind::Wrapped,
				max_transfer: MAX_TRANSFER,
				rate_limit: RATE_LIMIT,
				decimals: USDC_DECIMALS,
			},
		)
		.expect("usdc");
		Bridge::do_register_token(
			wlbl(),
			TokenInfo {
				asset: LBL,
				kind: TokenKind::Native,
				max_transfer: MAX_TRANSFER,
				rate_limit: RATE_LIMIT,
				decimals: LBL_DECIMALS,
			},
		)
		.expect("lbl");
		System::reset_events();
	});
	ext
}

/// Runs `test` in a fresh externality, then checks `try_state` and that the bridge neither
/// created nor destroyed LBL (a LabelChain asset is only ever locked and released).
pub fn run_test(test: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		use frame_support::traits::fungibles::Inspect;
		let lbl_supply = <Assets as Inspect<AccountId>>::total_issuance(LBL);
		test();
		assert_eq!(
			<Assets as Inspect<AccountId>>::total_issuance(LBL),
			lbl_supply,
			"LBL supply changed"
		);
		Bridge::do_try_state().expect("try_state holds");
	});
}

/// The bridge events emitted so far.
pub fn bridge_events() -> Vec<pallet_eth_bridge::Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Bridge(e) => Some(e),
			_ => None,
		})
		.collect()
}
