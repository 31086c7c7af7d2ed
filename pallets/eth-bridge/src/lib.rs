//! # Ethereum bridge pallet
//!
//! Moves value between LabelChain and an Ethereum vault contract, trusting an M-of-N set of
//! relayers that governance appoints:
//!
//! - **In** ([`inbound`]): each relayer watches the vault's `Deposit` events (past a confirmation
//!   depth) and calls [`attest`](Pallet::attest) with the deposit's content. A deposit is
//!   identified by the vault's generation (one per vault governance set; a vault is never set
//!   twice) and the vault's deposit nonce; when `threshold` distinct current relayers have
//!   attested the same content, the mapped asset is minted (an Ethereum token) or released
//!   from the bridge account (LBL coming back) to the recipient, once: an executed nonce is
//!   refused forever. Relayers who attest different contents for one nonce put it in
//!   `Conflicted`, which never executes.
//! - **Out** ([`outbound`]): [`transfer_out`](Pallet::transfer_out) burns (an Ethereum token)
//!   or locks (LBL) the amount here and queues a message with the next outbound nonce, bound
//!   to the current vault, which the relayers sign and that vault executes once; the relayers
//!   then confirm the release ([`confirm_release`](Pallet::confirm_release)) and the message
//!   leaves the queue.
//! - **Pruning**: deposits of former vaults, and deposits short of the threshold
//!   [`Config::AttestationExpiry`] blocks after their first attestation, can be pruned by anyone
//!   ([`prune_deposit`](Pallet::prune_deposit)).
//! - **Signatures** ([`signatures`]): each relayer registers the Ethereum address it signs with
//!   ([`set_signer`](Pallet::set_signer)) and posts its signature of each queued transfer
//!   ([`sign_outbound`](Pallet::sign_outbound)), checked here against the vault's release
//!   digest; anyone collects `threshold` of them from storage and submits the vault's `release`.
//! - **Limits** ([`limits`]): per token a maximum single transfer and a rate limit per
//!   direction per [`Config::RatePeriod`]; a pause switch stops both directions.
//! - **Governance** ([`admin`]): the relayer set and threshold (at least two thirds), the vault,
//!   the token map and limits, and the pause switch belong to [`Config::GovernanceOrigin`].
//!
//! Calls check the origin and hand over to a `do_*` function of the file named for its concept.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod admin;
pub mod inbound;
pub mod invariants;
pub mod limits;
pub mod outbound;
pub mod signatures;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::fungibles;

/// An asset id of the asset registry.
pub type AssetIdOf<T> =
	<<T as Config>::Assets as fungibles::Inspect<<T as frame_system::Config>::AccountId>>::AssetId;
/// A balance of the asset registry.
pub type BalanceOf<T> =
	<<T as Config>::Assets as fungibles::Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// [`TokenInfo`] with the runtime's types.
pub type TokenInfoOf<T> = TokenInfo<AssetIdOf<T>, BalanceOf<T>>;
/// [`Deposit`] with the runtime's types.
pub type DepositOf<T> = Deposit<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// [`Outbound`] with the runtime's types.
pub type OutboundOf<T> = Outbound<
	<T as frame_system::Config>::AccountId,
	AssetIdOf<T>,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;
/// [`InboundState`] with the runtime's block number.
pub type InboundStateOf<T> = InboundState<frame_system::pallet_prelude::BlockNumberFor<T>>;
/// The relayer set.
pub type RelayersOf<T> =
	frame_support::BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxRelayers>;

