//! Configuration of every pallet in the runtime.

use frame_support::{
	derive_impl,
	dispatch::DispatchClass,
	parameter_types,
	traits::{ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, EitherOf, VariantCountOf},
	weights::{
		constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
		Weight,
	},
};
use frame_system::{
	limits::{BlockLength, BlockWeights},
	EnsureRoot, EnsureSigned,
};
use pallet_transaction_payment::FungibleAdapter;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;
use sp_runtime::{traits::OpaqueKeys, Perbill};
use sp_version::RuntimeVersion;

use super::{
	AccountId, AssetId, Assets, Aura, Balance, Balances, Block, BlockNumber, Council, Disputes,
	Hash, Nonce, PalletInfo, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason,
	RuntimeHoldReason, RuntimeOrigin, RuntimeTask, Session, SessionKeys, System, ValidatorSet,
	DAYS, EXISTENTIAL_DEPOSIT, HOURS, LBL_ASSET_ID, MILLI_UNIT, SLOT_DURATION, UNIT, VERSION,
};

/// Share of a block's weight and length that normal (non-operational) transactions may use.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);
/// Largest block, in bytes.
const MAX_BLOCK_LENGTH: u32 = 5 * 1024 * 1024;

/// polkadot-sdk's sensible defaults (75 % for normal transactions, the rest reserved for
/// operational ones, 10 % of a block expected for initialization) with the base weights of a
/// block and of an extrinsic that `benchmark overhead` measured for this runtime
/// (`crate::weights`). Should the builder refuse them (it cannot: `tests/block_budget.rs`
/// checks it), the reference numbers stand in, never a panic.
fn block_weights() -> BlockWeights {
	let max = Weight::from_parts(WEIGHT_REF_TIME_PER_SECOND, u64::MAX);
	let normal = NORMAL_DISPATCH_RATIO * max;
	BlockWeights::builder()
		.base_block(crate::weights::BlockExecutionWeight::get())
		.for_class(DispatchClass::all(), |class| {
			class.base_extrinsic = crate::weights::ExtrinsicBaseWeight::get();
		})
		.for_class(DispatchClass::Normal, |class| class.max_total = Some(normal))
		.for_class(DispatchClass::Operational, |class| {
			class.max_total = Some(max);
			class.reserved = Some(max.saturating_sub(normal));
		})
		.avg_block_initialization(Perbill::from_percent(10))
		.build()
		.unwrap_or_else(|_| BlockWeights::with_sensible_defaults(max, NORMAL_DISPATCH_RATIO))
}

parameter_types! {
	pub const BlockHashCount: BlockNumber = 2400;
	pub const Version: RuntimeVersion = VERSION;

	/// One second of compute per three-second block: a third of the slot, as on Polkadot, so
	/// the author has time to build the block and the others to import it in the same slot.
	/// The fixed costs of a block and of an extrinsic are this runtime's own, measured.
	pub RuntimeBlockWeights: BlockWeights = block_weights();
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(MAX_BLOCK_LENGTH)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * MAX_BLOCK_LENGTH)
		.build();
	/// The generic Substrate address format.
	pub const SS58Prefix: u16 = 42;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores state in ParityDB.
	type DbWeight = ParityDbWeight;
	/// The transaction extensions (nonce, era, weight, ...), measured on this runtime.
	type ExtensionsWeightInfo = crate::weights::frame_system_extensions::WeightInfo<Runtime>;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

parameter_types! {
	/// Held from an account that registers session keys, released when it purges them.
	pub const SessionKeyDeposit: Balance = UNIT;
	/// The shortest session governance may set: half a minute.
	pub const MinSessionLength: BlockNumber = 10;
}

/// Sessions last `ValidatorSet`'s governed session length, counted from block 0.
type Sessions =
	pallet_session::PeriodicSessions<pallet_validator_set::SessionPeriod<Runtime>, ConstU32<0>>;

