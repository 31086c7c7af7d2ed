//! The LabelChain runtime.
//!
//! A solochain runtime for token-incentivized data labeling: Aura block production, GRANDPA
//! finality, a native fee token (`LC`) and `pallet-assets` as the registry in which the
//! labeling token (LBL), bridged tokens and stablecoins live.

#![cfg_attr(not(feature = "std"), no_std)]
// `construct_runtime` generates large enums.
#![recursion_limit = "256"]

#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

extern crate alloc;

// Before `apis`: the benchmark list macros it expands are defined here.
#[cfg(feature = "runtime-benchmarks")]
#[macro_use]
mod benchmarks;
pub mod apis;
pub mod configs;
pub mod fees;
pub mod genesis_config_presets;
pub mod token;
pub mod weights;

use alloc::vec::Vec;
use sp_runtime::{
	generic, impl_opaque_keys,
	traits::{BlakeTwo256, IdentifyAccount, Verify},
	MultiAddress, MultiSignature,
};
use sp_version::RuntimeVersion;

pub use frame_system::Call as SystemCall;
pub use pallet_balances::Call as BalancesCall;
pub use pallet_timestamp::Call as TimestampCall;
#[cfg(any(feature = "std", test))]
pub use sp_runtime::BuildStorage;

/// Opaque types: what the node needs to know of blocks without knowing the runtime's types.
pub mod opaque {
	use super::*;
	pub use sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// Opaque block header type.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// Opaque block type.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
	/// Opaque block identifier type.
	pub type BlockId = generic::BlockId<Block>;
}

impl_opaque_keys! {
	/// The session keys of a LabelChain validator.
	pub struct SessionKeys {
		pub aura: Aura,
		pub grandpa: Grandpa,
	}
}

#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: alloc::borrow::Cow::Borrowed("labelchain"),
	impl_name: alloc::borrow::Cow::Borrowed("labelchain"),
	authoring_version: 1,
	spec_version: 100,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// Target block time.
///
/// Three seconds: labeling traffic is many small, latency-sensitive transactions (take a slot,
/// commit, reveal) from people working through a queue, so an annotator should see a commit
/// included in a few seconds, and commit/reveal windows measured in blocks should be short in
/// wall-clock time. Shorter slots than this leave too little time for four validators to
/// import and gossip a block and for GRANDPA rounds to keep up (finality trails by >= 2
/// blocks, so ~6-9 s here). The compute budget per block (1 s, see `configs`) keeps the same
/// one-third ratio of execution to slot time as Polkadot's 2 s per 6 s.
pub const MILLI_SECS_PER_BLOCK: u64 = 3000;

/// The slot duration of Aura. It cannot change after genesis.
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

// Time measured in blocks.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);
pub const HOURS: BlockNumber = MINUTES * 60;
pub const DAYS: BlockNumber = HOURS * 24;

/// Decimals of the native token `LC`.
pub const TOKEN_DECIMALS: u8 = 12;
/// One native token.
pub const UNIT: Balance = 10u128.pow(TOKEN_DECIMALS as u32);
/// A thousandth of a native token.
pub const MILLI_UNIT: Balance = UNIT / 1_000;
/// A millionth of a native token.
pub const MICRO_UNIT: Balance = UNIT / 1_000_000;
/// The symbol of the native token.
pub const TOKEN_SYMBOL: &str = "LC";

/// Minimum balance an account must keep to exist.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// Alias to 512-bit hash when used in the context of a transaction signature on the chain.
pub type Signature = MultiSignature;

/// An account identifier: the public key of the signing scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// Balance of an account (native and assets alike).
pub type Balance = u128;

/// Index of a transaction in the chain.
pub type Nonce = u32;

/// A hash of some data used by the chain.
pub type Hash = sp_core::H256;

/// An index to a block.
pub type BlockNumber = u32;

/// Identifier of an asset in `pallet-assets`.
pub type AssetId = u32;

