//! The labeling domain's data: tasks, items, slots, labels, stakes, reputation and parameters.

use alloc::vec::Vec;
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
/// Vote weights, scores and chance rates are in millionths.
pub const WEIGHT_ONE: u32 = 1_000_000;
/// Accepted labels a task keeps to estimate how often labels agree by chance.
pub const CHANCE_SAMPLES: u32 = 16;
/// Vendors whose gold passes an annotator's record counts separately (see [`Reputation`]).
pub const MAX_CREDITED_VENDORS: u32 = 16;

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
	pub digest: H256,
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

/// What a vendor fixes when creating a task.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct TaskSpec<AssetId, Balance, BlockNumber> {
	/// The labeling instructions.
	pub instructions: ContentRef,
	/// The kind of label asked for.
	pub schema: LabelSchema,
	/// Annotators seated on each item at first.
	pub redundancy: u32,
	/// Most annotators an item may get: while the votes are not confident enough, the item
	/// is escalated to more annotators, up to this many (equal to `redundancy`: never).
	pub max_seats: u32,
	/// How sure the weighted votes must be to accept a label without escalating: the
	/// posterior probability of the winning label against the runner-up under the
	/// annotators' estimated accuracies (at least 1/2).
	pub confidence: Perbill,
	/// Blocks from a stage's first seat to the end of its commit phase.
	pub commit_window: BlockNumber,
	/// Blocks from the end of the commit phase to the end of the reveal phase; also how long
	/// the vendor has to reveal an item's answer commitment once its labels are in.
	pub reveal_window: BlockNumber,
	/// The pallet-assets asset rewards are paid in.
	pub reward_asset: AssetId,
	/// The reward scale: a label that agrees with the accepted label is paid this much times
	/// its chance-corrected agreement score (exactly this on a task whose labels are evenly
	/// spread over the classes, at most `pay_cap` times it).
	pub reward_per_label: Balance,
	/// Paid on top to every annotator whose label matches a gold answer.
	pub gold_bonus: Balance,
	/// Stake locked per seat, slashed for a wrong gold answer, a missing reveal, or (in
	/// proportion) a label that agrees with the accepted one less often than chance.
	pub collateral: Balance,
	/// Every item carries an answer commitment (a gold answer or a decoy), so gold items look
	/// like the others; without, the task has no gold items.
	pub with_gold: bool,
	/// Least bonded stake to request seats (at least the chain's minimum).
	pub min_stake: Balance,
	/// Least vote weight (millionths) to request seats.
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
	/// Items can be added and seats requested.
	Open,
	/// No new seats; items in progress finish by the normal rules.
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
	/// Unsettled items that carry a gold-answer commitment (their budget includes the bonus
	/// and the vendor's gold bond).
	pub unsettled_with_answer: u32,
	/// Items waiting for the first seat of a round (no annotator has started them).
	pub pending: u32,
	/// Pending items that carry a gold-answer commitment.
	pub pending_with_answer: u32,
	/// Items started and not yet settled or disputed: seated, escalated, or waiting for the
	/// vendor's answer.
	pub in_progress: u32,
	/// Items without consensus or with a contested gold answer, frozen until the review.
	pub disputed: u32,
	/// Items with an id below this have been offered for seats once (the next fresh item).
	pub next_fresh: ItemId,
	/// First entry of the task's backlog of items waiting for room in its open set.
	pub backlog_head: u32,
	/// One past the last entry of the backlog.
	pub backlog_tail: u32,
	/// The running mean of the task's label scores (millionths), which pay is divided by.
	pub mean_score: i32,
	/// Seats an escalation adds (the chain's value when the task was created).
	pub escalation_seats: u32,
	/// Most a label is paid, in percent of the reward (fixed at creation).
	pub pay_cap_percent: u32,
	/// The vendor's gold bond per item with an answer commitment, in percent of `redundancy ×
	/// (reward + bonus)` (fixed at creation).
	pub gold_bond_percent: u32,
	/// The review fee per item, in percent of `redundancy × (reward + bonus)` (fixed at
	/// creation).
	pub review_fee_percent: u32,
	/// Unspent budget that goes back to the vendor when the task closes.
	pub refundable: Balance,
	/// Review fees set aside for the vendor's appeals of settled labels.
	pub reserved: Balance,
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

