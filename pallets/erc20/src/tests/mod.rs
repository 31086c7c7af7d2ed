//! Unit tests, one file per concept, sharing the helpers below.

mod allowance;
mod transfer;
mod views;

use crate::{mock::*, pallet::*};
use frame_support::traits::fungibles::Inspect;

/// `who`'s balance of `asset`.
pub(crate) fn balance(asset: u32, who: AccountId) -> Balance {
	<Assets as Inspect<AccountId>>::balance(asset, &who)
}

/// The events this pallet emitted, in order.
pub(crate) fn erc20_events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|r| match r.event {
			RuntimeEvent::Erc20(e) => Some(e),
			_ => None,
		})
		.collect()
}

/// The ERC-20 `Transfer` event.
pub(crate) fn transferred(
	asset: u32,
	from: AccountId,
	to: AccountId,
	value: Balance,
) -> Event<Test> {
	Event::Transfer { asset, from, to, value }
}

/// The ERC-20 `Approval` event.
pub(crate) fn approval(
	asset: u32,
	owner: AccountId,
	spender: AccountId,
	value: Balance,
) -> Event<Test> {
	Event::Approval { asset, owner, spender, value }
}

/// The signed origin of `who`.
pub(crate) fn signed(who: AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who)
}