/// The asset id of LBL, the labeling token: rewards, stakes and (optionally) fees.
pub const LBL_ASSET_ID: AssetId = 1;
/// LBL's name, as ERC-20 `name()` returns it.
pub const LBL_NAME: &str = "LabelChain Token";
/// LBL's symbol.
pub const LBL_SYMBOL: &str = "LBL";
/// LBL's decimals (as the native token's).
pub const LBL_DECIMALS: u8 = 12;
/// One LBL.
pub const LBL: Balance = 10u128.pow(LBL_DECIMALS as u32);
/// LBL's minimum balance: a millionth of an LBL. It also sets the fee rate in LBL (see
/// `configs::LblFeeConversion`).
pub const LBL_MIN_BALANCE: Balance = LBL / 1_000_000;
/// LBL's whole supply, created at genesis; nothing can mint more.
pub const LBL_TOTAL_SUPPLY: Balance = 1_000_000_000 * LBL;

/// The address format for describing accounts.
pub type Address = MultiAddress<AccountId, ()>;

/// Block header type as expected by this runtime.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// Block type as expected by this runtime.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// A Block signed with a Justification.
pub type SignedBlock = generic::SignedBlock<Block>;

/// BlockId type as expected by this runtime.
pub type BlockId = generic::BlockId<Block>;

/// The transaction extensions that are added to the runtime. All of them are known to
/// polkadot.js, so wallets sign LabelChain transactions with no extra configuration.
pub type TxExtension = (
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckEra<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	// Fees in `LC`, or in LBL when the signer names LBL's asset id.
	pallet_asset_tx_payment::ChargeAssetTxPayment<Runtime>,
	// The metadata hash a hardware signer shows its user, checked when the signer enables it
	// (mode 1); clients that do not use it sign mode 0 and nothing more.
	frame_metadata_hash_extension::CheckMetadataHash<Runtime>,
	// Refuses a `reveal` / `reveal_gold` that would fail, before it can reach a block and
	// publish its label and salt (or a gold answer): see `pallet_labeling::extension`.
	pallet_labeling::CheckReveal<Runtime>,
);

/// Unchecked extrinsic type as expected by this runtime.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload being signed in transactions.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// All migrations of the runtime, aside from the ones declared in the pallets.
#[allow(unused_parens)]
type Migrations = ();

/// Executive: handles dispatch to the various modules.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
	Migrations,
>;

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	/// Randomness no author can choose: every block's VRF proof by its Aura author. Declared
	/// before `Session`: its `on_initialize` takes the slot's author before a session change
	/// replaces Aura's authorities.
	#[runtime::pallet_index(12)]
	pub type Beacon = pallet_beacon;

	/// Who validates: governance's set, applied at session boundaries.
	#[runtime::pallet_index(8)]
	pub type ValidatorSet = pallet_validator_set;

	/// Sessions: session keys, and the authority sets of Aura and GRANDPA per session.
	#[runtime::pallet_index(9)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	/// Development and local chains only: no production preset sets a sudo key.
	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	/// Fees payable in LBL.
	#[runtime::pallet_index(7)]
	pub type AssetTxPayment = pallet_asset_tx_payment;

	/// The asset registry: the labeling token, bridged tokens and stablecoins.
	#[runtime::pallet_index(10)]
	pub type Assets = pallet_assets;

	/// The ERC-20 interface over every asset.
	#[runtime::pallet_index(11)]
	pub type Erc20 = pallet_erc20;

	/// The vendor council: its motions (two thirds) are the chain's governance.
	#[runtime::pallet_index(15)]
	pub type Council = pallet_collective<Instance1>;

	/// Who sits on the vendor council.
	#[runtime::pallet_index(16)]
	pub type CouncilMembership = pallet_membership<Instance1>;

	/// The labeling market: tasks, escrow, stake, commit-reveal, settlement, reputation.
	#[runtime::pallet_index(20)]
	pub type Labeling = pallet_labeling;

	/// Review panels for items without consensus and appealed decisions.
	#[runtime::pallet_index(21)]
	pub type Disputes = pallet_disputes;

	/// The Ethereum bridge: relayer-attested deposits in, burned or locked transfers out.
	#[runtime::pallet_index(22)]
	pub type EthBridge = pallet_eth_bridge;
}
