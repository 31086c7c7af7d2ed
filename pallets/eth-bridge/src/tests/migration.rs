//! A vault's life: migration to a new vault both ways (deposits in, transfers out), transfers
//! out leaving the queue once released, pruning of deposits that can no longer execute, and
//! decimals checked on both sides.

use super::{attest, balance, supply, usdc_deposit};
use crate::{mock::*, pallet::*, types::*, Event, RelayersOf};
use frame_support::{assert_noop, assert_ok};
use sp_core::H160;

fn new_vault() -> Vault {
	Vault { chain_id: 31337, address: H160::repeat_byte(0xfb) }
}

/// Executes `d` with two relayers' attestations.
fn execute(d: &Deposit<AccountId, Balance>) {
	assert_eq!(attest(RELAYERS[0], d), Ok(false));
	assert_eq!(attest(RELAYERS[1], d), Ok(true));
}

#[test]
fn a_new_vault_numbers_its_deposits_from_zero_and_they_execute() {
	run_test(|| {
		execute(&usdc_deposit(0, 300));
		assert_eq!(balance(WUSDC, BOB), 300);
		assert_ok!(Bridge::set_vault(RuntimeOrigin::root(), new_vault()));
		assert_eq!(
			bridge_events().last(),
			Some(&Event::VaultSet { vault: new_vault(), generation: 2 })
		);
		// The new vault's deposit #0 is another deposit than the old vault's #0 (before: it
		// was refused as `AlreadyExecuted`, and its tokens stayed locked in the new vault).
		execute(&usdc_deposit(0, 200));
		assert_eq!(balance(WUSDC, BOB), 500);
		assert!(matches!(Inbound::<Test>::get((1, 0)), Some(InboundState::Executed { .. })));
		assert!(matches!(Inbound::<Test>::get((2, 0)), Some(InboundState::Executed { .. })));
		// And it executes once.
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[2]), usdc_deposit(0, 200)),
			Error::<Test>::AlreadyExecuted
		);
	});
}

#[test]
fn a_vault_is_never_set_twice() {
	run_test(|| {
		execute(&usdc_deposit(0, 300));
		// Attack: setting the same vault again (or going back to it after a migration) would
		// number its deposits under a new generation, and deposit #0 would mint again.
		assert_noop!(
			Bridge::set_vault(RuntimeOrigin::root(), vault()),
			Error::<Test>::VaultAlreadyUsed
		);
		assert_ok!(Bridge::set_vault(RuntimeOrigin::root(), new_vault()));
		assert_noop!(
			Bridge::set_vault(RuntimeOrigin::root(), vault()),
			Error::<Test>::VaultAlreadyUsed
		);
		// The same contract address on another chain is another vault.
		assert_ok!(Bridge::set_vault(
			RuntimeOrigin::root(),
			Vault { chain_id: 1, address: vault().address }
		));
		assert_eq!(CurrentGeneration::<Test>::get(), 3);
		assert_eq!(supply(WUSDC), 300);
	});
}

#[test]
fn a_transfer_queued_before_a_migration_is_signed_for_its_own_vault_only() {
	run_test(|| {
		execute(&usdc_deposit(0, 300));
		let to = H160::repeat_byte(0x42);
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 100));
		assert_ok!(Bridge::set_vault(RuntimeOrigin::root(), new_vault()));
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 50));
		// Before the migration: the old vault pays it, and its digest binds the old vault
		// (before: the current vault's, so the new vault would have paid it a second time).
		let old = release_digest(&vault(), 0, &usdc(), &to, 100, USDC_DECIMALS);
		assert_eq!(Bridge::outbound_digest(0), Some(old));
		assert_eq!(OutboundQueue::<Test>::get(0).map(|m| m.vault), Some(vault()));
		// After: the new vault.
		let new = release_digest(&new_vault(), 1, &usdc(), &to, 50, USDC_DECIMALS);
		assert_eq!(Bridge::outbound_digest(1), Some(new));
		assert_eq!(OutboundQueue::<Test>::get(1).map(|m| m.vault), Some(new_vault()));
	});
}