/// Ends a session at the end of its period only when the rotation would change something: the
/// validator set governance wants or a validator's session keys differ from the queued ones,
/// or the queued keys are not yet Aura's and GRANDPA's authorities (a change waiting for its
/// second rotation). `pallet-session` charges a whole block (`max_block`) for every rotation,
/// so rotating an unchanged set every 20 blocks left one block in 20 empty (measured: block #80
/// of the throughput run of 2026-12-05 carried no transaction, 1,149 ms of mandatory weight).
/// A change still takes effect within two periods, as before.
///
/// The check reads the queued keys, the wanted validators and their next keys and both
/// authority lists (at most `MaxValidators` + 4 reads) once a period, in the block that ends it,
/// which `pallet-session` does not count; that block is either the rotation (charged as full)
/// or 32 reads of ≈ 8 µs.
pub struct RotateOnChange;

impl RotateOnChange {
	/// Whether rotating the session now would change the queued or the active keys.
	pub fn change_pending() -> bool {
		let queued = pallet_session::QueuedKeys::<Runtime>::get();
		// The queue the next rotation would build: the wanted validators that have keys.
		let wanted = pallet_validator_set::Validators::<Runtime>::get();
		let next = wanted
			.iter()
			.filter_map(|v| pallet_session::NextKeys::<Runtime>::get(v).map(|k| (v.clone(), k)));
		if !next.eq(queued.iter().cloned()) {
			return true;
		}
		// The queue is not yet active: the next rotation makes it so.
		let aura = pallet_aura::Authorities::<Runtime>::get();
		let grandpa = pallet_grandpa::Pallet::<Runtime>::grandpa_authorities();
		!queued.iter().map(|(_, k)| &k.aura).eq(aura.iter()) ||
			!queued.iter().map(|(_, k)| &k.grandpa).eq(grandpa.iter().map(|(id, _)| id))
	}
}

impl pallet_session::ShouldEndSession<BlockNumber> for RotateOnChange {
	fn should_end_session(now: BlockNumber) -> bool {
		<Sessions as pallet_session::ShouldEndSession<BlockNumber>>::should_end_session(now) &&
			Self::change_pending()
	}
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// A validator is identified by its account.
	type ValidatorId = AccountId;
	type ValidatorIdOf = sp_runtime::traits::ConvertInto;
	type ShouldEndSession = RotateOnChange;
	type NextSessionRotation = Sessions;
	/// Governance decides the set (`ValidatorSet`); the session applies it.
	type SessionManager = ValidatorSet;
	type SessionHandler = <SessionKeys as OpaqueKeys>::KeyTypeIdProviders;
	type Keys = SessionKeys;
	/// No offence reports on this chain (no staking to slash), so nothing disables validators.
	type DisablingStrategy = ();
	type WeightInfo = pallet_session::weights::SubstrateWeight<Runtime>;
	type Currency = Balances;
	type KeyDeposit = SessionKeyDeposit;
}

impl pallet_validator_set::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type GovernanceOrigin = GovernanceOrigin;
	type ValidatorRegistration = Session;
	/// As many as Aura and GRANDPA accept.
	type MaxValidators = ConstU32<32>;
	type MinValidators = ConstU32<1>;
	type MinSessionLength = MinSessionLength;
	type WeightInfo = pallet_validator_set::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ValidatorSetBenchmarkHelper;
}

/// Registers (made-up) session keys for the validator-set benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct ValidatorSetBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_validator_set::BenchmarkHelper<AccountId> for ValidatorSetBenchmarkHelper {
	fn register_keys(who: &AccountId) {
		let raw: [u8; 32] = *who.as_ref();
		let keys = SessionKeys {
			aura: sp_core::sr25519::Public::from_raw(raw).into(),
			grandpa: sp_core::ed25519::Public::from_raw(raw).into(),
		};
		pallet_session::NextKeys::<Runtime>::insert(who, keys);
	}
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<32>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

