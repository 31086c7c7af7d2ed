//! # Labeling pallet
//!
//! LabelChain's labeling market. Vendors post tasks and escrow their worst-case budget;
//! annotators bond stake and request seats in a task, and a draw they cannot steer seats them
//! on items; they commit to a label by hash and reveal it; the chain decides each item by
//! log-odds-weighted votes (escalating to more annotators while the votes are not confident),
//! pays every label by its chance-corrected agreement with the accepted label, slashes
//! failures, and keeps the result for export.
//!
//! The logic lives in one file per concept, each reachable from tests:
//! - [`task`]: creating, funding, cancelling, closing and purging tasks; gold answers.
//! - [`staking`]: bonding, unbonding, withdrawing and slashing stake.
//! - [`seating`]: seat requests, each task's open set of items, and the draw.
//! - [`annotation`]: commitments, reveals and denunciations of leaked commitments.
//! - [`extension`]: `CheckReveal`, which keeps a reveal that would fail out of blocks.
//! - [`settlement`]: stages, escalation, verdicts, payouts, penalties and disputes.
//! - [`appeal`]: the interface the disputes pallet reviews items through, and the vendor's
//!   appeals of accepted labels.
//! - [`consensus`], [`payout`] and [`reputation`]: the pure rules settlement applies.
//! - [`params`]: governance-owned parameters and their validation.
//! - [`invariants`]: the conservation checks `try_state` runs.
//!
//! `docs/labeling-design.md` in the repository explains each rule and why.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod annotation;
pub mod appeal;
pub mod clock;
pub mod consensus;
pub mod expiry;
pub mod extension;
pub mod invariants;
pub mod params;
pub mod payout;
pub mod record;
pub mod reputation;
pub mod runtime_api;
pub mod seating;
pub mod settlement;
pub mod staking;
pub mod task;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use extension::CheckReveal;
pub use types::*;
pub use weights::WeightInfo;

use frame_support::traits::{fungible, fungibles};

/// Balance of the reward and stake assets (the native token uses the same type).
pub type BalanceOf<T> = <T as Config>::Balance;
/// Parameters as stored.
pub type ParamsOf<T> = Params<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// A parameter change.
pub type ParamsUpdateOf<T> =
	ParamsUpdate<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// A task spec as submitted.
pub type TaskSpecOf<T> =
	TaskSpec<<T as Config>::AssetId, BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// A task as stored.
pub type TaskOf<T> = Task<
	<T as frame_system::Config>::AccountId,
	<T as Config>::AssetId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;
/// An item as stored.
pub type ItemOf<T> = Item<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// A slot as stored.
pub type SlotOf<T> = Slot<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;
/// The slots of an item's running round.
pub type SlotsOf<T> = frame_support::BoundedVec<SlotOf<T>, <T as Config>::MaxSeats>;
/// A seat request as queued.
pub type SeatRequestOf<T> = SeatRequest<
	<T as frame_system::Config>::AccountId,
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
>;
/// A settled item's result.
pub type ItemResultOf<T> =
	ItemResult<BalanceOf<T>, frame_system::pallet_prelude::BlockNumberFor<T>>;
/// An annotator's stake ledger.
pub type StakeLedgerOf<T> = StakeLedger<
	BalanceOf<T>,
	frame_system::pallet_prelude::BlockNumberFor<T>,
	<T as Config>::MaxUnbondingChunks,
	<T as Config>::MaxOpenSeats,