/// Why an item went to a review panel.
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
pub enum DisputeKind {
	/// Its annotators reached no decision even with every seat it may have.
	NoConsensus,
	/// Its annotators' decision contradicts the vendor's gold answer: reviewers decide which
	/// is right, and the vendor's gold bond pays the annotators if the answer was wrong.
	GoldContested,
}

/// Where an item is in its life.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum ItemState<BlockNumber> {
	/// Waiting in the task's open set (or its backlog) for the first seat of round `round`.
	Pending {
		/// The round the first seat opens.
		round: RoundIndex,
	},
	/// A stage is running: its seats commit until `commit_end` and reveal until `reveal_end`,
	/// both on the window clock ([`clock`](crate::clock)), which skips congested blocks.
	/// Stage 0 starts with its first seat; a later stage (an escalation) starts when the earlier
	/// one closes, so that its seats are drawn first and it ends even if nobody comes.
	Labeling {
		/// The running round.
		round: RoundIndex,
		/// The running stage.
		stage: u8,
		/// Last block of the commit phase.
		commit_end: BlockNumber,
		/// Last block of the reveal phase.
		reveal_end: BlockNumber,
	},
	/// The votes are in and decided `decision` (`None`: no consensus); the item waits for
	/// the vendor to reveal its answer commitment, until `until`.
	AwaitingGold {
		/// The round.
		round: RoundIndex,
		/// What the votes decided.
		decision: Option<Label>,
		/// Last window-clock block the vendor may reveal; after it anyone settles the item
		/// without gold.
		until: BlockNumber,
	},
	/// Settled with an accepted label.
	Settled,
	/// Gave up: too many void rounds, a voided round after the gold answer was public, a
	/// cancelled task, or a review that could not decide. Its budget went back to the vendor.
	Failed,
	/// Under review; nobody is paid or penalized until the review decides.
	Disputed {
		/// The round under review (its slots are kept).
		round: RoundIndex,
		/// Why.
		kind: DisputeKind,
	},
}

/// One item of a task.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Item<Balance, BlockNumber> {
	/// The data to label.
	pub content: ContentRef,
	/// The gold-standard commitment or answer.
	pub gold: Gold,
	/// Where the item is in its life.
	pub state: ItemState<BlockNumber>,
	/// The outcome, from settlement on (kept for export until the vendor purges the task).
	/// Inside the item rather than in a map of its own: settling writes one entry, not two.
	pub result: Option<ItemResult<Balance, BlockNumber>>,
}

/// What a vendor submits per item.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct NewItem {
	/// The data to label.
	pub content: ContentRef,
	/// `gold_commitment(vendor, content.digest, answer, salt)`: required on every item of a task
	/// `with_gold` (a decoy `None` answer for ordinary items), refused otherwise.
	pub answer_commitment: Option<H256>,
}

/// One entry of a batched commit (`commit_many`): the commitment for the sender's seat on an
/// item, as `commit` takes it.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct SealedLabel {
	/// The task.
	pub task: TaskId,
	/// The item.
	pub item: ItemId,
	/// `commitment_of(task, item, round, sender, label, salt)`.
	pub commitment: H256,
}

/// One entry of a batched reveal (`reveal_many`): the label and salt that open the sender's
/// commitment on an item, as `reveal` takes them.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct OpenedLabel {
	/// The task.
	pub task: TaskId,
	/// The item.
	pub item: ItemId,
	/// The label committed to.
	pub label: Label,
	/// The salt committed with it.
	pub salt: [u8; 32],
}

