//! What the relayer assumes about LabelChain's runtime — the bridge pallet's index, the indices
//! of the calls it submits, the storage it reads, and the transaction extensions it encodes —
//! checked against the chain's own metadata at start. A runtime upgrade that moves any of them
//! makes the relayer refuse to start with the list of differences, instead of submitting
//! transactions that decode as something else. The metadata also names the dispatch errors the
//! relayer reports.

use anyhow::{anyhow, bail, Result};
use codec::Decode;
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use scale_info::{PortableRegistry, TypeDef};
use std::collections::BTreeMap;

/// The bridge pallet's name.
pub const PALLET: &str = "EthBridge";

/// The calls the relayer submits, by name, with the index it encodes.
pub const CALLS: &[(&str, u8)] =
	&[("attest", 5), ("set_signer", 7), ("sign_outbound", 8), ("confirm_release", 10)];

/// The storage items the relayer reads.
pub const STORAGE: &[&str] = &[
	"EthereumVault",
	"CurrentGeneration",
	"Inbound",
	"Attestations",
	"Signers",
	"Relayers",
	"NextOutbound",
	"OutboundQueue",
	"OutboundSignatures",
	"ReleaseConfirmations",
];

/// The transaction extensions, in the order the relayer encodes them.
pub const EXTENSIONS: &[&str] = &[
	"CheckNonZeroSender",
	"CheckSpecVersion",
	"CheckTxVersion",
	"CheckGenesis",
	"CheckMortality",
	"CheckNonce",
	"CheckWeight",
	"ChargeAssetTxPayment",
	"CheckMetadataHash",
	"CheckReveal",
];

/// The parts of the metadata the relayer needs, from any supported metadata version.
pub struct Runtime {
	/// Pallets by name: (index, call variants (name → index), storage item names, error
	/// type).
	pallets: BTreeMap<String, PalletInfo>,
	/// Transaction extension identifiers, in order.
	pub extensions: Vec<String>,
	/// The extrinsic format version.
	pub extrinsic_version: u8,
	types: PortableRegistry,
}

struct PalletInfo {
	index: u8,
	calls: BTreeMap<String, u8>,
	storage: Vec<String>,
	errors: Option<u32>,
}

fn variants(types: &PortableRegistry, id: u32) -> Vec<(String, u8, String)> {
	match types.resolve(id).map(|t| &t.type_def) {
		Some(TypeDef::Variant(v)) => {
			v.variants.iter().map(|v| (v.name.clone(), v.index, v.docs.join(" "))).collect()
		}
		_ => vec![],
	}
}

impl Runtime {
	/// Decodes `state_getMetadata`'s bytes (metadata V14 or V15).
	pub fn decode(bytes: &[u8]) -> Result<Self> {
		let prefixed = RuntimeMetadataPrefixed::decode(&mut &bytes[..])
			.map_err(|e| anyhow!("the chain's metadata does not decode: {e}"))?;
		macro_rules! from {
			($m:expr) => {{
				let m = $m;
				let pallets = m
					.pallets
					.iter()
					.map(|p| {
						let calls = p
							.calls
							.as_ref()
							.map(|c| variants(&m.types, c.ty.id))
							.unwrap_or_default()
							.into_iter()
							.map(|(n, i, _)| (n, i))
							.collect();
						let storage = p
							.storage
							.as_ref()
							.map(|s| s.entries.iter().map(|e| e.name.clone()).collect())
							.unwrap_or_default();
						let info = PalletInfo {
							index: p.index,
							calls,
							storage,
							errors: p.error.as_ref().map(|e| e.ty.id),
						};
						(p.name.clone(), info)
					})
					.collect();
				Runtime {
					pallets,
					extensions: m
						.extrinsic
						.signed_extensions
						.iter()
						.map(|e| e.identifier.clone())
						.collect(),
					extrinsic_version: m.extrinsic.version,
					types: m.types.clone(),
				}
			}};
		}
		Ok(match prefixed.1 {
			RuntimeMetadata::V14(m) => from!(m),
			RuntimeMetadata::V15(m) => from!(m),
			other => bail!("metadata version {} is not supported", other.version()),
		})
	}

	/// Every way the runtime differs from what the relayer encodes (empty: it matches).
	pub fn differences(&self, pallet_index: u8) -> Vec<String> {
		let mut out = Vec::new();
		if self.extrinsic_version != 4 {
			out.push(format!(
				"extrinsic format {} (the relayer signs format 4)",
				self.extrinsic_version
			));
		}
		let Some(p) = self.pallets.get(PALLET) else {
			out.push(format!("no `{PALLET}` pallet"));
			return out;
		};
		if p.index != pallet_index {
			out.push(format!(
				"`{PALLET}` is pallet {} (the relayer encodes {pallet_index})",
				p.index
			));
		}
		for (name, index) in CALLS {
			match p.calls.get(*name) {
				None => out.push(format!("no call `{PALLET}.{name}`")),
				Some(i) if i != index => {
					out.push(format!("`{PALLET}.{name}` is call {i} (the relayer encodes {index})"))
				}
				_ => {}
			}
		}
		for name in STORAGE {
			if !p.storage.iter().any(|s| s == name) {
				out.push(format!("no storage item `{PALLET}.{name}`"));
			}
		}
		if self.extensions != EXTENSIONS {
			out.push(format!(
				"transaction extensions {:?} (the relayer encodes {EXTENSIONS:?})",
				self.extensions
			));
		}
		out
	}