/// The slot's author among Aura's authorities (round robin by slot), as Aura itself finds it.
pub struct AuraSlotAuthor;
impl pallet_beacon::SlotAuthor for AuraSlotAuthor {
	fn current() -> Option<(u64, sp_core::sr25519::Public)> {
		// The slot from the block's Aura pre-runtime digest (Aura's own `on_initialize` may not
		// have run yet).
		let digest = frame_system::Pallet::<Runtime>::digest();
		let slot: u64 = digest
			.logs
			.iter()
			.filter_map(|d| d.as_pre_runtime())
			.find_map(|(id, mut data)| {
				(id == sp_consensus_aura::AURA_ENGINE_ID)
					.then(|| <sp_consensus_aura::Slot as codec::Decode>::decode(&mut data).ok())
					.flatten()
			})?
			.into();
		let authorities = pallet_aura::Authorities::<Runtime>::get();
		if authorities.is_empty() {
			return None;
		}
		let author = authorities.get((slot % authorities.len() as u64) as usize)?;
		Some((slot, author.clone().into()))
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn set(slot: u64, author: sp_core::sr25519::Public) {
		frame_system::Pallet::<Runtime>::deposit_log(sp_runtime::DigestItem::PreRuntime(
			sp_consensus_aura::AURA_ENGINE_ID,
			codec::Encode::encode(&sp_consensus_aura::Slot::from(slot)),
		));
		pallet_aura::Authorities::<Runtime>::put(frame_support::BoundedVec::truncate_from(
			alloc::vec![AuraId::from(author)],
		));
	}
}

/// The beacon's current value (`pallet_beacon`).
pub struct BeaconValue;
impl frame_support::traits::Get<[u8; 32]> for BeaconValue {
	fn get() -> [u8; 32] {
		pallet_beacon::Pallet::<Runtime>::beacon()
	}
}

impl pallet_beacon::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type SlotAuthor = AuraSlotAuthor;
	type WeightInfo = pallet_beacon::weights::SubstrateWeight<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<32>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_timestamp::Config for Runtime {
	/// Milliseconds since the unix epoch.
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_balances::Config for Runtime {
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ConstU32<50>;
	type ReserveIdentifier = [u8; 8];
	type Balance = Balance;
	type RuntimeEvent = RuntimeEvent;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	/// Measured on this runtime (`scripts/benchmark.sh`), like our own pallets.
	type WeightInfo = crate::weights::pallet_balances::WeightInfo<Runtime>;
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type DoneSlashHandler = ();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	/// A block's normal class costs 100 LC in compute and 100 LC in bytes, times a multiplier
	/// that congestion raises (`crate::fees`, the cost model).
	type WeightToFee = crate::fees::ComputeToFee;
	type LengthToFee = crate::fees::LengthToFee;
	type FeeMultiplierUpdate = crate::fees::SlowAdjustingFeeUpdate;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_asset_tx_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Fungibles = Assets;
	/// Fees in LBL at LBL's minimum balance per `LC` existential deposit, into the incentive
	/// pool (`crate::token`).
	type OnChargeAssetTransaction = pallet_asset_tx_payment::FungiblesAdapter<
		crate::token::LblFeeConversion,
		crate::token::FeesToIncentivePool,
	>;
	/// The fee extension's weight, measured on this runtime.
	type WeightInfo = crate::weights::pallet_asset_tx_payment::WeightInfo<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = AssetTxPaymentBenchmarkHelper;
}

/// Funds a fee payer with `LC` and LBL for the fee-payment benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct AssetTxPaymentBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_asset_tx_payment::BenchmarkHelperTrait<AccountId, AssetId, AssetId>
	for AssetTxPaymentBenchmarkHelper
{
	/// Fees are payable in LBL only.
	fn create_asset_id_parameter(_id: u32) -> (AssetId, AssetId) {
		(LBL_ASSET_ID, LBL_ASSET_ID)
	}
	fn setup_balances_and_pool(asset: AssetId, account: AccountId) {
		use frame_support::traits::{fungible, fungibles};
		let _ = <Balances as fungible::Mutate<AccountId>>::mint_into(&account, 1_000 * UNIT);
		let _ = <Assets as fungibles::Mutate<AccountId>>::mint_into(
			asset,
			&account,
			1_000 * crate::LBL,
		);
	}
}

/// Tells the ERC-20 layer when an asset id is created, so that allowances given on an earlier
/// asset with the same id do not come back to life.
pub struct Erc20AssetGenerations;
impl pallet_assets::AssetsCallback<AssetId, AccountId> for Erc20AssetGenerations {
	fn created(id: &AssetId, _owner: &AccountId) -> Result<(), ()> {
		pallet_erc20::Pallet::<Runtime>::note_asset_created(id);
		Ok(())
	}
}

parameter_types! {
	/// Held from an annotator while their track record is stored.
	pub const LabelingRecordDeposit: Balance = 10 * MILLI_UNIT;
	/// Held from an owner per stored ERC-20 allowance, as pallet-assets' own approvals.
	pub const Erc20AllowanceDeposit: Balance = 10 * MILLI_UNIT;
}

impl pallet_erc20::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Assets = Assets;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type AllowanceDeposit = Erc20AllowanceDeposit;
	type WeightInfo = pallet_erc20::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = Erc20BenchmarkHelper;
}

/// A fresh sufficient asset for the ERC-20 benchmarks (the worst case: a sender holding only
/// it is removed when it sends everything).
#[cfg(feature = "runtime-benchmarks")]
pub struct Erc20BenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_erc20::BenchmarkHelper<AssetId, AccountId, Balance> for Erc20BenchmarkHelper {
	fn fund(who: &AccountId, amount: Balance) -> (AssetId, Balance) {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		const ID: AssetId = 1_000;
		if !<Assets as Inspect<AccountId>>::asset_exists(ID) {
			let _ = <Assets as Create<AccountId>>::create(
				ID,
				crate::token::governance_account(),
				true,
				crate::LBL_MIN_BALANCE,
			);
		}
		let _ = <Assets as Mutate<AccountId>>::mint_into(ID, who, amount);
		(ID, crate::LBL_MIN_BALANCE)
	}
}

/// The vendor council: a `pallet-collective` whose members `pallet-membership` manages.
pub type CouncilCollective = pallet_collective::Instance1;
/// The council's membership.
pub type CouncilMembershipInstance = pallet_membership::Instance1;

/// A motion of the vendor council passed by at least two thirds of its members.
pub type CouncilSuperMajority =
	pallet_collective::EnsureProportionAtLeast<AccountId, CouncilCollective, 2, 3>;

/// The origin of every governance action: a two-thirds council motion, or root (the sudo key,
/// which only the development preset sets).
pub type GovernanceOrigin = EitherOf<EnsureRoot<AccountId>, CouncilSuperMajority>;

parameter_types! {
	/// A motion that has not gathered its votes is closed as disapproved after three days.
	pub const CouncilMotionDuration: BlockNumber = 3 * DAYS;
	pub const CouncilMaxProposals: u32 = 100;
	pub const CouncilMaxMembers: u32 = 100;
	/// A motion may dispatch at most half a block.
	pub MaxCouncilProposalWeight: Weight =
		Perbill::from_percent(50) * RuntimeBlockWeights::get().max_block;
}

impl pallet_collective::Config<CouncilCollective> for Runtime {
	type RuntimeOrigin = RuntimeOrigin;
	type Proposal = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type MotionDuration = CouncilMotionDuration;
	type MaxProposals = CouncilMaxProposals;
	type MaxMembers = CouncilMaxMembers;
	/// Members who do not vote follow the prime member, if there is one.
	type DefaultVote = pallet_collective::PrimeDefaultVote;
	type WeightInfo = pallet_collective::weights::SubstrateWeight<Runtime>;
	/// Membership changes go through `pallet-membership` (whose origins are governance's).
	type SetMembersOrigin = EnsureRoot<AccountId>;
	type MaxProposalWeight = MaxCouncilProposalWeight;
	type DisapproveOrigin = GovernanceOrigin;
	type KillOrigin = GovernanceOrigin;
	/// Only members can propose, so proposals carry no deposit.
	type Consideration = ();
}

impl pallet_membership::Config<CouncilMembershipInstance> for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type AddOrigin = GovernanceOrigin;
	type RemoveOrigin = GovernanceOrigin;
	type SwapOrigin = GovernanceOrigin;
	type ResetOrigin = GovernanceOrigin;
	type PrimeOrigin = GovernanceOrigin;
	type MembershipInitialized = Council;
	type MembershipChanged = Council;
	type MaxMembers = CouncilMaxMembers;
	type WeightInfo = pallet_membership::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// Reserved from the creator of a new asset class.
	pub const AssetDeposit: Balance = 10 * UNIT;
	/// Reserved for an asset account that is not kept alive by a native balance.
	pub const AssetAccountDeposit: Balance = 10 * MILLI_UNIT;
	pub const MetadataDepositBase: Balance = 100 * MILLI_UNIT;
	pub const MetadataDepositPerByte: Balance = MILLI_UNIT;
	pub const ApprovalDeposit: Balance = 10 * MILLI_UNIT;
}

