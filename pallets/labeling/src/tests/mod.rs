//! Unit tests, one file per concept, sharing the helpers below.

mod annotation;
mod appeal;
mod batch;
mod expiry;
mod clock;
mod consensus;
mod conservation;
mod extension;
mod governance;
mod record;
mod seating;
mod settlement;
mod staking;
mod task;

use crate::{
	annotation::commitment_of, mock::*, pallet::*, task::gold_commitment, types::*, TaskSpecOf,
};
use frame_support::{assert_ok, traits::fungibles::Inspect, BoundedVec};
use sp_core::H256;
use sp_runtime::DispatchResult;

/// The mock's storage weights (ParityDB's), which the counted weights subtract and add.
pub(crate) fn db() -> frame_support::weights::RuntimeDbWeight {
	<<Test as frame_system::Config>::DbWeight as frame_support::traits::Get<
		frame_support::weights::RuntimeDbWeight,
	>>::get()
}

pub(crate) fn uri(s: &str) -> Uri {
	BoundedVec::truncate_from(s.as_bytes().to_vec())
}

/// Three-class categorical, three annotators (no escalation), 90 % confidence, 10-block
/// windows, USD rewards of 100 per label and 50 gold bonus, collateral 50 per seat, no gold.
pub(crate) fn spec() -> TaskSpecOf<Test> {
	TaskSpec {
		instructions: ContentRef { uri: uri("ipfs://instructions"), digest: H256::repeat_byte(0xaa) },
		schema: LabelSchema::Categorical { classes: 3 },
		redundancy: 3,
		max_seats: 3,
		confidence: sp_runtime::Perbill::from_percent(90),
		commit_window: 10,
		reveal_window: 10,
		reward_asset: USD,
		reward_per_label: 100,
		gold_bonus: 50,
		collateral: 50,
		with_gold: false,
		min_stake: 100,
		min_reputation: 0,
	}
}

/// [`spec`] with an answer commitment on every item.
pub(crate) fn gold_spec() -> TaskSpecOf<Test> {
	TaskSpec { with_gold: true, ..spec() }
}

pub(crate) fn item(n: u8) -> NewItem {
	NewItem {
		content: ContentRef { uri: uri("ipfs://item"), digest: H256::repeat_byte(n) },
		answer_commitment: None,
	}
}

pub(crate) const GOLD_SALT: [u8; 32] = [7u8; 32];

/// An item whose answer the vendor commits to (`None`: a decoy).
pub(crate) fn gold_item(n: u8, answer: Option<Label>) -> NewItem {
	let hash = H256::repeat_byte(n);
	NewItem {
		content: ContentRef { uri: uri("ipfs://item"), digest: hash },
		answer_commitment: Some(gold_commitment(&VENDOR, &hash, &answer, &GOLD_SALT)),
	}
}

pub(crate) fn create_with(spec: TaskSpecOf<Test>, items: Vec<NewItem>) -> TaskId {
	let id = NextTaskId::<Test>::get();
	assert_ok!(Labeling::create_task(
		RuntimeOrigin::signed(VENDOR),
		spec,
		BoundedVec::truncate_from(items)
	));
	id
}

pub(crate) fn create(items: Vec<NewItem>) -> TaskId {
	create_with(spec(), items)
}

pub(crate) fn bond(who: AccountId, amount: Balance) {
	assert_ok!(Labeling::bond(RuntimeOrigin::signed(who), amount));
}

pub(crate) fn bond_all() {
	for a in ANNOTATORS {
		bond(a, 1_000);
	}
}

pub(crate) fn salt_of(who: AccountId) -> [u8; 32] {
	[who as u8; 32]
}

pub(crate) fn round_of(task: TaskId, item: ItemId) -> RoundIndex {
	match Items::<Test>::get(task, item).expect("item").state {
		ItemState::Pending { round, .. }
		| ItemState::Labeling { round, .. }
		| ItemState::AwaitingGold { round, .. }
		| ItemState::Disputed { round, .. } => round,
		_ => panic!("item has no round"),
	}
}

pub(crate) fn commitment(who: AccountId, task: TaskId, item: ItemId, label: &Label) -> H256 {
	commitment_of(task, item, round_of(task, item), &who, label, &salt_of(who))
}

/// The seats `who` holds in `task`, in the order the draw gave them.
pub(crate) fn seats_in(who: AccountId, task: TaskId) -> Vec<ItemId> {
	Stakes::<Test>::get(who)
		.map(|l| l.seats.iter().filter(|(t, _)| *t == task).map(|(_, i)| *i).collect())
		.unwrap_or_default()
}

