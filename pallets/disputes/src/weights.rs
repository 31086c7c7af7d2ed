// TEMPORARY, NOT COMMITTED: replaced by scripts/benchmark.sh output.
#![allow(missing_docs)]
use frame_support::weights::Weight;
pub trait WeightInfo {
	fn join_reviewers() -> Weight;
	fn leave_reviewers() -> Weight;
	fn appeal() -> Weight;
	fn commit_vote() -> Weight;
	fn reveal_vote() -> Weight;
	fn advance_draw() -> Weight;
	fn advance_tally() -> Weight;
	fn update_params() -> Weight;
}
impl WeightInfo for () {
	fn join_reviewers() -> Weight {
		Weight::zero()
	}
	fn leave_reviewers() -> Weight {
		Weight::zero()
	}
	fn appeal() -> Weight {
		Weight::zero()
	}
	fn commit_vote() -> Weight {
		Weight::zero()
	}
	fn reveal_vote() -> Weight {
		Weight::zero()
	}
	fn advance_draw() -> Weight {
		Weight::zero()
	}
	fn advance_tally() -> Weight {
		Weight::zero()
	}
	fn update_params() -> Weight {
		Weight::zero()
	}
}

pub struct SubstrateWeight<T>(core::marker::PhantomData<T>);
impl<T> WeightInfo for SubstrateWeight<T> {
	fn join_reviewers() -> Weight {
		Weight::zero()
	}
	fn leave_reviewers() -> Weight {
		Weight::zero()
	}
	fn appeal() -> Weight {
		Weight::zero()
	}
	fn commit_vote() -> Weight {
		Weight::zero()
	}
	fn reveal_vote() -> Weight {
		Weight::zero()
	}
	fn advance_draw() -> Weight {
		Weight::zero()
	}
	fn advance_tally() -> Weight {
		Weight::zero()
	}
	fn update_params() -> Weight {
		Weight::zero()
	}
}