>;

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::{
		dispatch::PostDispatchInfo, pallet_prelude::*, traits::tokens::Balance as BalanceTrait,
		PalletId,
	};
	use frame_system::pallet_prelude::*;
	use sp_core::H256;
	use sp_runtime::Perbill;

	/// The in-code storage version.
	const STORAGE_VERSION: StorageVersion = StorageVersion::new(0);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;

		/// Balance of assets and of the native token.
		type Balance: BalanceTrait + DecodeWithMemTracking + MaxEncodedLen + TypeInfo;

		/// Identifies a pallet-assets asset.
		type AssetId: Member + Parameter + Copy + MaxEncodedLen;

		/// The assets rewards and stakes are paid in.
		type Assets: fungibles::Mutate<
			Self::AccountId,
			AssetId = Self::AssetId,
			Balance = Self::Balance,
		>;

		/// The native token, for storage deposits held from vendors.
		type Currency: fungible::MutateHold<
				Self::AccountId,
				Reason = Self::RuntimeHoldReason,
				Balance = Self::Balance,
			> + fungible::Mutate<Self::AccountId>;

		/// The overarching hold reason.
		type RuntimeHoldReason: From<HoldReason>;

		/// The asset annotators stake (LBL).
		#[pallet::constant]
		type StakeAsset: Get<Self::AssetId>;

		/// Derives the escrow and stake pool accounts.
		#[pallet::constant]
		type PalletId: Get<PalletId>;

		/// Who may change parameters and spend slashed funds.
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Told about items that reached no consensus.
		type OnDispute: OnDispute;

		/// The assets a task may pay rewards in. An asset's owner, issuer, admin or freezer can
		/// burn, move or freeze the escrow's balance of it (attack: anyone creates an asset,
		/// a vendor escrows it, its admin takes or freezes the escrow), so the runtime admits
		/// only assets whose roles no single account holds.
		type RewardAssets: frame_support::traits::Contains<Self::AssetId>;

		/// Parameters before governance first sets them.
		type InitialParams: Get<ParamsOf<Self>>;

		/// Most seats per item, escalations included: bounds the slots kept per item.
		#[pallet::constant]
		type MaxSeats: Get<u32>;

		/// Most items of a task open for seats at once: the draw picks among them.
		#[pallet::constant]
		type MaxOpenItems: Get<u32>;

		/// Most seats one annotator may hold or have requested at once.
		#[pallet::constant]
		type MaxOpenSeats: Get<u32>;

		/// Most seats one request may ask for.
		#[pallet::constant]
		type MaxSeatsPerRequest: Get<u32>;

		/// Most weight the draw may use in this block's `on_initialize`: requests are seated
		/// while the next one's worst case still fits (later requests wait for the next block),
		/// and the block is charged for the work the draws did. It may depend on the block (the
		/// runtime's leaves room for the dispute steps due in it) and read one storage item,
		/// which the draw charges.
		type MaxSeatingWeight: Get<Weight>;

		/// Randomness no block author can choose (the runtime's VRF beacon, `pallet-beacon`):
		/// seeds the seat draw here and the panel draw in `pallet-disputes`.
		type Beacon: Get<[u8; 32]>;

		/// Most items added in one call.
		#[pallet::constant]
		type MaxItemsPerBatch: Get<u32>;

		/// Most unbonding chunks per annotator.
		#[pallet::constant]
		type MaxUnbondingChunks: Get<u32>;

		/// Native funds held from an annotator, from the first bond on, for as long as their
		/// track record is stored: the record outlives the stake (a withdrawn annotator's
		/// strikes must not vanish), so its storage is paid for by this deposit.
		#[pallet::constant]
		type RecordDeposit: Get<BalanceOf<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Creates assets for benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper<Self>;
	}

	/// Creates what benchmarks need that this pallet cannot create itself.
	#[cfg(feature = "runtime-benchmarks")]
	pub trait BenchmarkHelper<T: Config> {
		/// Creates asset `id` (if needed) and mints `amount` of it to `who`.
		fn mint(id: T::AssetId, who: &T::AccountId, amount: BalanceOf<T>);
		/// The id of a reward asset distinct from the stake asset.
		fn reward_asset() -> T::AssetId;
	}

	/// Why this pallet holds native funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Storage deposit of a task and its items.
		#[codec(index = 0)]
		TaskDeposit,
		/// Storage deposit of an annotator's track record.
		#[codec(index = 1)]
		RecordDeposit,
	}

	/// Bounds of call arguments that their types fix (not the runtime's configuration), in the
	/// metadata so that clients check them before they submit: an argument past its bound does
	/// not even decode, and the node refuses it with a trap instead of a named error.
	#[pallet::extra_constants]
	impl<T: Config> Pallet<T> {
		/// Longest URI (of instructions or of an item's content), in bytes.
		#[pallet::constant_name(MaxUriLen)]
		fn max_uri_len() -> u32 {
			MAX_URI_LEN
		}

		/// Most boxes in one bounding-box label (a task's `max_boxes` is at most this).
		#[pallet::constant_name(MaxBoxes)]
		fn max_boxes() -> u32 {
			MAX_BOXES
		}

		/// Most classes of a multi-label schema.
		#[pallet::constant_name(MaxMultiLabelClasses)]
		fn max_multi_label_classes() -> u32 {
			MAX_MULTI_LABEL_CLASSES
		}
	}

	#[pallet::type_value]
	pub fn DefaultParams<T: Config>() -> ParamsOf<T> {
		T::InitialParams::get()
	}

	/// Governance-owned parameters.
	#[pallet::storage]
	pub type Parameters<T: Config> = StorageValue<_, ParamsOf<T>, ValueQuery, DefaultParams<T>>;

	/// The id the next task gets.
	#[pallet::storage]
	pub type NextTaskId<T> = StorageValue<_, TaskId, ValueQuery>;

	/// Tasks by id.
	#[pallet::storage]
	pub type Tasks<T: Config> = StorageMap<_, Blake2_128Concat, TaskId, TaskOf<T>>;

	/// Items by task and item id.
	#[pallet::storage]
	pub type Items<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, TaskId, Twox64Concat, ItemId, ItemOf<T>>;

	/// Slots of an item's running (or disputed) round; removed at settlement.
	#[pallet::storage]
	pub type Slots<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, TaskId, Twox64Concat, ItemId, SlotsOf<T>, ValueQuery>;

	/// Ledgers of annotators: stake and track record.
	#[pallet::storage]
	pub type Stakes<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, StakeLedgerOf<T>>;

	/// Payouts that could not be delivered at settlement, by task and annotator.
	#[pallet::storage]
	pub type Unclaimed<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		TaskId,
		Blake2_128Concat,
		T::AccountId,
		BalanceOf<T>,
		ValueQuery,
	>;

	/// Slashed stake, held by the stake pool account until governance spends it.
	#[pallet::storage]
	pub type SlashedPot<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	/// Items that may be settled once the window clock passes a deadline: one entry per opened
	/// stage (its reveal deadline) and per answer window, swept by `on_idle`
	/// ([`expiry`](crate::expiry)).
	#[pallet::storage]
	pub type Expiring<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		BlockNumberFor<T>,
		Twox64Concat,
		(TaskId, ItemId),
		(),
		OptionQuery,
	>;

	/// The oldest deadline in [`Expiring`] not yet swept.
	#[pallet::storage]
	pub type ExpiryCursor<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Blocks so far whose normal class ended congested: the window clock ([`clock`](crate::clock)) is the
	/// block number minus this count.
	#[pallet::storage]
	pub type CongestedBlocks<T: Config> = StorageValue<_, BlockNumberFor<T>, ValueQuery>;

	/// Each task's open set: the items the draw seats annotators on (pending items, and
	/// items whose current stage still has free seats).
	#[pallet::storage]
	pub type OpenItems<T: Config> =
		StorageMap<_, Blake2_128Concat, TaskId, BoundedVec<ItemId, T::MaxOpenItems>, ValueQuery>;

	/// Each task's backlog: items that need seats again (escalated or voided) while its open
	/// set is full, first in, first out, by position from the task's `backlog_head`.
	#[pallet::storage]
	pub type Backlog<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, TaskId, Twox64Concat, u32, ItemId>;

	/// Each task's most recently revealed labels with their items, to estimate how often a
	/// label agrees with a vote on another item (the penalty term of correlated agreement).
	#[pallet::storage]
	pub type ChanceSamples<T: Config> = StorageMap<
		_,
		Blake2_128Concat,
		TaskId,
		BoundedVec<(ItemId, Label), ConstU32<CHANCE_SAMPLES>>,
		ValueQuery,
	>;

	/// Seat requests waiting for the draw, by queue position.
	#[pallet::storage]
	pub type SeatQueue<T: Config> = StorageMap<_, Twox64Concat, u32, SeatRequestOf<T>>;

	/// The seat queue's first and one-past-last positions.
	#[pallet::storage]
	pub type SeatQueueBounds<T> = StorageValue<_, (u32, u32), ValueQuery>;

	/// Bonded stake each account has locked as a reviewer of open disputes.
	#[pallet::storage]
	pub type ReviewLocks<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BalanceOf<T>, ValueQuery>;

	/// The stake asset's minimum balance that keeps the stake pool account alive (paid once,
	/// by the first staker).
	#[pallet::storage]
	pub type PoolSeed<T: Config> = StorageValue<_, BalanceOf<T>, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A vendor created a task and escrowed `escrowed` of `reward_asset`.
		TaskCreated {
			task: TaskId,
			vendor: T::AccountId,
			reward_asset: T::AssetId,
			escrowed: BalanceOf<T>,
		},
		/// Items `first..first + count` were added; `escrowed` more is in escrow.
		ItemsAdded { task: TaskId, first: ItemId, count: u32, escrowed: BalanceOf<T> },
		/// The vendor raised the rewards and escrowed `escrowed` more.
		TaskToppedUp {
			task: TaskId,
			reward_per_label: BalanceOf<T>,
			gold_bonus: BalanceOf<T>,
			escrowed: BalanceOf<T>,
		},
		/// The task takes no new seats; `refunded` (the pending items' budget) went back.
		TaskCancelled { task: TaskId, refunded: BalanceOf<T> },
		/// The task is closed; `refunded` went back to the vendor.
		TaskClosed { task: TaskId, refunded: BalanceOf<T> },
		/// `items` item records were purged; the task record too when `task_removed`.
		TaskPurged { task: TaskId, items: u32, deposit_released: BalanceOf<T>, task_removed: bool },
		/// The vendor revealed an item's answer commitment; `gold` tells if it is a gold item.
		GoldRevealed { task: TaskId, item: ItemId, gold: bool },
		/// Stake bonded.
		Bonded { who: T::AccountId, amount: BalanceOf<T> },
		/// The deposit for an annotator's track record was held (at their first bond).
		RecordDepositHeld { who: T::AccountId, deposit: BalanceOf<T> },
		/// An annotator with no stake left and nothing against them dropped their track
		/// record; its deposit was released.
		RecordForgotten { who: T::AccountId, deposit: BalanceOf<T> },
		/// Stake started unbonding; it can be withdrawn from `unlock_at`.
		Unbonding { who: T::AccountId, amount: BalanceOf<T>, unlock_at: BlockNumberFor<T> },
		/// Unbonded stake withdrawn.
		Withdrawn { who: T::AccountId, amount: BalanceOf<T> },
		/// An annotator asked for `count` seats, locking `collateral` per seat; the draw at the
		/// start of a later block seats them.
		SeatsRequested {
			task: TaskId,
			annotator: T::AccountId,
			count: u32,
			collateral: BalanceOf<T>,
		},
		/// The draw seated an annotator on an item.
		Seated { task: TaskId, item: ItemId, round: RoundIndex, stage: u8, annotator: T::AccountId },
		/// The draw found no item for `count` requested seats; their collateral is unlocked.
		SeatsUnfilled { task: TaskId, annotator: T::AccountId, count: u32 },
		/// A stage of an item's round started with its first seat; its windows end at
		/// `commit_end` and `reveal_end` on the window clock ([`clock`](crate::clock)).
		StageOpened {
			task: TaskId,
			item: ItemId,
			round: RoundIndex,
			stage: u8,
			commit_end: BlockNumberFor<T>,
			reveal_end: BlockNumberFor<T>,
		},
		/// An annotator committed to a label.
		Committed { task: TaskId, item: ItemId, annotator: T::AccountId, commitment: H256 },
		/// An annotator revealed a label.
		Revealed { task: TaskId, item: ItemId, annotator: T::AccountId, label: Label },
		/// A leaked commitment was denounced: the annotator lost `slashed`, the denouncer got
		/// `reward` of it.
		Denounced {
			task: TaskId,
			item: ItemId,
			annotator: T::AccountId,
			denouncer: T::AccountId,
			slashed: BalanceOf<T>,
			reward: BalanceOf<T>,
		},
		/// The votes were not confident enough: stage `stage` seats more annotators, up to
		/// `seats` in all.
		Escalated { task: TaskId, item: ItemId, round: RoundIndex, stage: u8, seats: u32 },
		/// The votes are in (`decision`, or none); the vendor may reveal the item's answer
		/// commitment until `until` (on the window clock).
		AwaitingGold {
			task: TaskId,
			item: ItemId,
			decision: Option<Label>,
			until: BlockNumberFor<T>,
		},
		/// Settlement's verdict on one annotator of an item, with its chance-corrected score
		/// (millionths).
		Judged {
			task: TaskId,
			item: ItemId,
			annotator: T::AccountId,
			verdict: Verdict,
			score: i64,
			paid: BalanceOf<T>,
			slashed: BalanceOf<T>,
		},
		/// An item settled with an accepted label; `paid` went to annotators, `refundable` of its
		/// budget goes back to the vendor.
		ItemSettled {
			task: TaskId,
			item: ItemId,
			label: Label,
			agreement: Perbill,
			paid: BalanceOf<T>,
			refundable: BalanceOf<T>,
		},
		/// Too few annotators revealed: the round is void and `next_round` opens (or the item
		/// fails when `None`).
		RoundVoided {
			task: TaskId,
			item: ItemId,
			round: RoundIndex,
			next_round: Option<RoundIndex>,
		},
		/// The item gave up; its budget is refundable.
		ItemFailed { task: TaskId, item: ItemId },
		/// The item went to review: payouts are frozen until it decides.
		ItemDisputed { task: TaskId, item: ItemId, round: RoundIndex, kind: DisputeKind },
		/// Reviewers overturned the vendor's gold answer: the vendor's gold bond, `bond`, went to
		/// the annotators who gave the reviewers' label.
		GoldOverturned { task: TaskId, item: ItemId, bond: BalanceOf<T> },
		/// The vendor appealed an item's accepted label, setting `fee` aside for its reviewers.
		LabelAppealed { task: TaskId, item: ItemId, fee: BalanceOf<T> },
		/// A review of the vendor's appeal changed an item's accepted label.
		LabelChanged { task: TaskId, item: ItemId, label: Label },
		/// A reviewer of the item's dispute was paid from the task's escrow.
		ReviewFeePaid { task: TaskId, reviewer: T::AccountId, amount: BalanceOf<T> },
		/// A reviewer's reward was added to their bonded stake.
		StakeRewarded { who: T::AccountId, amount: BalanceOf<T> },
		/// Stake slashed into the slashed pot.
		Slashed { who: T::AccountId, amount: BalanceOf<T> },
		/// An annotator's failures reached the suspension threshold: no seats until `until`.
		Suspended { who: T::AccountId, until: BlockNumberFor<T> },
		/// A payout could not be delivered and waits for `claim_payout`.
		PayoutDeferred { task: TaskId, annotator: T::AccountId, amount: BalanceOf<T> },
		/// A deferred payout was delivered.
		PayoutClaimed { task: TaskId, annotator: T::AccountId, amount: BalanceOf<T> },
		/// Governance changed the parameters.
		ParamsUpdated { params: ParamsOf<T> },
		/// Governance spent slashed funds.
		SlashedFundsSpent { to: T::AccountId, amount: BalanceOf<T> },
		/// This block was congested: the window clock stayed at `clock`, so every running
		/// commit, reveal and answer window lasts one block longer.
		WindowClockStopped { clock: BlockNumberFor<T> },
		/// The chain settled `count` items whose windows had run out, every deadline before
		/// `up_to` swept (each item's own events say how).
		ExpiredSettled { count: u32, up_to: BlockNumberFor<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No task with this id.
		UnknownTask,
		/// No item with this id in the task.
		UnknownItem,
		/// Only the task's vendor may do this.
		NotVendor,
		/// The task is not open (cancelled or closed).
		TaskNotOpen,
		/// The task is already closed.
		TaskClosed,
		/// The task still has items in progress or disputed.
		ItemsInProgress,
		/// The task is not closed yet.
		TaskNotClosed,
		/// Deferred payouts of this task are still unclaimed.
		PayoutsUnclaimed,
		/// The label schema is malformed.
		InvalidSchema,
		/// The confidence is below one half or not below one.
		InvalidConfidence,
		/// Redundancy is outside the governance bounds.
		RedundancyOutOfBounds,
		/// The most seats per item are below the redundancy or above the governance bound.
		MaxSeatsOutOfBounds,
		/// The commit window is outside the governance bounds.
		CommitWindowOutOfBounds,
		/// The reveal window is outside the governance bounds.
		RevealWindowOutOfBounds,
		/// The reward per label is zero or below the reward asset's minimum balance.
		RewardTooLow,
		/// The collateral per seat is below the chain's minimum (or, for rewards in the stake
		/// asset, below `collateral_percent` of reward plus bonus).
		CollateralTooLow,
		/// The task's minimum stake is below the chain's.
		MinStakeTooLow,
		/// The reward asset does not exist.
		UnknownAsset,
		/// A single account controls the reward asset (its owner, issuer, admin or freezer
		/// could take or freeze the escrow); `LabelingApi::reward_asset_allowed` tells which
		/// assets a task may pay in.
		RewardAssetNotAllowed,
		/// No items given, or more than a batch allows.
		BadItemBatch,
		/// An item of a task `with_gold` lacks an answer commitment, or an item of a task
		/// without gold has one.
		AnswerCommitmentMismatch,
		/// Too many items for one task.
		TooManyItems,
		/// A budget or amount overflows.
		Overflow,
		/// Nothing to top up.
		NothingToTopUp,
		/// The item has no answer commitment to reveal.
		NoAnswerCommitment,
		/// The answer and salt do not match the item's answer commitment.
		AnswerMismatch,
		/// The item's labels are not all in: revealing its answer now would show it to the
		/// annotators still labeling it.
		AnswerNotDue,
		/// The label does not fit the task's schema.
		InvalidLabel,
		/// Amount is zero.
		ZeroAmount,
		/// Not enough stake: below the minimum, or not enough free stake for the collateral.
		InsufficientStake,
		/// The account has no stake.
		NotStaked,
		/// Too many unbonding chunks; withdraw first.
		TooManyUnbondingChunks,
		/// No unbonded stake is withdrawable yet.
		NothingToWithdraw,
		/// The account's reputation is below the task's minimum.
		ReputationTooLow,
		/// The account is suspended.
		Suspended,
		/// The deposit for the track record cannot be held: not enough free native funds.
		CannotHoldRecordDeposit,
		/// The account still has a stake ledger (stake, seats or a suspension).
		StillStaked,
		/// The track record has something against the annotator (strikes, failures,
		/// disagreements, a suspension score): it is kept for good.
		RecordNotClean,
		/// No deposit is held for a track record of this account.
		NoRecordDeposit,
		/// Asking for no seats, or for more than one request may.
		BadSeatCount,
		/// The account would hold or wait for more seats than allowed.
		TooManyOpenSeats,
		/// The task has no item that needs seats.
		NothingToLabel,
		/// The seat queue is full; try again in a later block.
		SeatQueueFull,
		/// A vendor cannot take seats of their own task.
		VendorCannotAnnotate,
		/// The account holds no seat of this item's running stage.
		NoSlot,
		/// The commit phase of the item is over.
		NotCommitPhase,
		/// The slot already has a commitment.
		AlreadyCommitted,
		/// The reveal phase of the item has not started or is over.
		NotRevealPhase,
		/// The slot has no commitment to reveal.
		NotCommitted,
		/// The slot is already revealed.
		AlreadyRevealed,
		/// The label and salt do not match the commitment.
		CommitmentMismatch,
		/// An annotator cannot denounce their own commitment.
		CannotDenounceSelf,
		/// The item cannot be settled yet.
		CannotSettleYet,
		/// The item is not disputed.
		NotDisputed,
		/// Nothing to claim.
		NothingToClaim,
		/// The parameters are inconsistent.
		InvalidParams,
		/// The slashed pot holds less than asked.
		InsufficientSlashedFunds,
		/// Purge limit is zero or above a batch.
		BadPurgeLimit,
		/// The item is not settled.
		NotSettled,
		/// The item's appeal window is over.
		AppealWindowClosed,
		/// Review fees above what the task has left to refund.
		FeeAboveRefundable,
		/// A review of one of the task's labels (a vendor's appeal) is under way: the task
		/// closes once its panel has decided and been paid.
		ReviewUnderWay,
		/// A batched call with no entries.
		EmptyBatch,
		/// A batched call names the same item twice.
		DuplicateInBatch,
		/// An entry of `reveal_many` is about an item with more seats, or a task with larger
		/// labels, than the batch's `CloseBound` declared.
		CloseAboveBound,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxSeats::get() >= 3, "MaxSeats must allow three annotators");
			assert!(T::MaxSeats::get() <= 32, "MaxSeats bounds settlement work");
			assert!(T::MaxSeats::get() <= u8::MAX as u32, "stages are counted in a u8");
			assert!(T::MaxOpenItems::get() >= 1, "MaxOpenItems must be positive");
			assert!(T::MaxOpenSeats::get() >= 1, "MaxOpenSeats must be positive");
			assert!(T::MaxSeatsPerRequest::get() >= 1, "MaxSeatsPerRequest must be positive");
			assert!(
				Pallet::<T>::seating_worst(T::MaxSeatsPerRequest::get())
					.all_lte(T::MaxSeatingWeight::get()),
				"a block must be able to seat the largest request"
			);
			assert!(T::MaxItemsPerBatch::get() >= 1, "MaxItemsPerBatch must be positive");
			assert!(T::MaxUnbondingChunks::get() >= 1, "MaxUnbondingChunks must be positive");
			assert!(
				Pallet::<T>::params_are_valid(&T::InitialParams::get()).is_ok(),
				"InitialParams must be valid"
			);
			assert!(
				Pallet::<T>::congestion_threshold_is_sound(),
				"a reveal must fit in the room a block has below the congestion threshold"
			);
		}

		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			// `on_finalize`'s work is declared here, as FRAME asks.
			Self::seat_due(now).saturating_add(T::WeightInfo::note_congestion())
		}

		/// Settles expired items with the weight the block has left ([`expiry`](crate::expiry)).
		fn on_idle(_now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::settle_expired(remaining)
		}

		fn on_finalize(_now: BlockNumberFor<T>) {
			Self::note_congestion()
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Create a task with an initial batch of items, escrowing their worst-case budget
		/// plus the reward asset's minimum balance, and holding the storage deposit.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::create_task(items.len() as u32))]
		pub fn create_task(
			origin: OriginFor<T>,
			spec: TaskSpecOf<T>,
			items: BoundedVec<NewItem, T::MaxItemsPerBatch>,
		) -> DispatchResult {
			let vendor = ensure_signed(origin)?;
			Self::do_create_task(vendor, spec, items.into_inner()).map(|_| ())
		}

		/// Add a batch of items to an open task, escrowing their budget.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::add_items(items.len() as u32))]
		pub fn add_items(
			origin: OriginFor<T>,
			task: TaskId,
			items: BoundedVec<NewItem, T::MaxItemsPerBatch>,
		) -> DispatchResult {
			let vendor = ensure_signed(origin)?;
			ensure!(!items.is_empty(), Error::<T>::BadItemBatch);
			Self::do_add_items(&vendor, task, items.into_inner())
		}

		/// Raise the reward per label and the gold bonus of every unsettled item by the given
		/// amounts, escrowing the difference.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::top_up())]
		pub fn top_up(
			origin: OriginFor<T>,
			task: TaskId,
			extra_reward_per_label: BalanceOf<T>,
			extra_gold_bonus: BalanceOf<T>,
		) -> DispatchResult {
			let vendor = ensure_signed(origin)?;
			Self::do_top_up(&vendor, task, extra_reward_per_label, extra_gold_bonus)
		}

		/// Stop new seats; items in progress finish normally; the pending items' budget goes
		/// back to the vendor now.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::cancel_task())]
		pub fn cancel_task(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			let vendor = ensure_signed(origin)?;
			Self::do_cancel_task(&vendor, task)
		}

		/// Close a task with nothing in progress and refund every unspent unit.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::close_task())]
		pub fn close_task(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			let vendor = ensure_signed(origin)?;
			Self::do_close_task(&vendor, task)
		}

		/// Remove up to `limit` item records of a closed task (after export), releasing their
		/// storage deposit; the task record goes with the last ones.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::purge_task(*limit))]
		pub fn purge_task(origin: OriginFor<T>, task: TaskId, limit: u32) -> DispatchResult {
			let vendor = ensure_signed(origin)?;
			ensure!(limit >= 1 && limit <= T::MaxItemsPerBatch::get(), Error::<T>::BadPurgeLimit);
			Self::do_purge_task(&vendor, task, limit)
		}

		/// Reveal an item's answer commitment once its labels are in: `Some(label)` for a gold
		/// item, `None` for a decoy. Settles the item (or sends it to review when its
		/// annotators' decision contradicts the answer).
		#[pallet::call_index(6)]
		#[pallet::weight(
			T::WeightInfo::reveal_gold()
				.saturating_add(Pallet::<T>::judging_weight(T::MaxSeats::get(), types::MAX_BOXES))
		)]
		pub fn reveal_gold(
			origin: OriginFor<T>,
			task: TaskId,
			item: ItemId,
			answer: Option<Label>,
			salt: [u8; 32],
		) -> DispatchResultWithPostInfo {
			let vendor = ensure_signed(origin)?;
			let judged = Self::do_reveal_gold(&vendor, task, item, answer, salt)?;
			Ok(Self::refund_unless(judged, T::WeightInfo::reveal_gold()))
		}

		/// Bond `amount` of the stake asset.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::bond())]
		pub fn bond(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_bond(&who, amount)
		}

		/// Start unbonding `amount` of free (not locked) bonded stake.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::unbond())]
		pub fn unbond(
			origin: OriginFor<T>,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_unbond(&who, amount)
		}

		/// Withdraw every unbonding chunk whose period is over.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::withdraw_unbonded())]
		pub fn withdraw_unbonded(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_withdraw_unbonded(&who)
		}

		/// Ask for `count` seats in a task, locking the task's collateral per seat. At the
		/// start of the next block a draw seeded by this block's hash seats you on items of
		/// the task's open set (never twice on one item); seats it cannot fill are unlocked.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::request_seats())]
		pub fn request_seats(origin: OriginFor<T>, task: TaskId, count: u32) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(count >= 1 && count <= T::MaxSeatsPerRequest::get(), Error::<T>::BadSeatCount);
			Self::do_request_seats(&who, task, count)
		}

		/// Commit to a label for your seat of an item: `commitment = Pallet::commitment_of(task,
		/// item, round, you, label, salt)`. Refunded the seats' database access when the item's
		/// seats were written earlier in the block.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::commit())]
		pub fn commit(
			origin: OriginFor<T>,
			task: TaskId,
			item: ItemId,
			commitment: H256,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let mut weight = T::WeightInfo::commit();
			if Self::do_commit(&who, task, item, commitment)? {
				weight = weight.saturating_sub(Self::seats_written_earlier_weight());
			}
			Ok(Some(weight).into())
		}

		/// Reveal your label and salt. The last reveal of a stage decides the item (it may
		/// settle it).
		#[pallet::call_index(12)]
		#[pallet::weight(
			T::WeightInfo::reveal()
				.saturating_add(Pallet::<T>::stage_close_weight(T::MaxSeats::get(), types::MAX_BOXES))
		)]
		pub fn reveal(
			origin: OriginFor<T>,
			task: TaskId,
			item: ItemId,
			label: Label,
			salt: [u8; 32],
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			// Charged for the stage it closed, by its seats; nothing more when it closed none.
			let done = Self::do_reveal(&who, task, item, label, salt)?;
			let mut weight = T::WeightInfo::reveal().saturating_add(done.closing.unwrap_or_default());
			if done.written_earlier {
				weight = weight.saturating_sub(Self::seats_written_earlier_weight());
			}
			Ok(Some(weight).into())
		}

		/// Commit to labels for many of your seats (of any tasks) with one signature: each entry
		/// as `commit` takes it. All or nothing: if one entry fails, none is recorded and the
		/// error is that entry's. Refunded, per entry, as `commit`.
		#[pallet::call_index(19)]
		#[pallet::weight(T::WeightInfo::commit_many(commitments.len() as u32))]
		pub fn commit_many(
			origin: OriginFor<T>,
			commitments: BoundedVec<SealedLabel, T::MaxItemsPerBatch>,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let written_earlier = Self::do_commit_many(&who, &commitments)?;
			let refund = Self::seats_written_earlier_weight().saturating_mul(written_earlier as u64);
			Ok(Some(
				T::WeightInfo::commit_many(commitments.len() as u32).saturating_sub(refund),
			)
			.into())
		}

		/// Reveal many of your labels with one signature: each entry as `reveal` takes it. All
		/// or nothing; the transaction pool refuses a batch in which any entry would fail
		/// (`CheckReveal`), so a failed batch never publishes its salts. `bound` states the
		/// most seats of the entries' items and boxes of their tasks' labels (`CloseBound`;
		/// an entry beyond it fails with `CloseAboveBound`): the batch is admitted to a block
		/// by the weight of every entry closing a stage of that size, charged by the size of
		/// its labels and for the stages the reveals closed, the rest refunded (and, per
		/// entry, the seats' database access when its item's seats were written earlier in the
		/// block, as `commit`).
		#[pallet::call_index(20)]
		#[pallet::weight(Pallet::<T>::reveal_many_weight_bound(reveals.len() as u32, bound))]
		pub fn reveal_many(
			origin: OriginFor<T>,
			reveals: BoundedVec<OpenedLabel, T::MaxItemsPerBatch>,
			bound: CloseBound,
		) -> DispatchResultWithPostInfo {
			let who = ensure_signed(origin)?;
			let n = reveals.len() as u32;
			let done = Self::do_reveal_many(&who, reveals, &bound)?;
			Ok(Some(
				T::WeightInfo::reveal_many(n, done.size)
					.saturating_add(done.closing)
					.saturating_sub(done.refund),
			)
			.into())
		}

		/// Publish the preimage of another annotator's commitment before reveals open: the
		/// leaker is slashed and you get a share.
		#[pallet::call_index(13)]
		#[pallet::weight(T::WeightInfo::denounce())]
		pub fn denounce(
			origin: OriginFor<T>,
			task: TaskId,
			item: ItemId,
			annotator: T::AccountId,
			label: Label,
			salt: [u8; 32],
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_denounce(&who, task, item, &annotator, label, salt)
		}

		/// Move an item on whose window has passed: close its stage after the reveal window,
		/// settle it without gold after the vendor's window, or decide an escalated item of a
		/// task that takes no more seats.
		#[pallet::call_index(14)]
		#[pallet::weight(Pallet::<T>::settle_weight_bound())]
		pub fn settle(
			origin: OriginFor<T>,
			task: TaskId,
			item: ItemId,
		) -> DispatchResultWithPostInfo {
			ensure_signed(origin)?;
			// Charged by the item's seats.
			Ok(Some(Self::do_settle(task, item)?).into())
		}

		/// Deliver a payout that could not be delivered at settlement.
		#[pallet::call_index(15)]
		#[pallet::weight(T::WeightInfo::claim_payout())]
		pub fn claim_payout(origin: OriginFor<T>, task: TaskId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_claim_payout(&who, task)
		}

		/// Change parameters (governance).
		#[pallet::call_index(16)]
		#[pallet::weight(T::WeightInfo::update_params())]
		pub fn update_params(origin: OriginFor<T>, update: ParamsUpdateOf<T>) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_update_params(update)
		}

		/// Pay `amount` of slashed stake to `to` (governance).
		#[pallet::call_index(17)]
		#[pallet::weight(T::WeightInfo::spend_slashed())]
		pub fn spend_slashed(
			origin: OriginFor<T>,
			to: T::AccountId,
			#[pallet::compact] amount: BalanceOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			Self::do_spend_slashed(&to, amount)
		}

		/// Drop the caller's own track record and release its deposit: only with no stake
		/// ledger left and nothing against them on record (their good history is theirs to
		/// give up; their failures are not).
		#[pallet::call_index(18)]
		#[pallet::weight(T::WeightInfo::forget_record())]
		pub fn forget_record(origin: OriginFor<T>) -> DispatchResult {
			let who = ensure_signed(origin)?;
			Self::do_forget_record(&who)
		}
	}

	impl<T: Config> Pallet<T> {
		/// The post-dispatch info of a call whose worst case includes more work: the full
		/// weight when it did it, `without` otherwise.
		fn refund_unless(did: bool, without: Weight) -> PostDispatchInfo {
			if did {
				PostDispatchInfo::default()
			} else {
				Some(without).into()
			}
		}
	}
}