/// What the caller of `reveal_many` declares about the stages its reveals may close, so the
/// call is charged up front for closes of that size rather than of the largest possible
/// (`MaxSeats` seats of `MAX_BOXES`-box labels), and refunded down to the closes it made.
///
/// Attack it stops: the block builder admits a transaction by its declared weight. Declared
/// for the worst close, a batch of 16 categorical reveals claimed ≈ 80 ms of a block for
/// ≈ 5 ms of work, so the last 11 % of every labeling block stayed empty whatever its actual
/// load. A bound the caller states is checked against every entry before anything is
/// written (`CloseAboveBound`), in the pool as at dispatch, so no reveal can close a stage
/// heavier than the weight the batch was admitted with.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, Copy, PartialEq, Eq,
	Debug,
)]
pub struct CloseBound {
	/// Most seats any entry's item holds (its task's `max_seats` is always enough).
	pub seats: u32,
	/// Most boxes a label of any entry's task may have: 1 for a categorical or free-text task,
	/// the schema's `max_boxes` for bounding boxes, `MAX_BOXES` for multi-label.
	pub boxes: u32,
}

impl CloseBound {
	/// A bound every entry meets: the most seats an item can hold and the largest labels.
	pub fn largest(max_seats: u32) -> Self {
		Self { seats: max_seats, boxes: MAX_BOXES }
	}
}

/// One annotator's seat on an item.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Slot<AccountId, Balance, BlockNumber> {
	/// Who holds the seat.
	pub annotator: AccountId,
	/// Stake locked for this seat until the item is judged.
	pub collateral: Balance,
	/// The stage of the round the seat belongs to.
	pub stage: u8,
	/// The commitment, once submitted.
	pub commitment: Option<H256>,
	/// The label, once revealed.
	pub label: Option<Label>,
	/// The block that last changed the seat: it was taken, committed to or revealed. A seat
	/// changed in the current block means the item's seats were written in it already.
	pub updated: BlockNumber,
}

/// A request for seats, seated by the draw at the start of a later block.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct SeatRequest<AccountId, Balance, BlockNumber> {
	/// The task.
	pub task: TaskId,
	/// Who asked.
	pub annotator: AccountId,
	/// Seats asked for.
	pub count: u32,
	/// Collateral locked per seat.
	pub collateral: Balance,
	/// Seats already drawn: a request the block's seating budget could not finish keeps its
	/// place at the head of the queue, and its next draws continue from here.
	pub drawn: u32,
	/// The block the request was made in: its hash seeds the draw.
	pub at: BlockNumber,
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
	/// Agreed with the accepted label.
	Agreed,
	/// Agreed with a gold answer: pay and bonus.
	GoldPassed,
	/// Disagreed with the accepted label.
	Disagreed,
	/// Disagreed with a gold answer: the gold-fail slash.
	GoldFailed,
	/// Held a seat but revealed nothing: the no-reveal slash.
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
	/// Annotators whose label agrees with the accepted label.
	pub agreeing: u32,
	/// Whether the item was a revealed gold item and the label is its answer.
	pub gold: bool,
	/// Whether a review decided the label.
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

/// An annotator's ledger: their stake in the stake asset (all of it held by the stake pool
/// account) and their track record, in one entry, so that judging a label updates both with one
/// storage write.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
#[scale_info(skip_type_params(MaxChunks, MaxSeats))]
pub struct StakeLedger<
	Balance,
	BlockNumber,
	MaxChunks: frame_support::traits::Get<u32>,
	MaxSeats: frame_support::traits::Get<u32>,
> {
	/// Bonded stake: backs seats and can be slashed.
	pub bonded: Balance,
	/// Part of `bonded` locked as collateral of seats and requests (never more than `bonded`).
	pub locked: Balance,
	/// Stake leaving, still slashable.
	pub unbonding: BoundedVec<UnbondingChunk<Balance, BlockNumber>, MaxChunks>,
	/// Seats held and not yet judged, as (task, item).
	pub seats: BoundedVec<(TaskId, ItemId), MaxSeats>,
	/// Seats requested and not yet drawn.
	pub requested: u32,
	/// No new seats before this block.
	pub suspended_until: Option<BlockNumber>,
	/// The track record. It outlives the stake: the entry stays, under the record deposit
	/// ([`record`](crate::record)), once the stake is gone and until the annotator forgets a
	/// clean record.
	pub record: Reputation,
	/// The block that last wrote the ledger. A ledger written in the current block is in the
	/// block's overlay: a stage close that pays or slashes its annotator again in the block is
	/// refunded the ledger's database access ([`Pallet::ledgers_written_in_block`]).
	pub updated: BlockNumber,
}

