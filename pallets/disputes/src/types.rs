//! The records of the disputes pallet: cases, panels and seats, and its parameters.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use pallet_labeling::{DisputeKind, ItemId, Label, TaskId};
use scale_info::TypeInfo;
use sp_core::H256;
use sp_runtime::Perbill;

/// Identifies a dispute case.
pub type CaseId = u32;

/// Why a case exists.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub enum CaseKind<Balance> {
	/// The item's annotators reached no decision: the panel chooses its label.
	NoConsensus,
	/// The annotators' decision contradicts the vendor's gold answer: the panel decides which
	/// is right (the vendor's gold bond pays the annotators if it was the answer).
	GoldContested,
	/// The vendor appealed the item's accepted label `original`, setting `fee` aside for the
	/// panel.
	Appeal {
		/// The label settlement accepted.
		original: Label,
		/// The review fee, in the task's reward asset, reserved in its escrow.
		fee: Balance,
	},
}

impl<Balance> From<DisputeKind> for CaseKind<Balance> {
	fn from(kind: DisputeKind) -> Self {
		match kind {
			DisputeKind::NoConsensus => CaseKind::NoConsensus,
			DisputeKind::GoldContested => CaseKind::GoldContested,
		}
	}
}

/// Where a case's current review round is.
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
pub enum Phase<BlockNumber> {
	/// The panel is drawn at block `at`, from the hash of block `at - 1`.
	Drawing {
		/// The block of the draw.
		at: BlockNumber,
	},
	/// The panel votes: commitments until `commit_end`, reveals until `reveal_end`.
	Voting {
		/// Last block of the commit phase.
		commit_end: BlockNumber,
		/// Last block of the reveal phase; the round is tallied after it.
		reveal_end: BlockNumber,
	},
}

/// A dispute about one item.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Case<Balance, BlockNumber> {
	/// The task of the item.
	pub task: TaskId,
	/// The disputed item.
	pub item: ItemId,
	/// Why the case exists.
	pub kind: CaseKind<Balance>,
	/// The review round, from 0; each round's panel is larger.
	pub round: u32,
	/// Where the round is.
	pub phase: Phase<BlockNumber>,
	/// Block the case opened.
	pub opened: BlockNumber,
}

/// A reviewer's seat on a case's panel.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct Seat<AccountId, Balance> {
	/// The reviewer.
	pub reviewer: AccountId,
	/// Stake locked for the seat, slashable if they do not reveal; also their vote weight (every
	/// seat locks the same, so every reviewer risks what they weigh).
	pub locked: Balance,
	/// Their commitment, once submitted.
	pub commitment: Option<H256>,
	/// Their vote, once revealed.
	pub vote: Option<Label>,
}

/// How a case ended.
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
pub enum Outcome {
	/// A panel's majority chose the label of a no-consensus item.
	Decided,
	/// The panel confirmed the gold answer or the appealed label.
	Upheld,
	/// The panel overturned the gold answer or the appealed label.
	Overturned,
	/// No round reached a majority: a no-consensus or contested item failed and its budget
	/// went back to the vendor; an appealed label stands.
	Undecided,
}

/// Why a member left the reviewer pool without asking.
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
pub enum EvictionReason {
	/// Their bonded stake fell below the reviewer stake.
	StakeTooLow,
	/// Their vote weight or agreement record fell below the reviewer threshold.
	ReputationTooLow,
	/// The pool was full and a newcomer with more bonded stake took their place.
	Displaced,
}

/// Every parameter governance owns.
#[derive(
	Encode, Decode, DecodeWithMemTracking, MaxEncodedLen, TypeInfo, Clone, PartialEq, Eq, Debug,
)]
pub struct DisputeParams<Balance, BlockNumber> {
	/// Bonded stake a reviewer locks per seat, and their vote's weight.
	pub reviewer_stake: Balance,
	/// Least vote weight (reputation, millionths) to be drawn.
	pub min_reviewer_weight: u32,
	/// Least labels agreeing with consensus to be drawn.
	pub min_reviewer_agreements: u32,
	/// Seats of the first panel; each escalation has `2n + 1`.
	pub first_panel: u32,
	/// Review rounds before a case ends undecided.
	pub max_rounds: u32,
	/// Blocks between a round's start and its draw (at least 2: the draw's seed is the hash of
	/// a block produced after the case opened).
	pub panel_delay: BlockNumber,
	/// Blocks reviewers have to commit.
	pub commit_window: BlockNumber,
	/// Blocks reviewers have to reveal, after the commit window.
	pub reveal_window: BlockNumber,
	/// Share of the panel that must reveal for a decision.
	pub quorum: Perbill,
	/// Share of the seat's locked stake slashed from a reviewer who does not reveal.
	pub no_reveal_slash: Perbill,
}

/// A change to some of the [`DisputeParams`]; `None` keeps the current value.
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
pub struct DisputeParamsUpdate<Balance, BlockNumber> {
	pub reviewer_stake: Option<Balance>,
	pub min_reviewer_weight: Option<u32>,
	pub min_reviewer_agreements: Option<u32>,
	pub first_panel: Option<u32>,
	pub max_rounds: Option<u32>,
	pub panel_delay: Option<BlockNumber>,
	pub commit_window: Option<BlockNumber>,
	pub reveal_window: Option<BlockNumber>,
	pub quorum: Option<Perbill>,
	pub no_reveal_slash: Option<Perbill>,
}

impl<B: Clone, BN: Clone> DisputeParams<B, BN> {
	/// These parameters with `update` applied.
	pub fn updated(&self, update: DisputeParamsUpdate<B, BN>) -> Self {
		let mut p = self.clone();
		macro_rules! apply {
			($($f:ident),*) => { $( if let Some(v) = update.$f { p.$f = v; } )* };
		}
		apply!(
			reviewer_stake,
			min_reviewer_weight,
			min_reviewer_agreements,
			first_panel,
			max_rounds,
			panel_delay,
			commit_window,
			reveal_window,
			quorum,
			no_reveal_slash
		);
		p
	}

	/// Seats of the panel of review round `round`: `first_panel`, then `2n + 1` each round.
	pub fn panel_size(&self, round: u32) -> u32 {
		(0..round).fold(self.first_panel, |n, _| n.saturating_mul(2).saturating_add(1))
	}
}

/// The commitment a reviewer submits: `blake2_256("labelchain/review" ‖ case ‖ round ‖
/// reviewer ‖ vote ‖ salt)`, SCALE-encoded. Binding it to case, round and reviewer means a
/// commitment cannot be copied from another seat or replayed in a later round.
pub fn vote_commitment<AccountId: Encode>(
	case: CaseId,
	round: u32,
	reviewer: &AccountId,
	vote: &Label,
	salt: &[u8; 32],
) -> H256 {
	H256(sp_io::hashing::blake2_256(
		&(b"labelchain/review", case, round, reviewer, vote, salt).encode(),
	))
}