/// Asset ids from here on are not created by signed accounts: only governance (`force_create`)
/// and the Ethereum bridge (when governance registers a wrapped token) create them. Attack
/// stopped: squatting the id of a token between a council motion's proposal and its execution.
pub const RESERVED_ASSET_IDS_FROM: AssetId = 1_000_000;

/// `pallet_assets::Config::CreateOrigin`: any signed account, for ids below
/// [`RESERVED_ASSET_IDS_FROM`].
pub struct EnsureSignedUnreservedId;
impl frame_support::traits::EnsureOriginWithArg<RuntimeOrigin, AssetId>
	for EnsureSignedUnreservedId
{
	type Success = AccountId;
	fn try_origin(origin: RuntimeOrigin, id: &AssetId) -> Result<AccountId, RuntimeOrigin> {
		if *id >= RESERVED_ASSET_IDS_FROM {
			return Err(origin);
		}
		<EnsureSigned<AccountId> as frame_support::traits::EnsureOrigin<RuntimeOrigin>>::try_origin(
			origin,
		)
	}
	#[cfg(feature = "runtime-benchmarks")]
	fn try_successful_origin(id: &AssetId) -> Result<RuntimeOrigin, ()> {
		if *id >= RESERVED_ASSET_IDS_FROM {
			return Err(());
		}
		<EnsureSigned<AccountId> as frame_support::traits::EnsureOrigin<RuntimeOrigin>>::try_successful_origin()
	}
}

