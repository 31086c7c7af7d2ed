//! # Disputes pallet
//!
//! Reviews the labeling items that need people to decide, all opened without anyone posting a
//! bond:
//! - items whose annotators reached no decision even with every seat the item may have
//!   (through the labeling pallet's `OnDispute` hook);
//! - items whose annotators' decision contradicts the vendor's gold answer (the same hook):
//!   if the panel overturns the answer, the vendor's gold bond pays the annotators;
//! - settled items whose accepted label their vendor appeals within the appeal window, for
//!   the dataset's sake (the annotators were paid at settlement and stay paid); the vendor
//!   sets the review fee aside from the task's refundable budget.
//!
//! A case's review round draws a panel of reviewers from the accounts that joined the reviewer
//! pool, keeping those with enough free bonded stake and reputation and excluding the item's
//! vendor and (while they still hold seats) annotators. The draw happens `panel_delay` blocks
//! after the round starts, seeded by the chain's VRF beacon (`pallet-beacon`), which nobody
//! involved could know when the case opened and no block author can grind. Each reviewer locks `reviewer_stake`, which is
//! also the weight of their vote (every reviewer risks exactly what they weigh), commits to a
//! vote by hash and reveals it. The majority of the revealed votes (with a quorum of
//! revealers) decides the label. Whatever label they choose, the reviewers share the item's
//! review fee: the majority when there is one, otherwise everyone who revealed. Reviewers who
//! do not reveal are slashed. A round without a majority escalates to a panel of `2n + 1`, up to
//! `max_rounds`; after that a no-consensus or contested item fails (its budget goes back to the
//! vendor) and an appealed label stands.
//!
//! The logic lives in one file per concept:
//! - [`case`]: opening cases and ending them, with every payment.
//! - [`panel`]: the reviewer pool and the panel draw.
//! - [`vote`]: commitments, reveals and the tally.
//! - [`schedule`]: the per-block queue that advances cases without anyone's transaction.
//! - [`params`]: governance-owned parameters and their validation.
//! - [`invariants`]: what `try_state` checks (locks, schedule).
//!
//! `docs/disputes-design.md` in the repository explains each rule and its limits.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod case;
pub mod invariants;
pub mod panel;
pub mod params;
pub mod schedule;
pub mod types;
pub mod vote;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use types::*;
pub use weights::WeightInfo;

/// Balance of the stake asset (the labeling pallet's balance type).
pub type BalanceOf<T> = pallet_labeling::BalanceOf<T>;
/// Parameters as stored.
pub type ParamsOf<T> = DisputeParams<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// A parameter change.
pub type ParamsUpdateOf<T> =
	DisputeParamsUpdate<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// A case as stored.
