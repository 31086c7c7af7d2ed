//! Benchmarks of every call, each in its worst case: the largest relayer set, a threshold of
//! all relayers, a deposit that releases locked LBL to a new account, a transfer out that locks.

use super::*;
use crate::types::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_core::H160;
use sp_runtime::traits::Bounded;

const SEED: u32 = 0;

fn relayers<T: Config>(n: u32) -> RelayersOf<T> {
	let all: alloc::vec::Vec<T::AccountId> = (0..n).map(|i| account("relayer", i, SEED)).collect();
	RelayersOf::<T>::truncate_from(all)
}

/// The largest relayer set, all of it required; a vault; `token` mapped to a native asset with
/// `locked` of it held by the bridge; no limits in the way.
fn setup<T: Config>(locked: BalanceOf<T>) -> (RelayersOf<T>, EthAddress) {
	let n = T::MaxRelayers::get();
	let set = relayers::<T>(n);
	Pallet::<T>::do_set_relayers(set.clone(), n).expect("valid");
	EthereumVault::<T>::put(Vault { chain_id: 1, address: H160::repeat_byte(0xfa) });
	let asset = T::BenchmarkHelper::fund(0, &Pallet::<T>::account(), locked);
	let token = H160::repeat_byte(0xb1);
	let max = BalanceOf::<T>::max_value();
	Pallet::<T>::do_register_token(
		token,
		TokenInfo {
			asset: asset.clone(),
			kind: TokenKind::Native,
			max_transfer: max,
			rate_limit: max,
		},
	)
	.expect("registered");
	Locked::<T>::insert(asset, locked);
	(set, token)
}

/// Large enough for any runtime's minimum balance (10^15 units).
fn amount<T: Config>() -> BalanceOf<T> {
	BalanceOf::<T>::from(1_000_000u32) * BalanceOf::<T>::from(1_000_000_000u32)
}

fn deposit<T: Config>(token: EthAddress) -> DepositOf<T> {
	Deposit {
		nonce: 7,
		token,
		sender: H160::repeat_byte(0xee),
		recipient: account("recipient", 0, SEED),
		amount: amount::<T>(),
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn set_relayers(n: Linear<1, { T::MaxRelayers::get() }>) {
		let set = relayers::<T>(n);
		let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, set, n);
		assert_eq!(Threshold::<T>::get(), n);
	}

	#[benchmark]
	fn set_vault() {
		let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
		let vault = Vault { chain_id: 1, address: H160::repeat_byte(1) };
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, vault);
		assert_eq!(EthereumVault::<T>::get(), Some(vault));
	}

	#[benchmark]
	fn register_token() {
		let asset = T::BenchmarkHelper::fund(1, &account("holder", 0, SEED), amount::<T>());
		let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
		let token = H160::repeat_byte(2);
		#[extrinsic_call]
		_(
			origin as T::RuntimeOrigin,
			token,
			asset,
			TokenKind::Wrapped,
			amount::<T>(),
			amount::<T>(),
		);
		assert!(Tokens::<T>::contains_key(token));
	}

	#[benchmark]
	fn set_limits() {
		let (_, token) = setup::<T>(amount::<T>());
		let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, token, amount::<T>(), amount::<T>());
		assert_eq!(Tokens::<T>::get(token).map(|i| i.max_transfer), Some(amount::<T>()));
	}

	#[benchmark]
	fn set_paused() {
		let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, true);
		assert!(Paused::<T>::get());
	}

	/// An attestation that does not execute: all but two relayers attested already.
	#[benchmark]
	fn attest() {
		let (set, token) = setup::<T>(amount::<T>());
		let d = deposit::<T>(token);
		let n = set.len();
		for r in set.iter().take(n.saturating_sub(2)) {
			Pallet::<T>::do_attest(r, d.clone()).expect("attested");
		}
		let caller = set[n - 2].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), d);
		assert!(matches!(Inbound::<T>::get(7), Some(InboundState::Attesting { .. })));
	}

	/// The last attestation of the largest set: counts every vote, releases locked LBL to a
	/// new account and clears the attestations.
	#[benchmark]
	fn attest_and_execute() {
		let (set, token) = setup::<T>(amount::<T>());
		let d = deposit::<T>(token);
		let n = set.len();
		for r in set.iter().take(n - 1) {
			Pallet::<T>::do_attest(r, d.clone()).expect("attested");
		}
		let caller = set[n - 1].clone();
		#[extrinsic_call]
		attest(RawOrigin::Signed(caller), d);
		assert!(matches!(Inbound::<T>::get(7), Some(InboundState::Executed { .. })));
	}

	/// A transfer out that locks a native asset (two accounts touched).
	#[benchmark]
	fn transfer_out() {
		let (_, token) = setup::<T>(amount::<T>());
		let asset = Tokens::<T>::get(token).map(|i| i.asset).expect("mapped");
		let caller: T::AccountId = whitelisted_caller();
		let funded = T::BenchmarkHelper::fund(0, &caller, amount::<T>());
		assert!(funded == asset);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), token, H160::repeat_byte(0xee), amount::<T>());
		assert_eq!(NextOutbound::<T>::get(), 1);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
