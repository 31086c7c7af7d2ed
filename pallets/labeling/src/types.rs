//! The labeling domain's data: tasks, items, slots, labels, stakes, reputation and parameters.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::{pallet_prelude::ConstU32, BoundedVec};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// Identifies a task; assigned in creation order.
pub type TaskId = u32;
/// Identifies an item within its task; assigned in the order items are added.
pub type ItemId = u32;
/// Counts the labeling rounds of an item (a round is voided when too few annotators reveal).
pub type RoundIndex = u32;

/// Longest URI (of instructions or of an item's content) kept on chain.
pub const MAX_URI_LEN: u32 = 256;
/// Most boxes in one bounding-box label.
pub const MAX_BOXES: u32 = 16;
/// Most classes of a multi-label schema (one bit each in a `u64`).
pub const MAX_MULTI_LABEL_CLASSES: u32 = 64;
/// Longest failure-rate window, in settled labels (one bit each in a `u32`).
pub const MAX_FAILURE_WINDOW: u8 = 32;
/// Vote weights and reputation scores are in millionths.
pub const WEIGHT_ONE: u32 = 1_000_000;

/// A URI bounded to [`MAX_URI_LEN`] bytes.
pub type Uri = BoundedVec<u8, ConstU32<MAX_URI_LEN>>;

/// Where something lives off chain and the hash that pins its content.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct ContentRef {
	/// Where to fetch the content (https, ipfs, …).
	pub uri: Uri,
	/// blake2-256 (or any 32-byte digest the vendor documents) of the content.
	pub hash: H256,
}

/// What kind of label a task asks for.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum LabelSchema {
	/// Exactly one class out of `classes`.
	Categorical {
		/// Number of classes; a label is a class index below it.
		classes: u32,
	},
	/// Any subset of `classes` classes (at most [`MAX_MULTI_LABEL_CLASSES`]).
	MultiLabel {
		/// Number of classes; a label is a bit set over them.
		classes: u32,
	},
	/// Up to `max_boxes` boxes, each with a class; two labels agree when their boxes pair up
	/// one-to-one with equal class and an intersection over union of at least `min_iou`.
	BoundingBoxes {
		/// Number of box classes.
		classes: u32,
		/// Most boxes in one label (at most [`MAX_BOXES`]).
		max_boxes: u32,
		/// Least IoU for two boxes to match.
		min_iou: Perbill,
	},
	/// Free text, compared by the hash of its canonical form (the task's instructions say how
	/// to canonicalize: trimming, case, Unicode normalization).
	FreeText,
}

/// An axis-aligned box in integer pixel coordinates.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct BoundingBox {
	/// Class of the object in the box.
	pub class: u32,
	/// Left edge.
	pub x: u32,
	/// Top edge.
	pub y: u32,
	/// Width (positive).
	pub width: u32,
	/// Height (positive).
	pub height: u32,
}

/// An annotator's (or a gold) answer for one item.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum Label {
	/// A class index ([`LabelSchema::Categorical`]).
	Class(u32),
	/// A bit set of classes, bit `i` for class `i` ([`LabelSchema::MultiLabel`]).
	Classes(u64),
	/// Boxes ([`LabelSchema::BoundingBoxes`]).
	Boxes(BoundedVec<BoundingBox, ConstU32<MAX_BOXES>>),
	/// blake2-256 of the canonical text ([`LabelSchema::FreeText`]).
	Text(H256),
}

/// The share of vote weight that must back one label for consensus, as `numerator/denominator`.
/// Always a strict majority, so that two different labels can never both reach it.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct AgreementRule {
	/// Numerator of the threshold.
	pub numerator: u32,
	/// Denominator of the threshold.
	pub denominator: u32,
}

impl AgreementRule {
	/// A threshold is valid when it is a strict majority and at most one.
	pub fn is_valid(&self) -> bool {
		self.denominator > 0
			&& self.numerator <= self.denominator
			&& (self.numerator as u64) * 2 > self.denominator as u64
	}

	/// Whether `support` out of `total` vote weight reaches the threshold (exact, in integers).
	pub fn is_met(&self, support: u64, total: u64) -> bool {
		total > 0
			&& (support as u128) * (self.denominator as u128)
				>= (total as u128) * (self.numerator as u128)
	}
}

