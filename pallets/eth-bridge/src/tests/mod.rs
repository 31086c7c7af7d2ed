//! Every path of the bridge: attestation to execution, replays, forged relayers, conflicting
//! attestations, limits, the pause switch, transfers out, the LBL round trip and governance.

use crate::{mock::*, pallet::*, types::*, Event};
use frame_support::{assert_noop, assert_ok, traits::fungibles::Inspect, BoundedVec};
use sp_core::H160;
use sp_runtime::DispatchError;

mod migration;

pub(crate) fn usdc_deposit(nonce: u64, amount: Balance) -> Deposit<AccountId, Balance> {
	Deposit {
		nonce,
		token: usdc(),
		sender: eth_user(),
		recipient: BOB,
		amount,
		decimals: USDC_DECIMALS,
	}
}

pub(crate) fn attest(
	relayer: AccountId,
	deposit: &Deposit<AccountId, Balance>,
) -> Result<bool, DispatchError> {
	Bridge::attest(RuntimeOrigin::signed(relayer), deposit.clone())
		.map(|post| post.actual_weight.is_none())
		.map_err(|e| e.error)
}

pub(crate) fn balance(asset: u32, who: AccountId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(asset, &who)
}

pub(crate) fn supply(asset: u32) -> Balance {
	<Assets as Inspect<AccountId>>::total_issuance(asset)
}

#[test]
fn two_of_three_relayers_agreeing_mint_the_deposit_once() {
	run_test(|| {
		let d = usdc_deposit(0, 700);
		assert_eq!(attest(RELAYERS[0], &d), Ok(false));
		assert_eq!(balance(WUSDC, BOB), 0, "one attestation mints nothing");
		let digest = deposit_digest(&vault(), &d);
		assert_eq!(Inbound::<Test>::get((1, 0)), Some(InboundState::Attesting { digest, since: 1 }));
		assert_eq!(attest(RELAYERS[1], &d), Ok(true));
		assert_eq!(balance(WUSDC, BOB), 700);
		assert_eq!(supply(WUSDC), 700);
		assert_eq!(Inbound::<Test>::get((1, 0)), Some(InboundState::Executed { digest }));
		assert_eq!(Attestations::<Test>::iter_prefix((1, 0)).count(), 0, "attestations cleared");
		assert_eq!(
			bridge_events(),
			vec![
				Event::DepositAttested {
					generation: 1, nonce: 0, relayer: RELAYERS[0], digest, votes: 1 },
				Event::DepositAttested {
					generation: 1, nonce: 0, relayer: RELAYERS[1], digest, votes: 2 },
				Event::DepositExecuted {
					generation: 1,
					nonce: 0,
					token: usdc(),
					asset: WUSDC,
					sender: eth_user(),
					recipient: BOB,
					amount: 700,
				},
			]
		);
		// The third relayer, late, and a replay of the same deposit: refused, nothing minted.
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[2]), d.clone()),
			Error::<Test>::AlreadyExecuted
		);
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[0]), d),
			Error::<Test>::AlreadyExecuted
		);
		assert_eq!(supply(WUSDC), 700);
	});
}

#[test]
fn a_relayer_counts_once() {
	run_test(|| {
		let d = usdc_deposit(3, 100);
		assert_ok!(attest(RELAYERS[0], &d));
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[0]), d.clone()),
			Error::<Test>::AlreadyAttested
		);
		assert_eq!(Bridge::votes((1, 3), deposit_digest(&vault(), &d)), 1);
		assert_eq!(supply(WUSDC), 0);
	});
}

