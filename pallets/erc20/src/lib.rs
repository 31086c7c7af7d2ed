//! # ERC-20 pallet
//!
//! The ERC-20 interface over any `pallet-assets` asset, so that wallets, exchanges and the
//! Ethereum bridge can treat LBL (and every other asset) as the token they know.
//!
//! Balances stay in the asset registry; this pallet adds what ERC-20 has and `pallet-assets`
//! does not, or has with other semantics:
//! - [`transfer`](Pallet::transfer) moves exactly `value`, also zero, and emits [`Event::Transfer`].
//!   A transfer that would leave the sender with a balance above zero but below the asset's
//!   minimum balance is refused ([`Error::WouldLeaveDust`]): nothing is ever burned or moved
//!   silently. Moving the whole balance is allowed.
//! - [`approve`](Pallet::approve) *sets* an allowance (pallet-assets' `approve_transfer` adds to
//!   one), [`transfer_from`](Pallet::transfer_from) spends it, and
//!   [`increase_allowance`](Pallet::increase_allowance) / [`decrease_allowance`](Pallet::decrease_allowance)
//!   change it without the approve race. The largest balance is an infinite allowance that
//!   `transfer_from` does not decrease (as in OpenZeppelin's ERC-20).
//! - The views `name`, `symbol`, `decimals`, `total_supply`, `balance_of` and `allowance`, for
//!   any asset id, through [`runtime_api::Erc20Api`] (and the node's `erc20_*` RPC methods).
//!
//! Each stored allowance holds [`Config::AllowanceDeposit`] of the owner's native balance until
//! it is removed (set to zero or spent), so that the allowance map cannot grow for free; and it
//! belongs to one *generation* of its asset: destroying an asset and creating another with the
//! same id (the runtime reports creations to [`Pallet::note_asset_created`]) leaves the old
//! allowances worth zero, removable by anyone (`remove_stale_allowance`) with the deposit going
//! back to the owner.
//!
//! The logic lives in [`transfer`] and [`allowance`]; calls only check origin and decode
//! addresses.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod allowance;
pub mod runtime_api;
pub mod transfer;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use weights::WeightInfo;

use frame_support::traits::{fungible, fungibles};
use sp_runtime::traits::StaticLookup;

/// An asset id of the underlying registry.
pub type AssetIdOf<T> =
	<<T as Config>::Assets as fungibles::Inspect<<T as frame_system::Config>::AccountId>>::AssetId;
/// A balance of the underlying registry.
pub type BalanceOf<T> =
	<<T as Config>::Assets as fungibles::Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A native balance (allowance deposits).
pub type NativeBalanceOf<T> =
	<<T as Config>::Currency as fungible::Inspect<<T as frame_system::Config>::AccountId>>::Balance;
/// A stored allowance with a runtime's types.
pub type AllowanceOf<T> = Allowance<BalanceOf<T>, NativeBalanceOf<T>>;

/// A stored allowance: how much, for which generation of the asset, and the deposit held.
#[derive(
	codec::Encode,
	codec::Decode,
	codec::MaxEncodedLen,
	scale_info::TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Debug,
)]
pub struct Allowance<Balance, NativeBalance> {
	/// What the spender may still move (the largest balance: without limit).
	pub value: Balance,
	/// The asset's generation when it was set; worth zero in any other.
	pub generation: u32,
	/// The owner's native balance held for the entry.
	pub deposit: NativeBalance,
}

/// An address as a call takes it.
pub type AccountIdLookupOf<T> = <<T as frame_system::Config>::Lookup as StaticLookup>::Source;

