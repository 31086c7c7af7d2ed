//! Transfers to Ethereum: burned (an Ethereum token) or locked (a LabelChain asset) here, and
//! queued with a strictly increasing nonce for the relayers to sign and the vault to execute.

use crate::{pallet::*, types::*, BalanceOf};
use frame_support::{
	ensure,
	traits::{
		fungibles::Mutate,
		tokens::{Fortitude, Precision, Preservation},
	},
};
use sp_runtime::{
	traits::{CheckedAdd, Zero},
	DispatchError,
};

impl<T: Config> Pallet<T> {
	/// Burns or locks `amount` of `token`'s asset from `sender` and queues it for `recipient`
	/// on Ethereum; returns the message's nonce. Fails, changing nothing, when the bridge is
	/// paused or has no vault, the token is unknown, the recipient is the zero address, the
	/// amount is zero, above the maximum transfer or the rate limit left, or more than the
	/// sender can spend.
	pub fn do_transfer_out(
		sender: &T::AccountId,
		token: EthAddress,
		recipient: EthAddress,
		amount: BalanceOf<T>,
	) -> Result<OutboundNonce, DispatchError> {
		// All or nothing, also when called outside a dispatch.
		frame_support::storage::with_storage_layer(|| {
			Self::transfer_out_inner(sender, token, recipient, amount)
		})
	}

	fn transfer_out_inner(
		sender: &T::AccountId,
		token: EthAddress,
		recipient: EthAddress,
		amount: BalanceOf<T>,
	) -> Result<OutboundNonce, DispatchError> {
		Self::ensure_running()?;
		let vault = EthereumVault::<T>::get().ok_or(Error::<T>::NoVault)?;
		ensure!(!recipient.is_zero(), Error::<T>::ZeroAddress);
		ensure!(!amount.is_zero(), Error::<T>::ZeroAmount);
		let info = Tokens::<T>::get(token).ok_or(Error::<T>::UnknownToken)?;
		let nonce = NextOutbound::<T>::get();
		let next = nonce.checked_add(1).ok_or(Error::<T>::NonceOverflow)?;
		let flow = Self::check_allowance(&info, Direction::Out, amount)?;
		match info.kind {
			TokenKind::Wrapped => {
				T::Assets::burn_from(
					info.asset.clone(),
					sender,
					amount,
					Preservation::Expendable,
					Precision::Exact,
					Fortitude::Polite,
				)
				.map_err(|_| Error::<T>::AssetTransferFailed)?;
			}
			TokenKind::Native => {
				let locked = Locked::<T>::get(info.asset.clone())
					.checked_add(&amount)
					.ok_or(Error::<T>::AssetTransferFailed)?;
				T::Assets::transfer(
					info.asset.clone(),
					sender,
					&Self::account(),
					amount,
					Preservation::Expendable,
				)
				.map_err(|_| Error::<T>::AssetTransferFailed)?;
				Locked::<T>::insert(info.asset.clone(), locked);
			}
		}
		Self::record_flow(&info, Direction::Out, flow);
		NextOutbound::<T>::put(next);
		let queued_at = frame_system::Pallet::<T>::block_number();
		OutboundQueue::<T>::insert(
			nonce,
			Outbound {
				vault,
				token,
				decimals: info.decimals,
				asset: info.asset.clone(),
				sender: sender.clone(),
				recipient,
				amount,
				queued_at,
			},
		);
		Self::deposit_event(Event::TransferQueued {
			nonce,
			token,
			asset: info.asset,
			sender: sender.clone(),
			recipient,
			amount,
		});
		Ok(nonce)
	}
}

impl<T: Config> Pallet<T> {
	/// Records `relayer`'s confirmation that the vault released transfer `nonce`; at the
	/// threshold of current relayers, removes the transfer, its signatures and its
	/// confirmations (up to [`Self::max_attestations`] of each). Returns whether it was
	/// removed. Fails, changing nothing, when the caller is not a relayer or already confirmed,
	/// or no queued transfer has this nonce.
	///
	/// Attack: a queued transfer that stays forever can be signed again — by a relayer that
	/// restarts with a fresh state, or for another vault — and the queue grows without bound.
	/// Once released it leaves the queue, and nothing can be signed for it again.
	pub fn do_confirm_release(
		relayer: &T::AccountId,
		nonce: OutboundNonce,
	) -> Result<bool, DispatchError> {
		let relayers = Relayers::<T>::get();
		ensure!(relayers.contains(relayer), Error::<T>::NotRelayer);
		ensure!(OutboundQueue::<T>::contains_key(nonce), Error::<T>::UnknownTransfer);
		ensure!(
			!ReleaseConfirmations::<T>::contains_key(nonce, relayer),
			Error::<T>::AlreadyConfirmed
		);
		ReleaseConfirmations::<T>::insert(nonce, relayer, ());
		let votes = relayers
			.iter()
			.filter(|r| ReleaseConfirmations::<T>::contains_key(nonce, *r))
			.count() as u32;
		Self::deposit_event(Event::ReleaseConfirmed { nonce, relayer: relayer.clone(), votes });
		if votes < Threshold::<T>::get() {
			return Ok(false);
		}
		OutboundQueue::<T>::remove(nonce);
		let limit = Self::max_attestations();
		let _ = OutboundSignatures::<T>::clear_prefix(nonce, limit, None);
		let _ = ReleaseConfirmations::<T>::clear_prefix(nonce, limit, None);
		Self::deposit_event(Event::TransferReleased { nonce });
		Ok(true)
	}
}
