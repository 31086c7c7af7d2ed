//! Cases: opening them (an item without consensus or with a contested gold answer, a vendor's
//! appeal) and closing them, with every payment a closing makes.
//!
//! Money, in full:
//! - Every case pays its reviewers one review fee in the task's reward asset, set aside in the
//!   task's escrow by the labeling pallet (from the item's budget, or from the vendor's
//!   refundable balance for an appeal). It does not depend on the label the panel picks, so a
//!   panel gains nothing by choosing a label fewer annotators gave. The majority shares it
//!   equally; without a majority after the last round, everyone who revealed shares it; with
//!   nobody to pay, it goes back to the vendor.
//! - The annotators are judged by the labeling pallet from the panel's label (for a contested
//!   gold answer that the panel overturns, the vendor's gold bond goes to the annotators who
//!   were right).
//! - Reviewers who do not reveal lose `no_reveal_slash` of their locked seat stake to the
//!   labeling pallet's slashed pot ([`vote`](crate::vote)).

use crate::{pallet::*, types::*, BalanceOf, CaseOf};
use alloc::vec::Vec;
use frame_support::ensure;
use pallet_labeling::{consensus, ItemId, Label, TaskId};
use sp_runtime::{
	traits::{Saturating, Zero},
	DispatchError, DispatchResult,
};

impl<T: Config> Pallet<T> {
	/// Opens a case for an item and schedules its first draw.
	pub(crate) fn open_case(
		task: TaskId,
		item: ItemId,
		kind: CaseKind<BalanceOf<T>>,
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
		Self::schedule(draw_at, id, 0);
		Self::deposit_event(Event::CaseOpened { case: id, task, item, kind, draw_at });
		Ok(id)
	}

	/// The vendor appeals a settled item's label: the labeling pallet checks the window and
	/// sets the review fee aside, and a case opens. Nothing changes if any step fails.
	pub fn do_appeal(
		who: &T::AccountId,
		task: TaskId,
		item: ItemId,
	) -> Result<CaseId, DispatchError> {
		frame_support::storage::with_storage_layer(|| {
			let (original, fee) = pallet_labeling::Pallet::<T>::do_appeal_label(who, task, item)?;
			Self::open_case(task, item, CaseKind::Appeal { original, fee })
		})
	}

	/// Closes a case whose panel's majority chose `label`; `majority` are the reviewers who
	/// voted for it.
	pub(crate) fn close_decided(
		id: CaseId,
		case: CaseOf<T>,
		label: Label,
		majority: &[T::AccountId],
	) -> DispatchResult {
		let schema = pallet_labeling::Tasks::<T>::get(case.task)
			.ok_or(pallet_labeling::Error::<T>::UnknownTask)?
			.spec
			.schema;
		let (fee, outcome) = match &case.kind {
			CaseKind::NoConsensus => (
				pallet_labeling::Pallet::<T>::do_resolve_dispute(
					case.task,
					case.item,
					label.clone(),
				)?,
				Outcome::Decided,
			),
			CaseKind::GoldContested => {
				let gold =
					match pallet_labeling::Items::<T>::get(case.task, case.item).map(|i| i.gold) {
						Some(pallet_labeling::Gold::Answer(answer)) => Some(answer),
						_ => None,
					};
				let upheld = gold.is_some_and(|g| consensus::labels_agree(&schema, &g, &label));
				let fee = pallet_labeling::Pallet::<T>::do_resolve_dispute(
					case.task,
					case.item,
					label.clone(),
				)?;
				(fee, if upheld { Outcome::Upheld } else { Outcome::Overturned })
			}
			CaseKind::Appeal { original, fee } => {
				pallet_labeling::Pallet::<T>::do_change_label(case.task, case.item, label.clone())?;
				let upheld = consensus::labels_agree(&schema, original, &label);
				(*fee, if upheld { Outcome::Upheld } else { Outcome::Overturned })
			}
		};
		Self::pay_reviewers(id, &case, fee, majority)?;
		Self::finish(id, case, outcome, Some(label));
		Ok(())
	}

	/// Closes a case after its last round reached no majority: a no-consensus or contested
	/// item fails, an appealed label stands; the fee goes to the reviewers who revealed.
	pub(crate) fn close_undecided(
		id: CaseId,
		case: CaseOf<T>,
		revealed: &[T::AccountId],
	) -> DispatchResult {
		let (fee, label) = match &case.kind {
			CaseKind::NoConsensus | CaseKind::GoldContested => {
				(pallet_labeling::Pallet::<T>::do_fail_dispute(case.task, case.item)?, None)
			}
			CaseKind::Appeal { original, fee } => (*fee, Some(original.clone())),
		};
		Self::pay_reviewers(id, &case, fee, revealed)?;
		Self::finish(id, case, Outcome::Undecided, label);
		Ok(())
	}

	/// Pays `fee` in equal shares to `reviewers` (the rounding remainder and a fee nobody can
	/// be paid go back to the vendor).
	fn pay_reviewers(
		id: CaseId,
		case: &CaseOf<T>,
		fee: BalanceOf<T>,
		reviewers: &[T::AccountId],
	) -> DispatchResult {
		let shares = split_equally(fee, reviewers);
		pallet_labeling::Pallet::<T>::do_pay_review_fee(case.task, fee, &shares)?;
		for (reviewer, amount) in shares.into_iter().filter(|(_, a)| !a.is_zero()) {
			Self::deposit_event(Event::ReviewerPaid { case: id, reviewer, amount });
		}
		Ok(())
	}

	fn finish(id: CaseId, case: CaseOf<T>, outcome: Outcome, label: Option<Label>) {
		Cases::<T>::remove(id);
		CaseOfItem::<T>::remove(case.task, case.item);
		Panels::<T>::remove(id);
		Self::deposit_event(Event::CaseClosed { case: id, outcome, label, round: case.round });
	}
}

/// Splits `amount` into equal shares for `who`, rounding down: the shares never add up to
/// more than `amount`. Empty when there is nobody to pay.
pub fn split_equally<AccountId: Clone, Balance>(
	amount: Balance,
	who: &[AccountId],
) -> Vec<(AccountId, Balance)>
where
	Balance: sp_runtime::traits::AtLeast32BitUnsigned + Copy,
{
	if who.is_empty() {
		return Vec::new();
	}
	let share = amount / Balance::from(who.len() as u32);
	who.iter().map(|w| (w.clone(), share)).collect()
}

/// The labeling pallet hands items to review.
impl<T: Config> pallet_labeling::OnDispute for Pallet<T> {
	fn on_dispute(
		task: TaskId,
		item: ItemId,
		_round: pallet_labeling::RoundIndex,
		kind: pallet_labeling::DisputeKind,
	) {
		if let Err(e) = Self::open_case(task, item, kind.into()) {
			// Only after 2^32 cases; the item stays disputed for governance to handle.
			log::error!(target: "runtime::disputes", "no case for {task}/{item}: {e:?}");
		}
	}
}
