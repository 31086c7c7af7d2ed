// The labeling flow as a client drives it: task specs, commitments, seat requests and the
// draw that seats annotators at the start of the next block.

import { u8aConcat, stringToU8a, u8aToHex } from '@polkadot/util';
import { encodeAddress } from '@polkadot/util-crypto';
import { goldCommitment as sdkGoldCommitment, labelCommitment } from '@labelchain/sdk';
import assert from 'node:assert/strict';
import { sleep, submit } from './node.js';

export const UNIT = 10n ** 12n;

/** The governance account (`PalletId(*b"lc/govrn")`): a keyless account only a council motion
 * (or root) acts for. A task may pay only in assets whose roles are all its (or the bridge's). */
export const GOVERNANCE = encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a('lc/govrn'), new Uint8Array(20)));

/**
 * Creates reward asset `id` on a dev chain the way governance would: owned (every role) by the
 * governance account, then mints `[account, amount]` pairs, through the sudo key `sudo`.
 */
export async function createRewardAsset(api, sudo, id, mints) {
  await submit(api, api.tx.sudo.sudo(api.tx.assets.forceCreate(id, GOVERNANCE, false, 1n)), sudo, { until: 'inBlock' });
  for (const [who, amount] of mints) {
    await submit(api, api.tx.sudo.sudoAs(GOVERNANCE, api.tx.assets.mint(id, who, amount)), sudo, { until: 'inBlock' });
  }
  assert.ok((await api.call.labelingApi.rewardAssetAllowed(id)).isTrue, `asset ${id} may pay rewards`);
}

/** A task spec with the tests' defaults: three annotators, no escalation, 90 % confidence. */
export function taskSpec(overrides) {
  return {
    instructions: { uri: 'ipfs://instructions', digest: u8aToHex(new Uint8Array(32).fill(0xaa)) },
    schema: { Categorical: { classes: 3 } },
    redundancy: 3,
    maxSeats: 3,
    confidence: 900_000_000, // Perbill parts: 90 %
    commitWindow: 100,
    revealWindow: 100,
    goldBonus: 0,
    collateral: 10n * UNIT,
    withGold: false,
    minStake: 100n * UNIT,
    minReputation: 0,
    ...overrides,
  };
}

// The commitment formats live in the SDK, in one place; these keep the tests' call shapes.

/** blake2_256("labelchain/commit" ‖ task ‖ item ‖ round ‖ account ‖ SCALE(label) ‖ salt). */
export const commitmentOf = (_api, task, item, round, who, label, salt) =>
  labelCommitment({ task, item, round, who, label, salt });

/** blake2_256("labelchain/gold" ‖ vendor ‖ content hash ‖ SCALE(Option<Label>) ‖ salt). */
export const goldCommitment = (_api, vendor, contentHash, answer, salt) =>
  sdkGoldCommitment({ vendor, contentHash, answer, salt });

/** The items of `task` that `who` holds seats of. */
export async function seatsOf(api, task, who) {
  const info = await api.call.labelingApi.annotator(who.address ?? who);
  return info.seats.filter(([t]) => t.toNumber() === task).map(([, i]) => i.toNumber());
}

/**
 * Every annotator asks for `count` seats of `task`; resolves, once the draw at the start of
 * a later block has seated them, with the items each got (in the annotators' order).
 */
export async function requestSeats(api, task, annotators, count = 1, timeoutMs = 60_000) {
  const before = await Promise.all(annotators.map((a) => seatsOf(api, task, a)));
  await Promise.all(annotators.map((a) =>
    submit(api, api.tx.labeling.requestSeats(task, count), a, { until: 'inBlock' })));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const infos = await Promise.all(annotators.map((a) => api.call.labelingApi.annotator(a.address)));
    if (infos.every((i) => i.requested.toNumber() === 0)) break;
    if (Date.now() > deadline) throw new Error('seats not drawn in time');
    await sleep(500);
  }
  const after = await Promise.all(annotators.map((a) => seatsOf(api, task, a)));
  return after.map((items, k) => items.filter((i) => !before[k].includes(i)));
}
