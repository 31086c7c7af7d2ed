//! What `benchmark overhead` and `benchmark extrinsic` need from this node: signed extrinsics
//! with the runtime's own transaction extensions, and blocks the runtime accepts. A LabelChain
//! block must carry its Aura slot digest and the slot author's VRF proof (`pallet-beacon`
//! refuses a block without it), so the benchmark blocks are built as the development chain's
//! author (Alice) would build the block after genesis: her slot, its timestamp, her proof.

use crate::service::FullClient;
use codec::Encode;
use labelchain_runtime::{
	AccountId, Balance, BalancesCall, Runtime, RuntimeCall, SignedPayload, SystemCall,
	TxExtension, UncheckedExtrinsic, SLOT_DURATION, VERSION,
};
use pallet_beacon::runtime_api::BeaconApi;
use sc_cli::Result;
use sc_client_api::BlockBackend;
use sp_api::ProvideRuntimeApi;
use sp_consensus_aura::{sr25519::AuthorityId as AuraId, AuraApi, Slot, AURA_ENGINE_ID};
use sp_core::{crypto::VrfSecret, Pair};
use sp_inherents::{InherentData, InherentDataProvider};
use sp_keyring::Sr25519Keyring;
use sp_runtime::{generic::Era, DigestItem, OpaqueExtrinsic};
use std::sync::Arc;

/// `system.remark` extrinsics (empty), signed by Bob: what `benchmark overhead` measures the
/// per-extrinsic base cost with.
pub struct RemarkBuilder {
	client: Arc<FullClient>,
}

impl RemarkBuilder {
	/// A builder signing against `client`'s genesis.
	pub fn new(client: Arc<FullClient>) -> Self {
		Self { client }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for RemarkBuilder {
	fn pallet(&self) -> &str {
		"system"
	}

	fn extrinsic(&self) -> &str {
		"remark"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call = SystemCall::remark { remark: vec![] }.into();
		signed(&self.client, Sr25519Keyring::Bob, call, nonce)
	}
}

/// `balances.transfer_keep_alive` extrinsics from Bob: a transfer as users send it, every
/// transaction extension included (`benchmark extrinsic --pallet balances --extrinsic
/// transfer_keep_alive`).
pub struct TransferKeepAliveBuilder {
	client: Arc<FullClient>,
	dest: AccountId,
	value: Balance,
}

impl TransferKeepAliveBuilder {
	/// A builder of transfers of `value` to `dest`.
	pub fn new(client: Arc<FullClient>, dest: AccountId, value: Balance) -> Self {
		Self { client, dest, value }
	}
}

impl frame_benchmarking_cli::ExtrinsicBuilder for TransferKeepAliveBuilder {
	fn pallet(&self) -> &str {
		"balances"
	}

	fn extrinsic(&self) -> &str {
		"transfer_keep_alive"
	}

	fn build(&self, nonce: u32) -> std::result::Result<OpaqueExtrinsic, &'static str> {
		let call =
			BalancesCall::transfer_keep_alive { dest: self.dest.clone().into(), value: self.value }
				.into();
		signed(&self.client, Sr25519Keyring::Bob, call, nonce)
	}
}

/// `call` signed by `who` with nonce `nonce`, immortal, fees in LC, every extension of the
/// runtime's `TxExtension`.
fn signed(
	client: &FullClient,
	who: Sr25519Keyring,
	call: RuntimeCall,
	nonce: u32,
) -> std::result::Result<OpaqueExtrinsic, &'static str> {
	let genesis = client.block_hash(0).ok().flatten().ok_or("the chain has no genesis block")?;
	let extensions: TxExtension = (
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_asset_tx_payment::ChargeAssetTxPayment::<Runtime>::from(0, None),
		frame_metadata_hash_extension::CheckMetadataHash::<Runtime>::new(false),
		pallet_labeling::CheckReveal::<Runtime>::new(),
	);
	let payload = SignedPayload::from_raw(
		call.clone(),
		extensions.clone(),
		((), VERSION.spec_version, VERSION.transaction_version, genesis, genesis, (), (), (), None, ()),
	);
	let signature = payload.using_encoded(|p| who.pair().sign(p));
	let xt = UncheckedExtrinsic::new_signed(
		call,
		who.to_account_id().into(),
		sp_runtime::MultiSignature::Sr25519(signature),
		extensions,
	);
	OpaqueExtrinsic::try_from_encoded_extrinsic(&xt.encode()).map_err(|_| "an extrinsic that does not decode")
}

/// The inherent data and digest of a block on top of the best block, authored by the
/// development key of the slot's author: the first slot after the best block's in which one
/// of the development keys authors, its timestamp, and that key's VRF proof on the beacon.
pub fn block_inputs(client: &FullClient) -> Result<(InherentData, Vec<DigestItem>)> {
	let best = client.chain_info().best_hash;
	let api = client.runtime_api();
	let authorities = api.authorities(best).map_err(|e| format!("Aura authorities: {e}"))?;
	let beacon = api.beacon(best).map_err(|e| format!("the beacon: {e}"))?;
	// Any slot after the genesis slot (0) whose author is a development key.
	let (slot, author) = (1..=authorities.len() as u64 * 2)
		.find_map(|slot| {
			let author = authorities.get((slot % authorities.len().max(1) as u64) as usize)?;
			Sr25519Keyring::iter()
				.find(|k| AuraId::from(k.public()) == *author)
				.map(|k| (slot, k))
		})
		.ok_or("no Aura authority is a development key: benchmark on the dev chain")?;
	let signature = author.pair().vrf_sign(&pallet_beacon::vrf::sign_data(slot, &beacon));
	let proof = pallet_beacon::vrf::encode_parts(&signature);
	let mut data = InherentData::new();
	let timestamp = sp_timestamp::InherentDataProvider::new((slot * SLOT_DURATION).into());
	futures::executor::block_on(timestamp.provide_inherent_data(&mut data))
		.map_err(|e| format!("the timestamp inherent: {e:?}"))?;
	data.put_data(pallet_beacon::INHERENT_IDENTIFIER, &proof)
		.map_err(|e| format!("the VRF inherent: {e:?}"))?;
	let digest = vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(slot).encode())];
	Ok((data, digest))
}