pub type CaseOf<T> = Case<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// A seat as stored.
pub type SeatOf<T> = Seat<<T as frame_system::Config>::AccountId, BalanceOf<T>>;
/// A panel as stored.
pub type PanelOf<T> = frame_support::BoundedVec<SeatOf<T>, <T as Config>::MaxPanelSize>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use alloc::vec::Vec;
	use frame_support::{dispatch::PostDispatchInfo, pallet_prelude::*};
	use frame_system::pallet_prelude::*;
	use pallet_labeling::{ItemId, Label, TaskId};
	use sp_core::H256;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config + pallet_labeling::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Who may change the parameters.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Parameters before governance first sets them.
		type InitialDisputeParams: Get<ParamsOf<Self>>;

		/// Most accounts in the reviewer pool (bounds the draw).
		#[pallet::constant]
		type MaxReviewers: Get<u32>;

		/// Most seats of a panel (bounds the last round's panel).
		#[pallet::constant]
		type MaxPanelSize: Get<u32>;

		/// Fewest seats a panel may have: a draw that seats fewer makes no panel.
		#[pallet::constant]
		type MinPanelSize: Get<u32>;

		/// Most cases advanced in one block's `on_initialize` (more wait for a later block
		/// or `advance`).
		#[pallet::constant]
		type MaxCasesPerBlock: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;
	}

	#[pallet::type_value]
	pub fn DefaultParams<T: Config>() -> ParamsOf<T> {
		<T as Config>::InitialDisputeParams::get()
	}

	/// Governance-owned parameters.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, DefaultParams<T>>;

	/// Accounts that volunteered to review; eligibility is checked at each draw.
	#[pallet::storage]
	pub type Reviewers<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxReviewers>, ValueQuery>;

	/// The id the next case gets.
	#[pallet::storage]
	pub type NextCaseId<T> = StorageValue<_, CaseId, ValueQuery>;

	/// Open cases.
	#[pallet::storage]
	pub type Cases<T: Config> = StorageMap<_, Twox64Concat, CaseId, CaseOf<T>>;

	/// The open case of an item.
	#[pallet::storage]
	pub type CaseOfItem<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, TaskId, Twox64Concat, ItemId, CaseId>;

	/// The panel of a case's current round.
	#[pallet::storage]
	pub type Panels<T: Config> = StorageMap<_, Twox64Concat, CaseId, PanelOf<T>, ValueQuery>;

	/// Cases to advance by block (draw or tally), done by `on_initialize`.
	#[pallet::storage]
	pub type Schedule<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		BoundedVec<(CaseId, u32), T::MaxCasesPerBlock>,
		ValueQuery,
	>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An account joined the reviewer pool.
		ReviewerJoined { who: T::AccountId },
		/// An account left the reviewer pool.
		ReviewerLeft { who: T::AccountId },
		/// A member was removed from the reviewer pool, for `reason`.
		ReviewerEvicted { who: T::AccountId, reason: EvictionReason },
		/// A case opened for an item; its first panel is drawn at `draw_at`.
		CaseOpened {
			case: CaseId,
			task: TaskId,
			item: ItemId,
			kind: CaseKind<BalanceOf<T>>,
			draw_at: BlockNumberFor<T>,
		},
		/// A round's panel was drawn; it commits until `commit_end` and reveals until
		/// `reveal_end`.
		PanelDrawn {
			case: CaseId,
			round: u32,
			reviewers: Vec<T::AccountId>,
			commit_end: BlockNumberFor<T>,
			reveal_end: BlockNumberFor<T>,
		},
		/// A reviewer committed to a vote.
		VoteCommitted { case: CaseId, reviewer: T::AccountId },
		/// A reviewer revealed a vote.
		VoteRevealed { case: CaseId, reviewer: T::AccountId, vote: Label },
		/// A reviewer who did not reveal lost `slashed` of their locked stake.
		ReviewerSlashed { case: CaseId, reviewer: T::AccountId, slashed: BalanceOf<T> },
		/// A reviewer was paid `amount` of the case's review fee (in the task's reward asset).
		ReviewerPaid { case: CaseId, reviewer: T::AccountId, amount: BalanceOf<T> },
		/// A round reached no majority (`revealed` of `seats` revealed); the next round's panel
		/// is drawn at `draw_at`.
		CaseEscalated {
			case: CaseId,
			round: u32,
			seats: u32,
			revealed: u32,
			draw_at: BlockNumberFor<T>,
		},
		/// The case ended; `label` is what the item was judged by (`None`: the item failed).
		CaseClosed { case: CaseId, outcome: Outcome, label: Option<Label>, round: u32 },
		/// Governance changed the parameters.
		ParamsUpdated { params: ParamsOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The account is already in the reviewer pool.
		AlreadyReviewer,
		/// The account is not in the reviewer pool.
		NotReviewer,
		/// The reviewer pool is full and the account's bonded stake is not above that of the
		/// member with the least.
		TooManyReviewers,
		/// The member still stands as a reviewer: only those who do not can be evicted.
		StillEligible,
		/// The account's bonded stake is below the reviewer stake.
		InsufficientStake,
		/// The account's reputation is below the reviewer threshold.
		ReputationTooLow,
		/// No open case with this id.
		UnknownCase,
		/// The item already has an open case.
		CaseExists,
		/// The account holds no seat on the case's panel.
		NotOnPanel,
		/// The case is not in its commit phase.
		NotCommitPhase,
		/// The seat already has a commitment.
		AlreadyCommitted,
		/// The case is not in its reveal phase.
		NotRevealPhase,
		/// The seat has no commitment to reveal.
		NotCommitted,
		/// The seat already revealed.
		AlreadyRevealed,
		/// The vote and salt do not match the commitment.
		CommitmentMismatch,
		/// The vote does not fit the task's schema.
		InvalidVote,
		/// Nothing is due for the case yet.
		NothingDue,
		/// The parameters are inconsistent.
		InvalidParams,
		/// Case ids are exhausted.
		Overflow,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			Self::advance_due(now)
		}

		fn integrity_test() {
			assert!(T::MaxReviewers::get() >= 1, "MaxReviewers must be positive");
			assert!(T::MaxPanelSize::get() >= 1, "MaxPanelSize must be positive");
			assert!(
				T::MinPanelSize::get() >= 1 && T::MinPanelSize::get() <= T::MaxPanelSize::get(),
				"MinPanelSize must be between 1 and MaxPanelSize"
			);
			assert!(T::MaxCasesPerBlock::get() >= 1, "MaxCasesPerBlock must be positive");
			assert!(
				Pallet::<T>::params_are_valid(&<T as Config>::InitialDisputeParams::get()).is_ok(),
				"InitialParams must be valid"
			);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Join the reviewer pool (bonded stake of at least the reviewer stake and enough
		/// reputation are required now and at every draw).
		#[pallet::call_index(0)]
		#[pallet::weight(<T as Config>::WeightInfo::join_reviewers())]
		pub fn join_reviewers(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_join_reviewers(&who)
		}

		/// Leave the reviewer pool; seats already drawn stay until their round ends.
		#[pallet::call_index(1)]
		#[pallet::weight(<T as Config>::WeightInfo::leave_reviewers())]
		pub fn leave_reviewers(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_leave_reviewers(&who)
		}

		/// Appeal the accepted label of a settled item of your task within its appeal window;
		/// the item's review fee is set aside from the task's refundable budget for the panel.
		#[pallet::call_index(2)]
		#[pallet::weight(<T as Config>::WeightInfo::appeal())]
		pub fn appeal(origin: OriginFor<T>, task: TaskId, item: ItemId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_appeal(&who, task, item).map(|_| ())
		}

		/// Commit to a vote on a case whose panel you sit on:
		/// `commitment = vote_commitment(case, round, you, vote, salt)`.
		#[pallet::call_index(3)]
		#[pallet::weight(<T as Config>::WeightInfo::commit_vote())]
		pub fn commit_vote(origin: OriginFor<T>, case: CaseId, commitment: H256) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_commit_vote(&who, case, commitment)
		}

		/// Reveal your vote; the last reveal of a panel tallies the round.
		#[pallet::call_index(4)]
		#[pallet::weight(
			<T as Config>::WeightInfo::reveal_vote()
				.saturating_add(<T as Config>::WeightInfo::advance_tally())
		)]
		pub fn reveal_vote(
			origin: OriginFor<T>,
			case: CaseId,
			vote: Label,
			salt: [u8; 32],
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let tallied = Self::do_reveal_vote(&who, case, vote, salt)?;
			Ok(if tallied {
				PostDispatchInfo::default()
			} else {
				Some(<T as Config>::WeightInfo::reveal_vote()).into()
			})
		}

		/// Do what is due for a case (its draw, or its tally after the reveal phase) when the
		/// chain has not done it yet.
		#[pallet::call_index(5)]
		#[pallet::weight(
			<T as Config>::WeightInfo::advance_draw()
				.max(<T as Config>::WeightInfo::advance_tally())
		)]
		pub fn advance(origin: OriginFor<T>, case: CaseId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_advance(case)
		}

		/// Remove a member who no longer stands as a reviewer (stake or reputation below the
		/// threshold) from the pool; anyone may.
		#[pallet::call_index(7)]
		#[pallet::weight(<T as Config>::WeightInfo::evict_reviewer())]
		pub fn evict_reviewer(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			ensure_signed(origin)?;
			Self::do_evict_reviewer(&who)
		}

		/// Change parameters (governance).
		#[pallet::call_index(6)]
		#[pallet::weight(<T as Config>::WeightInfo::update_params())]
		pub fn update_params(origin: OriginFor<T>, update: ParamsUpdateOf<T>) -> DispatchResult {
			<T as Config>::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_update_params(update)
		}
	}
}
