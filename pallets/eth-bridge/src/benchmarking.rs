//! Benchmarks of every call, each in its worst case: the largest relayer set, a threshold of
//! all relayers, a deposit that releases locked LBL to a new account, a transfer out that locks.

use super::*;
use crate::types::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{EnsureOrigin, Get};
use frame_system::RawOrigin;
use sp_core::{H160, H256};
use sp_runtime::traits::Bounded;

const SEED: u32 = 0;

/// Address of the secp256k1 key 0x0101…01.
const BENCH_SIGNER: [u8; 20] = hex_literal(b"1a642f0e3c3af545e7acbd38b07251b3990914f1");
/// That key's signature of the release digest of the benchmark's transfer.
const BENCH_SIGNATURE: [u8; 65] = hex_literal(b"a748743813dfc8384ba166f18fbe029e4451bb4715031bcdfe73ff5ca83570fc6299e96e4f9824d58d293e2f44e30077cbe5de6d3f47db66aed3fd3bb9ae5d3b1c");

/// Bytes from hex, at compile time.
const fn hex_literal<const N: usize>(hex: &[u8]) -> [u8; N] {
	const fn digit(c: u8) -> u8 {
		match c {
			b'0'..=b'9' => c - b'0',
			b'a'..=b'f' => c - b'a' + 10,
			_ => panic!("not lower-case hex"),
		}
	}
	assert!(hex.len() == 2 * N, "wrong length");
	let mut out = [0u8; N];
	let mut i = 0;
	while i < N {
		out[i] = digit(hex[2 * i]) << 4 | digit(hex[2 * i + 1]);
		i += 1;
	}
	out
}

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
	/// A wrapped token: the bridge creates its asset.
	fn register_token() {
		let asset = T::BenchmarkHelper::unused(1);
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
		assert!(Pallet::<T>::controls(T::BenchmarkHelper::unused(1)));
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
	/// new account and clears the attestations, a replaced set's included.
	#[benchmark]
	fn attest_and_execute() {
		let (set, token) = setup::<T>(amount::<T>());
		let d = deposit::<T>(token);
		let n = set.len();
		for r in set.iter().take(n - 1) {
			Pallet::<T>::do_attest(r, d.clone()).expect("attested");
		}
		for i in 0..T::MaxRelayers::get() {
			let former: T::AccountId = account("former relayer", i, SEED);
			Attestations::<T>::insert(d.nonce, former, H256::repeat_byte(3));
		}
		let caller = set[n - 1].clone();
		#[extrinsic_call]
		attest(RawOrigin::Signed(caller), d);
		assert!(matches!(Inbound::<T>::get(7), Some(InboundState::Executed { .. })));
	}

	/// A conflicted deposit that every relayer of the largest set, and of the set it replaced,
	/// attested: the most attestations one reset drops.
	#[benchmark]
	fn reset_deposit() {
		let (set, _) = setup::<T>(amount::<T>());
		let (first, second) = (H256::repeat_byte(1), H256::repeat_byte(2));
		Inbound::<T>::insert(7, InboundState::Conflicted { first, second });
		for (i, r) in set.iter().enumerate() {
			Attestations::<T>::insert(7, r, if i == 0 { first } else { second });
		}
		for i in 0..T::MaxRelayers::get() {
			let former: T::AccountId = account("former relayer", i, SEED);
			Attestations::<T>::insert(7, former, second);
		}
		let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 7);
		assert!(Inbound::<T>::get(7).is_none());
		assert_eq!(Attestations::<T>::iter_prefix(7).count(), 0);
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

	#[benchmark]
	fn set_signer() {
		let (set, _) = setup::<T>(amount::<T>());
		let caller = set[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), H160::repeat_byte(0x5e));
		assert_eq!(Signers::<T>::get(caller), Some(H160::repeat_byte(0x5e)));
	}

	/// A signature check: secp256k1 recovery and keccak over the release digest. The vector
	/// (key 0x01…01, chain 1, vault 0xfa…, nonce 0, token 0xb1…, recipient 0xee…, 10^15)
	/// was signed with ethers.js; `signatures_match_the_vault` checks the digest.
	#[benchmark]
	fn sign_outbound() {
		let (set, token) = setup::<T>(amount::<T>());
		let asset = Tokens::<T>::get(token).map(|i| i.asset).expect("mapped");
		let caller = set[0].clone();
		Signers::<T>::insert(&caller, H160(BENCH_SIGNER));
		OutboundQueue::<T>::insert(
			0,
			Outbound {
				token,
				asset,
				sender: caller.clone(),
				recipient: H160::repeat_byte(0xee),
				amount: amount::<T>(),
				queued_at: frame_system::Pallet::<T>::block_number(),
			},
		);
		NextOutbound::<T>::put(1);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, BENCH_SIGNATURE);
		assert!(OutboundSignatures::<T>::contains_key(0, caller));
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
