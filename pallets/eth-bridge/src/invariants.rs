//! `try_state`: what must hold after every block.

use crate::{pallet::*, types::*};
use frame_support::{ensure, traits::fungibles::Inspect};

impl<T: Config> Pallet<T> {
	/// Checks the bridge's invariants:
	/// - the relayer set and threshold are valid (or both empty);
	/// - every token maps to an asset that maps back to it, and vice versa;
	/// - the bridge account holds at least what it records as locked, per asset;
	/// - attestations only exist for deposits still attesting or conflicted;
	/// - every queued transfer's nonce is below the next nonce.
	pub fn do_try_state() -> Result<(), sp_runtime::TryRuntimeError> {
		let relayers = Relayers::<T>::get();
		if !relayers.is_empty() || Threshold::<T>::get() != 0 {
			Self::check_relayers(&relayers, Threshold::<T>::get())
				.map_err(|_| "invalid relayer set or threshold")?;
		}
		for (token, info) in Tokens::<T>::iter() {
			ensure!(
				AssetTokens::<T>::get(info.asset.clone()) == Some(token),
				"token map not mirrored"
			);
		}
		for (asset, token) in AssetTokens::<T>::iter() {
			ensure!(
				Tokens::<T>::get(token).map(|i| i.asset) == Some(asset),
				"asset map not mirrored"
			);
		}
		for (asset, locked) in Locked::<T>::iter() {
			ensure!(
				T::Assets::balance(asset, &Self::account()) >= locked,
				"bridge account holds less than the locked amount"
			);
		}
		for (nonce, _, _) in Attestations::<T>::iter() {
			ensure!(
				!matches!(Inbound::<T>::get(nonce), Some(InboundState::Executed { .. }) | None),
				"attestation of an executed or unknown deposit"
			);
		}
		let next = NextOutbound::<T>::get();
		for (nonce, _) in OutboundQueue::<T>::iter() {
			ensure!(nonce < next, "queued transfer at or above the next nonce");
		}
		Ok(())
	}
}
