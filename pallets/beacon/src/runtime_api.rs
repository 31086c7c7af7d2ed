//! `BeaconApi`: what a block author needs to prove its VRF.

sp_api::decl_runtime_apis! {
	/// The beacon's state.
	pub trait BeaconApi {
		/// The beacon's value: the VRF input of the next block is `(its slot, this)`.
		fn beacon() -> [u8; 32];
	}
}
