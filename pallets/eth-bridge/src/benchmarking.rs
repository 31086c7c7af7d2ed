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
const BENCH_SIGNATURE: [u8; 65] = hex_literal(b"af02e97c06096b63f7ec8359f2beb1f68834b63cd95ffb1e089a8a32347ced507afa0bc95c81c36589746cb462436023b3075c890412daa07b610c3962558b721c");

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
	Pallet::<T>::do_set_vault(bench_vault()).expect("a new vault");
	let asset = T::BenchmarkHelper::fund(0, &Pallet::<T>::account(), locked);
	let token = H160::repeat_byte(0xb1);
	let max = BalanceOf::<T>::max_value();
	use frame_support::traits::fungibles::metadata::Inspect as _;
	let decimals = T::Assets::decimals(asset.clone());
	Pallet::<T>::do_register_token(
		token,
		TokenInfo {
			asset: asset.clone(),
			kind: TokenKind::Native,
			max_transfer: max,
			rate_limit: max,
			decimals,
		},
	)
	.expect("registered");
	Locked::<T>::insert(asset, locked);
	(set, token)
}

/// The benchmarks' vault: chain 1, contract 0xfa….
fn bench_vault() -> Vault {
	Vault { chain_id: 1, address: H160::repeat_byte(0xfa) }
}

/// The key of the benchmarks' deposit, nonce 7 of the current vault.
fn key<T: Config>() -> DepositKey {
	(CurrentGeneration::<T>::get(), 7)
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
		decimals: Tokens::<T>::get(token).map(|i| i.decimals).unwrap_or_default(),
	}
}

/// Transfer out `nonce` of `token` queued by `sender` for the benchmarks' vault.
fn queue<T: Config>(nonce: OutboundNonce, token: EthAddress, sender: &T::AccountId) {
	let info = Tokens::<T>::get(token).expect("mapped");
	OutboundQueue::<T>::insert(
		nonce,
		Outbound {
			vault: bench_vault(),
			token,
			decimals: info.decimals,
			asset: info.asset,
			sender: sender.clone(),
			recipient: H160::repeat_byte(0xee),
			amount: amount::<T>(),
			queued_at: frame_system::Pallet::<T>::block_number(),
		},
	);
	NextOutbound::<T>::put(nonce + 1);
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
		let generation = CurrentGeneration::<T>::get();
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, vault);
		assert_eq!(EthereumVault::<T>::get(), Some(vault));
		assert_eq!(CurrentGeneration::<T>::get(), generation + 1);
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
			6,
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
		assert!(matches!(Inbound::<T>::get(key::<T>()), Some(InboundState::Attesting { .. })));
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
			Attestations::<T>::insert(key::<T>(), former, H256::repeat_byte(3));
		}
		let caller = set[n - 1].clone();
		#[extrinsic_call]
		attest(RawOrigin::Signed(caller), d);
		assert!(matches!(Inbound::<T>::get(key::<T>()), Some(InboundState::Executed { .. })));
	}

	/// A conflicted deposit that every relayer of the largest set, and of the set it replaced,
	/// attested: the most attestations one reset drops.
	#[benchmark]
	fn reset_deposit() {
		let (set, _) = setup::<T>(amount::<T>());
		let (first, second) = (H256::repeat_byte(1), H256::repeat_byte(2));
		let key = key::<T>();
		Inbound::<T>::insert(key, InboundState::Conflicted { first, second });
		for (i, r) in set.iter().enumerate() {
			Attestations::<T>::insert(key, r, if i == 0 { first } else { second });
		}
		for i in 0..T::MaxRelayers::get() {
			let former: T::AccountId = account("former relayer", i, SEED);
			Attestations::<T>::insert(key, former, second);
		}
		let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, 7);
		assert!(Inbound::<T>::get(key).is_none());
		assert_eq!(Attestations::<T>::iter_prefix(key).count(), 0);
	}

	/// A deposit of a former vault that a full relayer set and the set it replaced attested:
	/// the most attestations one prune drops.
	#[benchmark]
	fn prune_deposit() {
		let (set, _) = setup::<T>(amount::<T>());
		let former_key = key::<T>();
		Inbound::<T>::insert(
			former_key,
			InboundState::Attesting {
				digest: H256::repeat_byte(1),
				since: frame_system::Pallet::<T>::block_number(),
			},
		);
		for r in set.iter() {
			Attestations::<T>::insert(former_key, r, H256::repeat_byte(1));
		}
		for i in 0..T::MaxRelayers::get() {
			let former: T::AccountId = account("former relayer", i, SEED);
			Attestations::<T>::insert(former_key, former, H256::repeat_byte(1));
		}
		Pallet::<T>::do_set_vault(Vault { chain_id: 1, address: H160::repeat_byte(0xfb) })
			.expect("a new vault");
		let caller: T::AccountId = whitelisted_caller();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), former_key.0, former_key.1);
		assert!(Inbound::<T>::get(former_key).is_none());
		assert_eq!(Attestations::<T>::iter_prefix(former_key).count(), 0);
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
	/// (key 0x01…01, chain 1, vault 0xfa…, nonce 0, token 0xb1…, recipient 0xee…, 10^15,
	/// 0 decimals)
	/// was signed with ethers.js; `signatures_match_the_vault` checks the digest.
	#[benchmark]
	fn sign_outbound() {
		let (set, token) = setup::<T>(amount::<T>());
		let caller = set[0].clone();
		Signers::<T>::insert(&caller, H160(BENCH_SIGNER));
		assert_eq!(Tokens::<T>::get(token).map(|i| i.decimals), Some(0), "the vector's decimals");
		queue::<T>(0, token, &caller);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0, BENCH_SIGNATURE);
		assert!(OutboundSignatures::<T>::contains_key(0, caller));
	}

	/// A confirmation that does not prune: all but two relayers of the largest set confirmed.
	#[benchmark]
	fn confirm_release() {
		let (set, token) = setup::<T>(amount::<T>());
		let n = set.len();
		queue::<T>(0, token, &set[0]);
		for r in set.iter().take(n.saturating_sub(2)) {
			ReleaseConfirmations::<T>::insert(0, r, ());
		}
		let caller = set[n - 2].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), 0);
		assert!(ReleaseConfirmations::<T>::contains_key(0, caller));
		assert!(OutboundQueue::<T>::contains_key(0));
	}

	/// The last confirmation of the largest set: counts every vote and removes the transfer
	/// with the most signatures and confirmations one call drops (its relayers' and a replaced
	/// set's).
	#[benchmark]
	fn confirm_release_and_prune() {
		let (set, token) = setup::<T>(amount::<T>());
		let n = set.len();
		queue::<T>(0, token, &set[0]);
		for r in set.iter() {
			OutboundSignatures::<T>::insert(0, r, [7u8; 65]);
		}
		for r in set.iter().take(n - 1) {
			ReleaseConfirmations::<T>::insert(0, r, ());
		}
		for i in 0..T::MaxRelayers::get() {
			let former: T::AccountId = account("former relayer", i, SEED);
			OutboundSignatures::<T>::insert(0, &former, [7u8; 65]);
			ReleaseConfirmations::<T>::insert(0, former, ());
		}
		let caller = set[n - 1].clone();
		#[extrinsic_call]
		confirm_release(RawOrigin::Signed(caller), 0);
		assert!(!OutboundQueue::<T>::contains_key(0));
		assert_eq!(OutboundSignatures::<T>::iter_prefix(0).count(), 0);
		assert_eq!(ReleaseConfirmations::<T>::iter_prefix(0).count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
