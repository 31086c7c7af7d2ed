//! Transaction fees: what a block costs, and how the price follows demand.
//!
//! The cost model. What transactions compete for is a block's normal class: 75 % of its
//! second of compute and 75 % of its 5 MiB. At the base fee multiplier, filling that class
//! costs [`FULL_BLOCK_FEE`] (100 LC) in compute, and 100 LC again in bytes: a transaction pays
//! `100 LC × (weight / normal weight + length / normal length) × multiplier` (plus its tip;
//! the multiplier applies to the weight part beyond the base extrinsic weight). Measured by
//! `runtime/tests/fees.rs`: a transfer costs 0.065 LC; a label's three transactions (seat
//! request, commitment, reveal) at most 1.0 LC, 0.001 LBL when paid in LBL — 0.1 % of a 1 LBL
//! reward, most of it the reveal charged up front for the settlement it may trigger — while
//! filling one block costs 109 LC with the largest remarks and 139 LC with transfers, so
//! keeping the chain full costs over 2,000 LC (2 LBL) a minute before congestion pricing.
//!
//! Congestion pricing ([`SlowAdjustingFeeUpdate`]): after every block the multiplier moves by
//! `v × (s − 25 %)` (s: how full the block's normal class was in compute, v = 1/1000), never
//! below 1. Blocks full in compute raise fees by 0.075 % a block: they double in about 46
//! minutes of stuffing, grow 100-fold in about 5 hours and more than a billion-fold in a day,
//! so blocks cannot be kept full for long; quiet blocks bring them back to the base price.
//! polkadot-sdk's adjustment follows compute only: blocks stuffed with bytes (large remarks
//! fill the length with 8 % of the compute) keep paying the base 109 LC a block. Short bursts
//! of stuffing are not priced out but achieve nothing against the labeling and review windows,
//! which do not count congested blocks (`pallet_labeling::clock`).
//!
//! Before this model a picosecond and a byte each cost 10⁻¹² LC with a fixed multiplier:
//! filling a block's normal length cost about 0.04 LC and stuffing a 10-block reveal window
//! 0.4 LC, against a 3 LBL slash of the victim.

use crate::{Balance, Runtime, UNIT};
use frame_support::{
	parameter_types,
	weights::{constants::WEIGHT_REF_TIME_PER_SECOND, Weight, WeightToFee},
};
use pallet_transaction_payment::{Multiplier, TargetedFeeAdjustment};
use sp_runtime::{
	traits::{Bounded, One},
	FixedPointNumber, Perquintill,
};

/// The price of a block's whole normal class, in compute or in bytes, at multiplier 1.
pub const FULL_BLOCK_FEE: Balance = 100 * UNIT;

/// A block's normal-class compute: three quarters of one second (`configs::RuntimeBlockWeights`).
pub const NORMAL_REF_TIME: u64 = WEIGHT_REF_TIME_PER_SECOND / 4 * 3;

/// A block's normal-class length: three quarters of 5 MiB (`configs::RuntimeBlockLength`).
pub const NORMAL_LENGTH: u64 = 5 * 1024 * 1024 / 4 * 3;

/// `FULL_BLOCK_FEE × part / whole`, rounded up so that no non-empty use is free.
fn share_of_block_fee(part: u64, whole: u64) -> Balance {
	(part as u128).saturating_mul(FULL_BLOCK_FEE).div_ceil(whole.max(1) as u128)
}

/// Compute priced at [`FULL_BLOCK_FEE`] per [`NORMAL_REF_TIME`] (≈ 133 units of 10⁻¹² LC per
/// picosecond). Proof size is not charged: the chain is not a parachain and has no proof limit.
pub struct ComputeToFee;
impl WeightToFee for ComputeToFee {
	type Balance = Balance;
	fn weight_to_fee(weight: &Weight) -> Balance {
		share_of_block_fee(weight.ref_time(), NORMAL_REF_TIME)
	}
}

/// Bytes priced at [`FULL_BLOCK_FEE`] per [`NORMAL_LENGTH`] (≈ 2.5 × 10⁻⁵ LC per byte).
pub struct LengthToFee;
impl WeightToFee for LengthToFee {
	type Balance = Balance;
	fn weight_to_fee(length: &Weight) -> Balance {
		share_of_block_fee(length.ref_time(), NORMAL_LENGTH)
	}
}

parameter_types! {
	/// The normal-class fullness at which fees stay put.
	pub const TargetBlockFullness: Perquintill = Perquintill::from_percent(25);
	/// How fast fees follow fullness: `v` in `v × (s − target)` per block.
	pub AdjustmentVariable: Multiplier = Multiplier::saturating_from_rational(1, 1_000);
	/// Fees never fall below the cost model's base price.
	pub MinimumMultiplier: Multiplier = Multiplier::one();
	/// Nor is there a ceiling: sustained stuffing gets ever more expensive.
	pub MaximumMultiplier: Multiplier = Bounded::max_value();
}

/// polkadot-sdk's targeted fee adjustment with this runtime's parameters.
pub type SlowAdjustingFeeUpdate<R = Runtime> = TargetedFeeAdjustment<
	R,
	TargetBlockFullness,
	AdjustmentVariable,
	MinimumMultiplier,
	MaximumMultiplier,
>;