/// Gold outcomes one vendor's items gave an annotator, by a short tag of the vendor's account.
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
pub struct VendorCredit {
	/// The first eight bytes of blake2-256 of the vendor's account.
	pub vendor: [u8; 8],
	/// Gold outcomes (passes and fails) from this vendor that count toward the vote weight.
	pub outcomes: u16,
}

/// An annotator's track record.
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
pub struct Reputation {
	/// Labels judged.
	pub labels: u32,
	/// Labels that agreed with the accepted label (gold passes included).
	pub agreements: u32,
	/// Labels that disagreed with the accepted label (gold fails included).
	pub disagreements: u32,
	/// Gold items answered correctly.
	pub gold_passes: u32,
	/// Gold passes that count toward the vote weight (see `credits`).
	pub credited_passes: u32,
	/// Gold fails that count toward the vote weight (see `credits`).
	pub credited_fails: u32,
	/// Gold items answered wrongly.
	pub gold_fails: u32,
	/// Seats held without revealing.
	pub no_reveals: u32,
	/// Strikes: gold fails, no-reveals and leaked commitments.
	pub strikes: u32,
	/// Times suspended.
	pub suspensions: u32,
	/// The suspension rule's running score (millionths): up on a failure, down on a gold
	/// pass, never below zero; at `suspension_threshold` the annotator is suspended.
	pub risk: u32,
	/// Gold outcomes counted per vendor: at most `gold_outcomes_per_vendor` from any one
	/// vendor move the vote weight, so a vendor can neither mint weight for its own accounts
	/// nor ruin an annotator's.
	pub credits: BoundedVec<VendorCredit, ConstU32<MAX_CREDITED_VENDORS>>,
}

