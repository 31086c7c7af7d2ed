// The commitment formats against vectors the labeling pallet's own test computes
// (pallets/labeling/src/tests/annotation.rs, `commitment_formats_match_the_sdk_vectors`;
// pallets/disputes/src/tests.rs, `vote_commitment_matches_the_sdk_vector`).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { u8aToHex } from '@polkadot/util';
import {
  encodeLabel, goldCommitment, labelCommitment, randomSalt, voteCommitment,
} from '../src/commitment.js';

const fill = (b) => new Uint8Array(32).fill(b);

test('label commitments match the pallet', () => {
  const base = { task: 7, item: 3, round: 1, who: u8aToHex(fill(0x11)), salt: fill(0x22) };
  const vectors = [
    [{ Class: 5 }, '0x2024480ca579ee69edef6bf1d4b42ea91cb5d2e8339e7d90857ffba836add2ee'],
    [{ Classes: 0b1011n }, '0x5181bf48f9ae681ac8b6441c556873e56aa9b5c397be14020ce33ceda212ceea'],
    [{ Boxes: [{ class: 2, x: 10, y: 20, width: 30, height: 40 }] }, '0xc23e1e1254468e3abc525db32675ed4e346602b288869f375a23cf5ff50eadca'],
    [{ Text: u8aToHex(fill(0x33)) }, '0x045a9d09ddad2e819516fd850ee06869e20e9fb1fac40cb912dacc903ed7cd45'],
  ];
  for (const [label, expected] of vectors) assert.equal(labelCommitment({ ...base, label }), expected);
  // Any change of task, item, round, account, label or salt changes it.
  const c = labelCommitment({ ...base, label: { Class: 5 } });
  for (const change of [{ task: 8 }, { item: 4 }, { round: 2 }, { who: u8aToHex(fill(0x12)) }, { label: { Class: 6 } }, { salt: fill(0x23) }]) {
    assert.notEqual(labelCommitment({ ...base, label: { Class: 5 }, ...change }), c);
  }
});

test('answer commitments match the pallet', () => {
  const base = { vendor: u8aToHex(fill(0x44)), contentHash: fill(0x55), salt: fill(0x66) };
  assert.equal(goldCommitment({ ...base, answer: { Class: 1 } }), '0xe44a579eb2a971da0e5e92ce52d79b30a9ec5d0a7fb2a5d026781bdd8f8d2074');
  assert.equal(goldCommitment({ ...base, answer: null }), '0x7f09387a88c6784e13502cea047663d8ed534bca101e72aff74b1ae9f8ef6b08');
});

test('vote commitments match the pallet', () => {
  // pallets/disputes/src/tests.rs, `vote_commitment_matches_the_sdk_vector`.
  assert.equal(
    voteCommitment({ caseId: 9, round: 2, who: u8aToHex(fill(0x77)), vote: { Class: 3 }, salt: fill(0x88) }),
    '0x443b8b787d29e5bf0c55d5643a8d620415dc6db269b8790409d4559d9db7b126',
  );
});

test('labels encode as SCALE; bad ones are refused', () => {
  assert.equal(u8aToHex(encodeLabel({ Class: 1 })), '0x0001000000');
  assert.equal(u8aToHex(encodeLabel({ classes: 3 })), '0x010300000000000000');
  assert.equal(u8aToHex(encodeLabel({ Boxes: [] })), '0x0200');
  assert.throws(() => encodeLabel({ Class: -1 }), RangeError);
  assert.throws(() => encodeLabel({ Class: 1, Classes: 2 }), TypeError);
  assert.throws(() => encodeLabel({ Text: '0x12' }), TypeError);
  assert.throws(() => encodeLabel({ Colour: 1 }), TypeError);
});

test('salts are 32 fresh random bytes', () => {
  const [a, b] = [randomSalt(), randomSalt()];
  assert.equal(a.length, 32);
  assert.notDeepEqual(a, b);
});
