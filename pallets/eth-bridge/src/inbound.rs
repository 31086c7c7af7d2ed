//! Deposits from Ethereum: relayers attest the vault's deposit events; the threshold of distinct
//! current relayers agreeing on one content executes the deposit once.

use crate::{pallet::*, types::*, BalanceOf, DepositOf};
use frame_support::{
	ensure,
	traits::{fungibles::Mutate, tokens::Preservation, Get},
};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedSub, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// How many current relayers attested `digest` for deposit `nonce`.
	pub fn votes(nonce: DepositNonce, digest: H256) -> u32 {
		Relayers::<T>::get()
			.iter()
			.filter(|r| Attestations::<T>::get(nonce, *r) == Some(digest))
			.count() as u32
	}

	/// Records `relayer`'s attestation of `deposit`; executes the deposit when `threshold`
	/// current relayers agree on its content. Returns whether it executed.
	///
	/// An attestation whose content differs from an earlier one marks the deposit
	/// `Conflicted` (recorded, never executed). Fails, changing nothing, when the bridge is
	/// paused or has no vault, the caller is not a relayer or already attested, the nonce
	/// executed or conflicted, the token is unknown, the amount is zero or above the maximum
	/// transfer, or — for the attestation that would execute — above the rate limit left.
	pub fn do_attest(relayer: &T::AccountId, deposit: DepositOf<T>) -> Result<bool, DispatchError> {
		// All or nothing, also when called outside a dispatch.
		frame_support::storage::with_storage_layer(|| Self::attest_inner(relayer, deposit))
	}

	fn attest_inner(relayer: &T::AccountId, deposit: DepositOf<T>) -> Result<bool, DispatchError> {
		Self::ensure_running()?;
		let vault = EthereumVault::<T>::get().ok_or(Error::<T>::NoVault)?;
		ensure!(Relayers::<T>::get().contains(relayer), Error::<T>::NotRelayer);
		let info = Tokens::<T>::get(deposit.token).ok_or(Error::<T>::UnknownToken)?;
		ensure!(!deposit.amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(deposit.amount <= info.max_transfer, Error::<T>::AboveMaxTransfer);
		let nonce = deposit.nonce;
		ensure!(!Attestations::<T>::contains_key(nonce, relayer), Error::<T>::AlreadyAttested);
		let digest = deposit_digest(&vault, &deposit);
		match Inbound::<T>::get(nonce) {
			Some(InboundState::Executed { .. }) => return Err(Error::<T>::AlreadyExecuted.into()),
			Some(InboundState::Conflicted { .. }) => {
				return Err(Error::<T>::DepositConflicted.into())
			}
			Some(InboundState::Attesting { digest: first }) if first != digest => {
				Attestations::<T>::insert(nonce, relayer, digest);
				Inbound::<T>::insert(nonce, InboundState::Conflicted { first, second: digest });
				Self::deposit_event(Event::DepositConflicted {
					nonce,
					relayer: relayer.clone(),
					first,
					second: digest,
				});
				return Ok(false);
			}
			_ => {}
		}
		Attestations::<T>::insert(nonce, relayer, digest);
		Inbound::<T>::insert(nonce, InboundState::Attesting { digest });
		let votes = Self::votes(nonce, digest);
		Self::deposit_event(Event::DepositAttested {
			nonce,
			relayer: relayer.clone(),
			digest,
			votes,
		});
		if votes < Threshold::<T>::get() {
			return Ok(false);
		}
		let flow = Self::check_allowance(&info, Direction::In, deposit.amount)?;
		Self::pay_in(&info.kind, info.asset.clone(), &deposit.recipient, deposit.amount)?;
		Self::record_flow(&info, Direction::In, flow);
		Inbound::<T>::insert(nonce, InboundState::Executed { digest });
		let _ = Attestations::<T>::clear_prefix(nonce, Self::max_attestations(), None);
		Self::deposit_event(Event::DepositExecuted {
			nonce,
			token: deposit.token,
			asset: info.asset,
			sender: deposit.sender,
			recipient: deposit.recipient,
			amount: deposit.amount,
		});
		Ok(true)
	}

	/// Sets conflicted deposit `nonce` back to unattested, dropping its attestations — the
	/// current relayers' and the former ones' alike, at most [`Self::max_attestations`] per
	/// call. If more remain (relayers were replaced more than once while the deposit was
	/// open), the deposit stays conflicted and another reset drops the rest. Fails, changing
	/// nothing, when the deposit is not conflicted.
	pub fn do_reset_deposit(nonce: DepositNonce) -> DispatchResult {
		ensure!(
			matches!(Inbound::<T>::get(nonce), Some(InboundState::Conflicted { .. })),
			Error::<T>::NotConflicted
		);
		let cleared = Attestations::<T>::drain_prefix(nonce)
			.take(Self::max_attestations() as usize)
			.count() as u32;
		let complete = Attestations::<T>::iter_prefix(nonce).next().is_none();
		if complete {
			Inbound::<T>::remove(nonce);
		}
		Self::deposit_event(Event::DepositReset { nonce, cleared, complete });
		Ok(())
	}

	/// The most attestations one call drops for a deposit: a full relayer set and the one
	/// it replaced.
	pub fn max_attestations() -> u32 {
		T::MaxRelayers::get().saturating_mul(2)
	}

	/// Mints (an Ethereum token) or releases from the bridge account (a LabelChain asset).
	fn pay_in(
		kind: &TokenKind,
		asset: crate::AssetIdOf<T>,
		to: &T::AccountId,
		amount: BalanceOf<T>,
	) -> Result<(), DispatchError> {
		match kind {
			TokenKind::Wrapped => {
				T::Assets::mint_into(asset, to, amount)
					.map_err(|_| Error::<T>::AssetTransferFailed)?;
			}
			TokenKind::Native => {
				let locked = Locked::<T>::get(asset.clone())
					.checked_sub(&amount)
					.ok_or(Error::<T>::AssetTransferFailed)?;
				T::Assets::transfer(
					asset.clone(),
					&Self::account(),
					to,
					amount,
					Preservation::Expendable,
				)
				.map_err(|_| Error::<T>::AssetTransferFailed)?;
				Locked::<T>::insert(asset, locked);
			}
		}
		Ok(())
	}
}