/// `who` asks for `count` seats of `task` and the next block's draw seats them; returns the
/// items they got.
pub(crate) fn seat(who: AccountId, task: TaskId, count: u32) -> Vec<ItemId> {
	let before = seats_in(who, task);
	assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(who), task, count));
	run_to_block(System::block_number() + 1);
	seats_in(who, task).into_iter().filter(|i| !before.contains(i)).collect()
}

/// Seats each of `whos` once on `task` in one block; returns the item each got.
pub(crate) fn seat_all(task: TaskId, whos: &[AccountId]) -> Vec<ItemId> {
	let before: Vec<_> = whos.iter().map(|w| seats_in(*w, task)).collect();
	for who in whos {
		assert_ok!(Labeling::request_seats(RuntimeOrigin::signed(*who), task, 1));
	}
	run_to_block(System::block_number() + 1);
	whos.iter()
		.zip(before)
		.map(|(w, b)| *seats_in(*w, task).iter().find(|i| !b.contains(i)).expect("seated"))
		.collect()
}

/// Commits `who`'s seat of `item` to `label`.
pub(crate) fn commit(who: AccountId, task: TaskId, item: ItemId, label: &Label) {
	let c = commitment(who, task, item, label);
	assert_ok!(Labeling::commit(RuntimeOrigin::signed(who), task, item, c));
}

pub(crate) fn reveal(who: AccountId, task: TaskId, item: ItemId, label: &Label) -> DispatchResult {
	Labeling::reveal(RuntimeOrigin::signed(who), task, item, label.clone(), salt_of(who))
		.map(|_| ())
		.map_err(|e| e.error)
}

/// A one-item task in its reveal phase (block 13): A, B and C seated, A and B committed to
/// CAT, C never committed.
pub(crate) fn reveals_open_c_uncommitted() -> TaskId {
	bond_all();
	let task = create(vec![item(1)]);
	seat_all(task, &[A, B, C]);
	commit(A, task, 0, &CAT);
	commit(B, task, 0, &CAT);
	run_to_block(13);
	task
}

/// Seats every voter on the one item of a single-item task, commits their labels and
/// reveals them (the last reveal closes the stage).
pub(crate) fn vote(task: TaskId, votes: &[(AccountId, Label)]) {
	let whos: Vec<_> = votes.iter().map(|(w, _)| *w).collect();
	for item in seat_all(task, &whos) {
		assert_eq!(item, 0, "a single-item task");
	}
	for (who, label) in votes {
		commit(*who, task, 0, label);
	}
	for (who, label) in votes {
		assert_ok!(reveal(*who, task, 0, label));
	}
}

pub(crate) fn usd(who: AccountId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(USD, &who)
}

pub(crate) fn lbl(who: AccountId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(STAKE, &who)
}

pub(crate) fn escrow(task: TaskId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(USD, &Labeling::escrow_account(task))
}

pub(crate) fn ledger(who: AccountId) -> crate::StakeLedgerOf<Test> {
	Stakes::<Test>::get(who).expect("staked")
}

pub(crate) fn held(who: AccountId) -> Balance {
	use frame_support::traits::fungible::InspectHold;
	<Balances as InspectHold<AccountId>>::balance_on_hold(
		&RuntimeHoldReason::Labeling(HoldReason::TaskDeposit),
		&who,
	)
}

pub(crate) fn labeling_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Labeling(e) => Some(e),
			_ => None,
		})
		.collect()
}

pub(crate) fn verdicts(task: TaskId, item: ItemId) -> Vec<(AccountId, Verdict, Balance, Balance)> {
	labeling_events()
		.into_iter()
		.filter_map(|e| match e {
			Event::Judged { task: t, item: i, annotator, verdict, paid, slashed, .. }
				if t == task && i == item =>
			{
				Some((annotator, verdict, paid, slashed))
			}
			_ => None,
		})
		.collect()
}

pub(crate) const CAT: Label = Label::Class(1);
pub(crate) const DOG: Label = Label::Class(2);
pub(crate) const BIRD: Label = Label::Class(0);

/// The single item of `task`: A and B say CAT, C says DOG.
pub(crate) fn two_agree_one_disagrees(task: TaskId) {
	vote(task, &[(A, CAT), (B, CAT), (C, DOG)]);
}
