//! The world the agents act in: LabelChain's real runtime (`labelchain-runtime`), with the
//! development preset's genesis, driven block by block. Every action is a `RuntimeCall`
//! dispatched with a signed origin, as a transaction would be (the same origin checks, the same
//! pallet code and parameters); its fee is what the runtime's transaction-payment and
//! LBL fee conversion would charge for it, computed from the call's weight and length.

use codec::Encode;
use frame_support::{
	dispatch::GetDispatchInfo,
	genesis_builder_helper::build_state,
	traits::{
		fungible::Mutate as _,
		fungibles::{Inspect, Mutate},
		tokens::{ConversionToAssetBalance, Preservation},
		Hooks,
	},
};
use labelchain_runtime::{
	genesis_config_presets::preset_config, AccountId, Balance, BlockNumber, Runtime, RuntimeCall,
	RuntimeEvent, RuntimeGenesisConfig, RuntimeOrigin, LBL_ASSET_ID,
};
use sp_core::H256;
use sp_genesis_builder::PresetId;
use sp_runtime::{traits::Dispatchable, DispatchError};

pub use labelchain_runtime::{Assets, Balances, Disputes, Labeling, System};

/// Bytes a signed transaction adds to its call: address, signature and extensions.
pub const SIGNED_OVERHEAD: u32 = 110;

/// The development chain's genesis state.
pub fn genesis() -> sp_io::TestExternalities {
	let config = preset_config(&PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET))
		.expect("the development preset exists");
	let mut ext = sp_io::TestExternalities::default();
	ext.execute_with(|| {
		build_state::<RuntimeGenesisConfig>(config).expect("the preset builds a genesis state");
		System::set_block_number(1);
	});
	ext
}

/// The simulation's account number `n`.
pub fn account(n: u32) -> AccountId {
	let mut bytes = [0u8; 32];
	bytes[..4].copy_from_slice(b"sim/");
	bytes[4..8].copy_from_slice(&n.to_le_bytes());
	AccountId::from(bytes)
}

pub fn now() -> BlockNumber {
	System::block_number()
}

/// Ends the current block (its hash is `hash`) and starts the next one, running the labeling
/// and disputes pallets' `on_initialize` (the draw of seats, panels and tallies).
pub fn next_block(hash: [u8; 32]) {
	let n = now();
	frame_system::BlockHash::<Runtime>::insert(n, H256(hash));
	// The block's author would have folded its VRF output into the beacon: the draws follow it.
	pallet_beacon::Randomness::<Runtime>::put(hash);
	System::set_block_number(n + 1);
	System::set_parent_hash(H256(hash));
	<Labeling as Hooks<BlockNumber>>::on_initialize(n + 1);
	<Disputes as Hooks<BlockNumber>>::on_initialize(n + 1);
}

/// Gives `who` `lbl` of LBL from the incentive pool and enough LC for deposits.
pub fn fund(who: &AccountId, lbl: Balance) {
	let _ = Balances::mint_into(who, 1_000 * labelchain_runtime::UNIT);
	<Assets as Mutate<AccountId>>::transfer(
		LBL_ASSET_ID,
		&labelchain_runtime::token::incentive_pool_account(),
		who,
		lbl,
		Preservation::Preserve,
	)
	.expect("the incentive pool funds the simulation");
}

pub fn lbl_of(who: &AccountId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(LBL_ASSET_ID, who)
}

/// Dispatches `call` signed by `who`; returns the result and the fee, in LBL, the runtime
/// would have charged for it as a transaction paid in LBL.
pub fn dispatch(who: &AccountId, call: RuntimeCall) -> (Result<(), DispatchError>, Balance) {
	let info = call.get_dispatch_info();
	let len = call.encoded_size() as u32 + SIGNED_OVERHEAD;
	let result = call.dispatch(RuntimeOrigin::signed(who.clone()));
	let post = match &result {
		Ok(post) => *post,
		Err(e) => e.post_info,
	};
	let fee =
		pallet_transaction_payment::Pallet::<Runtime>::compute_actual_fee(len, &info, &post, 0);
	let fee_lbl = labelchain_runtime::token::LblFeeConversion::to_asset_balance(fee, LBL_ASSET_ID)
		.unwrap_or(fee);
	(result.map(|_| ()).map_err(|e| e.error), fee_lbl)
}

/// Dispatches `call` with the root origin (governance, in the development chain's sudo).
pub fn root(call: RuntimeCall) -> Result<(), DispatchError> {
	call.dispatch(RuntimeOrigin::root()).map(|_| ()).map_err(|e| e.error)
}

/// The events of the current block, taken.
pub fn take_events() -> Vec<RuntimeEvent> {
	let events = System::events().into_iter().map(|r| r.event).collect();
	System::reset_events();
	events
}
