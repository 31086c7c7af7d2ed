//! The block author's part of the VRF beacon (`pallet-beacon`): when this node authors a slot,
//! it proves its Aura key's VRF output on `(slot, beacon)` and hands it to the runtime as
//! inherent data. The output is the same whatever else the block holds, so the author has
//! nothing to grind.

use labelchain_runtime::opaque::Block;
use pallet_beacon::runtime_api::BeaconApi;
use sp_api::ProvideRuntimeApi;
use sp_consensus_aura::{sr25519::AuthorityId as AuraId, AuraApi, Slot};
use sp_core::{crypto::key_types::AURA, sr25519};
use sp_inherents::{Error, InherentData, InherentIdentifier};
use sp_keystore::KeystorePtr;
use sp_runtime::traits::Block as BlockT;

/// The inherent data of one block: this node's VRF proof for the slot, or nothing when the
/// node does not hold the slot author's key (then the block cannot be authored here anyway).
pub struct InherentDataProvider(Option<([u8; 32], [u8; 64])>);

impl InherentDataProvider {
	/// Proves the VRF of `slot`'s author on the beacon at `parent`, if this node holds its key.
	pub fn new<C>(
		client: &C,
		keystore: &KeystorePtr,
		parent: <Block as BlockT>::Hash,
		slot: Slot,
	) -> Result<Self, Box<dyn std::error::Error + Send + Sync>>
	where
		C: ProvideRuntimeApi<Block>,
		C::Api: AuraApi<Block, AuraId> + BeaconApi<Block>,
	{
		let api = client.runtime_api();
		let authorities = api.authorities(parent)?;
		if authorities.is_empty() {
			return Ok(Self(None));
		}
		let author = &authorities[(*slot % authorities.len() as u64) as usize];
		let public: sr25519::Public = author.clone().into();
		let beacon = api.beacon(parent)?;
		let data = pallet_beacon::vrf::sign_data(*slot, &beacon);
		let proof = keystore
			.sr25519_vrf_sign(AURA, &public, &data)?
			.map(|signature| pallet_beacon::vrf::encode_parts(&signature));
		Ok(Self(proof))
	}
}

#[async_trait::async_trait]
impl sp_inherents::InherentDataProvider for InherentDataProvider {
	async fn provide_inherent_data(&self, data: &mut InherentData) -> Result<(), Error> {
		match &self.0 {
			Some(proof) => data.put_data(pallet_beacon::INHERENT_IDENTIFIER, proof),
			None => Ok(()),
		}
	}

	async fn try_handle_error(
		&self,
		identifier: &InherentIdentifier,
		_error: &[u8],
	) -> Option<Result<(), Error>> {
		(*identifier == pallet_beacon::INHERENT_IDENTIFIER).then(|| {
			Err(Error::Application(Box::from(
				"the block lacks the slot author's VRF proof (labelchain beacon)",
			)))
		})
	}
}
