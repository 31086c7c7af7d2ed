//! Changing the validator set and the session length.

use crate::pallet::*;
use frame_support::{ensure, traits::ValidatorRegistration};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Get, DispatchResult};

impl<T: Config> Pallet<T> {
	/// Adds `who` (with session keys) to the set.
	pub fn do_add_validator(who: T::AccountId) -> DispatchResult {
		let mut validators = Validators::<T>::get();
		ensure!(!validators.contains(&who), Error::<T>::AlreadyValidator);
		ensure!(T::ValidatorRegistration::is_registered(&who), Error::<T>::NoSessionKeys);
		validators.try_push(who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
		Validators::<T>::put(validators);
		Self::deposit_event(Event::ValidatorAdded { who });
		Ok(())
	}

	/// Removes `who` from the set, keeping at least `MinValidators`.
	pub fn do_remove_validator(who: T::AccountId) -> DispatchResult {
		let mut validators = Validators::<T>::get();
		let position = validators.iter().position(|v| v == &who).ok_or(Error::<T>::NotValidator)?;
		ensure!(validators.len() as u32 > T::MinValidators::get(), Error::<T>::TooFewValidators);
		validators.remove(position);
		Validators::<T>::put(validators);
		Self::deposit_event(Event::ValidatorRemoved { who });
		Ok(())
	}

	/// Sets the session length.
	pub fn do_set_session_length(blocks: BlockNumberFor<T>) -> DispatchResult {
		ensure!(blocks >= T::MinSessionLength::get(), Error::<T>::SessionTooShort);
		SessionLength::<T>::put(blocks);
		Self::deposit_event(Event::SessionLengthSet { blocks });
		Ok(())
	}

	/// `try_state`: at least `MinValidators`, no one twice, a session at least
	/// `MinSessionLength` long.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let validators = Validators::<T>::get();
		ensure!(validators.len() as u32 >= T::MinValidators::get(), "too few validators");
		for (i, v) in validators.iter().enumerate() {
			ensure!(!validators.iter().skip(i + 1).any(|w| w == v), "a validator is listed twice");
		}
		ensure!(SessionLength::<T>::get() >= T::MinSessionLength::get(), "session too short");
		Ok(())
	}
}
