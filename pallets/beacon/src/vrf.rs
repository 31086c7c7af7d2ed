//! The VRF every block's author proves: its input, its verification, and its output.
//!
//! Input: the transcript `("labelchain/beacon"; slot ‖ randomness)`, where `randomness` is the
//! beacon's value before the block. An sr25519 VRF has one output per key and input, which the
//! key's holder computes and anyone verifies with the public key: the author of a slot cannot
//! choose it (only decline to author). Mixing in the previous value means nobody knows a
//! slot's input before the block before it exists.

use sp_core::crypto::VrfPublic;
use sp_core::sr25519::{
	vrf::{VrfInput, VrfPreOutput, VrfProof, VrfSignData, VrfSignature, VrfTranscript},
	Public,
};

/// Length of a VRF pre-output, in bytes.
pub const PRE_OUTPUT_LEN: usize = 32;
/// Length of a VRF proof, in bytes.
pub const PROOF_LEN: usize = 64;

/// The VRF input of `slot` after `randomness`.
pub fn input(slot: u64, randomness: &[u8; 32]) -> VrfInput {
	VrfTranscript::new(
		b"labelchain/beacon",
		&[(b"slot", &slot.to_le_bytes()), (b"randomness", &randomness[..])],
	)
}

/// What the author signs: the VRF input, nothing extra.
pub fn sign_data(slot: u64, randomness: &[u8; 32]) -> VrfSignData {
	VrfSignData::new(input(slot, randomness))
}

/// The VRF signature an author proved, from its encoded parts; `None` if they do not decode.
pub fn signature(
	pre_output: &[u8; PRE_OUTPUT_LEN],
	proof: &[u8; PROOF_LEN],
) -> Option<VrfSignature> {
	use codec::Decode;
	Some(VrfSignature {
		pre_output: VrfPreOutput::decode(&mut &pre_output[..]).ok()?,
		proof: VrfProof::decode(&mut &proof[..]).ok()?,
	})
}

/// The 32 output bytes of `author`'s VRF for `slot` after `randomness`, if the signature
/// proves them.
pub fn verified_output(
	author: &Public,
	slot: u64,
	randomness: &[u8; 32],
	signature: &VrfSignature,
) -> Option<[u8; 32]> {
	if !author.vrf_verify(&sign_data(slot, randomness), signature) {
		return None;
	}
	author
		.make_bytes::<32>(
			b"labelchain/beacon-output",
			&input(slot, randomness),
			&signature.pre_output,
		)
		.ok()
}

/// The signature's parts as the inherent carries them.
pub fn encode_parts(signature: &VrfSignature) -> ([u8; PRE_OUTPUT_LEN], [u8; PROOF_LEN]) {
	use codec::Encode;
	let mut pre_output = [0u8; PRE_OUTPUT_LEN];
	pre_output.copy_from_slice(&signature.pre_output.encode());
	let mut proof = [0u8; PROOF_LEN];
	proof.copy_from_slice(&signature.proof.encode());
	(pre_output, proof)
}