#[test]
fn an_unknown_or_forged_relayer_is_refused() {
	run_test(|| {
		let d = usdc_deposit(0, 100);
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(OUTSIDER), d.clone()),
			Error::<Test>::NotRelayer
		);
		// A relayer plus an outsider are not two relayers.
		assert_ok!(attest(RELAYERS[0], &d));
		assert_noop!(Bridge::attest(RuntimeOrigin::signed(ALICE), d), Error::<Test>::NotRelayer);
		assert_eq!(supply(WUSDC), 0);
		assert_noop!(
			Bridge::attest(RuntimeOrigin::none(), usdc_deposit(1, 1)),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn conflicting_attestations_are_recorded_and_never_mint() {
	run_test(|| {
		let honest = usdc_deposit(5, 100);
		let forged = Deposit { recipient: OUTSIDER, ..honest.clone() };
		assert_ok!(attest(RELAYERS[0], &honest));
		// A second relayer attests other content for the same nonce: the deposit is frozen.
		assert_eq!(attest(RELAYERS[1], &forged), Ok(false));
		let (first, second) =
			(deposit_digest(&vault(), &honest), deposit_digest(&vault(), &forged));
		assert_eq!(Inbound::<Test>::get((1, 5)), Some(InboundState::Conflicted { first, second }));
		assert_eq!(
			bridge_events().last(),
			Some(&Event::DepositConflicted {
					generation: 1, nonce: 5, relayer: RELAYERS[1], first, second })
		);
		// No further attestation, of either content, executes it.
		for d in [&honest, &forged] {
			assert_noop!(
				Bridge::attest(RuntimeOrigin::signed(RELAYERS[2]), d.clone()),
				Error::<Test>::DepositConflicted
			);
		}
		assert_eq!(supply(WUSDC), 0);
		assert_eq!((balance(WUSDC, BOB), balance(WUSDC, OUTSIDER)), (0, 0));
	});
}

#[test]
fn governance_replaces_a_lying_relayer_and_resets_a_conflicted_deposit() {
	run_test(|| {
		let honest = usdc_deposit(5, 100);
		let forged = Deposit { recipient: OUTSIDER, ..honest.clone() };
		assert_ok!(attest(RELAYERS[0], &honest));
		assert_ok!(attest(RELAYERS[1], &forged));
		// Only a conflicted deposit can be reset, and only by governance.
		assert_ok!(attest(RELAYERS[0], &usdc_deposit(6, 10)));
		assert_noop!(Bridge::reset_deposit(RuntimeOrigin::root(), 6), Error::<Test>::NotConflicted);
		assert_noop!(Bridge::reset_deposit(RuntimeOrigin::root(), 7), Error::<Test>::NotConflicted);
		assert_noop!(
			Bridge::reset_deposit(RuntimeOrigin::signed(RELAYERS[0]), 5),
			DispatchError::BadOrigin
		);
		// The lying relayer is replaced, then the deposit reset: every attestation of it is
		// dropped, the former relayer's too, and the bridge's invariants hold at once (on
		// main the former relayer's attestation stayed behind and `try_state` failed here).
		let relayers = BoundedVec::truncate_from(vec![RELAYERS[0], RELAYERS[2], 14]);
		assert_ok!(Bridge::set_relayers(RuntimeOrigin::root(), relayers, 2));
		assert_ok!(Bridge::reset_deposit(RuntimeOrigin::root(), 5));
		assert_eq!(
			bridge_events().last(),
			Some(&Event::DepositReset { nonce: 5, cleared: 2, complete: true })
		);
		assert_eq!(Inbound::<Test>::get((1, 5)), None);
		assert_eq!(Attestations::<Test>::iter_prefix((1, 5)).count(), 0);
		assert_ok!(Bridge::do_try_state());
		// The honest relayers attest again and the deposit executes, once, to its recipient.
		assert_eq!(attest(RELAYERS[0], &honest), Ok(false));
		assert_eq!(attest(RELAYERS[2], &honest), Ok(true));
		assert_eq!((balance(WUSDC, BOB), balance(WUSDC, OUTSIDER)), (100, 0));
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(14), honest),
			Error::<Test>::AlreadyExecuted
		);
	});
}

#[test]
fn amounts_above_the_maximum_or_the_rate_limit_are_refused() {
	run_test(|| {
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[0]), usdc_deposit(0, MAX_TRANSFER + 1)),
			Error::<Test>::AboveMaxTransfer
		);
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[0]), usdc_deposit(0, 0)),
			Error::<Test>::ZeroAmount
		);
		// 1,000 + 1,000 fit the 2,500 of the period; another 1,000 does not.
		for nonce in 0..2 {
			let d = usdc_deposit(nonce, MAX_TRANSFER);
			assert_ok!(attest(RELAYERS[0], &d));
			assert_eq!(attest(RELAYERS[1], &d), Ok(true));
		}
		let third = usdc_deposit(2, MAX_TRANSFER);
		assert_ok!(attest(RELAYERS[0], &third));
		// The executing attestation fails and is not recorded: the relayer retries later.
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[1]), third.clone()),
			Error::<Test>::RateLimited
		);
		assert_eq!(supply(WUSDC), 2 * MAX_TRANSFER);
		// The next period has the full limit again.
		System::set_block_number(PERIOD * 2);
		assert_eq!(attest(RELAYERS[1], &third), Ok(true));
		assert_eq!(supply(WUSDC), 3 * MAX_TRANSFER);
		assert_eq!(
			Flows::<Test>::get(WUSDC, Direction::In),
			Flow { period: 2, amount: MAX_TRANSFER }
		);
	});
}

