//! `CheckReveal`: a transaction extension that refuses, at validation, a `reveal`,
//! `reveal_many` or `reveal_gold` that would fail.
//!
//! Attack it stops: a reveal carries its label and salt (a gold reveal carries the vendor's
//! answer) in the clear. Before this extension a reveal sent too early failed with
//! `NotRevealPhase` but was still included in a block with its arguments, so anyone could read
//! the preimage there and `denounce` the annotator for the whole collateral, or copy a gold
//! answer before the other annotators of the item revealed. With the check at validation such a
//! call is refused by the transaction pool of the node it is sent to: it is never gossiped,
//! never included, and the sender pays nothing. The checks are exactly the read-only part of
//! the calls themselves ([`Pallet::check_reveal`], [`Pallet::check_reveal_gold`]), so a call
//! the extension lets through can only fail for a reason that publishes nothing secret (the
//! state changed between validation and inclusion, in which case the block builder drops it,
//! because the extension runs again when the block is built).
//!
//! A refused call's error is `InvalidTransaction::Custom(i)`, `i` the index of the pallet's
//! [`Error`] variant, so a client can name it from the metadata.

use crate::{pallet::*, WeightInfo};
use codec::{Decode, DecodeWithMemTracking, Encode};
use core::marker::PhantomData;
use frame_support::{
	pallet_prelude::TransactionSource, traits::Get, traits::IsSubType, traits::OriginTrait,
	DefaultNoBound,
};
use scale_info::TypeInfo;
use sp_runtime::{
	impl_tx_ext_default,
	traits::{DispatchInfoOf, TransactionExtension, ValidateResult},
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DispatchError, Weight,
};

/// Refuses at validation a `reveal` / `reveal_many` / `reveal_gold` that would fail (see the module docs).
#[derive(Encode, Decode, DecodeWithMemTracking, DefaultNoBound, Clone, Eq, PartialEq, TypeInfo)]
#[scale_info(skip_type_params(T))]
pub struct CheckReveal<T>(PhantomData<T>);

impl<T> core::fmt::Debug for CheckReveal<T> {
	fn fmt(&self, f: &mut core::fmt::Formatter) -> core::fmt::Result {
		write!(f, "CheckReveal")
	}
}

impl<T: Config + Send + Sync> CheckReveal<T> {
	/// The extension (it carries no data).
	pub fn new() -> Self {
		Self(PhantomData)
	}
}

/// The transaction-validity error for a pallet error: `Custom(index of the variant)`.
pub fn refusal(error: DispatchError) -> TransactionValidityError {
	match error {
		DispatchError::Module(m) => InvalidTransaction::Custom(m.error[0]).into(),
		_ => InvalidTransaction::Call.into(),
	}
}

impl<T: Config + Send + Sync> TransactionExtension<<T as frame_system::Config>::RuntimeCall>
	for CheckReveal<T>
where
	<T as frame_system::Config>::RuntimeCall: IsSubType<Call<T>>,
{
	const IDENTIFIER: &'static str = "CheckReveal";
	type Implicit = ();
	type Val = ();
	type Pre = ();

	/// A reveal's check is charged its computation only: `check_reveal` less the storage reads
	/// its benchmark counts (the task, the item, its seats, the congestion count). The reveal
	/// it guards reads the same keys in the same extrinsic, and the reveal's weight counts those
	/// reads whether or not the check ran before it (a reveal dispatched without the check, by
	/// `sudo_as`, still pays for them): the database work is done once, by the check, and
	/// charged once, to the call. Charging both counted every key twice, 32 µs a reveal. The
	/// check passes only if the reveal will (same state, same block), so the call does read
	/// them; `reveal_gold`'s check reads keys its call may not, and keeps its reads.
	fn weight(&self, call: &<T as frame_system::Config>::RuntimeCall) -> Weight {
		let check =
			|| T::WeightInfo::check_reveal().saturating_sub(T::DbWeight::get().reads(4));
		match call.is_sub_type() {
			Some(Call::reveal { .. }) => check(),
			Some(Call::reveal_gold { .. }) => T::WeightInfo::check_reveal_gold(),
			Some(Call::reveal_many { reveals, .. }) => check().saturating_mul(reveals.len() as u64),
			_ => Weight::zero(),
		}
	}

	fn validate(
		&self,
		origin: <T as frame_system::Config>::RuntimeOrigin,
		call: &<T as frame_system::Config>::RuntimeCall,
		_info: &DispatchInfoOf<<T as frame_system::Config>::RuntimeCall>,
		_len: usize,
		_self_implicit: Self::Implicit,
		_inherited_implication: &impl Encode,
		_source: TransactionSource,
	) -> ValidateResult<Self::Val, <T as frame_system::Config>::RuntimeCall> {
		let Some(who) = origin.as_signer() else { return Ok((Default::default(), (), origin)) };
		match call.is_sub_type() {
			Some(Call::reveal { task, item, label, salt }) => {
				Pallet::<T>::check_reveal(who, *task, *item, label, salt).map_err(refusal)?;
			}
			Some(Call::reveal_gold { task, item, answer, salt }) => {
				Pallet::<T>::check_reveal_gold(who, *task, *item, answer, salt).map_err(refusal)?;
			}
			Some(Call::reveal_many { reveals, bound }) => {
				Pallet::<T>::check_reveal_many(who, reveals, bound).map_err(refusal)?;
			}
			_ => {}
		}
		Ok((Default::default(), (), origin))
	}
	impl_tx_ext_default!(<T as frame_system::Config>::RuntimeCall; prepare);
}
