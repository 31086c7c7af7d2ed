//! Blocks as a node builds them: `Executive::initialize_block` with the slot's Aura digest, the
//! timestamp and the author's VRF proof as inherents, signed extrinsics applied one by one
//! (signatures, nonces, fees, weights: every transaction extension runs), then
//! `Executive::finalize_block` — and after every block, the invariants.

use crate::{
	gen::{account, signer, Step},
	invariants::{self, Snapshot},
};
use codec::Encode;
use labelchain_runtime::{
	Executive, Header, Runtime, RuntimeCall, TxExtension, UncheckedExtrinsic, LBL_ASSET_ID,
	SLOT_DURATION,
};
use sp_consensus_aura::{sr25519::AuthorityId as AuraId, Slot, AURA_ENGINE_ID};
use sp_core::{crypto::VrfSecret, Pair, H256};
use sp_runtime::{
	generic::{Era, SignedPayload},
	traits::Header as _,
	transaction_validity::{InvalidTransaction, TransactionValidityError},
	DigestItem, DispatchError, MultiAddress, MultiSignature,
};
use std::{
	collections::BTreeMap,
	time::{Duration, Instant},
};

/// Where the fuzzed chain's slots start.
const FIRST_SLOT: u64 = 1_000;

/// What a run did.
#[derive(Default, Debug)]
pub struct Stats {
	/// Blocks built.
	pub blocks: u32,
	/// Signed extrinsics submitted.
	pub submitted: u32,
	/// Of those, included in a block.
	pub included: u32,
	/// Of those, dispatched without error.
	pub succeeded: u32,
	/// How often each (pallet, call, outcome) triple was seen: the distinct triples are the
	/// fuzzer's measure of new behaviour.
	pub outcomes: BTreeMap<(u8, u8, String), u64>,
	/// The slowest block.
	pub slowest_block: Duration,
	/// The fullest block, in parts per million of the block's ref-time limit.
	pub fullest_block_ppm: u64,
}

/// A broken rule, with the block it broke in.
#[derive(Debug)]
pub struct Violation {
	/// Block number.
	pub block: u32,
	/// What broke.
	pub what: String,
}

/// The chain being built.
pub struct Chain {
	parent: H256,
	slot: u64,
	started: Instant,
	before: Snapshot,
	/// Wall-clock limit of one block (`None`: not checked, as in debug builds).
	pub block_budget: Option<Duration>,
	/// What happened so far.
	pub stats: Stats,
}

fn now() -> u32 {
	frame_system::Pallet::<Runtime>::block_number()
}

impl Chain {
	/// A chain at its genesis state (already built in the externalities), with its first block
	/// started.
	pub fn start(block_budget: Option<Duration>) -> Result<Self, Violation> {
		let mut chain = Self {
			parent: frame_system::BlockHash::<Runtime>::get(0),
			slot: FIRST_SLOT,
			started: Instant::now(),
			before: invariants::snapshot(),
			block_budget,
			stats: Stats::default(),
		};
		chain.open_block()?;
		Ok(chain)
	}

	fn violation(&self, what: impl Into<String>) -> Violation {
		Violation { block: now(), what: what.into() }
	}

	fn bare(&self, call: RuntimeCall, what: &str) -> Result<(), Violation> {
		match Executive::apply_extrinsic(UncheckedExtrinsic::new_bare(call)) {
			Ok(Ok(())) => Ok(()),
			other => Err(self.violation(format!("the {what} inherent failed: {other:?}"))),
		}
	}

	fn open_block(&mut self) -> Result<(), Violation> {
		self.started = Instant::now();
		self.slot += 1;
		let n = now() + 1;
		// The slot's author, by the parent block's authorities (as Aura picks it).
		let authorities = pallet_aura::Authorities::<Runtime>::get();
		if authorities.is_empty() {
			return Err(self.violation("no block authors"));
		}
		let author = authorities[(self.slot % authorities.len() as u64) as usize].clone();
		let pair = sp_keyring::Sr25519Keyring::iter()
			.find(|k| AuraId::from(k.public()) == author)
			.ok_or_else(|| self.violation(format!("the author {author:?} is not a known key")))?
			.pair();
		let digest = sp_runtime::generic::Digest {
			logs: vec![DigestItem::PreRuntime(AURA_ENGINE_ID, Slot::from(self.slot).encode())],
		};
		let header = Header::new(n, H256::zero(), H256::zero(), self.parent, digest);
		Executive::initialize_block(&header);
		self.bare(
			RuntimeCall::Timestamp(pallet_timestamp::Call::set { now: self.slot * SLOT_DURATION }),
			"timestamp",
		)?;
		let beacon = pallet_beacon::Pallet::<Runtime>::beacon();
		let signature = pair.vrf_sign(&pallet_beacon::vrf::sign_data(self.slot, &beacon));
		let (pre_output, proof) = pallet_beacon::vrf::encode_parts(&signature);
		self.bare(RuntimeCall::Beacon(pallet_beacon::Call::note_vrf { pre_output, proof }), "VRF")
	}

