//! What must hold after every block, whatever was submitted:
//! - every pallet's own invariants (`try_state`): labeling, disputes, the bridge, ERC-20
//!   allowances, the validator set — and, built with `--features try-runtime`, every
//!   polkadot-sdk pallet's `try_state` too;
//! - LC: the total issuance is the sum of every account's balance, and it moved only by the
//!   balances pallet's issuance events (mint, burn, issue, rescind);
//! - every asset: its supply is the sum of its holders' balances, and it moved only by the
//!   assets pallet's issue and burn events;
//! - every dispute can end: each open case, advanced in a transaction that is then rolled
//!   back, either does what is due (draws its panel, tallies its round) or has nothing due
//!   yet. A case whose due step fails stays open for good, its reviewers' stakes locked.

use labelchain_runtime::{AssetId, Balance, Runtime, RuntimeEvent};
use std::collections::BTreeMap;

/// The issuance figures of the state a block left.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snapshot {
	/// LC's total issuance.
	pub lc: Balance,
	/// Each asset's supply.
	pub assets: BTreeMap<AssetId, Balance>,
}

/// The issuance figures of the current state.
pub fn snapshot() -> Snapshot {
	Snapshot {
		lc: pallet_balances::TotalIssuance::<Runtime>::get(),
		assets: pallet_assets::Asset::<Runtime>::iter().map(|(id, d)| (id, d.supply)).collect(),
	}
}

/// Every open case's due step succeeds (tried, then rolled back), or nothing is due yet.
fn cases_can_end() -> Result<(), String> {
	use frame_support::storage::{with_transaction, TransactionOutcome};
	let nothing_due: sp_runtime::DispatchError =
		pallet_disputes::Error::<Runtime>::NothingDue.into();
	for id in pallet_disputes::Cases::<Runtime>::iter_keys() {
		let tried = with_transaction(|| {
			let r = pallet_disputes::Pallet::<Runtime>::do_advance(id);
			TransactionOutcome::Rollback(Ok::<_, sp_runtime::DispatchError>(r))
		})
		.map_err(|e| format!("disputes: case {id}: {e:?}"))?;
		match tried {
			Ok(()) => {}
			Err(e) if e == nothing_due => {}
			Err(e) => return Err(format!("disputes: case {id} cannot end: its due step fails with {e:?}")),
		}
	}
	Ok(())
}

fn signed_sum(plus: Balance, minus: Balance) -> i128 {
	plus as i128 - minus as i128
}

/// Checks the state a block left against `before` (the previous block's figures) and the
/// block's events; returns this block's figures.
pub fn check(before: &Snapshot) -> Result<Snapshot, String> {
	pallet_labeling::Pallet::<Runtime>::check_invariants(false)
		.map_err(|e| format!("labeling: {e}"))?;
	pallet_disputes::Pallet::<Runtime>::check_invariants().map_err(|e| format!("disputes: {e}"))?;
	pallet_eth_bridge::Pallet::<Runtime>::do_try_state()
		.map_err(|e| format!("eth-bridge: {e:?}"))?;
	pallet_erc20::Pallet::<Runtime>::do_try_state().map_err(|e| format!("erc20: {e:?}"))?;
	pallet_validator_set::Pallet::<Runtime>::do_try_state()
		.map_err(|e| format!("validator-set: {e:?}"))?;
	#[cfg(feature = "try-runtime")]
	{
		use frame_support::traits::{TryState, TryStateSelect};
		let n = frame_system::Pallet::<Runtime>::block_number();
		<labelchain_runtime::AllPalletsWithSystem as TryState<u32>>::try_state(
			n,
			TryStateSelect::All,
		)
		.map_err(|e| format!("try_state: {e:?}"))?;
	}

	cases_can_end()?;

	let now = snapshot();
	// LC: the sum of balances.
	let held: Balance = frame_system::Account::<Runtime>::iter()
		.map(|(_, a)| a.data.free.saturating_add(a.data.reserved))
		.fold(0, Balance::saturating_add);
	if held != now.lc {
		return Err(format!("LC: accounts hold {held}, the total issuance is {}", now.lc));
	}
	// Assets: the sum of balances.
	for (id, supply) in &now.assets {
		let held: Balance = pallet_assets::Account::<Runtime>::iter_prefix(id)
			.map(|(_, a)| a.balance)
			.fold(0, Balance::saturating_add);
		if held != *supply {
			return Err(format!("asset {id}: holders have {held}, its supply is {supply}"));
		}
	}
	// Issuance moved only by events that say so.
	let mut lc_moved: i128 = 0;
	let mut asset_moved: BTreeMap<AssetId, i128> = BTreeMap::new();
	for record in frame_system::Pallet::<Runtime>::read_events_no_consensus() {
		match record.event {
			RuntimeEvent::Balances(e) => {
				use pallet_balances::Event as B;
				lc_moved += match e {
					B::Minted { amount, .. }
					| B::Issued { amount }
					| B::MintedCredit { amount } => signed_sum(amount, 0),
					B::Burned { amount, .. }
					| B::Rescinded { amount }
					| B::BurnedHeld { amount, .. }
					| B::BurnedDebt { amount } => signed_sum(0, amount),
					B::TotalIssuanceForced { old, new } => signed_sum(new, old),
					_ => 0,
				};
			}
			RuntimeEvent::Assets(e) => {
				use pallet_assets::Event as A;
				let (id, delta) = match e {
					A::Issued { asset_id, amount, .. } => (asset_id, signed_sum(amount, 0)),
					A::Burned { asset_id, balance, .. } => (asset_id, signed_sum(0, balance)),
					_ => continue,
				};
				*asset_moved.entry(id).or_default() += delta;
			}
			_ => {}
		}
	}
	let lc_delta = signed_sum(now.lc, before.lc);
	if lc_delta != lc_moved {
		return Err(format!(
			"LC: the total issuance moved by {lc_delta}, the block's issuance events by {lc_moved}"
		));
	}
	let ids: std::collections::BTreeSet<AssetId> =
		before.assets.keys().chain(now.assets.keys()).copied().collect();
	for id in ids {
		let delta = signed_sum(
			now.assets.get(&id).copied().unwrap_or(0),
			before.assets.get(&id).copied().unwrap_or(0),
		);
		let said = asset_moved.get(&id).copied().unwrap_or(0);
		// A destroyed asset takes its (already burned) supply with it.
		if delta != said && now.assets.contains_key(&id) {
			return Err(format!(
				"asset {id}: the supply moved by {delta}, the block's events by {said}"
			));
		}
	}
	Ok(now)
}
