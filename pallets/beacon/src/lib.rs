//! # Beacon pallet
//!
//! Randomness that no block author can choose, for a chain whose blocks are authored by Aura
//! (which, unlike BABE, carries no VRF).
//!
//! Every block carries one mandatory inherent, `note_vrf`, in which the slot's author proves
//! the output of its sr25519 VRF (its Aura key) on the input `(slot, beacon)`
//! ([`vrf`]). The chain verifies the proof against the slot's Aura authority and folds the
//! output into the beacon: `beacon = blake2_256(beacon ‖ output)`. A block without the
//! inherent, with a proof by another key or for another input, is invalid.
//!
//! Attack it stops (grinding): a seed taken from a block hash is chosen by that block's author,
//! who can try any number of variants of the block (which transactions, in which order) and
//! keep the one whose hash suits them — a reviewer panel of their liking, say. A VRF output is
//! unique per key and input, so an author can only publish it or not author the slot at all
//! (losing the slot, and leaving the next slot's author to extend the beacon with another
//! output: one alternative per withheld slot, not a choice). What it does not stop: an author
//! who withholds its block to discard one outcome; every author sees its own output first.
//!
//! Consumers read [`Pallet::beacon`] (the value after the last finished block's inherent);
//! the node's block author supplies the inherent data (`node/src/beacon.rs`).

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use pallet::*;

pub mod runtime_api;
pub mod vrf;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(any(test, feature = "runtime-benchmarks"))]
pub mod benchmarking_fixture;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use weights::WeightInfo;

/// The inherent data's identifier: the author's VRF signature, SCALE-encoded as
/// `([u8; 32] pre-output, [u8; 64] proof)`.
pub const INHERENT_IDENTIFIER: sp_inherents::InherentIdentifier = *b"lcbeacon";

/// Who authors the current slot.
pub trait SlotAuthor {
	/// The block's slot (from its pre-runtime digest) and that slot's author among the
	/// authorities as they stand (`None` without either). The pallet asks at the start of
	/// `on_initialize`, before a session change can replace the authorities: the author was
	/// chosen from the parent block's set.
	fn current() -> Option<(u64, sp_core::sr25519::Public)>;
	/// Makes `author` the author of `slot` (benchmarks only).
	#[cfg(feature = "runtime-benchmarks")]
	fn set(slot: u64, author: sp_core::sr25519::Public);
}

#[frame_support::pallet]
pub mod pallet {
	use super::*;
	use frame_support::pallet_prelude::*;
	use frame_system::pallet_prelude::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: frame_system::Config {
		/// The overarching event type.
		#[allow(deprecated)]
		type RuntimeEvent: From<Event<Self>> + IsType<<Self as frame_system::Config>::RuntimeEvent>;
		/// The current slot's author (the runtime's Aura authorities).
		type SlotAuthor: SlotAuthor;
		/// Weights from `benchmarking.rs`.
		type WeightInfo: WeightInfo;
	}

	/// The beacon: every block's verified VRF output folded in, from zero at genesis.
	#[pallet::storage]
	pub type Randomness<T> = StorageValue<_, [u8; 32], ValueQuery>;

	/// Whether this block's VRF was noted (cleared at the end of every block).
	#[pallet::storage]
	#[pallet::whitelist_storage]
	pub type Noted<T> = StorageValue<_, bool, ValueQuery>;