impl pallet_assets::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type RemoveItemsLimit = ConstU32<1000>;
	type AssetId = AssetId;
	type AssetIdParameter = codec::Compact<AssetId>;
	type ReserveData = ();
	type Currency = Balances;
	type CreateOrigin = EnsureSignedUnreservedId;
	/// LBL's and every asset's forced actions (status, metadata, freezing) are governance's.
	type ForceOrigin = GovernanceOrigin;
	type AssetDeposit = AssetDeposit;
	type AssetAccountDeposit = AssetAccountDeposit;
	type MetadataDepositBase = MetadataDepositBase;
	type MetadataDepositPerByte = MetadataDepositPerByte;
	type ApprovalDeposit = ApprovalDeposit;
	type StringLimit = ConstU32<50>;
	type Freezer = ();
	type Holder = ();
	type Extra = ();
	/// Asset creations start a new generation of ERC-20 allowances (old ones are worth zero).
	type CallbackHandle = Erc20AssetGenerations;
	type AssetIdAllocator = ();
	type WeightInfo = pallet_assets::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = ();
}

/// The seat draw's budget in a block (`pallet_labeling::Config::MaxSeatingWeight`): what
/// `on_initialize` may use beside a full block of normal transactions (the quarter of the block
/// they leave, less an empty block's base weight), less the rest of the work it schedules at its
/// worst — the dispute steps due in this block (`Disputes::schedule`, each at the larger of a
/// draw's and a tally's worst case), the window clock, the beacon's proof, the disputes'
/// schedule and the draw queue's own reads and writes, and this budget's read of the schedule.
///
/// A fixed 150 ms (the budget until 2026-12-05) had to leave room for the most dispute steps a
/// block may carry (4 × 20.3 ms) in every block, and capped the draw at about 1,350 seats a
/// block (measured: `benchmarks/throughput.md`), leaving about 90 ms of the reserved quarter
/// unused in blocks without dispute steps — most blocks.
pub struct SeatingBudget;

