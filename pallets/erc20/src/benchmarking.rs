//! Benchmarks of every call, each in its worst case: transfers that empty the sender's account
//! (the account is removed) and open the recipient's; a new allowance holding its deposit; an
//! allowance spent to zero (removed, its deposit released).

use super::*;
#[cfg(test)]
use crate::Pallet as Erc20;
use frame_benchmarking::v2::*;
use frame_support::traits::{fungible::Mutate as NativeMutate, fungibles::Inspect, Get};
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

/// Gives `who` enough native balance for allowance deposits.
fn fund_native<T: Config>(who: &T::AccountId) {
	let deposit = T::AllowanceDeposit::get();
	T::Currency::set_balance(who, deposit.saturating_mul(1_000u32.into()));
}

/// `spender`'s allowance over `owner`'s `asset`, stored as `approve` stores it.
fn allow<T: Config>(
	asset: &AssetIdOf<T>,
	owner: &T::AccountId,
	spender: &T::AccountId,
	value: BalanceOf<T>,
) {
	fund_native::<T>(owner);
	Pallet::<T>::do_approve(asset.clone(), owner, spender, value).expect("approved");
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
		fund_native::<T>(&owner);
		let spender: T::AccountId = account("spender", 0, SEED);
		let spender_lookup = T::Lookup::unlookup(spender.clone());
		let value = amount::<T>();

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset.clone(), spender_lookup, value);

		assert_eq!(Pallet::<T>::allowance_of(&asset, &owner, &spender), value);
	}

	/// As `transfer`, and the allowance is spent to zero (removed, its deposit released).
	#[benchmark]
	fn transfer_from() {
		let value = amount::<T>();
		let (from, asset) = holder::<T>("from", value);
		let spender: T::AccountId = account("spender", 0, SEED);
		let to: T::AccountId = account("to", 0, SEED);
		allow::<T>(&asset, &from, &spender, value);
		let from_lookup = T::Lookup::unlookup(from.clone());
		let to_lookup = T::Lookup::unlookup(to.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(spender.clone()), asset.clone(), from_lookup, to_lookup, value);

		assert_eq!(T::Assets::balance(asset.clone(), &to), value);
		assert!(Allowances::<T>::get((asset, from, spender)).is_none());
	}

	#[benchmark]
	fn increase_allowance() {
		let (owner, asset) = holder::<T>("owner", amount::<T>());
		let spender: T::AccountId = account("spender", 0, SEED);
		let value = amount::<T>();
		allow::<T>(&asset, &owner, &spender, value);
		let spender_lookup = T::Lookup::unlookup(spender.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset.clone(), spender_lookup, value);

		assert_eq!(
			Pallet::<T>::allowance_of(&asset, &owner, &spender),
			value.saturating_add(value)
		);
	}

	#[benchmark]
	fn decrease_allowance() {
		let (owner, asset) = holder::<T>("owner", amount::<T>());
		let spender: T::AccountId = account("spender", 0, SEED);
		let value = amount::<T>();
		allow::<T>(&asset, &owner, &spender, value.saturating_add(value));
		let spender_lookup = T::Lookup::unlookup(spender.clone());

		#[extrinsic_call]
		_(RawOrigin::Signed(owner.clone()), asset.clone(), spender_lookup, value);

		assert_eq!(Pallet::<T>::allowance_of(&asset, &owner, &spender), value);
	}

	/// An allowance of an earlier generation of its asset: removed, its deposit released.
	#[benchmark]
	fn remove_stale_allowance() {
		let (owner, asset) = holder::<T>("owner", amount::<T>());
		let spender: T::AccountId = account("spender", 0, SEED);
		allow::<T>(&asset, &owner, &spender, amount::<T>());
		Pallet::<T>::note_asset_created(&asset);
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(
			RawOrigin::Signed(caller),
			asset.clone(),
			T::Lookup::unlookup(owner.clone()),
			T::Lookup::unlookup(spender.clone()),
		);

		assert!(Allowances::<T>::get((asset, owner, spender)).is_none());
	}

	impl_benchmark_test_suite!(Erc20, crate::mock::new_test_ext(), crate::mock::Test);
}
