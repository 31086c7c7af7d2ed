//! Deposits from Ethereum: relayers attest the vault's deposit events; the threshold of distinct
//! current relayers agreeing on one content executes the deposit once.

use crate::{pallet::*, types::*, BalanceOf, DepositOf};
use frame_support::{
	ensure,
	traits::{fungibles::Mutate, tokens::Preservation, Get},
};
use sp_core::H256;
use sp_runtime::{
	traits::{CheckedSub, Saturating, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// How many current relayers attested `digest` for deposit `key`.
	pub fn votes(key: DepositKey, digest: H256) -> u32 {
		Relayers::<T>::get()
			.iter()
			.filter(|r| Attestations::<T>::get(key, *r) == Some(digest))
			.count() as u32
	}

	/// Records `relayer`'s attestation of `deposit`; executes the deposit when `threshold`
	/// current relayers agree on its content. Returns whether it executed.
	///
	/// An attestation whose content differs from an earlier one marks the deposit
	/// `Conflicted` (recorded, never executed). A deposit is the current vault's: it is keyed
	/// by the current generation and its nonce. Fails, changing nothing, when the bridge is
	/// paused or has no vault, the caller is not a relayer or already attested, the deposit
	/// executed or conflicted, the token is unknown or has other decimals than registered, the
	/// amount is zero or above the maximum transfer, or — for the attestation that would
	/// execute — above the rate limit left.
	pub fn do_attest(relayer: &T::AccountId, deposit: DepositOf<T>) -> Result<bool, DispatchError> {
		// All or nothing, also when called outside a dispatch.
		frame_support::storage::with_storage_layer(|| Self::attest_inner(relayer, deposit))
	}

	fn attest_inner(relayer: &T::AccountId, deposit: DepositOf<T>) -> Result<bool, DispatchError> {
		Self::ensure_running()?;
		let vault = EthereumVault::<T>::get().ok_or(Error::<T>::NoVault)?;
		ensure!(Relayers::<T>::get().contains(relayer), Error::<T>::NotRelayer);
		let info = Tokens::<T>::get(deposit.token).ok_or(Error::<T>::UnknownToken)?;
		ensure!(deposit.decimals == info.decimals, Error::<T>::DecimalsMismatch);
		ensure!(!deposit.amount.is_zero(), Error::<T>::ZeroAmount);
		ensure!(deposit.amount <= info.max_transfer, Error::<T>::AboveMaxTransfer);
		let nonce = deposit.nonce;
		let generation = CurrentGeneration::<T>::get();
		let key = (generation, nonce);
		ensure!(!Attestations::<T>::contains_key(key, relayer), Error::<T>::AlreadyAttested);
		let digest = deposit_digest(&vault, &deposit);
		let now = frame_system::Pallet::<T>::block_number();
		let mut since = now;
		match Inbound::<T>::get(key) {
			Some(InboundState::Executed { .. }) => return Err(Error::<T>::AlreadyExecuted.into()),
			Some(InboundState::Conflicted { .. }) => {
				return Err(Error::<T>::DepositConflicted.into())
			}
			Some(InboundState::Attesting { digest: first, .. }) if first != digest => {
				Attestations::<T>::insert(key, relayer, digest);
				Inbound::<T>::insert(key, InboundState::Conflicted { first, second: digest });
				Self::deposit_event(Event::DepositConflicted {
					generation,
					nonce,
					relayer: relayer.clone(),
					first,
					second: digest,
				});
				return Ok(false);
			}
			Some(InboundState::Attesting { since: first_seen, .. }) => since = first_seen,
			None => {}
		}
		Attestations::<T>::insert(key, relayer, digest);
		Inbound::<T>::insert(key, InboundState::Attesting { digest, since });
		let votes = Self::votes(key, digest);
		Self::deposit_event(Event::DepositAttested {
			generation,
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
		Inbound::<T>::insert(key, InboundState::Executed { digest });
		let _ = Attestations::<T>::clear_prefix(key, Self::max_attestations(), None);
		Self::deposit_event(Event::DepositExecuted {
			generation,
			nonce,
			token: deposit.token,
			asset: info.asset,
			sender: deposit.sender,
			recipient: deposit.recipient,
			amount: deposit.amount,
		});
		Ok(true)
	}

	/// Sets the current vault's conflicted deposit `nonce` back to unattested, dropping its
	/// attestations — the
	/// current relayers' and the former ones' alike, at most [`Self::max_attestations`] per
	/// call. If more remain (relayers were replaced more than once while the deposit was
	/// open), the deposit stays conflicted and another reset drops the rest. Fails, changing
	/// nothing, when the deposit is not conflicted.
	pub fn do_reset_deposit(nonce: DepositNonce) -> DispatchResult {
		let key = (CurrentGeneration::<T>::get(), nonce);
		ensure!(
			matches!(Inbound::<T>::get(key), Some(InboundState::Conflicted { .. })),
			Error::<T>::NotConflicted
		);
		let (cleared, complete) = Self::drop_attestations(key);
		Self::deposit_event(Event::DepositReset { nonce, cleared, complete });
		Ok(())
	}

	/// Prunes deposit `(generation, nonce)`: any deposit of a former vault — executed or not,
	/// it can never execute again, since attestations count for the current vault only and
	/// a vault is never set twice — or one of the current vault still attesting after
	/// `AttestationExpiry` blocks. Drops up to [`Self::max_attestations`] attestations; when
	/// all are gone the deposit is removed. Fails, changing nothing, for an unknown deposit,
	/// an executed or conflicted one of the current vault (replay protection; a conflict is
	/// governance's to reset) or one attested more recently.
	///
	/// Attack: a relayer attesting made-up nonces, each stored for good; and every deposit of
	/// every former vault kept forever.
	pub fn do_prune_deposit(generation: VaultGeneration, nonce: DepositNonce) -> DispatchResult {
		let key = (generation, nonce);
		let state = Inbound::<T>::get(key).ok_or(Error::<T>::UnknownDeposit)?;
		let former = generation != CurrentGeneration::<T>::get();
		let expired = match state {
			InboundState::Attesting { since, .. } => {
				frame_system::Pallet::<T>::block_number() >=
					since.saturating_add(T::AttestationExpiry::get())
			}
			_ => false,
		};
		ensure!(former || expired, Error::<T>::NotPrunable);
		let (cleared, complete) = Self::drop_attestations(key);
		Self::deposit_event(Event::DepositPruned { generation, nonce, cleared, complete });
		Ok(())
	}

	/// Drops up to [`Self::max_attestations`] attestations of deposit `key`; when none is left,
	/// removes the deposit. Returns how many were dropped and whether none is left.
	fn drop_attestations(key: DepositKey) -> (u32, bool) {
		let cleared =
			Attestations::<T>::drain_prefix(key).take(Self::max_attestations() as usize).count()
				as u32;
		let complete = Attestations::<T>::iter_prefix(key).next().is_none();
		if complete {
			Inbound::<T>::remove(key);
		}
		(cleared, complete)
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