/// What a vendor fixes when creating a task.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct TaskSpec<AssetId, Balance, BlockNumber> {
	/// The labeling instructions.
	pub instructions: ContentRef,
	/// The kind of label asked for.
	pub schema: LabelSchema,
	/// Independent annotators per item.
	pub redundancy: u32,
	/// Share of vote weight a label needs to be accepted.
	pub agreement: AgreementRule,
	/// Blocks from an item's first slot to the end of its commit phase.
	pub commit_window: BlockNumber,
	/// Blocks from the end of the commit phase to the end of the reveal phase.
	pub reveal_window: BlockNumber,
	/// The pallet-assets asset rewards are paid in.
	pub reward_asset: AssetId,
	/// Paid to every annotator whose label agrees with the accepted label.
	pub reward_per_label: Balance,
	/// Paid on top to every annotator whose label matches a gold answer.
	pub gold_bonus: Balance,
	/// Least bonded stake to take a slot (at least the chain's minimum).
	pub min_stake: Balance,
	/// Least vote weight (reputation, millionths) to take a slot.
	pub min_reputation: u32,
}

/// Where a task is in its life.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum TaskStatus {
	/// Items can be added and slots taken.
	Open,
	/// No new slots; items in progress settle by the normal rules.
	Cancelled,
	/// Everything settled and refunded; only results (and unclaimed payouts) remain.
	Closed,
}

/// A task and its escrow accounting.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Task<AccountId, AssetId, Balance, BlockNumber> {
	/// Who created the task, pays its rewards and gets every unspent unit back.
	pub vendor: AccountId,
	/// The terms annotators work under. Rewards can only be raised (`top_up`).
	pub spec: TaskSpec<AssetId, Balance, BlockNumber>,
	/// Where the task is in its life.
	pub status: TaskStatus,
	/// Items added so far (the next item's id).
	pub item_count: u32,
	/// Items not settled, failed or purged: their worst-case budget is owed.
	pub unsettled: u32,
	/// Unsettled items that carry a gold-answer commitment (their budget includes the bonus).
	pub unsettled_with_answer: u32,
	/// Items waiting for the first slot of a round (no annotator has started them).
	pub pending: u32,
	/// Pending items that carry a gold-answer commitment.
	pub pending_with_answer: u32,
	/// Items whose round is in commit or reveal phase.
	pub in_progress: u32,
	/// Items without consensus or appealed, frozen until the dispute is resolved.
	pub disputed: u32,
	/// Items decided and open to appeal, judged when their appeal window ends.
	pub decided: u32,
	/// Unspent budget that goes back to the vendor when the task closes.
	pub refundable: Balance,
	/// Payouts that could not be delivered and wait for `claim_payout`.
	pub unclaimed: Balance,
	/// The reward asset's minimum balance, paid by the vendor, that keeps the escrow alive.
	pub seed: Balance,
	/// Native deposit held from the vendor for the task record.
	pub task_deposit: Balance,
	/// Native deposit held from the vendor per stored item.
	pub item_deposit: Balance,
	/// Items whose records have been purged after closing.
	pub purged: u32,
	/// Block of creation.
	pub created: BlockNumber,
}

/// The gold-standard state of an item.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum Gold {
	/// The vendor committed to no answer.
	None,
	/// The vendor committed to an answer (or to "not gold") by this hash.
	Committed(H256),
	/// The vendor revealed that this item is gold, with this answer.
	Answer(Label),
	/// The vendor revealed that the commitment was a decoy: not a gold item.
	NotGold,
}

/// Where an item is in its life.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum ItemState<BlockNumber> {
	/// Waiting for the first slot of round `round`.
	Pending {
		/// The round the next slot opens.
		round: RoundIndex,
	},
	/// A round is running.
	Labeling {
		/// The running round.
		round: RoundIndex,
		/// Last block of the commit phase.
		commit_end: BlockNumber,
		/// Last block of the reveal phase.
		reveal_end: BlockNumber,
	},
	/// Settled with an accepted label.
	Settled,
	/// Gave up: too many void rounds, a voided round after the gold answer was public, or a
	/// cancelled task. Its budget went back to the vendor.
	Failed,
	/// No consensus in round `round`, or its decision was appealed: payouts frozen until the
	/// dispute is resolved.
	Disputed {
		/// The round under review (its slots are kept).
		round: RoundIndex,
	},
	/// Round `round` chose `label` (by consensus or the gold answer); nobody is paid or
	/// penalized before the appeal window ends at `final_at`, when the item is judged by it
	/// unless the vendor or one of its annotators appealed.
	Decided {
		/// The round that decided (its slots are kept).
		round: RoundIndex,
		/// The label the round chose.
		label: Label,
		/// First block the decision is final; appeals are accepted before it.
		final_at: BlockNumber,
	},
}

/// One item of a task.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Item<BlockNumber> {
	/// The data to label.
	pub content: ContentRef,
	/// The gold-standard commitment or answer.
	pub gold: Gold,
	/// Where the item is in its life.
	pub state: ItemState<BlockNumber>,
}

/// What a vendor submits per item.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct NewItem {
	/// The data to label.
	pub content: ContentRef,
	/// `gold_commitment(vendor, content.hash, answer, salt)`, or `None`. Give every item one
	/// (a decoy for non-gold items) so that annotators cannot tell gold items apart.
	pub answer_commitment: Option<H256>,
}

