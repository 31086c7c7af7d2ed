//! The window clock: commit, reveal and answer windows count blocks that had room for one more
//! transaction, so nobody can run out a window by filling blocks.
//!
//! Attack it stops (block stuffing): an annotator who misses a reveal window loses
//! `no_reveal_slash` of the seat's collateral, and a vendor who misses the answer window has the
//! item settled without its gold answer. Someone who fills every block of a victim's window with
//! transactions that outbid the victim's would make them miss it, at the price of the fees for
//! those blocks. On this clock a block whose normal class ended [`CONGESTED`] full or more (in
//! compute or in length) does not count, so a window only ends after as many blocks with room
//! for a reveal as it is long: stuffing delays a window for as long as the attacker pays for full
//! blocks (whose price the runtime's fee multiplier raises while they last) and never makes it
//! end early.
//!
//! The clock reads `block number − congested blocks so far`: on a chain whose blocks are never
//! that full it is the block number itself, which is what clients see in `StageOpened` and
//! `AwaitingGold`; `LabelingApi::window_clock` gives its current value.
//!
//! Why 95 %: a block author fills a block by fee priority until the next transaction does not
//! fit, so a victim's reveal that was left out means the remaining room was smaller than the
//! reveal. [`Pallet::integrity_test`](crate::pallet::Pallet) checks that a reveal (its call weight
//! plus the per-transaction base weight, and its largest encoded length) needs less than the 5 %
//! left below the threshold, so any block that could not take the reveal counts as congested.
//! What it does not stop: a block author who leaves reveals out on purpose (validators are chosen
//! by governance, which can remove them).

use crate::{pallet::*, weights::WeightInfo};
use frame_support::{dispatch::DispatchClass, traits::Get, weights::Weight};
use frame_system::pallet_prelude::BlockNumberFor;
use sp_runtime::{traits::Saturating, Perbill};

/// How full a block's normal class must be (in compute or in length) to stop the window clock.
pub const CONGESTED: Perbill = Perbill::from_percent(95);

/// The most bytes a signed `reveal` transaction takes besides its label: signer, signature,
/// transaction extensions, call index, task, item and salt (about 200 bytes with sr25519 and the
/// runtime's extensions; twice that for margin).
pub const REVEAL_ENVELOPE_BYTES: u32 = 400;

impl<T: Config> Pallet<T> {
	/// The window clock's current value: the block number minus the blocks so far whose normal
	/// class was at least [`CONGESTED`] full.
	pub fn window_clock() -> BlockNumberFor<T> {
		frame_system::Pallet::<T>::block_number().saturating_sub(CongestedBlocks::<T>::get())
	}

	/// Whether the block being built is congested: its normal class is at least [`CONGESTED`]
	/// full in compute (either weight dimension) or in length.
	pub fn block_is_congested() -> bool {
		let weights = T::BlockWeights::get();
		let normal = weights.get(DispatchClass::Normal);
		let max_weight = normal.max_total.unwrap_or(weights.max_block);
		let used = *frame_system::Pallet::<T>::block_weight().get(DispatchClass::Normal);
		let full_weight = |used: u64, max: u64| used >= CONGESTED.mul_ceil(max);
		let max_len = *T::BlockLength::get().max.get(DispatchClass::Normal);
		full_weight(used.ref_time(), max_weight.ref_time())
			|| full_weight(used.proof_size(), max_weight.proof_size())
			|| frame_system::Pallet::<T>::block_size() >= CONGESTED.mul_ceil(max_len)
	}

	/// At the end of a block: stops the window clock for it if it is congested.
	pub fn note_congestion() {
		if Self::block_is_congested() {
			let congested = CongestedBlocks::<T>::mutate(|n| {
				n.saturating_inc();
				*n
			});
			let clock = frame_system::Pallet::<T>::block_number().saturating_sub(congested);
			Self::deposit_event(Event::WindowClockStopped { clock });
		}
	}

	/// The room a reveal needs in a block: its call weight plus the base weight of a
	/// transaction, and its largest encoded length.
	pub fn reveal_footprint() -> (Weight, u32) {
		let base = T::BlockWeights::get().get(DispatchClass::Normal).base_extrinsic;
		let label = <crate::types::Label as codec::MaxEncodedLen>::max_encoded_len() as u32;
		(T::WeightInfo::reveal().saturating_add(base), label.saturating_add(REVEAL_ENVELOPE_BYTES))
	}

	/// Whether a block that could not take one more reveal is always congested (the integrity
	/// test asks it): a reveal needs less than the room left below [`CONGESTED`].
	pub fn congestion_threshold_is_sound() -> bool {
		let weights = T::BlockWeights::get();
		let max_weight = weights.get(DispatchClass::Normal).max_total.unwrap_or(weights.max_block);
		let max_len = *T::BlockLength::get().max.get(DispatchClass::Normal);
		let room = Perbill::one().saturating_sub(CONGESTED);
		let (weight, len) = Self::reveal_footprint();
		weight.ref_time() < room.mul_floor(max_weight.ref_time()) && len < room.mul_floor(max_len)
	}
}
