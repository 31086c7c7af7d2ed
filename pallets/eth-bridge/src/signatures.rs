//! Relayer signatures of transfers out: each relayer signs the vault's release digest of a
//! queued transfer with its registered Ethereum key and posts it here; `threshold` of them,
//! ordered by signer address, make the vault's `release` call.

use crate::{pallet::*, types::*};
use frame_support::ensure;
use sp_runtime::{traits::SaturatedConversion, DispatchResult};

impl<T: Config> Pallet<T> {
	/// Registers `relayer`'s signing address.
	pub fn do_set_signer(relayer: &T::AccountId, signer: EthAddress) -> DispatchResult {
		ensure!(Relayers::<T>::get().contains(relayer), Error::<T>::NotRelayer);
		ensure!(!signer.is_zero(), Error::<T>::ZeroAddress);
		Signers::<T>::insert(relayer, signer);
		Self::deposit_event(Event::SignerSet { relayer: relayer.clone(), signer });
		Ok(())
	}

	/// The digest the vault checks for queued transfer `nonce`, if it is queued: bound to the
	/// vault it was queued for, whatever vault is set now (a later vault never pays it).
	pub fn outbound_digest(nonce: OutboundNonce) -> Option<[u8; 32]> {
		let message = OutboundQueue::<T>::get(nonce)?;
		Some(release_digest(
			&message.vault,
			nonce,
			&message.token,
			&message.recipient,
			message.amount.saturated_into::<u128>(),
			message.decimals,
		))
	}

	/// Records `relayer`'s signature of transfer `nonce` after checking it recovers to the
	/// relayer's signing address.
	pub fn do_sign_outbound(
		relayer: &T::AccountId,
		nonce: OutboundNonce,
		signature: EthSignature,
	) -> DispatchResult {
		ensure!(Relayers::<T>::get().contains(relayer), Error::<T>::NotRelayer);
		let signer = Signers::<T>::get(relayer).ok_or(Error::<T>::NoSigner)?;
		let digest = Self::outbound_digest(nonce).ok_or(Error::<T>::UnknownTransfer)?;
		ensure!(!OutboundSignatures::<T>::contains_key(nonce, relayer), Error::<T>::AlreadySigned);
		ensure!(recover_signer(&signature, &digest) == Some(signer), Error::<T>::WrongSigner);
		OutboundSignatures::<T>::insert(nonce, relayer, signature);
		Self::deposit_event(Event::OutboundSigned { nonce, relayer: relayer.clone(), signer });
		Ok(())
	}
}