/// One annotator's place in the running round of an item.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Slot<AccountId, Balance> {
	/// Who holds the slot.
	pub annotator: AccountId,
	/// Stake locked for this item until it settles.
	pub collateral: Balance,
	/// The commitment, once submitted.
	pub commitment: Option<H256>,
	/// The label, once revealed.
	pub label: Option<Label>,
}

/// What settlement decided for one annotator.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub enum Verdict {
	/// Agreed with the accepted label: base reward.
	Agreed,
	/// Agreed with a gold answer: base reward and bonus.
	GoldPassed,
	/// Disagreed with consensus: no reward, a strike, the small slash.
	Disagreed,
	/// Disagreed with a gold answer: no reward, a strike, the larger slash.
	GoldFailed,
	/// Held a slot but revealed nothing: a strike and the no-reveal slash.
	NoReveal,
}

/// The outcome of a settled item, kept for export.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct ItemResult<Balance, BlockNumber> {
	/// The accepted label.
	pub label: Label,
	/// Share of revealed vote weight behind the accepted label.
	pub agreement: Perbill,
	/// Annotators who revealed.
	pub annotators: u32,
	/// Annotators paid (agreed, with or without the gold bonus).
	pub agreeing: u32,
	/// Whether the item was a revealed gold item and the label is its answer.
	pub gold: bool,
	/// Whether a dispute decided the label.
	pub by_dispute: bool,
	/// The round that settled.
	pub round: RoundIndex,
	/// Total paid to annotators for the item.
	pub paid: Balance,
	/// Block of settlement.
	pub settled_at: BlockNumber,
}

/// Stake that is leaving, still slashable until `unlock_at`.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Debug,
)]
pub struct UnbondingChunk<Balance, BlockNumber> {
	/// Amount leaving.
	pub amount: Balance,
	/// First block it can be withdrawn.
	pub unlock_at: BlockNumber,
}

/// An annotator's stake in the stake asset, all of it held by the stake pool account.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[scale_info(skip_type_params(MaxChunks))]
pub struct StakeLedger<Balance, BlockNumber, MaxChunks: frame_support::traits::Get<u32>> {
	/// Bonded stake: backs slots and can be slashed.
	pub bonded: Balance,
	/// Part of `bonded` locked as collateral of open slots (never more than `bonded`).
	pub locked: Balance,
	/// Stake leaving, still slashable.
	pub unbonding: BoundedVec<UnbondingChunk<Balance, BlockNumber>, MaxChunks>,
	/// Slots held and not yet revealed or resolved.
	pub open_slots: u32,
	/// No new slots before this block.
	pub suspended_until: Option<BlockNumber>,
}

/// An annotator's track record.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	Copy,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
pub struct Reputation {
	/// Labels that agreed with consensus (gold passes included).
	pub agreements: u32,
	/// Labels that disagreed with consensus (gold fails included).
	pub disagreements: u32,
	/// Gold items answered correctly.
	pub gold_passes: u32,
	/// Gold items answered wrongly.
	pub gold_fails: u32,
	/// Slots held without revealing.
	pub no_reveals: u32,
	/// Strikes: disagreements, no-reveals and leaked commitments.
	pub strikes: u32,
	/// Times suspended for a failure rate over the limit.
	pub suspensions: u32,
	/// Recent settled labels, newest in bit 0, 1 for a failure.
	pub recent: u32,
	/// How many bits of `recent` are filled.
	pub recent_len: u8,
}

/// Every parameter governance owns, kept in storage.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Params<Balance, BlockNumber> {
	/// Least bonded stake to take any slot.
	pub min_stake: Balance,
	/// Stake locked per slot until its item settles.
	pub slot_collateral: Balance,
	/// Blocks unbonding stake stays slashable.
	pub unbonding_period: BlockNumber,
	/// The appeal window: blocks after a round's decision during which the vendor or an
	/// annotator of the item can appeal it; payouts and penalties wait for its end. Zero judges
	/// at once (no appeals).
	pub dispute_period: BlockNumber,
	/// Least annotators per item a task may ask for.
	pub min_redundancy: u32,
	/// Most annotators per item a task may ask for (at most the runtime's `MaxRedundancy`).
	pub max_redundancy: u32,
	/// Shortest commit window.
	pub min_commit_window: BlockNumber,
	/// Longest commit window.
	pub max_commit_window: BlockNumber,
	/// Shortest reveal window.
	pub min_reveal_window: BlockNumber,
	/// Longest reveal window.
	pub max_reveal_window: BlockNumber,
	/// Rounds an item may be voided (too few reveals) before it fails.
	pub max_rounds: u32,
	/// Slots (taken and not yet revealed) one account may hold.
	pub max_open_slots: u32,
	/// Slashed from a slot's collateral for disagreeing with consensus.
	pub disagree_slash: Perbill,
	/// Slashed from a slot's collateral for failing a gold item.
	pub gold_fail_slash: Perbill,
	/// Slashed from a slot's collateral for not revealing.
	pub no_reveal_slash: Perbill,
	/// Slashed from a slot's collateral for a commitment whose preimage was published.
	pub leak_slash: Perbill,
	/// Share of a leak slash paid to the denouncer.
	pub denounce_reward: Perbill,
	/// Settled labels the failure rate is computed over (at most 32).
	pub failure_window: u8,
	/// Failure rate above which an annotator is slashed and suspended.
	pub max_failure_rate: Perbill,
	/// Share of all stake (bonded and unbonding) slashed on suspension.
	pub suspension_slash: Perbill,
	/// Blocks a suspension lasts.
	pub suspension_period: BlockNumber,
	/// Native deposit held per task.
	pub task_deposit: Balance,
	/// Native deposit held per item.
	pub item_deposit: Balance,
}