#[test]
fn a_released_transfer_leaves_the_queue_and_can_never_be_signed_again() {
	run_test(|| {
		execute(&usdc_deposit(0, 300));
		let to = H160::repeat_byte(0x42);
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 100));
		OutboundSignatures::<Test>::insert(0, RELAYERS[0], [1u8; 65]);
		OutboundSignatures::<Test>::insert(0, RELAYERS[1], [2u8; 65]);
		assert_noop!(
			Bridge::confirm_release(RuntimeOrigin::signed(OUTSIDER), 0),
			Error::<Test>::NotRelayer
		);
		assert_noop!(
			Bridge::confirm_release(RuntimeOrigin::signed(RELAYERS[0]), 1),
			Error::<Test>::UnknownTransfer
		);
		assert_ok!(Bridge::confirm_release(RuntimeOrigin::signed(RELAYERS[0]), 0));
		assert_eq!(
			bridge_events().last(),
			Some(&Event::ReleaseConfirmed { nonce: 0, relayer: RELAYERS[0], votes: 1 })
		);
		assert_noop!(
			Bridge::confirm_release(RuntimeOrigin::signed(RELAYERS[0]), 0),
			Error::<Test>::AlreadyConfirmed
		);
		// One relayer alone cannot drop a transfer that may not be paid yet.
		assert!(OutboundQueue::<Test>::contains_key(0));
		assert_ok!(Bridge::confirm_release(RuntimeOrigin::signed(RELAYERS[1]), 0));
		assert_eq!(bridge_events().last(), Some(&Event::TransferReleased { nonce: 0 }));
		assert!(!OutboundQueue::<Test>::contains_key(0));
		assert_eq!(OutboundSignatures::<Test>::iter_prefix(0).count(), 0);
		assert_eq!(ReleaseConfirmations::<Test>::iter_prefix(0).count(), 0);
		// Attack: a relayer restarted with a fresh state (or for a new vault) signing it again.
		assert_eq!(Bridge::outbound_digest(0), None);
		assert_ok!(Bridge::set_signer(RuntimeOrigin::signed(RELAYERS[2]), H160::repeat_byte(1)));
		assert_noop!(
			Bridge::sign_outbound(RuntimeOrigin::signed(RELAYERS[2]), 0, [3u8; 65]),
			Error::<Test>::UnknownTransfer
		);
		assert_noop!(
			Bridge::confirm_release(RuntimeOrigin::signed(RELAYERS[2]), 0),
			Error::<Test>::UnknownTransfer
		);
		// The nonce is never reused.
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 10));
		assert!(OutboundQueue::<Test>::contains_key(1));
	});
}

#[test]
fn former_relayers_confirmations_do_not_count() {
	run_test(|| {
		execute(&usdc_deposit(0, 300));
		assert_ok!(Bridge::transfer_out(
			RuntimeOrigin::signed(BOB),
			usdc(),
			H160::repeat_byte(0x42),
			100
		));
		assert_ok!(Bridge::confirm_release(RuntimeOrigin::signed(RELAYERS[0]), 0));
		let set: RelayersOf<Test> = vec![RELAYERS[1], RELAYERS[2], 14].try_into().expect("fits");
		assert_ok!(Bridge::set_relayers(RuntimeOrigin::root(), set, 2));
		assert_ok!(Bridge::confirm_release(RuntimeOrigin::signed(RELAYERS[1]), 0));
		assert!(OutboundQueue::<Test>::contains_key(0), "one current relayer of two");
		assert_ok!(Bridge::confirm_release(RuntimeOrigin::signed(14), 0));
		assert!(!OutboundQueue::<Test>::contains_key(0));
		assert_eq!(ReleaseConfirmations::<Test>::iter().count(), 0, "the former one's too");
	});
}

