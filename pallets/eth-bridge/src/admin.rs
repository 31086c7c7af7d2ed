//! Governance: the relayer set and threshold, the vault, the token map and limits, the pause
//! switch.

use crate::{pallet::*, types::*, AssetIdOf, BalanceOf, RelayersOf, TokenInfoOf};
use frame_support::{
	ensure,
	traits::fungibles::{metadata::Inspect as MetadataInspect, Create, Inspect},
};
use sp_runtime::traits::One;
use sp_runtime::DispatchResult;

impl<T: Config> Pallet<T> {
	/// Checks a relayer set and threshold: no duplicates, and
	/// `⌈2n/3⌉ ≤ threshold ≤ n` (at least one): fewer than two thirds of the relayers can never
	/// move funds on their own (the Ronin and Harmony thefts took 5 of 9 and 2 of 5 keys).
	pub fn check_relayers(relayers: &RelayersOf<T>, threshold: u32) -> DispatchResult {
		let n = relayers.len() as u32;
		for (i, r) in relayers.iter().enumerate() {
			ensure!(!relayers[..i].contains(r), Error::<T>::DuplicateRelayer);
		}
		let two_thirds = (n as u64 * 2).div_ceil(3) as u32;
		ensure!(
			threshold >= 1 && threshold <= n && threshold >= two_thirds,
			Error::<T>::InvalidThreshold
		);
		Ok(())
	}

	/// Replaces the relayers and the threshold.
	pub fn do_set_relayers(relayers: RelayersOf<T>, threshold: u32) -> DispatchResult {
		Self::check_relayers(&relayers, threshold)?;
		Relayers::<T>::put(&relayers);
		Threshold::<T>::put(threshold);
		Self::deposit_event(Event::RelayersSet { relayers, threshold });
		Ok(())
	}

	/// Sets the Ethereum chain and vault under the next generation.
	///
	/// Attack: a vault set again (or set back after a migration) would number its deposits
	/// under a new generation, and every deposit it ever made would execute a second time.
	/// So a vault is set at most once.
	pub fn do_set_vault(vault: Vault) -> DispatchResult {
		ensure!(!vault.address.is_zero(), Error::<T>::ZeroAddress);
		ensure!(!UsedVaults::<T>::contains_key(vault), Error::<T>::VaultAlreadyUsed);
		let generation =
			CurrentGeneration::<T>::get().checked_add(1).ok_or(Error::<T>::NonceOverflow)?;
		EthereumVault::<T>::put(vault);
		CurrentGeneration::<T>::put(generation);
		UsedVaults::<T>::insert(vault, generation);
		Self::deposit_event(Event::VaultSet { vault, generation });
		Ok(())
	}

	/// Maps a token to an existing asset not mapped yet.
	pub fn do_register_token(token: EthAddress, info: TokenInfoOf<T>) -> DispatchResult {
		ensure!(!token.is_zero(), Error::<T>::ZeroAddress);
		ensure!(!Tokens::<T>::contains_key(token), Error::<T>::TokenAlreadyRegistered);
		ensure!(
			!AssetTokens::<T>::contains_key(info.asset.clone()),
			Error::<T>::AssetAlreadyMapped
		);
		match info.kind {
			// Attack: whoever holds an asset's issuer or admin role mints or burns it outside
			// the bridge's rules, minting unbacked wrapped tokens to take real ones from the
			// vault. So the bridge creates a wrapped token's asset itself, or takes one only
			// if it already holds every role.
			TokenKind::Wrapped => {
				let asset = info.asset.clone();
				if T::Assets::asset_exists(asset.clone()) {
					ensure!(Self::controls(asset), Error::<T>::AssetNotBridgeControlled);
				} else {
					// Sufficient, so that a deposit can reach an account that holds nothing else
					// yet (every such account is paid for by a deposit into the vault).
					let min_balance = BalanceOf::<T>::one();
					T::Assets::create(asset, Self::account(), true, min_balance)?;
				}
			}
			// Attack (or mistake): a token mapped to an asset with other decimals credits every
			// amount 10^k times too much or too little. The vault checks the token's decimals
			// on Ethereum; here a LabelChain asset must have the registered ones.
			TokenKind::Native => {
				ensure!(T::Assets::asset_exists(info.asset.clone()), Error::<T>::UnknownAsset);
				ensure!(
					<T::Assets as MetadataInspect<T::AccountId>>::decimals(info.asset.clone()) ==
						info.decimals,
					Error::<T>::DecimalsMismatch
				);
			}
		}
		Tokens::<T>::insert(token, &info);
		AssetTokens::<T>::insert(info.asset.clone(), token);
		Self::deposit_event(Event::TokenRegistered { token, info });
		Ok(())
	}

	/// Changes a token's limits.
	pub fn do_set_limits(
		token: EthAddress,
		max_transfer: BalanceOf<T>,
		rate_limit: BalanceOf<T>,
	) -> DispatchResult {
		Tokens::<T>::try_mutate(token, |info| {
			let info = info.as_mut().ok_or(Error::<T>::UnknownToken)?;
			info.max_transfer = max_transfer;
			info.rate_limit = rate_limit;
			Ok::<(), Error<T>>(())
		})?;
		Self::deposit_event(Event::LimitsSet { token, max_transfer, rate_limit });
		Ok(())
	}

	/// Pauses or resumes the bridge.
	pub fn do_set_paused(paused: bool) -> DispatchResult {
		Paused::<T>::put(paused);
		Self::deposit_event(Event::PauseSet { paused });
		Ok(())
	}

	/// Whether the bridge holds every role of `asset` (and nobody else any).
	pub fn controls(asset: AssetIdOf<T>) -> bool {
		use frame_support::traits::fungibles::roles::Inspect as Roles;
		let bridge = Some(Self::account());
		<T::Assets as Roles<T::AccountId>>::owner(asset.clone()) == bridge
			&& <T::Assets as Roles<T::AccountId>>::issuer(asset.clone()) == bridge
			&& <T::Assets as Roles<T::AccountId>>::admin(asset.clone()) == bridge
			&& <T::Assets as Roles<T::AccountId>>::freezer(asset) == bridge
	}

	/// The token mapped to `asset`, if any.
	pub fn token_of(asset: AssetIdOf<T>) -> Option<EthAddress> {
		AssetTokens::<T>::get(asset)
	}
}
