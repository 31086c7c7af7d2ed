//! Benchmarks of every call, each in its worst case: transfers that empty the sender's account
//! (the account is removed) and open the recipient's, allowances that are written, not removed.

use super::*;
#[cfg(test)]
use crate::Pallet as Erc20;
use frame_benchmarking::v2::*;
use frame_support::traits::fungibles::Inspect;
use frame_system::RawOrigin;
use sp_runtime::traits::{Bounded, Saturating, Zero};

const SEED: u32 = 0;

/// An account holding exactly `amount` of a fresh asset, and that asset.
fn holder<T: Config>(name: &'static str, amount: BalanceOf<T>) -> (T::AccountId, AssetIdOf<T>) {
	let who: T::AccountId = account(name, 0, SEED);
	let (asset, _) = T::BenchmarkHelper::fund(&who, amount);
	(who, asset)
}

fn amount<T: Config>() -> BalanceOf<T> {
	BalanceOf::<T>::max_value() / 1_000_000u32.into()
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// The whole balance to a new account: the sender's account is removed, the recipient's
	/// created.
	#[benchmark]
	fn transfer() {
		let value = amount::<T>();
		let (from, asset) = holder::<T>("from", value);
		let to: T::AccountId = account("to", 0, SEED);
		let to_lookup = T::Lookup::unlookup(to.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(from.clone()), asset.clone(), to_lookup, value);

		assert!(T::Assets::balance(asset.clone(), &from).is_zero());
		assert_eq!(T::Assets::balance(asset, &to), value);
	}

	#[benchmark]
	fn approve() {
		let (owner, asset) = holder::<T>("owner", amount::<T>());
		let spender: T::AccountId = account("spender", 0, SEED);
		let spender_lookup = T::Lookup::unlookup(spender.clone());
		let value = amount::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset.clone(), spender_lookup, value);

		assert_eq!(Allowances::<T>::get((asset, owner, spender)), value);
	}

	/// As `transfer`, and the allowance is decreased (not removed).
	#[benchmark]
	fn transfer_from() {
		let value = amount::<T>();
		let (from, asset) = holder::<T>("from", value);
		let spender: T::AccountId = account("spender", 0, SEED);
		let to: T::AccountId = account("to", 0, SEED);
		let allowance = value.saturating_add(value);
		Allowances::<T>::insert((asset.clone(), from.clone(), spender.clone()), allowance);
		let from_lookup = T::Lookup::unlookup(from.clone());
		let to_lookup = T::Lookup::unlookup(to.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(spender.clone()), asset.clone(), from_lookup, to_lookup, value);

		assert_eq!(T::Assets::balance(asset.clone(), &to), value);
		assert_eq!(Allowances::<T>::get((asset, from, spender)), value);
	}

	#[benchmark]
	fn increase_allowance() {
		let (owner, asset) = holder::<T>("owner", amount::<T>());
		let spender: T::AccountId = account("spender", 0, SEED);
		let value = amount::<T>();
		Allowances::<T>::insert((asset.clone(), owner.clone(), spender.clone()), value);
		let spender_lookup = T::Lookup::unlookup(spender.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset.clone(), spender_lookup, value);

		assert_eq!(Allowances::<T>::get((asset, owner, spender)), value.saturating_add(value));
	}

	#[benchmark]
	fn decrease_allowance() {
		let (owner, asset) = holder::<T>("owner", amount::<T>());
		let spender: T::AccountId = account("spender", 0, SEED);
		let value = amount::<T>();
		Allowances::<T>::insert(
			(asset.clone(), owner.clone(), spender.clone()),
			value.saturating_add(value),
		);
		let spender_lookup = T::Lookup::unlookup(spender.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset.clone(), spender_lookup, value);

		assert_eq!(Allowances::<T>::get((asset, owner, spender)), value);
	}

	impl_benchmark_test_suite!(Erc20, crate::mock::new_test_ext(), crate::mock::Test);
}