#[test]
fn deposits_of_a_former_vault_and_expired_attestations_are_pruned() {
	run_test(|| {
		execute(&usdc_deposit(0, 300));
		// A relayer attests a deposit the vault never made: it never reaches the threshold.
		assert_eq!(attest(RELAYERS[2], &usdc_deposit(1_000_000, 5)), Ok(false));
		assert_noop!(
			Bridge::prune_deposit(RuntimeOrigin::signed(OUTSIDER), 1, 1_000_000),
			Error::<Test>::NotPrunable
		);
		// An executed deposit of the current vault is kept: it stops replays.
		assert_noop!(
			Bridge::prune_deposit(RuntimeOrigin::signed(OUTSIDER), 1, 0),
			Error::<Test>::NotPrunable
		);
		assert_noop!(
			Bridge::prune_deposit(RuntimeOrigin::signed(OUTSIDER), 1, 7),
			Error::<Test>::UnknownDeposit
		);
		System::set_block_number(1 + EXPIRY);
		assert_ok!(Bridge::prune_deposit(RuntimeOrigin::signed(OUTSIDER), 1, 1_000_000));
		assert_eq!(
			bridge_events().last(),
			Some(&Event::DepositPruned { generation: 1, nonce: 1_000_000, cleared: 1, complete: true })
		);
		assert_eq!(Inbound::<Test>::get((1, 1_000_000)), None);
		assert_eq!(Attestations::<Test>::iter().count(), 0);

		// A real deposit that expired (say, stuck behind a paused bridge) is attested again.
		let d = usdc_deposit(1, 40);
		assert_eq!(attest(RELAYERS[0], &d), Ok(false));
		System::set_block_number(1 + 2 * EXPIRY);
		assert_ok!(Bridge::prune_deposit(RuntimeOrigin::signed(OUTSIDER), 1, 1));
		execute(&d);
		assert_eq!(balance(WUSDC, BOB), 340);

		// After a migration every deposit of the former vault goes, executed ones included:
		// the vault is never set again, so they can never be replayed.
		assert_eq!(attest(RELAYERS[0], &usdc_deposit(2, 1)), Ok(false));
		assert_ok!(Bridge::set_vault(RuntimeOrigin::root(), new_vault()));
		for nonce in [0, 1, 2] {
			assert_ok!(Bridge::prune_deposit(RuntimeOrigin::signed(OUTSIDER), 1, nonce));
		}
		assert_eq!(Inbound::<Test>::iter().count(), 0);
		assert_eq!(Attestations::<Test>::iter().count(), 0);
		assert_eq!(supply(WUSDC), 340);
	});
}

#[test]
fn a_token_with_other_decimals_is_refused_on_both_sides() {
	run_test(|| {
		// Attack (or mistake): USDC has 6 decimals; a deposit read as 18 would be credited
		// 10^12 times too much.
		let d = Deposit { decimals: 18, ..usdc_deposit(0, 300) };
		assert_noop!(
			Bridge::attest(RuntimeOrigin::signed(RELAYERS[0]), d),
			Error::<Test>::DecimalsMismatch
		);
		// OTHER has 0 decimals here (no metadata): mapping a token of 18 to it is refused.
		let info = TokenInfo {
			asset: OTHER,
			kind: TokenKind::Native,
			max_transfer: 5,
			rate_limit: 10,
			decimals: 18,
		};
		assert_noop!(
			Bridge::do_register_token(H160::repeat_byte(7), info),
			Error::<Test>::DecimalsMismatch
		);
		// Transfers out carry the registered decimals into the digest the vault checks.
		execute(&usdc_deposit(0, 300));
		let to = H160::repeat_byte(0x42);
		assert_ok!(Bridge::transfer_out(RuntimeOrigin::signed(BOB), usdc(), to, 100));
		assert_eq!(OutboundQueue::<Test>::get(0).map(|m| m.decimals), Some(USDC_DECIMALS));
		assert_ne!(
			Bridge::outbound_digest(0),
			Some(release_digest(&vault(), 0, &usdc(), &to, 100, 18))
		);
	});
}
