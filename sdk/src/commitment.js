// Every commitment format of LabelChain, in one place: an annotator's label commitment and a
// vendor's answer (gold) commitment, byte for byte as the labeling pallet computes them
// (`pallet_labeling::annotation::commitment_of`, `pallet_labeling::task::gold_commitment`), and
// the SCALE encoding of a label they hash. Pinned to vectors the pallet's own tests compute
// (test/commitment.test.js), and used by the end-to-end tests, whose reveals the chain checks.

import { u8aConcat, u8aToHex, hexToU8a, isHex, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, decodeAddress } from '@polkadot/util-crypto';

const u32le = (n) => {
  const v = Number(n);
  if (!Number.isInteger(v) || v < 0 || v > 0xffff_ffff) throw new RangeError(`not a u32: ${n}`);
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, v, true);
  return out;
};

const u64le = (n) => {
  const v = BigInt(n);
  if (v < 0n || v >= 1n << 64n) throw new RangeError(`not a u64: ${n}`);
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
};

/** SCALE compact encoding of a small length (below 2^30). */
function compact(n) {
  if (n < 1 << 6) return new Uint8Array([n << 2]);
  if (n < 1 << 14) return new Uint8Array([((n << 2) | 1) & 0xff, n >> 6]);
  if (n < 1 << 30) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, (n << 2) | 2, true);
    return out;
  }
  throw new RangeError('length too large');
}

/** 32 bytes from a hex string or a Uint8Array. */
function bytes32(value, what) {
  const bytes = typeof value === 'string' && isHex(value) ? hexToU8a(value) : value;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32) throw new TypeError(`${what} must be 32 bytes`);
  return bytes;
}

/** The account's 32 bytes, from an SS58 address, a hex public key, bytes, or a keyring pair. */
function accountBytes(who) {
  if (who && who.publicKey instanceof Uint8Array) return who.publicKey;
  return decodeAddress(who.address ?? who);
}

/**
 * SCALE encoding of a `Label`: `{ Class: n }`, `{ Classes: bits }` (a bigint or number, bit i
 * for class i), `{ Boxes: [{ class, x, y, width, height }, …] }`, or `{ Text: hash }` (the
 * blake2-256 of the canonical text). Variant names are also accepted in lower camel case.
 */
export function encodeLabel(label) {
  if (label === null || typeof label !== 'object') throw new TypeError('a label is an object like { Class: 1 }');
  const keys = Object.keys(label);
  if (keys.length !== 1) throw new TypeError('a label has exactly one variant');
  const kind = keys[0].charAt(0).toUpperCase() + keys[0].slice(1);
  const value = label[keys[0]];
  switch (kind) {
    case 'Class':
      return u8aConcat(new Uint8Array([0]), u32le(value));
    case 'Classes':
      return u8aConcat(new Uint8Array([1]), u64le(value));
    case 'Boxes':
      if (!Array.isArray(value)) throw new TypeError('Boxes is a list of boxes');
      return u8aConcat(
        new Uint8Array([2]),
        compact(value.length),
        ...value.flatMap((b) => [u32le(b.class), u32le(b.x), u32le(b.y), u32le(b.width), u32le(b.height)]),
      );
    case 'Text':
      return u8aConcat(new Uint8Array([3]), bytes32(value, 'Text'));
    default:
      throw new TypeError(`unknown label variant ${keys[0]}`);
  }
}

/** The blake2-256 of free text, as a `{ Text }` label holds it (canonicalize it first, as the
 * task's instructions say: trimming, case, Unicode normalization). */
export const textLabel = (canonicalText) => ({ Text: u8aToHex(blake2AsU8a(stringToU8a(canonicalText))) });

/**
 * An annotator's commitment to `label` for their seat on `item` of `task` in `round`:
 * `blake2_256("labelchain/commit" ‖ task ‖ item ‖ round ‖ account ‖ SCALE(label) ‖ salt)`,
 * integers as 4-byte little-endian. Hex string.
 */
export function labelCommitment({ task, item, round, who, label, salt }) {
  return u8aToHex(blake2AsU8a(u8aConcat(
    stringToU8a('labelchain/commit'), u32le(task), u32le(item), u32le(round),
    accountBytes(who), encodeLabel(label), bytes32(salt, 'salt'),
  )));
}

/**
 * A vendor's answer commitment for an item: `blake2_256("labelchain/gold" ‖ vendor ‖ content
 * hash ‖ SCALE(Option<Label>) ‖ salt)`; `answer` null for a decoy (an ordinary item of a task
 * with gold). Hex string.
 */
export function goldCommitment({ vendor, contentHash, answer, salt }) {
  const encoded = answer ? u8aConcat(new Uint8Array([1]), encodeLabel(answer)) : new Uint8Array([0]);
  return u8aToHex(blake2AsU8a(u8aConcat(
    stringToU8a('labelchain/gold'), accountBytes(vendor), bytes32(contentHash, 'content hash'), encoded,
    bytes32(salt, 'salt'),
  )));
}

/** 32 fresh random bytes from the platform's CSPRNG (Web Crypto, in browsers and Node ≥ 20). */
export function randomSalt() {
  return globalThis.crypto.getRandomValues(new Uint8Array(32));
}

/**
 * A reviewer's commitment to `vote` in `round` of dispute `caseId`:
 * `blake2_256("labelchain/review" ‖ case ‖ round ‖ reviewer ‖ SCALE(vote) ‖ salt)`. Hex string.
 */
export function voteCommitment({ caseId, round, who, vote, salt }) {
  return u8aToHex(blake2AsU8a(u8aConcat(
    stringToU8a('labelchain/review'), u32le(caseId), u32le(round), accountBytes(who), encodeLabel(vote),
    bytes32(salt, 'salt'),
  )));
}