#[test]
fn a_paused_bridge_accepts_nothing_and_resumes_with_its_attestations() {
	run_test(|| {
		let d = usdc_deposit(0, 100);
		assert_ok!(attest(RELAYERS[0], &d));
		assert_ok!(Bridge::set_paused(RuntimeOrigin::root(), true));
		assert_eq!(bridge_events().last(), Some(&Event::PauseSet { paused: true }));
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[1]), d.clone()),
			Error::<Test>::BridgePaused
		);
		assert_noop!(
			Bridge::transfer_out(RuntimeOrigin::signed(ALICE), wlbl(), eth_user(), 10),
			Error::<Test>::BridgePaused
		);
		assert_noop!(
			Bridge::set_paused(RuntimeOrigin::signed(RELAYERS[0]), false),
			DispatchError::BadOrigin
		);
		assert_ok!(Bridge::set_paused(RuntimeOrigin::root(), false));
		// The attestation made before the pause still counts.
		assert_eq!(attest(RELAYERS[1], &d), Ok(true));
		assert_eq!(balance(WUSDC, BOB), 100);
	});
}

#[test]
fn transfers_out_burn_wrapped_tokens_and_queue_increasing_nonces() {
	run_test(|| {
		let d = usdc_deposit(0, 900);
		assert_ok!(attest(RELAYERS[0], &d));
		assert_ok!(attest(RELAYERS[1], &d));
		let to = H160::repeat_byte(0x42);
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 300));
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 200));
		assert_eq!((balance(WUSDC, BOB), supply(WUSDC)), (400, 400), "burned");
		assert_eq!(NextOutbound::<Test>::get(), 2);
		let queued = OutboundQueue::<Test>::get(1).expect("queued");
		assert_eq!(
			queued,
			Outbound {
				vault: vault(),
				token: usdc(),
				decimals: USDC_DECIMALS,
				asset: WUSDC,
				sender: BOB,
				recipient: to,
				amount: 200,
				queued_at: 1
			}
		);
		assert_eq!(
			bridge_events().last(),
			Some(&Event::TransferQueued {
				nonce: 1,
				token: usdc(),
				asset: WUSDC,
				sender: BOB,
				recipient: to,
				amount: 200
			})
		);
		// Bad requests change nothing.
		assert_noop!(
			Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), H160::zero(), 1),
			Error::<Test>::ZeroAddress
		);
		assert_noop!(
			Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 0),
			Error::<Test>::ZeroAmount
		);
		assert_noop!(
			Bridge::transfer_out(RuntimeOrigin::signed(BOB), H160::repeat_byte(9), to, 1),
			Error::<Test>::UnknownToken
		);
		assert_noop!(
			Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 401),
			Error::<Test>::AssetTransferFailed
		);
		assert_noop!(
			Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, MAX_TRANSFER + 1),
			Error::<Test>::AboveMaxTransfer
		);
	});
}

#[test]
fn lbl_is_locked_going_out_and_released_coming_back() {
	run_test(|| {
		let account = Bridge::account();
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(ALICE), wlbl(), eth_user(), 800));
		assert_eq!((balance(LBL, ALICE), balance(LBL, account)), (START - 800, 800));
		assert_eq!(Locked::<Test>::get(LBL), 800);
		// Wrapped LBL burned by the vault comes back as a deposit of the wLBL contract.
		let back =
			Deposit {
				nonce: 0,
				token: wlbl(),
				sender: eth_user(),
				recipient: BOB,
				amount: 500,
				decimals: LBL_DECIMALS,
			};
		assert_ok!(attest(RELAYERS[0], &back));
		assert_eq!(attest(RELAYERS[2], &back), Ok(true));
		assert_eq!((balance(LBL, BOB), balance(LBL, account)), (500, 300));
		assert_eq!(Locked::<Test>::get(LBL), 300);
		// Never more than was locked, even when attested.
		let too_much = Deposit { nonce: 1, amount: 301, ..back };
		assert_ok!(attest(RELAYERS[0], &too_much));
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[1]), too_much),
			Error::<Test>::AssetTransferFailed
		);
		assert_eq!(Locked::<Test>::get(LBL), 300);
	});
}

