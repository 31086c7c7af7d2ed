//! Cases: opening them (an item without consensus, an appeal with its bond) and closing them,
//! with every payment a closing makes.
//!
//! Money, in full:
//! - The appeal bond (stake asset) sits in the disputes account while the case is open. It goes
//!   back to the appellant when the decision changes (`Overturned`) or when no round reaches a
//!   majority (`Undecided`); when a panel confirms the decision (`Upheld`) it is split among
//!   the majority by vote weight and added to their bonded stake.
//! - The deciding majority also shares `review_fee` of what the item's annotators were not paid
//!   (its unspent budget, in the task's reward asset, otherwise refunded to the vendor).
//! - Reviewers who do not reveal lose `no_reveal_slash` of their locked seat stake to the
//!   labeling pallet's slashed pot ([`vote`](crate::vote)).

use crate::{pallet::*, types::*, BalanceOf, CaseOf};
use alloc::vec::Vec;
use frame_support::{
	ensure,
	traits::{fungibles::Mutate, tokens::Preservation, Get},
};
use pallet_labeling::{consensus, ItemId, Label, TaskId};
use sp_runtime::{
	traits::{AccountIdConversion, Saturating},
	DispatchError, DispatchResult, Perbill,
};

impl<T: Config> Pallet<T> {
	/// The account holding appeal bonds.
	pub fn bond_account() -> T::AccountId {
		<T as Config>::PalletId::get().into_account_truncating()
	}

	/// Opens a case for an item and schedules its first draw.
	pub(crate) fn open_case(
		task: TaskId,
		item: ItemId,
		kind: CaseKind<T::AccountId, BalanceOf<T>>,
	) -> Result<CaseId, DispatchError> {
		ensure!(!CaseOfItem::<T>::contains_key(task, item), Error::<T>::CaseExists);
		let id = NextCaseId::<T>::get();
		let next = id.checked_add(1).ok_or(Error::<T>::Overflow)?;
		let now = frame_system::Pallet::<T>::block_number();
		let draw_at = now.saturating_add(Parameters::<T>::get().panel_delay);
		Cases::<T>::insert(
			id,
			Case {
				task,
				item,
				kind: kind.clone(),
				round: 0,
				phase: Phase::Drawing { at: draw_at },
				opened: now,
			},
		);
		CaseOfItem::<T>::insert(task, item, id);
		NextCaseId::<T>::put(next);
		Self::schedule(draw_at, id);
		Self::deposit_event(Event::CaseOpened { case: id, task, item, kind, draw_at });
		Ok(id)
	}