/// Every parameter governance owns, kept in storage.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Params<Balance, BlockNumber> {
	/// Least bonded stake to request any seat.
	pub min_stake: Balance,
	/// Least collateral per seat a task may ask for.
	pub min_collateral: Balance,
	/// Least collateral per seat, in percent of `reward_per_label + gold_bonus`, when the
	/// reward is paid in the stake asset: a label's penalties must be worth as much as its pay.
	pub collateral_percent: u32,
	/// Most a label is paid, in percent of the reward per label (before the gold bonus).
	pub pay_cap_percent: u32,
	/// The vendor's bond per item with an answer commitment, in percent of `redundancy ×
	/// (reward + bonus)`: paid to the annotators when reviewers overturn a gold answer.
	pub gold_bond_percent: u32,
	/// The review fee escrowed per item, in percent of `redundancy × (reward + bonus)`: paid
	/// to the reviewers of the item's dispute (or refunded), whatever label they choose.
	pub review_fee_percent: u32,
	/// Blocks unbonding stake stays slashable.
	pub unbonding_period: BlockNumber,
	/// Blocks after settlement during which the vendor may appeal an item's accepted label.
	pub appeal_period: BlockNumber,
	/// Least annotators per item a task may ask for.
	pub min_redundancy: u32,
	/// Most seats per item a task may ask for (at most the runtime's `MaxSeats`).
	pub max_seats: u32,
	/// Seats an escalation adds.
	pub escalation_seats: u32,
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
	/// Seats (held or requested) one account may have at once (at most `MaxOpenSeats`).
	pub max_open_seats: u32,
	/// Slashed from a seat's collateral for failing a gold item.
	pub gold_fail_slash: Perbill,
	/// Slashed from a seat's collateral for not revealing.
	pub no_reveal_slash: Perbill,
	/// Slashed from a seat's collateral for a commitment whose preimage was published.
	pub leak_slash: Perbill,
	/// Share of a leak slash paid to the denouncer.
	pub denounce_reward: Perbill,
	/// Pseudo-passes of a newcomer's accuracy estimate (the probation prior).
	pub prior_passes: u32,
	/// Pseudo-fails of a newcomer's accuracy estimate.
	pub prior_fails: u32,
	/// Gold outcomes (passes and fails) from one vendor that count toward an annotator's vote
	/// weight.
	pub gold_outcomes_per_vendor: u32,
	/// Greatest vote weight (millionths).
	pub max_vote_weight: u32,
	/// Suspension score added per gold fail, no-reveal or leak (millionths).
	pub risk_per_failure: u32,
	/// Suspension score removed per gold pass (millionths).
	pub risk_per_pass: u32,
	/// Suspension score at which an annotator is suspended (millionths).
	pub suspension_threshold: u32,
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
	pub min_collateral: Option<Balance>,
	pub collateral_percent: Option<u32>,
	pub pay_cap_percent: Option<u32>,
	pub gold_bond_percent: Option<u32>,
	pub review_fee_percent: Option<u32>,
	pub unbonding_period: Option<BlockNumber>,
	pub appeal_period: Option<BlockNumber>,
	pub min_redundancy: Option<u32>,
	pub max_seats: Option<u32>,
	pub escalation_seats: Option<u32>,
	pub min_commit_window: Option<BlockNumber>,
	pub max_commit_window: Option<BlockNumber>,
	pub min_reveal_window: Option<BlockNumber>,
	pub max_reveal_window: Option<BlockNumber>,
	pub max_rounds: Option<u32>,
	pub max_open_seats: Option<u32>,
	pub gold_fail_slash: Option<Perbill>,
	pub no_reveal_slash: Option<Perbill>,
	pub leak_slash: Option<Perbill>,
	pub denounce_reward: Option<Perbill>,
	pub prior_passes: Option<u32>,
	pub prior_fails: Option<u32>,
	pub gold_outcomes_per_vendor: Option<u32>,
	pub max_vote_weight: Option<u32>,
	pub risk_per_failure: Option<u32>,
	pub risk_per_pass: Option<u32>,
	pub suspension_threshold: Option<u32>,
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
			min_collateral,
			collateral_percent,
			pay_cap_percent,
			gold_bond_percent,
			review_fee_percent,
			unbonding_period,
			appeal_period,
			min_redundancy,
			max_seats,
			escalation_seats,
			min_commit_window,
			max_commit_window,
			min_reveal_window,
			max_reveal_window,
			max_rounds,
			max_open_seats,
			gold_fail_slash,
			no_reveal_slash,
			leak_slash,
			denounce_reward,
			prior_passes,
			prior_fails,
			gold_outcomes_per_vendor,
			max_vote_weight,
			risk_per_failure,
			risk_per_pass,
			suspension_threshold,
			suspension_period,
			task_deposit,
			item_deposit
		);
		p
	}
}

/// Called when an item goes to review; the disputes pallet opens a case from it and later
/// calls `Pallet::do_resolve_dispute` with the decided label (or `do_fail_dispute`).
pub trait OnDispute {
	/// Item `item` of task `task` is disputed after round `round`, for `kind`.
	fn on_dispute(task: TaskId, item: ItemId, round: RoundIndex, kind: DisputeKind);
}

impl OnDispute for () {
	fn on_dispute(_: TaskId, _: ItemId, _: RoundIndex, _: DisputeKind) {}
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
	/// Bonded stake locked by seats and requests.
	pub locked: Balance,
	/// Stake unbonding.
	pub unbonding: Balance,
	/// Seats held and not yet judged, as (task, item).
	pub seats: Vec<(TaskId, ItemId)>,
	/// Seats requested and not yet drawn.
	pub requested: u32,
	/// End of a running suspension.
	pub suspended_until: Option<BlockNumber>,
	/// Track record.
	pub reputation: Reputation,
	/// Vote weight derived from the track record, in millionths.
	pub vote_weight: u32,
}
