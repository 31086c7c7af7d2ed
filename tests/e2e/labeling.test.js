// The labeling life cycle on a real dev node, driven through polkadot.js the way a vendor and
// annotators would: a task with a gold item, three staked annotators commit and reveal, one
// disagrees; settlement pays the right amounts, records strikes and reputation; the vendor
// closes the task and gets every unspent unit back.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, stringToU8a, u8aToHex, bnToU8a } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import { connect, eventsOf, startNode, submit } from './lib/node.js';

const UNIT = 10n ** 12n;
const USDL = 2; // a reward asset the vendor pays in
const REWARD = 10n * 1_000_000n;
const BONUS = 5n * 1_000_000n;
const CAT = { Class: 1 };
const DOG = { Class: 2 };

const u32le = (n) => bnToU8a(n, { bitLength: 32, isLe: true });

describe('labeling life cycle', () => {
  let node;
  let api;
  let alice; // creates the reward asset
  let vendor;
  let annotators;
  let task;

  const inBlock = (tx, who) => submit(api, tx, who, { until: 'inBlock' });
  const assetBalance = async (asset, who) => {
    const acc = await api.query.assets.account(asset, who.address);
    return acc.isSome ? acc.unwrap().balance.toBigInt() : 0n;
  };
  // SCALE encoding of a label, taken from the call that carries it.
  const encodeLabel = (label) =>
    api.tx.labeling.reveal(0, 0, label, new Uint8Array(32)).method.args[2].toU8a();
  const commitmentOf = (taskId, item, round, who, label, salt) =>
    u8aToHex(blake2AsU8a(u8aConcat(
      stringToU8a('labelchain/commit'), u32le(taskId), u32le(item), u32le(round),
      decodeAddress(who.address), encodeLabel(label), salt,
    )));
  const goldCommitment = (who, contentHash, answer, salt) => {
    // SCALE(Option<Label>): 0x01 ‖ SCALE(label), or 0x00.
    const encoded = answer ? u8aConcat(new Uint8Array([1]), encodeLabel(answer)) : new Uint8Array([0]);
    return u8aToHex(blake2AsU8a(u8aConcat(
      stringToU8a('labelchain/gold'), decodeAddress(who.address), contentHash, encoded, salt,
    )));
  };
  const saltOf = (i) => new Uint8Array(32).fill(i + 1);
  const goldSalt = new Uint8Array(32).fill(0x77);

  before(async () => {
    await cryptoWaitReady();
    node = await startNode(['--dev'], { name: 'labeling' });
    api = await connect(node);
    const keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    vendor = keyring.addFromUri('//Eve');
    annotators = ['//Bob', '//Charlie', '//Dave'].map((u) => keyring.addFromUri(u));

    // This file checks settlement itself: no appeal window, items are judged at once
    // (tests/e2e/disputes.test.js drives the window and an appeal).
    await inBlock(api.tx.sudo.sudo(api.tx.labeling.updateParams({ disputePeriod: 0 })), alice);
    // The annotators hold LBL (the stake asset) from genesis; a reward asset is minted to the
    // vendor.
    await inBlock(api.tx.assets.create(USDL, alice.address, 1n), alice);
    await inBlock(api.tx.assets.mint(USDL, vendor.address, 1_000n * 1_000_000n), alice);
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) {
      await node.stop();
      node.cleanup();
    }
  });

  test('the metadata exposes the pallet and its runtime API', () => {
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
    assert.ok(pallets.includes('Labeling'));
    assert.ok(api.call.labelingApi, 'LabelingApi is in the metadata');
  });

  test('a vendor creates a task with a gold item and escrows its budget', async () => {
    const before = await assetBalance(USDL, vendor);
    const hash0 = new Uint8Array(32).fill(0x10);
    const hash1 = new Uint8Array(32).fill(0x11);
    const spec = {
      instructions: { uri: 'ipfs://instructions', hash: u8aToHex(new Uint8Array(32).fill(0xaa)) },
      schema: { Categorical: { classes: 3 } },
      redundancy: 3,
      agreement: { numerator: 2, denominator: 3 },
      commitWindow: 100,
      revealWindow: 100,
      rewardAsset: USDL,
      rewardPerLabel: REWARD,
      goldBonus: BONUS,
      minStake: 100n * UNIT,
      minReputation: 0,
    };
    const items = [
      // A decoy commitment on the ordinary item: annotators cannot tell which one is gold.
      { content: { uri: 'ipfs://item/0', hash: u8aToHex(hash0) }, answerCommitment: goldCommitment(vendor, hash0, null, goldSalt) },
      { content: { uri: 'ipfs://item/1', hash: u8aToHex(hash1) }, answerCommitment: goldCommitment(vendor, hash1, CAT, goldSalt) },
    ];
    const { events } = await submit(api, api.tx.labeling.createTask(spec, items), vendor);
    const [created] = eventsOf(events, 'labeling', 'TaskCreated');
    task = created.data.task.toNumber();
    // Both items carry an answer commitment: 2 × 3 × (reward + bonus), plus the seed of 1.
    const budget = 2n * 3n * (REWARD + BONUS);
    assert.equal(before - (await assetBalance(USDL, vendor)), budget + 1n);
    const info = (await api.call.labelingApi.task(task)).unwrap();
    assert.equal(info.owed.toBigInt(), budget);
    assert.equal(info.task.itemCount.toNumber(), 2);
  });

  test('three annotators stake, take slots, commit and reveal; one disagrees', async () => {
    const labels = [CAT, CAT, DOG];
    await Promise.all(annotators.map(async (a, i) => {
      await inBlock(api.tx.labeling.bond(100n * UNIT), a);
      const open = (await api.call.labelingApi.openSlots(a.address, task, 0, 10)).map((x) => x.toNumber());
      assert.deepEqual(open, [0, 1]);
      for (const item of [0, 1]) {
        await inBlock(api.tx.labeling.takeSlot(task, item), a);
        await inBlock(api.tx.labeling.commit(task, item, commitmentOf(task, item, 0, a, labels[i], saltOf(i))), a);
      }
    }));
    const stake = await api.call.labelingApi.annotator(annotators[0].address);
    assert.equal(stake.bonded.toBigInt(), 100n * UNIT);
    assert.equal(stake.locked.toBigInt(), 2n * 10n * UNIT);

    const before = await Promise.all(annotators.map((a) => assetBalance(USDL, a)));
    // Every slot is committed, so reveals are open now.
    await Promise.all(annotators.map(async (a, i) => {
      for (const item of [0, 1]) {
        await inBlock(api.tx.labeling.reveal(task, item, labels[i], saltOf(i)), a);
      }
    }));
    // Both items carry an answer commitment, so they wait for the vendor's reveal.
    assert.ok((await api.call.labelingApi.itemResult(task, 0)).isNone);

    // Item 0's commitment was a decoy: revealing it settles the item on consensus.
    let { events } = await submit(api, api.tx.labeling.revealGold(task, 0, null, goldSalt), vendor);
    // Slots were taken concurrently, so compare verdicts in a fixed (address) order.
    const verdicts = (evs) => eventsOf(evs, 'labeling', 'Judged')
      .map((e) => [e.data.annotator.toString(), e.data.verdict.toString(), e.data.paid.toBigInt()])
      .sort((x, y) => x[0].localeCompare(y[0]));
    const expect = (rows) => rows.sort((x, y) => x[0].localeCompare(y[0]));
    assert.deepEqual(verdicts(events), expect([
      [annotators[0].address, 'Agreed', REWARD],
      [annotators[1].address, 'Agreed', REWARD],
      [annotators[2].address, 'Disagreed', 0n],
    ]));
    const result0 = (await api.call.labelingApi.itemResult(task, 0)).unwrap();
    assert.deepEqual(result0.label.toJSON(), { class: 1 });
    assert.equal(result0.agreeing.toNumber(), 2);
    assert.equal(result0.gold.isTrue, false);

    // Item 1 is the gold item: the answer decides, and matching it earns the bonus.
    ({ events } = await submit(api, api.tx.labeling.revealGold(task, 1, CAT, goldSalt), vendor));
    assert.deepEqual(verdicts(events), expect([
      [annotators[0].address, 'GoldPassed', REWARD + BONUS],
      [annotators[1].address, 'GoldPassed', REWARD + BONUS],
      [annotators[2].address, 'GoldFailed', 0n],
    ]));
    assert.equal((await api.call.labelingApi.itemResult(task, 1)).unwrap().gold.isTrue, true);
    const after = await Promise.all(annotators.map((a) => assetBalance(USDL, a)));
    assert.equal(after[0] - before[0], 2n * REWARD + BONUS);
    assert.equal(after[1] - before[1], 2n * REWARD + BONUS);
    assert.equal(after[2] - before[2], 0n);
  });

  test('strikes, slashes and reputation are on chain', async () => {
    const dave = await api.call.labelingApi.annotator(annotators[2].address);
    assert.equal(dave.reputation.strikes.toNumber(), 2);
    assert.equal(dave.reputation.goldFails.toNumber(), 1);
    assert.equal(dave.reputation.disagreements.toNumber(), 2);
    // 5 % of a 10 LBL collateral for the disagreement, 20 % for the failed gold item.
    assert.equal(dave.bonded.toBigInt(), 100n * UNIT - 5n * UNIT / 10n - 2n * UNIT);
    assert.equal(dave.locked.toBigInt(), 0n);
    assert.equal(dave.voteWeight.toNumber(), 306_853); // 1 - ln 2
    const bob = await api.call.labelingApi.annotator(annotators[0].address);
    assert.equal(bob.reputation.goldPasses.toNumber(), 1);
    assert.equal(bob.reputation.agreements.toNumber(), 2);
    assert.equal(bob.voteWeight.toNumber(), 1_693_147); // 1 + ln 2
    assert.equal((await api.query.labeling.slashedPot()).toBigInt(), 5n * UNIT / 10n + 2n * UNIT);
  });

  test('the vendor closes the task and gets every unspent unit back', async () => {
    const before = await assetBalance(USDL, vendor);
    const { events } = await submit(api, api.tx.labeling.closeTask(task), vendor);
    const [closed] = eventsOf(events, 'labeling', 'TaskClosed');
    // Escrowed 2 × 3 × (reward + bonus) + 1; paid 2 × reward + 2 × (reward + bonus).
    const refund = 6n * (REWARD + BONUS) - 4n * REWARD - 2n * BONUS + 1n;
    assert.equal(closed.data.refunded.toBigInt(), refund);
    assert.equal((await assetBalance(USDL, vendor)) - before, refund);
    const escrow = (await api.call.labelingApi.task(task)).unwrap();
    assert.equal(escrow.task.status.toString(), 'Closed');
    assert.equal(escrow.owed.toBigInt(), 0n);
  });

  test('bad input is rejected with a specific error', async () => {
    await assert.rejects(
      submit(api, api.tx.labeling.takeSlot(task, 0), annotators[0]),
      /labeling\.TaskNotOpen/,
    );
    await assert.rejects(
      submit(api, api.tx.labeling.closeTask(999), vendor),
      /labeling\.UnknownTask/,
    );
  });
});
