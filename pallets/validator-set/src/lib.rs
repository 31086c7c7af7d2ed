//! # Validator set pallet
//!
//! Who validates LabelChain is governance's decision: [`add_validator`](Pallet::add_validator)
//! and [`remove_validator`](Pallet::remove_validator) change the set, and
//! [`set_session_length`](Pallet::set_session_length) how often it may change. The pallet is
//! `pallet-session`'s [`SessionManager`]: at the end of every session the current set is handed
//! to `pallet-session`, which makes it the authority set of Aura and GRANDPA one session later
//! (GRANDPA through a scheduled authority change), without restarting any node.
//!
//! A validator must have registered session keys (`session.setKeys`) before it can be added, so
//! that every member of the set can author; the set never shrinks below
//! [`Config::MinValidators`].
//!
//! The logic lives in [`set`]; calls only check the origin.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod set;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use weights::WeightInfo;

use alloc::vec::Vec;
use frame_support::traits::Get;
use frame_system::pallet_prelude::BlockNumberFor;
use pallet_session::SessionManager;

/// Prepares accounts for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper<AccountId> {
	/// Registers session keys for `who`, so that it can be added.
	fn register_keys(who: &AccountId);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{pallet_prelude::*, traits::ValidatorRegistration};
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

		/// Who may change the set and the session length.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Whether an account has registered session keys (`pallet-session`).
		type ValidatorRegistration: ValidatorRegistration<Self::AccountId>;

		/// The largest validator set (at most the consensus pallets' `MaxAuthorities`).
		#[pallet::constant]
		type MaxValidators: Get<u32>;

		/// The smallest validator set governance may leave.
		#[pallet::constant]
		type MinValidators: Get<u32>;

		/// The shortest session, in blocks.
		#[pallet::constant]
		type MinSessionLength: Get<BlockNumberFor<Self>>;

		/// Weights of the calls, from `benchmarking.rs`.
		type WeightInfo: WeightInfo;

		/// Registers session keys for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self::AccountId>;
	}

	/// The validators, in the order they were added. `pallet-session` takes this set at the end
	/// of each session and makes it the authorities one session later.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// How many blocks a session lasts.
	#[pallet::storage]
	pub type SessionLength<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	#[pallet::genesis_config]
	#[derive(frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The validators at genesis (each needs session keys in `pallet-session`'s genesis).
		pub validators: Vec<T::AccountId>,
		/// The session length at genesis, in blocks (at least `MinSessionLength`).
		pub session_length: BlockNumberFor<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			Validators::<T>::put(BoundedVec::truncate_from(self.validators.clone()));
			SessionLength::<T>::put(self.session_length.max(T::MinSessionLength::get()));
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` joins the authorities within two sessions.
		ValidatorAdded { who: T::AccountId },
		/// `who` leaves the authorities within two sessions.
		ValidatorRemoved { who: T::AccountId },
		/// Sessions now last `blocks` blocks.
		SessionLengthSet { blocks: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already a validator.
		AlreadyValidator,
		/// The account is not a validator.
		NotValidator,
		/// The set already has `MaxValidators` members.
		TooManyValidators,
		/// Removing would leave fewer than `MinValidators`.
		TooFewValidators,
		/// The account has not registered session keys (`session.setKeys`), so it could not
		/// author.
		NoSessionKeys,
		/// The session length is below `MinSessionLength`.
		SessionTooShort,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "a chain needs a validator");
			assert!(
				T::MaxValidators::get() >= T::MinValidators::get(),
				"MaxValidators below MinValidators"
			);
			assert!(!T::MinSessionLength::get().is_zero(), "sessions must last a block");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Add `who` to the validator set (governance). `who` must have session keys; it starts
		/// authoring within two sessions.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::add_validator())]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_add_validator(who)
		}

		/// Remove `who` from the validator set (governance); it stops authoring within two
		/// sessions.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::remove_validator())]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_remove_validator(who)
		}

		/// Set how many blocks a session lasts (governance), from the next block on.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_session_length())]
		pub fn set_session_length(
			origin: OriginFor<T>,
			blocks: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_set_session_length(blocks)
		}
	}
}

/// The session length as `pallet-session`'s `PeriodicSessions` reads it.
pub struct SessionPeriod<T>(core::marker::PhantomData<T>);
impl<T: Config> Get<BlockNumberFor<T>> for SessionPeriod<T> {
	fn get() -> BlockNumberFor<T> {
		SessionLength::<T>::get().max(T::MinSessionLength::get())
	}
}

impl<T: Config> SessionManager<T::AccountId> for Pallet<T> {
	fn new_session(_new_index: u32) -> Option<Vec<T::AccountId>> {
		Some(Validators::<T>::get().into_inner())
	}
	fn end_session(_end_index: u32) {}
	fn start_session(_start_index: u32) {}
}