#[test]
fn governance_sets_relayers_with_at_least_two_thirds_threshold() {
	run_test(|| {
		let set = |v: Vec<AccountId>| BoundedVec::try_from(v).expect("fits");
		assert_noop!(
			Bridge::set_relayers(RuntimeOrigin::signed(RELAYERS[0]), set(vec![1, 2, 3]), 2),
			DispatchError::BadOrigin
		);
		for (relayers, threshold) in [
			(vec![1, 2, 3], 1),
			(vec![1, 2, 3], 4),
			(vec![1, 2, 3, 4, 5, 6], 3),
			(vec![], 0),
			(vec![1], 0),
		] {
			assert_noop!(
				Bridge::set_relayers(RuntimeOrigin::root(), set(relayers), threshold),
				Error::<Test>::InvalidThreshold
			);
		}
		assert_noop!(
			Bridge::set_relayers(RuntimeOrigin::root(), set(vec![1, 2, 2]), 2),
			Error::<Test>::DuplicateRelayer
		);
		// A pending attestation of a relayer who leaves stops counting.
		let d = usdc_deposit(0, 100);
		assert_ok!(attest(RELAYERS[0], &d));
		assert_ok!(Bridge::set_relayers(
			RuntimeOrigin::root(),
			set(vec![RELAYERS[1], RELAYERS[2], 14]),
			2
		));
		assert_eq!(
			bridge_events().last(),
			Some(&Event::RelayersSet {
				relayers: set(vec![RELAYERS[1], RELAYERS[2], 14]),
				threshold: 2
			})
		);
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[0]), d.clone()),
			Error::<Test>::NotRelayer
		);
		assert_eq!(attest(RELAYERS[1], &d), Ok(false), "the departed relayer's vote is gone");
		assert_eq!(attest(14, &d), Ok(true));
		assert_eq!(balance(WUSDC, BOB), 100);
	});
}

#[test]
fn governance_maps_tokens_and_sets_limits_and_vault() {
	run_test(|| {
		let info =
			TokenInfo {
				asset: OTHER,
				kind: TokenKind::Wrapped,
				max_transfer: 5,
				rate_limit: 10,
				decimals: 6,
			};
		assert_noop!(
			Bridge::register_token(
				RuntimeOrigin::signed(ALICE),
				H160::repeat_byte(7),
				OTHER,
				TokenKind::Wrapped,
				5,
				10,
				6
			),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Bridge::do_register_token(usdc(), info),
			Error::<Test>::TokenAlreadyRegistered
		);
		assert_noop!(
			Bridge::do_register_token(H160::repeat_byte(7), TokenInfo { asset: WUSDC, ..info }),
			Error::<Test>::AssetAlreadyMapped
		);
		// Attack: OTHER's owner (account 0) could mint it unbacked and withdraw real tokens
		// from the vault; the bridge refuses to carry an asset it does not fully control.
		assert_noop!(
			Bridge::do_register_token(H160::repeat_byte(7), info),
			Error::<Test>::AssetNotBridgeControlled
		);
		// A native token must be an existing asset.
		assert_noop!(
			Bridge::do_register_token(
				H160::repeat_byte(7),
				TokenInfo { asset: 77, kind: TokenKind::Native, ..info }
			),
			Error::<Test>::UnknownAsset
		);
		assert_noop!(Bridge::do_register_token(H160::zero(), info), Error::<Test>::ZeroAddress);
		// A fresh id: the bridge creates the asset and holds every role of it.
		let info = TokenInfo { asset: 77, ..info };
		assert_ok!(Bridge::register_token(
			RuntimeOrigin::root(),
			H160::repeat_byte(7),
			77,
			TokenKind::Wrapped,
			5,
			10,
			6
		));
		assert!(Bridge::controls(77));
		assert!(Bridge::controls(WUSDC));
		assert!(!Bridge::controls(OTHER));
		assert_eq!(Tokens::<Test>::get(H160::repeat_byte(7)), Some(info));
		assert_eq!(Bridge::token_of(77), Some(H160::repeat_byte(7)));

		assert_ok!(Bridge::set_limits(RuntimeOrigin::root(), usdc(), 50, 60));
		assert_eq!(
			bridge_events().last(),
			Some(&Event::LimitsSet { token: usdc(), max_transfer: 50, rate_limit: 60 })
		);
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[0]), usdc_deposit(0, 51)),
			Error::<Test>::AboveMaxTransfer
		);
		assert_noop!(
			Bridge::set_limits(RuntimeOrigin::root(), H160::repeat_byte(8), 1, 1),
			Error::<Test>::UnknownToken
		);

		// A deposit attested for one vault does not match the same deposit from another.
		let d = usdc_deposit(0, 10);
		let other = Vault { chain_id: 1, address: vault().address };
		assert_ne!(deposit_digest(&vault(), &d), deposit_digest(&other, &d));
		assert_noop!(
			Bridge::set_vault(RuntimeOrigin::root(), Vault { chain_id: 1, address: H160::zero() }),
			Error::<Test>::ZeroAddress
		);
		assert_ok!(Bridge::set_vault(RuntimeOrigin::root(), other));
		assert_eq!(EthereumVault::<Test>::get(), Some(other));
	});
}