impl SeatingBudget {
	/// The draw's budget in a block with `due` dispute steps.
	pub fn with_steps(due: u32) -> Weight {
		use pallet_disputes::WeightInfo as _;
		use pallet_labeling::WeightInfo as _;
		let limits = RuntimeBlockWeights::get();
		let normal = limits.get(DispatchClass::Normal).max_total.unwrap_or(limits.max_block);
		let left = limits.max_block.saturating_sub(normal).saturating_sub(limits.base_block);
		let disputes = pallet_disputes::weights::SubstrateWeight::<Runtime>::advance_draw()
			.max(pallet_disputes::weights::SubstrateWeight::<Runtime>::advance_tally());
		let clock = pallet_labeling::weights::SubstrateWeight::<Runtime>::note_congestion();
		let beacon =
			<pallet_beacon::weights::SubstrateWeight<Runtime> as pallet_beacon::WeightInfo>::note_vrf();
		// The disputes' schedule (2 reads, 1 write), the draw queue's bounds and the read that
		// stops it (2 reads, 1 write), this budget's read of the schedule.
		let queues = ParityDbWeight::get().reads_writes(5, 2);
		let ref_time = left
			.ref_time()
			.saturating_sub(disputes.ref_time().saturating_mul(due as u64))
			.saturating_sub(clock.ref_time())
			.saturating_sub(beacon.ref_time())
			.saturating_sub(queues.ref_time());
		Weight::from_parts(ref_time, u64::MAX)
	}
}

impl frame_support::traits::Get<Weight> for SeatingBudget {
	fn get() -> Weight {
		let now = frame_system::Pallet::<Runtime>::block_number();
		let due = pallet_disputes::Schedule::<Runtime>::decode_len(now).unwrap_or(0);
		Self::with_steps(due as u32)
	}
}

parameter_types! {
	pub const LabelingPalletId: frame_support::PalletId = frame_support::PalletId(*b"lc/label");
	pub const StakeAssetId: AssetId = LBL_ASSET_ID;
	/// Parameters until governance changes them (`Labeling::update_params`). The reasons
	/// and the simulation behind them: `docs/labeling-design.md`, `benchmarks/incentives.md`.
	pub InitialLabelingParams: pallet_labeling::Params<Balance, BlockNumber> =
		pallet_labeling::Params {
			// LBL has 12 decimals, like the native token.
			min_stake: 100 * UNIT,
			min_collateral: UNIT,
			// Rewards in LBL: a seat's collateral is at least twice reward and bonus, so a
			// label's penalties are worth as much as its pay, whatever the reward.
			collateral_percent: 200,
			pay_cap_percent: 200,
			// A wrong gold answer overturned by reviewers costs the vendor what the item
			// pays its annotators.
			gold_bond_percent: 100,
			review_fee_percent: 50,
			// A week; every penalty falls on collateral locked until its seat is judged.
			unbonding_period: 7 * DAYS,
			// A vendor may appeal an accepted label for a day.
			appeal_period: DAYS,
			min_redundancy: 1,
			max_seats: 16,
			escalation_seats: 2,
			// 30 seconds to 12 hours each.
			min_commit_window: 10,
			max_commit_window: 12 * HOURS,
			min_reveal_window: 10,
			max_reveal_window: 12 * HOURS,
			max_rounds: 3,
			max_open_seats: 128,
			// A gold item answered wrongly costs the whole collateral; a seat held without a
			// reveal half of it.
			gold_fail_slash: Perbill::from_percent(100),
			no_reveal_slash: Perbill::from_percent(50),
			// Selling a label is fraud: the whole collateral.
			leak_slash: Perbill::from_percent(100),
			denounce_reward: Perbill::from_percent(50),
			// Probation: a newcomer is taken to be right two times in three (weight ln 2), with
			// the weight of nine gold items, until its own gold record says otherwise; a proven
			// annotator outweighs two newcomers.
			prior_passes: 6,
			prior_fails: 3,
			// At most twenty gold outcomes from any one vendor move the weight (a vendor's own
			// accounts know its answers; a hostile vendor could commit false ones).
			gold_outcomes_per_vendor: 20,
			// ln 4.8: what an honest record of 18 of 20 reaches; nobody weighs more.
			max_vote_weight: 1_568_616,
			// CUSUM of ln(0.5/0.2) per failure, ln(0.8/0.5) per gold pass, threshold 8:
			// under 1 % of honest annotators failing 20 % of gold are suspended per 100 gold
			// items; a random answerer is suspended after about 30.
			risk_per_failure: 916_291,
			risk_per_pass: 470_004,
			suspension_threshold: 8_000_000,
			suspension_period: 7 * DAYS,
			task_deposit: UNIT,
			item_deposit: 10 * MILLI_UNIT,
		};
}