/// A change to some of the [`Params`]; `None` keeps the current value.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Clone,
	PartialEq,
	Eq,
	Default,
	Debug,
)]
pub struct ParamsUpdate<Balance, BlockNumber> {
	pub min_stake: Option<Balance>,
	pub slot_collateral: Option<Balance>,
	pub unbonding_period: Option<BlockNumber>,
	pub dispute_period: Option<BlockNumber>,
	pub min_redundancy: Option<u32>,
	pub max_redundancy: Option<u32>,
	pub min_commit_window: Option<BlockNumber>,
	pub max_commit_window: Option<BlockNumber>,
	pub min_reveal_window: Option<BlockNumber>,
	pub max_reveal_window: Option<BlockNumber>,
	pub max_rounds: Option<u32>,
	pub max_open_slots: Option<u32>,
	pub disagree_slash: Option<Perbill>,
	pub gold_fail_slash: Option<Perbill>,
	pub no_reveal_slash: Option<Perbill>,
	pub leak_slash: Option<Perbill>,
	pub denounce_reward: Option<Perbill>,
	pub failure_window: Option<u8>,
	pub max_failure_rate: Option<Perbill>,
	pub suspension_slash: Option<Perbill>,
	pub suspension_period: Option<BlockNumber>,
	pub task_deposit: Option<Balance>,
	pub item_deposit: Option<Balance>,
}

impl<B: Clone, BN: Clone> Params<B, BN> {
	/// These parameters with `update` applied.
	pub fn updated(&self, update: ParamsUpdate<B, BN>) -> Self {
		let mut p = self.clone();
		macro_rules! apply {
			($($f:ident),*) => { $( if let Some(v) = update.$f { p.$f = v; } )* };
		}
		apply!(
			min_stake,
			slot_collateral,
			unbonding_period,
			dispute_period,
			min_redundancy,
			max_redundancy,
			min_commit_window,
			max_commit_window,
			min_reveal_window,
			max_reveal_window,
			max_rounds,
			max_open_slots,
			disagree_slash,
			gold_fail_slash,
			no_reveal_slash,
			leak_slash,
			denounce_reward,
			failure_window,
			max_failure_rate,
			suspension_slash,
			suspension_period,
			task_deposit,
			item_deposit
		);
		p
	}
}

/// Called when an item reaches no consensus; the disputes pallet opens a review from it and
/// later calls `Pallet::do_resolve_dispute` with the decided label (or `do_fail_dispute`).
pub trait OnDispute {
	/// Item `item` of task `task` is disputed after round `round`.
	fn on_dispute(task: TaskId, item: ItemId, round: RoundIndex);
}

impl OnDispute for () {
	fn on_dispute(_: TaskId, _: ItemId, _: RoundIndex) {}
}

/// Task status for the runtime API.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TaskInfo<AccountId, AssetId, Balance, BlockNumber> {
	/// The task as stored.
	pub task: Task<AccountId, AssetId, Balance, BlockNumber>,
	/// Escrowed budget still owed to unsettled items (worst case).
	pub owed: Balance,
}

/// An annotator's standing for the runtime API.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct AnnotatorInfo<Balance, BlockNumber> {
	/// Bonded stake.
	pub bonded: Balance,
	/// Bonded stake locked by open slots.
	pub locked: Balance,
	/// Stake unbonding.
	pub unbonding: Balance,
	/// Slots held and not yet revealed.
	pub open_slots: u32,
	/// End of a running suspension.
	pub suspended_until: Option<BlockNumber>,
	/// Track record.
	pub reputation: Reputation,
	/// Vote weight derived from the track record, in millionths.
	pub vote_weight: u32,
}