	/// The name and documentation of pallet `index`'s error `error` (`Pallet::Error: docs`).
	pub fn error_name(&self, index: u8, error: u8) -> String {
		let Some((name, p)) = self.pallets.iter().find(|(_, p)| p.index == index) else {
			return format!("error {error} of pallet {index}");
		};
		let found = p
			.errors
			.map(|ty| variants(&self.types, ty))
			.unwrap_or_default()
			.into_iter()
			.find(|(_, i, _)| *i == error);
		match found {
			Some((e, _, docs)) if docs.is_empty() => format!("{name}::{e}"),
			Some((e, _, docs)) => format!("{name}::{e} ({docs})"),
			None => format!("{name} error {error}"),
		}
	}
}

/// Refuses a runtime that differs from what the relayer encodes.
pub fn ensure_compatible(runtime: &Runtime, pallet_index: u8) -> Result<()> {
	let differences = runtime.differences(pallet_index);
	if !differences.is_empty() {
		bail!(
			"LabelChain's runtime is not the one this relayer was built for; upgrade the relayer:\n  {}",
			differences.join("\n  ")
		);
	}
	Ok(())
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;
	use frame_metadata::v14::RuntimeMetadataV14;

	/// LabelChain's own metadata, V14, as `state_getMetadata` returns it.
	fn labelchain() -> RuntimeMetadataV14 {
		let bytes = labelchain_runtime::Runtime::metadata().encode();
		match RuntimeMetadataPrefixed::decode(&mut &bytes[..]).expect("decodes").1 {
			RuntimeMetadata::V14(m) => m,
			_ => panic!("V14"),
		}
	}

	fn encoded(m: RuntimeMetadataV14) -> Vec<u8> {
		RuntimeMetadataPrefixed::from(m).encode()
	}

	#[test]
	fn the_runtime_this_relayer_was_built_for_is_accepted() {
		let runtime = Runtime::decode(&encoded(labelchain())).expect("decodes");
		assert_eq!(runtime.differences(crate::labelchain::PALLET_INDEX), Vec::<String>::new());
		// Dispatch errors are named from the metadata.
		let index = crate::labelchain::PALLET_INDEX;
		let named = (0..40).map(|e| runtime.error_name(index, e)).collect::<Vec<_>>().join("\n");
		assert!(named.contains("EthBridge::DecimalsMismatch"), "{named}");
	}

	#[test]
	fn a_moved_pallet_a_renumbered_call_or_another_extension_is_refused() {
		let index = crate::labelchain::PALLET_INDEX;
		// The pallet moved.
		let mut m = labelchain();
		let p = m.pallets.iter_mut().find(|p| p.name == PALLET).expect("pallet");
		p.index = 40;
		let err = ensure_compatible(&Runtime::decode(&encoded(m)).expect("ok"), index).unwrap_err();
		assert!(
			err.to_string().contains("`EthBridge` is pallet 40 (the relayer encodes 22)"),
			"{err}"
		);
		// One more transaction extension (a runtime that adds `WeightReclaim`, say).
		let mut m = labelchain();
		let extra = m.extrinsic.signed_extensions[0].clone();
		m.extrinsic.signed_extensions.push(frame_metadata::v14::SignedExtensionMetadata {
			identifier: "WeightReclaim".into(),
			..extra
		});
		let differences = Runtime::decode(&encoded(m)).expect("ok").differences(index);
		assert_eq!(differences.len(), 1, "{differences:?}");
		assert!(differences[0].contains("WeightReclaim"));
		// One extension fewer (a runtime without `CheckMetadataHash`).
		let mut m = labelchain();
		m.extrinsic.signed_extensions.retain(|e| e.identifier != "CheckMetadataHash");
		let differences = Runtime::decode(&encoded(m)).expect("ok").differences(index);
		assert_eq!(differences.len(), 1, "{differences:?}");
		assert!(differences[0].contains("CheckMetadataHash"));
		// A call renumbered: the call type's variant index changes.
		let mut m = labelchain();
		let ty = m
			.pallets
			.iter()
			.find(|p| p.name == PALLET)
			.and_then(|p| p.calls.as_ref())
			.expect("calls")
			.ty
			.id;
		let entry = m.types.types.iter_mut().find(|t| t.id == ty).expect("call type");
		if let TypeDef::Variant(v) = &mut entry.ty.type_def {
			v.variants.iter_mut().find(|v| v.name == "attest").expect("attest").index = 30;
		}
		let differences = Runtime::decode(&encoded(m)).expect("ok").differences(index);
		assert_eq!(
			differences,
			vec!["`EthBridge.attest` is call 30 (the relayer encodes 5)".to_string()]
		);
		// Not LabelChain at all.
		assert!(Runtime::decode(b"not metadata").is_err());
	}
}