impl pallet_labeling::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Balance = Balance;
	type AssetId = AssetId;
	type Assets = Assets;
	type Currency = Balances;
	type RuntimeHoldReason = RuntimeHoldReason;
	type StakeAsset = StakeAssetId;
	type PalletId = LabelingPalletId;
	/// Parameters and the slashed pot: a two-thirds council motion (or root in development).
	type GovernanceOrigin = GovernanceOrigin;
	/// Items without consensus go to a review panel.
	type OnDispute = Disputes;
	type RewardAssets = KeylessRewardAssets;
	type InitialParams = InitialLabelingParams;
	type MaxSeats = ConstU32<16>;
	/// The draw picks among 32 items of a task at a time.
	type MaxOpenItems = ConstU32<32>;
	type MaxOpenSeats = ConstU32<128>;
	/// 32: a request's worst case (every draw probing the whole open set) must fit in one
	/// block's seating budget, `MaxSeatingWeight` (checked by the pallet's integrity test).
	type MaxSeatsPerRequest = ConstU32<32>;
	/// Seat draws up to what the quarter of the block that normal transactions leave still has
	/// room for beside the block's dispute steps and other scheduled work ([`SeatingBudget`]:
	/// 248.5 ms without dispute steps, 167.3 ms with the most), charged for the work each
	/// draw did (seats and probes, measured); later requests wait for the next block
	/// (`tests/block_budget.rs`).
	type MaxSeatingWeight = SeatingBudget;
	/// Seat and panel draws follow the VRF beacon, which no block author can grind.
	type Beacon = BeaconValue;
	type MaxItemsPerBatch = ConstU32<100>;
	type MaxUnbondingChunks = ConstU32<16>;
	/// Held from an annotator while their track record is stored, as an ERC-20 allowance's
	/// deposit (a record is about as large).
	type RecordDeposit = LabelingRecordDeposit;
	type WeightInfo = pallet_labeling::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = LabelingBenchmarkHelper;
}

/// The assets a labeling task may pay rewards in: existing assets whose owner, issuer, admin and
/// freezer are each either nobody or a keyless account — governance's (it acts only by a
/// council motion) or the Ethereum bridge's (it acts only by the bridge's rules). Any other
/// holder of those roles could burn, move or freeze a task's escrow. LBL qualifies (governance
/// holds its roles); an asset anyone creates does not, until its owner hands every role to
/// governance.
pub struct KeylessRewardAssets;
impl frame_support::traits::Contains<AssetId> for KeylessRewardAssets {
	fn contains(asset: &AssetId) -> bool {
		use frame_support::traits::fungibles::{roles::Inspect as Roles, Inspect};
		use sp_runtime::traits::AccountIdConversion;
		if !<Assets as Inspect<AccountId>>::asset_exists(*asset) {
			return false;
		}
		let keyless: [AccountId; 2] = [
			crate::token::governance_account(),
			EthBridgePalletId::get().into_account_truncating(),
		];
		let safe = |holder: Option<AccountId>| holder.map_or(true, |who| keyless.contains(&who));
		safe(<Assets as Roles<AccountId>>::owner(*asset))
			&& safe(<Assets as Roles<AccountId>>::issuer(*asset))
			&& safe(<Assets as Roles<AccountId>>::admin(*asset))
			&& safe(<Assets as Roles<AccountId>>::freezer(*asset))
	}
}

