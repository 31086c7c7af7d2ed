//! `try_state`: what must hold after every block.

use crate::{pallet::*, types::*};
use frame_support::{ensure, traits::fungibles::Inspect};

impl<T: Config> Pallet<T> {
	/// Checks the bridge's invariants:
	/// - the relayer set and threshold are valid (or both empty);
	/// - every token maps to an asset that maps back to it, and vice versa;
	/// - the bridge account holds at least what it records as locked, per asset;
	/// - attestations only exist for deposits still attesting or conflicted;
	/// - deposits belong to vaults that were set; the current vault is recorded under the
	///   current generation;
	/// - every queued transfer's nonce is below the next nonce, and its vault was set;
	/// - release confirmations only exist for queued transfers.
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
		for (key, _, _) in Attestations::<T>::iter() {
			ensure!(
				!matches!(Inbound::<T>::get(key), Some(InboundState::Executed { .. }) | None),
				"attestation of an executed or unknown deposit"
			);
		}
		let generation = CurrentGeneration::<T>::get();
		for ((g, _), _) in Inbound::<T>::iter() {
			ensure!(g >= 1 && g <= generation, "deposit of a vault never set");
		}
		match EthereumVault::<T>::get() {
			Some(vault) => ensure!(
				UsedVaults::<T>::get(vault) == Some(generation),
				"the current vault is not recorded under the current generation"
			),
			None => ensure!(generation == 0, "a generation without a vault"),
		}
		let next = NextOutbound::<T>::get();
		for (nonce, message) in OutboundQueue::<T>::iter() {
			ensure!(nonce < next, "queued transfer at or above the next nonce");
			ensure!(
				UsedVaults::<T>::contains_key(message.vault),
				"queued transfer for a vault never set"
			);
		}
		for (nonce, _, _) in ReleaseConfirmations::<T>::iter() {
			ensure!(
				OutboundQueue::<T>::contains_key(nonce),
				"release confirmation of a transfer no longer queued"
			);
		}
		Ok(())
	}
}