	/// `who` appeals a decided item: the labeling pallet checks the window and that `who` is
	/// its vendor or one of its annotators, the bond moves to the disputes account, and a case
	/// opens. Nothing changes if any step fails.
	pub fn do_appeal(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
	) -> Result<CaseId, DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			let bond = Parameters::<T>::get().appeal_bond;
			let (_, original) = pallet_labeling::Pallet::<T>::do_appeal(who, task, item)?;
			<T as pallet_labeling::Config>::Assets::transfer(
				<T as pallet_labeling::Config>::StakeAsset::get(),
				who,
				&Self::bond_account(),
				bond,
				Preservation::Preserve,
			)?;
			Self::open_case(task, item, CaseKind::Appeal { appellant: who.clone(), bond, original })
		})
	}

	/// Closes a case whose panel's majority chose `label`; `majority` are the reviewers who
	/// voted for it, with their vote weights.
	pub(crate) fn close_decided(
		id: CaseId,
		case: CaseOf<T>,
		label: Label,
		majority: &[(T::AccountId, BalanceOf<T>)],
	) -> DispatchResult {
		let p = Parameters::<T>::get();
		let schema = pallet_labeling::Tasks::<T>::get(case.task)
			.ok_or(pallet_labeling::Error::<T>::UnknownTask)?
			.spec
			.schema;
		let unspent =
			pallet_labeling::Pallet::<T>::do_resolve_dispute(case.task, case.item, label.clone())?;
		let fees = split(p.review_fee.mul_floor(unspent), majority);
		pallet_labeling::Pallet::<T>::do_pay_review_fee(case.task, &fees)?;
		let outcome = match &case.kind {
			CaseKind::NoConsensus => Outcome::Decided,
			CaseKind::Appeal { original, appellant, bond } => {
				let shares = split(*bond, majority);
				if consensus::labels_agree(&schema, original, &label) && !shares.is_empty() {
					for (reviewer, share) in shares {
						pallet_labeling::Pallet::<T>::reward_stake(
							&Self::bond_account(),
							&reviewer,
							share,
						)?;
						Self::deposit_event(Event::ReviewerRewarded {
							case: id,
							reviewer,
							bond_share: share,
						});
					}
					Outcome::Upheld
				} else {
					Self::return_bond(id, appellant, *bond)?;
					Outcome::Overturned
				}
			}
		};
		Self::finish(id, case, outcome, Some(label));
		Ok(())
	}

	/// Closes a case after its last round reached no majority: a no-consensus item fails, an
	/// appealed decision stands, and the bond goes back.
	pub(crate) fn close_undecided(id: CaseId, case: CaseOf<T>) -> DispatchResult {
		let label = match &case.kind {
			CaseKind::NoConsensus => {
				pallet_labeling::Pallet::<T>::do_fail_dispute(case.task, case.item)?;
				None
			}
			CaseKind::Appeal { appellant, bond, original } => {
				pallet_labeling::Pallet::<T>::do_resolve_dispute(
					case.task,
					case.item,
					original.clone(),
				)?;
				Self::return_bond(id, appellant, *bond)?;
				Some(original.clone())
			}
		};
		Self::finish(id, case, Outcome::Undecided, label);
		Ok(())
	}

	fn return_bond(id: CaseId, appellant: &T::AccountId, amount: BalanceOf<T>) -> DispatchResult {
		<T as pallet_labeling::Config>::Assets::transfer(
			<T as pallet_labeling::Config>::StakeAsset::get(),
			&Self::bond_account(),
			appellant,
			amount,
			Preservation::Expendable,
		)?;
		Self::deposit_event(Event::BondReturned { case: id, appellant: appellant.clone(), amount });
		Ok(())
	}

	fn finish(id: CaseId, case: CaseOf<T>, outcome: Outcome, label: Option<Label>) {
		Cases::<T>::remove(id);
		CaseOfItem::<T>::remove(case.task, case.item);
		Panels::<T>::remove(id);
		Self::deposit_event(Event::CaseClosed { case: id, outcome, label, round: case.round });
	}
}

/// Splits `amount` among `weights` in proportion; the last one gets the rounding remainder,
/// so the shares add up to `amount` exactly. Empty when there is nobody to pay.
pub fn split<AccountId: Clone, Balance>(
	amount: Balance,
	weights: &[(AccountId, Balance)],
) -> Vec<(AccountId, Balance)>
where
	Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy,
{
	let total = weights.iter().fold(Balance::zero(), |acc, (_, w)| acc.saturating_add(*w));
	if weights.is_empty() || total.is_zero() {
		return Vec::new();
	}
	let mut left = amount;
	let mut shares = Vec::with_capacity(weights.len());
	for (i, (who, w)) in weights.iter().enumerate() {
		let share = if i + 1 == weights.len() {
			left
		} else {
			Perbill::from_rational(*w, total).mul_floor(amount).min(left)
		};
		left = left.saturating_sub(share);
		shares.push((who.clone(), share));
	}
	shares
}

/// The labeling pallet hands items without consensus to a new case.
impl<T: Config> pallet_labeling::OnDispute for Pallet<T> {
	fn on_dispute(task: TaskId, item: ItemId, _round: pallet_labeling::RoundIndex) {
		if let Err(e) = Self::open_case(task, item, CaseKind::NoConsensus) {
			// Only after 2^32 cases; the item stays disputed for governance to handle.
			log::error!(target: "runtime::disputes", "no case for {task}/{item}: {e:?}");
		}
	}
}