/// Creates the stake and reward assets for the labeling benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct LabelingBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_labeling::BenchmarkHelper<Runtime> for LabelingBenchmarkHelper {
	fn mint(id: AssetId, who: &AccountId, amount: Balance) {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		if !<Assets as Inspect<AccountId>>::asset_exists(id) {
			// Owned by governance, so that tasks may pay in it (`KeylessRewardAssets`).
			let owner = crate::token::governance_account();
			let _ = <Assets as Create<AccountId>>::create(id, owner, true, MILLI_UNIT);
		}
		let _ = <Assets as Mutate<AccountId>>::mint_into(id, who, amount);
	}
	fn reward_asset() -> AssetId {
		LBL_ASSET_ID + 1
	}
}

parameter_types! {
	/// Parameters until governance changes them (`Disputes::update_params`).
	pub InitialDisputeParams: pallet_disputes::DisputeParams<Balance, BlockNumber> =
		pallet_disputes::DisputeParams {
			// Every seat locks and weighs the same.
			reviewer_stake: 50 * UNIT,
			// A gold record better than a newcomer's (ln 2): a weight of 1.0 needs e.g. three
			// gold passes without a fail under the prior of 6 and 3; and ten agreeing labels.
			min_reviewer_weight: 1_000_000,
			min_reviewer_agreements: 10,
			// 5, 11, 23 reviewers (Kleros' 2n + 1), three rounds at most.
			first_panel: 5,
			max_rounds: 3,
			panel_delay: 10,
			commit_window: 6 * HOURS,
			reveal_window: 6 * HOURS,
			// UMA-like: two thirds must reveal.
			quorum: Perbill::from_rational(2u32, 3u32),
			no_reveal_slash: Perbill::from_percent(20),
		};
}

impl pallet_disputes::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	/// Parameters: a two-thirds council motion (or root in development).
	type GovernanceOrigin = GovernanceOrigin;
	type InitialDisputeParams = InitialDisputeParams;
	type MaxReviewers = ConstU32<512>;
	/// The last round's panel (23 seats).
	type MaxPanelSize = ConstU32<23>;
	/// No court of one or two: a draw that seats fewer than three reviewers makes no panel.
	type MinPanelSize = ConstU32<3>;
	/// Four worst-case panel draws (20.3 ms each, measured: every pool member's stake and
	/// record read) a block; see `MaxSeatingWeight` and `runtime/tests/block_budget.rs`.
	type MaxCasesPerBlock = ConstU32<4>;
	type WeightInfo = pallet_disputes::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	/// The bridge account, holding LBL while it is on Ethereum.
	pub const EthBridgePalletId: frame_support::PalletId = frame_support::PalletId(*b"lc/ethbr");
}

impl pallet_eth_bridge::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type Assets = Assets;
	/// Relayers, threshold, vault, tokens, limits and pause: a two-thirds council motion (or
	/// root in development).
	type GovernanceOrigin = GovernanceOrigin;
	type PalletId = EthBridgePalletId;
	type MaxRelayers = ConstU32<16>;
	/// Rate limits count per hour.
	type RatePeriod = ConstU32<{ HOURS }>;
	/// A deposit that has not executed a day after its first attestation can be pruned (a
	/// real one waits at most an hour for the rate limit; relayers attest it again anyway).
	type AttestationExpiry = ConstU32<{ DAYS }>;
	type WeightInfo = pallet_eth_bridge::weights::SubstrateWeight<Runtime>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = EthBridgeBenchmarkHelper;
}

/// Fresh sufficient assets for the bridge benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct EthBridgeBenchmarkHelper;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_eth_bridge::BenchmarkHelper<AssetId, AccountId, Balance> for EthBridgeBenchmarkHelper {
	fn fund(seed: u32, who: &AccountId, amount: Balance) -> AssetId {
		use frame_support::traits::fungibles::{Create, Inspect, Mutate};
		let id = 1_000 + seed;
		if !<Assets as Inspect<AccountId>>::asset_exists(id) {
			let owner = crate::token::governance_account();
			let _ = <Assets as Create<AccountId>>::create(id, owner, true, MILLI_UNIT);
		}
		let _ = <Assets as Mutate<AccountId>>::mint_into(id, who, amount);
		id
	}
	fn unused(seed: u32) -> AssetId {
		RESERVED_ASSET_IDS_FROM + seed
	}
}