#[test]
fn nothing_crosses_without_a_vault_or_for_an_unknown_token() {
	run_test(|| {
		assert_noop!(
			Bridge::attest(
				RuntimeOrigin::signed(RELAYERS[0]),
				Deposit { token: H160::repeat_byte(9), ..usdc_deposit(0, 1) }
			),
			Error::<Test>::UnknownToken
		);
		// As before governance sets the first vault.
		EthereumVault::<Test>::kill();
		CurrentGeneration::<Test>::kill();
		UsedVaults::<Test>::remove(vault());
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[0]), usdc_deposit(0, 1)),
			Error::<Test>::NoVault
		);
		assert_noop!(
			Bridge::transfer_out(RuntimeOrigin::signed(ALICE), wlbl(), eth_user(), 1),
			Error::<Test>::NoVault
		);
	});
}

#[test]
fn the_outbound_rate_limit_counts_every_transfer_of_the_period() {
	run_test(|| {
		for _ in 0..2 {
			assert_ok!(Bridge::transfer_out(
				RuntimeOrigin::signed(ALICE),
				wlbl(),
				eth_user(),
				MAX_TRANSFER
			));
		}
		assert_noop!(
			Bridge::transfer_out(RuntimeOrigin::signed(ALICE), wlbl(), eth_user(), 501),
			Error::<Test>::RateLimited
		);
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(ALICE), wlbl(), eth_user(), 500));
		assert_eq!(Locked::<Test>::get(LBL), RATE_LIMIT);
	});
}

#[test]
fn try_state_catches_a_broken_lock() {
	run_test(|| {
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(ALICE), wlbl(), eth_user(), 10));
		Locked::<Test>::insert(LBL, 11);
		assert!(Bridge::do_try_state().is_err());
		Locked::<Test>::insert(LBL, 10);
	});
}

#[test]
fn integrity_test_holds() {
	new_test_ext().execute_with(|| {
		use frame_support::traits::Hooks;
		<Bridge as Hooks<u64>>::integrity_test();
	});
}

/// Vectors computed by the vault contract (`tests/e2e/lib/ethereum.js`, solc 0.8.30, Ganache
/// chain 31337): `releaseDigest(3, 0xc0…c0, 0x42…42, 123456789)` of the vault deployed at
/// 0xe7f1…0512, and the signature of it by the first Hardhat test account after the deployer.
const VAULT_ADDRESS: [u8; 20] = [
	0xe7, 0xf1, 0x72, 0x5e, 0x77, 0x34, 0xce, 0x28, 0x8f, 0x83, 0x67, 0xe1, 0xbb, 0x14, 0x3e, 0x90,
	0xbb, 0x3f, 0x05, 0x12,
];
const VAULT_DIGEST: &str = "b1cd20b613fd71fd2d53ef722d226e95af6b2298521905d0ea65a5a8298dd432";
const SIGNER: &str = "70997970c51812dc3a010c7d01b50e0d17dc79c8";
const SIGNATURE: &str = "a2f74e76df63964fd901f150a602efff3a4b3d3b3cfd07b249b10cd28e0dbc2340d0d9314a58e0ba817aa1059e31eb1d1d86ce14b6144f79e4f874855e21c9241b";