/// Sets up assets for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AssetId, AccountId, Balance> {
	/// A live asset in which `who` holds `amount` (created if needed, sufficient or not as the
	/// runtime's assets are), and its minimum balance.
	fn fund(who: &AccountId, amount: Balance) -> (AssetId, Balance);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

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

		/// The asset registry the interface is laid over.
		type Assets: fungibles::Mutate<Self::AccountId>
			+ fungibles::metadata::Inspect<Self::AccountId>;

		/// The native currency allowance deposits are held in.
		type Currency: fungible::MutateHold<Self::AccountId, Reason = Self::RuntimeHoldReason>
			+ fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// Native balance held from the owner for each stored allowance.
		#[pallet::constant]
		type AllowanceDeposit: Get<NativeBalanceOf<Self>>;

		/// Weights of the calls, from `benchmarking.rs`.
		type WeightInfo: WeightInfo;

		/// Creates and funds assets for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<AssetIdOf<Self>, Self::AccountId, BalanceOf<Self>>;
	}

	/// Why this pallet holds native balance.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// The deposit of a stored allowance.
		AllowanceDeposit,
	}

	/// How much `spender` may move out of `owner`'s balance of an asset with `transfer_from`,
	/// with the asset generation it was set in and its deposit. Absent means zero: an
	/// allowance set to zero or spent is removed.
	#[pallet::storage]
	pub type Allowances<T: Config> = StorageNMap<
		_,
		(
			NMapKey<Blake2_128Concat, AssetIdOf<T>>,
			NMapKey<Blake2_128Concat, T::AccountId>,
			NMapKey<Blake2_128Concat, T::AccountId>,
		),
		AllowanceOf<T>,
	>;

	/// How many times an asset id has been created (after genesis): allowances of an earlier
	/// generation are worth nothing.
	#[pallet::storage]
	pub type AssetGenerations<T: Config> =
		StorageMap<_, Blake2_128Concat, AssetIdOf<T>, u32, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// ERC-20 `Transfer(from, to, value)`: `value` of `asset` moved from `from` to `to`
		/// (also for zero and for `from == to`).
		Transfer { asset: AssetIdOf<T>, from: T::AccountId, to: T::AccountId, value: BalanceOf<T> },
		/// ERC-20 `Approval(owner, spender, value)`: the allowance of `spender` over `owner`'s
		/// `asset` is now `value`.
		Approval {
			asset: AssetIdOf<T>,
			owner: T::AccountId,
			spender: T::AccountId,
			value: BalanceOf<T>,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No asset has this id (or it is being destroyed).
		UnknownAsset,
		/// The sender's balance is smaller than the amount.
		InsufficientBalance,
		/// The spender's allowance is smaller than the amount.
		InsufficientAllowance,
		/// The sender would keep a balance above zero but below the asset's minimum balance;
		/// send the whole balance or leave at least the minimum.
		WouldLeaveDust,
		/// The sender's account, or the whole asset, is frozen or blocked.
		Frozen,
		/// The recipient has no account of this asset and the amount is below its minimum
		/// balance.
		BelowMinimum,
		/// The recipient cannot open an account of this asset: it is not a sufficient asset and
		/// the recipient holds no native balance.
		CannotCreate,
		/// The recipient's account of this asset is blocked.
		RecipientBlocked,
		/// A balance, the supply or an allowance would overflow.
		Overflow,
		/// `decrease_allowance` by more than the current allowance.
		AllowanceBelowZero,
		/// The owner cannot put up the native deposit a new allowance holds.
		InsufficientDeposit,
		/// No allowance is stored for this owner, spender and asset.
		NoAllowance,
		/// The allowance belongs to the asset's current generation: only its owner changes it.
		AllowanceNotStale,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// ERC-20 `transfer(to, value)`: move exactly `value` of `asset` from the caller to `to`.
		///
		/// Zero is a valid amount. Errors: [`Error::InsufficientBalance`],
		/// [`Error::WouldLeaveDust`], [`Error::Frozen`], [`Error::BelowMinimum`],
		/// [`Error::CannotCreate`], [`Error::RecipientBlocked`], [`Error::UnknownAsset`].
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::transfer())]
		pub fn transfer(
			origin: OriginFor<T>,
			asset: AssetIdOf<T>,
			to: AccountIdLookupOf<T>,
			#[pallet::compact] value: BalanceOf<T>,
		) -> DispatchResult {
			let from = ensure_signed(origin)?;
			let to = T::Lookup::lookup(to)?;
			Self::do_transfer(asset, &from, &to, value)
		}

		/// ERC-20 `approve(spender, value)`: set (not add to) the amount of the caller's `asset`
		/// that `spender` may move with `transfer_from`. Zero removes the allowance.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::approve())]
		pub fn approve(
			origin: OriginFor<T>,
			asset: AssetIdOf<T>,
			spender: AccountIdLookupOf<T>,
			#[pallet::compact] value: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let spender = T::Lookup::lookup(spender)?;
			Self::do_approve(asset, &owner, &spender, value)
		}

		/// ERC-20 `transferFrom(from, to, value)`: the caller moves `value` of `from`'s `asset`
		/// to `to`, spending that much of its allowance (an infinite allowance is not spent).
		///
		/// Errors: [`Error::InsufficientAllowance`] and those of [`Pallet::transfer`].
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::transfer_from())]
		pub fn transfer_from(
			origin: OriginFor<T>,
			asset: AssetIdOf<T>,
			from: AccountIdLookupOf<T>,
			to: AccountIdLookupOf<T>,
			#[pallet::compact] value: BalanceOf<T>,
		) -> DispatchResult {
			let spender = ensure_signed(origin)?;
			let from = T::Lookup::lookup(from)?;
			let to = T::Lookup::lookup(to)?;
			Self::do_transfer_from(asset, &spender, &from, &to, value)
		}

		/// `increaseAllowance(spender, addedValue)`: raise `spender`'s allowance over the
		/// caller's `asset` by `added`. Errors: [`Error::Overflow`], [`Error::UnknownAsset`].
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::increase_allowance())]
		pub fn increase_allowance(
			origin: OriginFor<T>,
			asset: AssetIdOf<T>,
			spender: AccountIdLookupOf<T>,
			#[pallet::compact] added: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let spender = T::Lookup::lookup(spender)?;
			Self::do_increase_allowance(asset, &owner, &spender, added)
		}

		/// `decreaseAllowance(spender, subtractedValue)`: lower `spender`'s allowance over the
		/// caller's `asset` by `subtracted`. Errors: [`Error::AllowanceBelowZero`],
		/// [`Error::UnknownAsset`].
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::decrease_allowance())]
		pub fn decrease_allowance(
			origin: OriginFor<T>,
			asset: AssetIdOf<T>,
			spender: AccountIdLookupOf<T>,
			#[pallet::compact] subtracted: BalanceOf<T>,
		) -> DispatchResult {
			let owner = ensure_signed(origin)?;
			let spender = T::Lookup::lookup(spender)?;
			Self::do_decrease_allowance(asset, &owner, &spender, subtracted)
		}

		/// Remove an allowance of an asset that no longer exists or was created anew since
		/// (worth zero): its deposit goes back to the owner. Anyone may.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::remove_stale_allowance())]
		pub fn remove_stale_allowance(
			origin: OriginFor<T>,
			asset: AssetIdOf<T>,
			owner: AccountIdLookupOf<T>,
			spender: AccountIdLookupOf<T>,
		) -> DispatchResult {
			ensure_signed(origin)?;
			let owner = T::Lookup::lookup(owner)?;
			let spender = T::Lookup::lookup(spender)?;
			Self::do_remove_stale_allowance(asset, &owner, &spender)
		}
	}
}