	/// This block's slot and its author, taken at the start of the block from the parent's
	/// authorities (a session change later in `on_initialize` may replace them; the author was
	/// chosen from the old set). Cleared at the end of every block.
	#[pallet::storage]
	pub type BlockAuthor<T> = StorageValue<_, (u64, sp_core::sr25519::Public)>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The slot's author proved its VRF output; the beacon is now `beacon`.
		BeaconUpdated { slot: u64, beacon: [u8; 32] },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The block already noted its VRF.
		AlreadyNoted,
		/// No slot author is known.
		UnknownAuthor,
		/// The VRF signature's parts do not decode.
		MalformedSignature,
		/// The VRF proof is not the slot author's for this slot and beacon.
		InvalidProof,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Takes the slot's author before a session change can replace the authorities (the
		/// runtime declares this pallet before `Session`).
		fn on_initialize(_: BlockNumberFor<T>) -> Weight {
			match T::SlotAuthor::current() {
				Some(author) => BlockAuthor::<T>::put(author),
				None => BlockAuthor::<T>::kill(),
			}
			// The digest and the authorities read, the author written, and cleared at the end.
			T::DbWeight::get().reads_writes(2, 2)
		}

		/// A block without its author's VRF proof is invalid, as a block without a timestamp
		/// is (`pallet-timestamp` enforces its inherent the same way): otherwise an author
		/// could leave the proof out when its output does not suit it, and still keep the slot.
		fn on_finalize(_: BlockNumberFor<T>) {
			BlockAuthor::<T>::kill();
			assert!(
				Noted::<T>::take(),
				"every block carries its author's VRF proof (beacon.note_vrf)"
			);
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// The slot author's VRF output and proof (inherent: exactly one per block).
		#[pallet::call_index(0)]
		#[pallet::weight((T::WeightInfo::note_vrf(), DispatchClass::Mandatory))]
		pub fn note_vrf(
			origin: OriginFor<T>,
			pre_output: [u8; vrf::PRE_OUTPUT_LEN],
			proof: [u8; vrf::PROOF_LEN],
		) -> DispatchResult {
			ensure_none(origin)?;
			Self::do_note_vrf(&pre_output, &proof)
		}
	}

	#[pallet::inherent]
	impl<T: Config> ProvideInherent for Pallet<T> {
		type Call = Call<T>;
		type Error = sp_inherents::MakeFatalError<()>;
		const INHERENT_IDENTIFIER: InherentIdentifier = INHERENT_IDENTIFIER;

		fn create_inherent(data: &InherentData) -> Option<Self::Call> {
			let (pre_output, proof) = data
				.get_data::<([u8; vrf::PRE_OUTPUT_LEN], [u8; vrf::PROOF_LEN])>(&INHERENT_IDENTIFIER)
				.ok()
				.flatten()?;
			Some(Call::note_vrf { pre_output, proof })
		}

		/// Every block must carry it: an author who leaves it out makes an invalid block.
		fn is_inherent_required(_: &InherentData) -> Result<Option<Self::Error>, Self::Error> {
			Ok(Some(().into()))
		}

		fn is_inherent(call: &Self::Call) -> bool {
			matches!(call, Call::note_vrf { .. })
		}
	}

	impl<T: Config> Pallet<T> {
		/// The beacon's current value.
		pub fn beacon() -> [u8; 32] {
			Randomness::<T>::get()
		}

		/// Verifies the slot author's VRF on `(slot, beacon)` and folds its output in.
		pub fn do_note_vrf(
			pre_output: &[u8; vrf::PRE_OUTPUT_LEN],
			proof: &[u8; vrf::PROOF_LEN],
		) -> DispatchResult {
			ensure!(!Noted::<T>::get(), Error::<T>::AlreadyNoted);
			let (slot, author) = BlockAuthor::<T>::get().ok_or(Error::<T>::UnknownAuthor)?;
			let signature =
				vrf::signature(pre_output, proof).ok_or(Error::<T>::MalformedSignature)?;
			let before = Randomness::<T>::get();
			let output = vrf::verified_output(&author, slot, &before, &signature)
				.ok_or(Error::<T>::InvalidProof)?;
			let beacon = sp_io::hashing::blake2_256(&[&before[..], &output[..]].concat());
			Randomness::<T>::put(beacon);
			Noted::<T>::put(true);
			Self::deposit_event(Event::BeaconUpdated { slot, beacon });
			Ok(())
		}
	}
}