fn unhex(s: &str) -> Vec<u8> {
	(0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex")).collect()
}

fn vector_vault() -> Vault {
	Vault { chain_id: 31337, address: H160(VAULT_ADDRESS) }
}

#[test]
fn signatures_match_the_vault() {
	let digest = release_digest(
		&vector_vault(),
		3,
		&H160::repeat_byte(0xc0),
		&H160::repeat_byte(0x42),
		123_456_789,
		USDC_DECIMALS,
	);
	assert_eq!(digest.to_vec(), unhex(VAULT_DIGEST));
	let signature: EthSignature = unhex(SIGNATURE).try_into().expect("65 bytes");
	new_test_ext().execute_with(|| {
		assert_eq!(recover_signer(&signature, &digest), Some(H160::from_slice(&unhex(SIGNER))));
		// Another message, or a flipped bit, recovers someone else (or nobody).
		let mut other = digest;
		other[0] ^= 1;
		assert_ne!(recover_signer(&signature, &other), Some(H160::from_slice(&unhex(SIGNER))));
	});
}

#[test]
fn relayers_post_signatures_checked_against_their_signing_address() {
	run_test(|| {
		let signer = H160::from_slice(&unhex(SIGNER));
		let signature: EthSignature = unhex(SIGNATURE).try_into().expect("65 bytes");
		assert_ok!(Bridge::set_vault(RuntimeOrigin::root(), vector_vault()));
		// The vector's transfer, queued as nonce 3.
		OutboundQueue::<Test>::insert(
			3,
			Outbound {
				vault: vector_vault(),
				token: usdc(),
				decimals: USDC_DECIMALS,
				asset: WUSDC,
				sender: BOB,
				recipient: H160::repeat_byte(0x42),
				amount: 123_456_789,
				queued_at: 1,
			},
		);
		NextOutbound::<Test>::put(4);
		let relayer = RELAYERS[1];
		assert_noop!(
			Bridge::sign_outbound(RuntimeOrigin::signed(relayer), 3, signature),
			Error::<Test>::NoSigner
		);
		assert_noop!(
			Bridge::set_signer(RuntimeOrigin::signed(OUTSIDER), signer),
			Error::<Test>::NotRelayer
		);
		assert_noop!(
			Bridge::set_signer(RuntimeOrigin::signed(relayer), H160::zero()),
			Error::<Test>::ZeroAddress
		);
		// A relayer registered with another address cannot post this signature.
		assert_ok!(Bridge::set_signer(RuntimeOrigin::signed(RELAYERS[0]), H160::repeat_byte(1)));
		assert_noop!(
			Bridge::sign_outbound(RuntimeOrigin::signed(RELAYERS[0]), 3, signature),
			Error::<Test>::WrongSigner
		);
		assert_ok!(Bridge::set_signer(RuntimeOrigin::signed(relayer), signer));
		assert_eq!(bridge_events().last(), Some(&Event::SignerSet { relayer, signer }));
		assert_noop!(
			Bridge::sign_outbound(RuntimeOrigin::signed(relayer), 2, signature),
			Error::<Test>::UnknownTransfer
		);
		let mut bad = signature;
		bad[10] ^= 0xff;
		assert_noop!(
			Bridge::sign_outbound(RuntimeOrigin::signed(relayer), 3, bad),
			Error::<Test>::WrongSigner
		);
		assert_ok!(Bridge::sign_outbound(RuntimeOrigin::signed(relayer), 3, signature));
		assert_eq!(OutboundSignatures::<Test>::get(3, relayer), Some(signature));
		assert_eq!(
			bridge_events().last(),
			Some(&Event::OutboundSigned { nonce: 3, relayer, signer })
		);
		assert_noop!(
			Bridge::sign_outbound(RuntimeOrigin::signed(relayer), 3, signature),
			Error::<Test>::AlreadySigned
		);
	});
}

fn build_genesis(relayers: Vec<AccountId>, threshold: u32) -> sp_runtime::Storage {
	use sp_runtime::BuildStorage;
	crate::GenesisConfig::<Test> { relayers, threshold, vault: None }
		.build_storage()
		.expect("built")
}

#[test]
fn genesis_sets_the_relayers_and_threshold() {
	sp_io::TestExternalities::new(build_genesis(vec![1, 2, 3], 2)).execute_with(|| {
		assert_eq!(Relayers::<Test>::get().into_inner(), vec![1, 2, 3]);
		assert_eq!(Threshold::<Test>::get(), 2);
		assert_eq!(EthereumVault::<Test>::get(), None);
	});
}

#[test]
#[should_panic(expected = "genesis: invalid relayers or threshold")]
fn genesis_refuses_a_threshold_below_two_thirds() {
	build_genesis(vec![1, 2, 3], 1);
}

#[test]
#[should_panic(expected = "genesis: invalid relayers or threshold")]
fn genesis_refuses_a_duplicate_relayer() {
	build_genesis(vec![1, 2, 2], 2);
}

#[test]
#[should_panic(expected = "genesis: more relayers than MaxRelayers")]
fn genesis_refuses_more_relayers_than_max() {
	build_genesis((1..=9).collect(), 6);
}