	/// Finalizes the block and checks every invariant on the state it leaves.
	pub fn close_block(&mut self) -> Result<(), Violation> {
		let header = Executive::finalize_block();
		self.parent = header.hash();
		self.stats.blocks += 1;
		let elapsed = self.started.elapsed();
		self.stats.slowest_block = self.stats.slowest_block.max(elapsed);
		if let Some(budget) = self.block_budget {
			if elapsed > budget {
				return Err(self.violation(format!("the block took {elapsed:?}, over {budget:?}")));
			}
		}
		let limits: frame_system::limits::BlockWeights =
			<Runtime as frame_system::Config>::BlockWeights::get();
		let per_class = frame_system::Pallet::<Runtime>::block_weight();
		let max = limits.max_block;
		// pallet-session declares a whole block (`max_block`) for a session change, by design,
		// so that nothing else gets in: the rest of such a block must still fit.
		let rotated = frame_system::Pallet::<Runtime>::read_events_no_consensus().any(|r| {
			matches!(
				r.event,
				labelchain_runtime::RuntimeEvent::Session(pallet_session::Event::NewSession { .. })
			)
		});
		let used = if rotated { per_class.total().saturating_sub(max) } else { per_class.total() };
		self.stats.fullest_block_ppm = self
			.stats
			.fullest_block_ppm
			.max(used.ref_time().saturating_mul(1_000_000) / max.ref_time().max(1));
		if used.any_gt(max) {
			use frame_support::dispatch::DispatchClass::*;
			return Err(self.violation(format!(
				"the block used {} ps of compute, over its {} (normal {}, operational {}, mandatory {})",
				used.ref_time(),
				max.ref_time(),
				per_class.get(Normal).ref_time(),
				per_class.get(Operational).ref_time(),
				per_class.get(Mandatory).ref_time(),
			)));
		}
		self.before = invariants::check(&self.before).map_err(|what| self.violation(what))?;
		Ok(())
	}

	/// Closes the block and opens the next.
	pub fn next_block(&mut self) -> Result<(), Violation> {
		self.close_block()?;
		self.open_block()
	}

	/// Signs and applies `step` in the current block (in the next one if this one is full).
	pub fn submit(&mut self, step: &Step) -> Result<(), Violation> {
		let key = signer(step.who);
		let who = account(step.who);
		let nonce = frame_system::Pallet::<Runtime>::account_nonce(&who);
		let extensions: TxExtension = (
			frame_system::CheckNonZeroSender::new(),
			frame_system::CheckSpecVersion::new(),
			frame_system::CheckTxVersion::new(),
			frame_system::CheckGenesis::new(),
			frame_system::CheckEra::from(Era::Immortal),
			frame_system::CheckNonce::from(nonce),
			frame_system::CheckWeight::new(),
			pallet_asset_tx_payment::ChargeAssetTxPayment::from(
				0,
				step.fee_in_lbl.then_some(LBL_ASSET_ID),
			),
			frame_metadata_hash_extension::CheckMetadataHash::new(false),
			pallet_labeling::CheckReveal::new(),
		);
		let payload = SignedPayload::new(step.call.clone(), extensions.clone())
			.map_err(|e| self.violation(format!("cannot sign: {e:?}")))?;
		let signature = payload.using_encoded(|p| key.pair().sign(p));
		let xt = UncheckedExtrinsic::new_signed(
			step.call.clone(),
			MultiAddress::Id(who),
			MultiSignature::Sr25519(signature),
			extensions,
		);
		self.stats.submitted += 1;
		let mut result = Executive::apply_extrinsic(xt.clone());
		if result == Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) {
			self.next_block()?;
			result = Executive::apply_extrinsic(xt);
		}
		let encoded = step.call.encode();
		let (pallet, call) =
			(encoded.first().copied().unwrap_or(0), encoded.get(1).copied().unwrap_or(0));
		let outcome = match &result {
			Ok(Ok(())) => "ok".to_string(),
			Ok(Err(DispatchError::Module(e))) => format!("module {} error {:?}", e.index, e.error),
			Ok(Err(e)) => format!("{e:?}"),
			Err(e) => format!("invalid {e:?}"),
		};
		if result.is_ok() {
			self.stats.included += 1;
		}
		if matches!(result, Ok(Ok(()))) {
			self.stats.succeeded += 1;
		}
		*self.stats.outcomes.entry((pallet, call, outcome)).or_default() += 1;
		Ok(())
	}
}