/// Sets up assets for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetId, AccountId, Balance> {
	/// A live asset numbered from `seed`, in which `who` holds `amount`.
	fn fund(seed: u32, who: &AccountId, amount: Balance) -> AssetId;
	/// An id numbered from `seed` that no asset has, and that governance may register.
	fn unused(seed: u32) -> AssetId;
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, PalletId};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::traits::Zero;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// The asset registry bridged tokens live in. The bridge creates the assets of wrapped
		/// tokens itself and holds every role of them.
		type Assets: fungibles::Mutate<Self::AccountId>
			+ fungibles::Create<Self::AccountId>
			+ fungibles::roles::Inspect<Self::AccountId>
			+ fungibles::metadata::Inspect<Self::AccountId>;

		/// Who sets relayers, threshold, vault, tokens, limits and the pause switch.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// The bridge account, which holds LabelChain assets locked while on Ethereum.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// The largest relayer set.
		#[pallet::constant]
		type MaxRelayers: Get<u32>;

		/// Length of a rate-limit period, in blocks.
		#[pallet::constant]
		type RatePeriod: Get<BlockNumberFor<Self>>;

		/// Blocks after its first attestation that a deposit which has not reached the
		/// threshold may be pruned by anyone. A real deposit executes within minutes (or
		/// waits for a rate-limit period); one a single relayer made up never does, and must
		/// not stay in storage for good.
		#[pallet::constant]
		type AttestationExpiry: Get<BlockNumberFor<Self>>;

		/// Weights of the calls, from `benchmarking.rs`.
		type WeightInfo: WeightInfo;

		/// Creates and funds assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<AssetIdOf<Self>, Self::AccountId, BalanceOf<Self>>;
	}

	/// The relayers whose attestations count.
	#[pallet::storage]
	pub type Relayers<T: Config> = StorageValue<_, RelayersOf<T>, ValueQuery>;

	/// How many distinct relayers must attest the same content for a deposit to execute.
	#[pallet::storage]
	pub type Threshold<T: Config> = StorageValue<_, u32, ValueQuery>;

	/// The Ethereum chain and vault contract; nothing crosses until it is set.
	#[pallet::storage]
	pub type EthereumVault<T: Config> = StorageValue<_, Vault>;

	/// The current vault's generation (0 before the first vault).
	#[pallet::storage]
	pub type CurrentGeneration<T: Config> = StorageValue<_, VaultGeneration, ValueQuery>;

	/// Every vault ever set, with its generation: a vault is never set twice, since its
	/// deposits would be numbered under a new generation and execute again.
	#[pallet::storage]
	pub type UsedVaults<T: Config> = StorageMap<_, Blake2_128Concat, Vault, VaultGeneration>;

	/// Whether the bridge is paused: no attestation and no transfer out is accepted.
	#[pallet::storage]
	pub type Paused<T: Config> = StorageValue<_, bool, ValueQuery>;

	/// The tokens the bridge carries, by Ethereum contract.
	#[pallet::storage]
	pub type Tokens<T: Config> = StorageMap<_, Blake2_128Concat, EthAddress, TokenInfoOf<T>>;

	/// The Ethereum contract of each bridged asset (one per asset).
	#[pallet::storage]
	pub type AssetTokens<T: Config> = StorageMap<_, Blake2_128Concat, AssetIdOf<T>, EthAddress>;

	/// Deposits seen, by vault generation and the vault's deposit nonce. Those of former
	/// vaults can be pruned.
	#[pallet::storage]
	pub type Inbound<T: Config> = StorageMap<_, Twox64Concat, DepositKey, InboundStateOf<T>>;

	/// The content digest each relayer attested for a deposit not yet executed.
	#[pallet::storage]
	pub type Attestations<T: Config> =
		StorageDoubleMap<_, Twox64Concat, DepositKey, Blake2_128Concat, T::AccountId, H256>;

	/// The next outbound nonce.
	#[pallet::storage]
	pub type NextOutbound<T: Config> = StorageValue<_, OutboundNonce, ValueQuery>;

	/// Transfers out, by nonce, for the relayers; removed once the threshold of relayers
	/// confirmed that the vault released them.
	#[pallet::storage]
	pub type OutboundQueue<T: Config> = StorageMap<_, Twox64Concat, OutboundNonce, OutboundOf<T>>;

	/// Relayers who saw the vault's `Released` event of a queued transfer.
	#[pallet::storage]
	pub type ReleaseConfirmations<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OutboundNonce,
		Blake2_128Concat,
		T::AccountId,
		(),
		OptionQuery,
	>;

	/// The Ethereum address each relayer signs outbound messages with.
	#[pallet::storage]
	pub type Signers<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, EthAddress>;

	/// Relayers' signatures of queued transfers, for the vault's `release`.
	#[pallet::storage]
	pub type OutboundSignatures<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OutboundNonce,
		Blake2_128Concat,
		T::AccountId,
		EthSignature,
	>;

	/// What crossed per asset and direction in the current rate period.
	#[pallet::storage]
	pub type Flows<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		AssetIdOf<T>,
		Twox64Concat,
		Direction,
		Flow<BalanceOf<T>>,
		ValueQuery,
	>;

	/// LabelChain assets locked in the bridge account while they are on Ethereum.
	#[pallet::storage]
	pub type Locked<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetIdOf<T>, BalanceOf<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial relayers.
		pub relayers: alloc::vec::Vec<T::AccountId>,
		/// The initial threshold.
		pub threshold: u32,
		/// The vault (Ethereum chain id, contract address), if known at genesis.
		pub vault: Option<(u64, EthAddress)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			// A chain spec with an invalid relayer set must not produce a genesis: these panics
			// run only while the genesis state is built, never in a block (see the
			// `genesis_refuses_*` tests).
			if self.relayers.is_empty() {
				return;
			}
			let relayers = RelayersOf::<T>::try_from(self.relayers.clone())
				.expect("genesis: more relayers than MaxRelayers");
			Pallet::<T>::check_relayers(&relayers, self.threshold)
				.expect("genesis: invalid relayers or threshold");
			Relayers::<T>::put(relayers);
			Threshold::<T>::put(self.threshold);
			if let Some((chain_id, address)) = self.vault {
				let vault = Vault { chain_id, address };
				EthereumVault::<T>::put(vault);
				CurrentGeneration::<T>::put(1);
				UsedVaults::<T>::insert(vault, 1);
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance set the relayers and the threshold.
		RelayersSet { relayers: RelayersOf<T>, threshold: u32 },
		/// Governance set the Ethereum chain and vault; its deposits are numbered under
		/// `generation`.
		VaultSet { vault: Vault, generation: VaultGeneration },
		/// Governance mapped an Ethereum token to an asset.
		TokenRegistered { token: EthAddress, info: TokenInfoOf<T> },
		/// Governance changed a token's limits.
		LimitsSet { token: EthAddress, max_transfer: BalanceOf<T>, rate_limit: BalanceOf<T> },
		/// Governance paused (`true`) or resumed (`false`) the bridge.
		PauseSet { paused: bool },
		/// A relayer attested a deposit; `votes` current relayers agree on its content.
		DepositAttested {
			generation: VaultGeneration,
			nonce: DepositNonce,
			relayer: T::AccountId,
			digest: H256,
			votes: u32,
		},
		/// A relayer attested a content different from an earlier attestation: the deposit will
		/// not execute.
		DepositConflicted {
			generation: VaultGeneration,
			nonce: DepositNonce,
			relayer: T::AccountId,
			first: H256,
			second: H256,
		},
		/// A deposit reached the threshold: `amount` of `asset` minted or released to `recipient`.
		DepositExecuted {
			generation: VaultGeneration,
			nonce: DepositNonce,
			token: EthAddress,
			asset: AssetIdOf<T>,
			sender: EthAddress,
			recipient: T::AccountId,
			amount: BalanceOf<T>,
		},
		/// Governance reset a conflicted deposit: `cleared` attestations were dropped; when
		/// `complete`, none is left and the deposit can be attested again (otherwise it stays
		/// conflicted until another reset drops the rest).
		DepositReset { nonce: DepositNonce, cleared: u32, complete: bool },
		/// A deposit of a former vault, or one that expired without reaching the threshold, was
		/// pruned: `cleared` attestations dropped; when not `complete`, another prune drops the
		/// rest.
		DepositPruned {
			generation: VaultGeneration,
			nonce: DepositNonce,
			cleared: u32,
			complete: bool,
		},
		/// A relayer saw the vault release transfer `nonce`; `votes` current relayers did.
		ReleaseConfirmed { nonce: OutboundNonce, relayer: T::AccountId, votes: u32 },
		/// The threshold of relayers confirmed the vault released transfer `nonce`: it left the
		/// queue with its signatures and confirmations, and can never be signed again.
		TransferReleased { nonce: OutboundNonce },
		/// A relayer registered the Ethereum address it signs with.
		SignerSet { relayer: T::AccountId, signer: EthAddress },
		/// A relayer signed queued transfer `nonce` for the vault.
		OutboundSigned { nonce: OutboundNonce, relayer: T::AccountId, signer: EthAddress },
		/// A transfer out was burned or locked here and queued for the relayers.
		TransferQueued {
			nonce: OutboundNonce,
			token: EthAddress,
			asset: AssetIdOf<T>,
			sender: T::AccountId,
			recipient: EthAddress,
			amount: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The bridge is paused.
		BridgePaused,
		/// The Ethereum vault is not set yet.
		NoVault,
		/// The caller is not a current relayer.
		NotRelayer,
		/// This relayer already attested this deposit.
		AlreadyAttested,
		/// This deposit nonce already executed (a replay).
		AlreadyExecuted,
		/// Relayers attested different contents for this deposit; it never executes.
		DepositConflicted,
		/// The token is not mapped to an asset.
		UnknownToken,
		/// The amount is zero.
		ZeroAmount,
		/// The Ethereum address is zero.
		ZeroAddress,
		/// The amount exceeds the token's maximum single transfer.
		AboveMaxTransfer,
		/// The amount would exceed the token's rate limit for this period; retry in a later
		/// period.
		RateLimited,
		/// The threshold is below two thirds of the relayers, zero, or above their number.
		InvalidThreshold,
		/// A relayer appears twice.
		DuplicateRelayer,
		/// The token is already mapped.
		TokenAlreadyRegistered,
		/// The asset is already mapped to another token.
		AssetAlreadyMapped,
		/// The asset does not exist.
		UnknownAsset,
		/// The asset of a wrapped token exists and an account other than the bridge holds one
		/// of its roles (owner, issuer, admin, freezer): it could mint unbacked tokens and take
		/// real ones from the vault. Register a fresh asset id: the bridge creates it.
		AssetNotBridgeControlled,
		/// A counter is exhausted (the outbound nonce, the vault generation).
		NonceOverflow,
		/// The amount cannot be minted, burned or moved (balance, minimum balance, frozen).
		AssetTransferFailed,
		/// No transfer out has this nonce.
		UnknownTransfer,
		/// This relayer already signed this transfer.
		AlreadySigned,
		/// The relayer has not registered a signing address.
		NoSigner,
		/// The signature is invalid or not by the relayer's registered signing address.
		WrongSigner,
		/// Only a conflicted deposit can be reset.
		NotConflicted,
		/// The token's decimals differ from the asset's here (at registration) or from the
		/// registered ones (a deposit): amounts would be credited wrongly by a power of ten.
		DecimalsMismatch,
		/// This vault was set before: its deposits would be counted again under a new
		/// generation. A migration goes to a newly deployed vault.
		VaultAlreadyUsed,
		/// This relayer already confirmed this release.
		AlreadyConfirmed,
		/// No deposit has this generation and nonce.
		UnknownDeposit,
		/// Only a deposit of a former vault, or one attested longer ago than
		/// `AttestationExpiry` that has not executed, can be pruned.
		NotPrunable,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxRelayers::get() >= 1, "MaxRelayers must be positive");
			assert!(!T::RatePeriod::get().is_zero(), "RatePeriod must be positive");
			assert!(
				T::AttestationExpiry::get() >= T::RatePeriod::get(),
				"a deposit waiting for the next rate period must not expire first"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Replaces the relayer set and the threshold (at least two thirds of the set, at most
		/// all of it). Pending attestations of relayers no longer in the set stop counting.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::set_relayers(relayers.len() as u32))]
		pub fn set_relayers(
			origin: OriginFor<T>,
			relayers: RelayersOf<T>,
			threshold: u32,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_relayers(relayers, threshold)
		}

		/// Sets the Ethereum chain id and vault contract (never one set before), under the next
		/// generation. Pause the old vault's deposits and let them execute first: from now on
		/// only the new vault's deposits are attested (the old ones can be pruned); transfers
		/// queued before stay payable by the old vault only.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::set_vault())]
		pub fn set_vault(origin: OriginFor<T>, vault: Vault) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_vault(vault)
		}

		/// Maps Ethereum `token` (with `decimals`) to `asset`, with its limits: a wrapped
		/// token's asset is created by the bridge; a LabelChain asset must exist with the same
		/// decimals.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::register_token())]
		pub fn register_token(
			origin: OriginFor<T>,
			token: EthAddress,
			asset: AssetIdOf<T>,
			kind: TokenKind,
			max_transfer: BalanceOf<T>,
			rate_limit: BalanceOf<T>,
			decimals: u8,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_register_token(
				token,
				TokenInfo { asset, kind, max_transfer, rate_limit, decimals },
			)
		}

		/// Changes a token's maximum single transfer and rate limit.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::set_limits())]
		pub fn set_limits(
			origin: OriginFor<T>,
			token: EthAddress,
			max_transfer: BalanceOf<T>,
			rate_limit: BalanceOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_limits(token, max_transfer, rate_limit)
		}

		/// Pauses (or resumes) both directions. In-flight deposits keep their attestations.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::set_paused())]
		pub fn set_paused(origin: OriginFor<T>, paused: bool) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_paused(paused)
		}

		/// A relayer attests a vault deposit. Executes it when the threshold is reached.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::attest_and_execute().max(T::WeightInfo::attest()))]
		pub fn attest(origin: OriginFor<T>, deposit: DepositOf<T>) -> DispatchResultWithPostInfo {
			let relayer = ensure_signed(origin)?;
			let executed = Self::do_attest(&relayer, deposit)?;
			Ok(if executed { None } else { Some(T::WeightInfo::attest()) }.into())
		}

		/// Sends `amount` of the asset mapped to `token` to `recipient` on Ethereum: burned (an
		/// Ethereum token) or locked (LBL) here, and queued for the relayers.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::transfer_out())]
		pub fn transfer_out(
			origin: OriginFor<T>,
			token: EthAddress,
			recipient: EthAddress,
			amount: BalanceOf<T>,
		) -> DispatchResult {
			let sender = ensure_signed(origin)?;
			Self::do_transfer_out(&sender, token, recipient, amount).map(|_| ())
		}

		/// A relayer registers (or changes) the Ethereum address it signs transfers out with;
		/// the vault on Ethereum must list the same address as a relayer.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::set_signer())]
		pub fn set_signer(origin: OriginFor<T>, signer: EthAddress) -> DispatchResult {
			let relayer = ensure_signed(origin)?;
			Self::do_set_signer(&relayer, signer)
		}

		/// A relayer posts its signature of queued transfer `nonce` (over the vault's release
		/// digest), checked against its registered signing address.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::sign_outbound())]
		pub fn sign_outbound(
			origin: OriginFor<T>,
			nonce: OutboundNonce,
			signature: EthSignature,
		) -> DispatchResult {
			let relayer = ensure_signed(origin)?;
			Self::do_sign_outbound(&relayer, nonce, signature)
		}

		/// Resets a conflicted deposit so that it can be attested again: its attestations are
		/// dropped, the current relayers' and the replaced ones' (up to twice `MaxRelayers` per
		/// call; a deposit with more stays conflicted until another reset). Governance first
		/// replaces the relayers that attested a false content, then resets; the honest
		/// relayers attest again and the deposit executes at the threshold.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::reset_deposit())]
		pub fn reset_deposit(origin: OriginFor<T>, nonce: DepositNonce) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_reset_deposit(nonce)
		}

		/// A relayer confirms that the vault released queued transfer `nonce` (its `Released`
		/// event). At the threshold of current relayers the transfer leaves the queue with its
		/// signatures and confirmations: it can never be signed again, for any vault.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::confirm_release_and_prune().max(T::WeightInfo::confirm_release()))]
		pub fn confirm_release(
			origin: OriginFor<T>,
			nonce: OutboundNonce,
		) -> DispatchResultWithPostInfo {
			let relayer = ensure_signed(origin)?;
			let pruned = Self::do_confirm_release(&relayer, nonce)?;
			Ok(if pruned { None } else { Some(T::WeightInfo::confirm_release()) }.into())
		}

		/// Prunes deposit `(generation, nonce)`: any deposit of a former vault (it can never
		/// execute again), or one of the current vault attested more than `AttestationExpiry`
		/// blocks ago that has not executed. Anyone may call it; drops up to twice
		/// `MaxRelayers` attestations (another call drops the rest).
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::prune_deposit())]
		pub fn prune_deposit(
			origin: OriginFor<T>,
			generation: VaultGeneration,
			nonce: DepositNonce,
		) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_prune_deposit(generation, nonce)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The bridge account.
		pub fn account() -> T::AccountId {
			use sp_runtime::traits::AccountIdConversion;
			T::PalletId::get().into_account_truncating()
		}
	}
}
