fn main() {
	// With `metadata-hash` the wasm carries the hash of its own metadata (RFC 78), which
	// `CheckMetadataHash` adds to the signed payload of a transaction signed with the hash (as
	// hardware signers do), so such a signature is valid only for the metadata the signer showed.
	#[cfg(all(feature = "std", feature = "metadata-hash"))]
	{
		substrate_wasm_builder::WasmBuilder::init_with_defaults()
			.enable_metadata_hash("LC", 12)
			.build();
	}
	#[cfg(all(feature = "std", not(feature = "metadata-hash")))]
	{
		substrate_wasm_builder::WasmBuilder::build_using_defaults();
	}
}
