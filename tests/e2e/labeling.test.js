// The labeling life cycle on a real dev node, driven through polkadot.js the way a vendor and
// annotators would: a task with a gold item and a decoy, three staked annotators ask for seats
// and the chain's draw seats them; they commit and reveal, one disagrees; the vendor reveals the
// answers; settlement pays each label by its peers' agreement minus chance (gold items by
// correctness), slashes, records reputation; the vendor closes the task and gets every unspent unit back.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, eventsOf, sleep, startNode, submit } from './lib/node.js';
import { UNIT, commitmentOf, createRewardAsset, goldCommitment, requestSeats, taskSpec } from './lib/labeling.js';
import { scoreOf, payFor, slashFor } from './lib/pay.js';
import {
  Annotator, BoundsError, JsonFileBackend, SecretStore, labelingTx, limitsOf,
} from '@labelchain/sdk';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const USDL = 2; // a reward asset the vendor pays in
const REWARD = 10n * 1_000_000n;
const BONUS = 5n * 1_000_000n;
const COLLATERAL = 10n * UNIT;
const CAT = { Class: 1 };
const DOG = { Class: 2 };
// Per item with an answer commitment: 3 seats × (2 × reward + bonus), a review fee of half of
// 3 × (reward + bonus), and the vendor's gold bond of 3 × (reward + bonus).
const ITEM_BUDGET = 3n * (2n * REWARD + BONUS) + (3n * (REWARD + BONUS)) / 2n + 3n * (REWARD + BONUS);

describe('labeling life cycle', () => {
  let node;
  let api;
  let alice; // creates the reward asset
  let vendor;
  let annotators;
  let task;
  let paidTotal = 0n;

  const inBlock = (tx, who) => submit(api, tx, who, { until: 'inBlock' });
  const assetBalance = async (asset, who) => {
    const acc = await api.query.assets.account(asset, who.address);
    return acc.isSome ? acc.unwrap().balance.toBigInt() : 0n;
  };
  const saltOf = (i) => new Uint8Array(32).fill(i + 1);
  const goldSalt = new Uint8Array(32).fill(0x77);
  const hashes = [new Uint8Array(32).fill(0x10), new Uint8Array(32).fill(0x11)];
  // Verdicts of an item's judging, in address order: [annotator, verdict, score, paid, slashed].
  const verdicts = (events) => eventsOf(events, 'labeling', 'Judged')
    .map((e) => [e.data.annotator.toString(), e.data.verdict.toString(), e.data.score.toBigInt(),
      e.data.paid.toBigInt(), e.data.slashed.toBigInt()])
    .sort((x, y) => x[0].localeCompare(y[0]));

  before(async () => {
    await cryptoWaitReady();
    node = await startNode(['--dev'], { name: 'labeling' });
    api = await connect(node);
    const keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    vendor = keyring.addFromUri('//Eve');
    annotators = ['//Bob', '//Charlie', '//Dave'].map((u) => keyring.addFromUri(u));
    // The annotators hold LBL (the stake asset) from genesis; a reward asset is minted to the
    // vendor.
    // The reward asset is governance's (a task may not pay in an asset one account controls).
    await createRewardAsset(api, alice, USDL, [[vendor.address, 1_000n * 1_000_000n]]);
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

  test('the SDK reads the call bounds from the metadata and refuses a call past them before it is signed', async () => {
    const limits = limitsOf(api);
    assert.deepEqual(limits, {
      maxUriLen: 256,
      maxBoxes: 16,
      maxMultiLabelClasses: 64,
      maxItemsPerBatch: api.consts.labeling.maxItemsPerBatch.toNumber(),
      maxSeatsPerRequest: api.consts.labeling.maxSeatsPerRequest.toNumber(),
      maxSeats: api.consts.labeling.maxSeats.toNumber(),
    });
    const tx = labelingTx(api);
    const item = (uri) => ({ content: { uri, digest: u8aToHex(hashes[0]) }, answerCommitment: null });
    const spec = taskSpec({ rewardAsset: USDL, rewardPerLabel: REWARD });
    const nonce = (await api.rpc.system.accountNextIndex(vendor.address)).toNumber();
    // What polkadot.js alone would encode and the node refuse with a trap: a 101st item, a URI
    // of 300 bytes, a label of 17 boxes.
    assert.throws(
      () => tx.createTask(spec, Array.from({ length: limits.maxItemsPerBatch + 1 }, () => item('ipfs://x'))),
      (e) => e instanceof BoundsError && e.field === 'items',
    );
    assert.throws(() => tx.addItems(0, [item(`ipfs://${'x'.repeat(293)}`)]),
      (e) => e.field === 'items[0].content.uri' && /300 bytes, the chain keeps at most 256/.test(e.message));
    const box = { class: 0, x: 0, y: 0, width: 1, height: 1 };
    assert.throws(() => tx.reveal(0, 0, { Boxes: Array(limits.maxBoxes + 1).fill(box) }, saltOf(0)),
      (e) => e.field === 'label.boxes');
    // Nothing was signed or sent.
    assert.equal((await api.rpc.system.accountNextIndex(vendor.address)).toNumber(), nonce);
    assert.doesNotMatch(node.runLog(), /Bad input data/);
  });

  test('a vendor creates a task with a gold item and a decoy and escrows its budget', async () => {
    const before = await assetBalance(USDL, vendor);
    const spec = taskSpec({ rewardAsset: USDL, rewardPerLabel: REWARD, goldBonus: BONUS, collateral: COLLATERAL, withGold: true });
    // Every item carries an answer commitment: a decoy on item 0, so gold items look alike.
    const items = [
      { content: { uri: 'ipfs://item/0', digest: u8aToHex(hashes[0]) }, answerCommitment: goldCommitment(api, vendor, hashes[0], null, goldSalt) },
      { content: { uri: 'ipfs://item/1', digest: u8aToHex(hashes[1]) }, answerCommitment: goldCommitment(api, vendor, hashes[1], CAT, goldSalt) },
    ];
    // Built through the SDK, which checks the arguments against the chain's bounds first.
    const { events } = await submit(api, labelingTx(api).createTask(spec, items), vendor);
    const [created] = eventsOf(events, 'labeling', 'TaskCreated');
    task = created.data.task.toNumber();
    assert.equal(before - (await assetBalance(USDL, vendor)), 2n * ITEM_BUDGET + 1n);
    const info = (await api.call.labelingApi.task(task)).unwrap();
    assert.equal(info.owed.toBigInt(), 2n * ITEM_BUDGET);
    assert.equal(info.task.itemCount.toNumber(), 2);
  });

  test('annotators ask for seats and the next block\'s draw seats them', async () => {
    await Promise.all(annotators.map((a) => inBlock(api.tx.labeling.bond(100n * UNIT), a)));
    const open = (await api.call.labelingApi.openTasks(annotators[0].address, 0, 10)).map((x) => x.toNumber());
    assert.ok(open.includes(task));
    // Two seats each of a two-item task: nobody sits twice on an item, so each gets both.
    const got = await requestSeats(api, task, annotators, 2);
    for (const items of got) assert.deepEqual([...items].sort(), [0, 1]);
    const stake = await api.call.labelingApi.annotator(annotators[0].address);
    assert.equal(stake.bonded.toBigInt(), 100n * UNIT);
    assert.equal(stake.locked.toBigInt(), 2n * COLLATERAL);
  });

  test('they commit and reveal; the items wait for the vendor\'s answers', async () => {
    const labels = [CAT, CAT, DOG];
    await Promise.all(annotators.map(async (a, i) => {
      for (const item of [0, 1]) {
        await inBlock(api.tx.labeling.commit(task, item, commitmentOf(api, task, item, 0, a, labels[i], saltOf(i))), a);
      }
    }));
    // Before the labels are in, the answer stays secret: revealing it is refused by the
    // transaction pool (`CheckReveal`), so the answer is in no block.
    await assert.rejects(
      submit(api, api.tx.labeling.revealGold(task, 1, CAT, goldSalt), vendor),
      /labeling\.AnswerNotDue: .*refused by the transaction pool/,
    );
    // Every seat committed: reveals are open.
    await Promise.all(annotators.map(async (a, i) => {
      for (const item of [0, 1]) {
        await inBlock(api.tx.labeling.reveal(task, item, labels[i], saltOf(i)), a);
      }
    }));
    for (const item of [0, 1]) {
      const state = (await api.call.labelingApi.item(task, item)).unwrap().state;
      assert.ok(state.isAwaitingGold, `item ${item} waits for the vendor`);
      assert.deepEqual(state.asAwaitingGold.decision.toJSON(), { class: 1 });
    }
    assert.ok((await api.call.labelingApi.itemResult(task, 0)).isNone);
  });

  test('the decoy settles on the decision; each label is paid by its score', async () => {
    const before = await Promise.all(annotators.map((a) => assetBalance(USDL, a)));
    const { events } = await submit(api, api.tx.labeling.revealGold(task, 0, null, goldSalt), vendor);
    // Each label scores the share of its peers that agree minus the chance that it agrees with
    // a vote on another item, estimated from the task's reveals on other items (item 1: CAT,
    // CAT, DOG) with one agreeing pseudo-sample and a 1/3 prior filling up to four samples.
    // CAT is that common here that even the two agreeing labels score below zero.
    const votes = [1, 1, 2];
    const samples = votes.map((l) => [1, l]);
    const scores = votes.map((_, i) => scoreOf(3, votes, i, 0, samples));
    assert.ok(scores[0] < 0n && scores[2] < scores[0], `scores ${scores}`);
    const expected = annotators.map((a, i) => [a.address, i < 2 ? 'Agreed' : 'Disagreed', scores[i],
      payFor(scores[i], REWARD), slashFor(scores[i], REWARD, BONUS, COLLATERAL)])
      .sort((x, y) => x[0].localeCompare(y[0]));
    assert.deepEqual(verdicts(events), expected);
    const pays = votes.map((_, i) => payFor(scores[i], REWARD));
    paidTotal += pays.reduce((x, y) => x + y, 0n);
    const result = (await api.call.labelingApi.itemResult(task, 0)).unwrap();
    assert.deepEqual(result.label.toJSON(), { class: 1 });
    assert.equal(result.agreeing.toNumber(), 2);
    assert.equal(result.gold.isTrue, false);
    const after = await Promise.all(annotators.map((a) => assetBalance(USDL, a)));
    assert.deepEqual(after.map((x, i) => x - before[i]), pays);
  });

  test('the gold item is judged against the answer: the bonus to the right, the collateral of the wrong', async () => {
    const { events } = await submit(api, api.tx.labeling.revealGold(task, 1, CAT, goldSalt), vendor);
    const rows = verdicts(events);
    const byWho = Object.fromEntries(rows.map((r) => [r[0], r]));
    for (const a of annotators.slice(0, 2)) {
      const [, verdict, score, paid, slashed] = byWho[a.address];
      assert.equal(verdict, 'GoldPassed');
      // Gold is judged on correctness alone: the reward and the bonus, whatever the score.
      assert.ok(typeof score === 'bigint');
      assert.equal(paid, REWARD + BONUS);
      assert.equal(slashed, 0n);
      paidTotal += paid;
    }
    const [, verdict, , paid, slashed] = byWho[annotators[2].address];
    assert.deepEqual([verdict, paid, slashed], ['GoldFailed', 0n, COLLATERAL]);
    assert.equal((await api.call.labelingApi.itemResult(task, 1)).unwrap().gold.isTrue, true);
  });

  test('failures, slashes and reputation are on chain', async () => {
    const dave = await api.call.labelingApi.annotator(annotators[2].address);
    assert.equal(dave.reputation.goldFails.toNumber(), 1);
    assert.equal(dave.reputation.disagreements.toNumber(), 2);
    assert.equal(dave.reputation.strikes.toNumber(), 1);
    assert.equal(dave.reputation.risk.toNumber(), 916_291); // ln(0.5 / 0.2)
    assert.equal(dave.locked.toBigInt(), 0n);
    // ln((6 + 0) / (3 + 1)): the probation prior of six passes and three fails, and one fail.
    assert.equal(dave.voteWeight.toNumber(), 405_465);
    const bob = await api.call.labelingApi.annotator(annotators[0].address);
    assert.equal(bob.reputation.goldPasses.toNumber(), 1);
    assert.equal(bob.reputation.creditedPasses.toNumber(), 1);
    assert.equal(bob.reputation.agreements.toNumber(), 2);
    assert.equal(bob.voteWeight.toNumber(), 847_297); // ln((6 + 1) / 3)
    assert.equal(bob.seats.length, 0);
  });

  test('the vendor closes the task and gets every unspent unit back', async () => {
    const before = await assetBalance(USDL, vendor);
    const { events } = await submit(api, api.tx.labeling.closeTask(task), vendor);
    const [closed] = eventsOf(events, 'labeling', 'TaskClosed');
    const refund = 2n * ITEM_BUDGET - paidTotal + 1n;
    assert.equal(closed.data.refunded.toBigInt(), refund);
    assert.equal((await assetBalance(USDL, vendor)) - before, refund);
    const escrow = (await api.call.labelingApi.task(task)).unwrap();
    assert.equal(escrow.task.status.toString(), 'Closed');
    assert.equal(escrow.owed.toBigInt(), 0n);
  });

  test('bad input is rejected with a specific error', async () => {
    await assert.rejects(
      submit(api, api.tx.labeling.requestSeats(task, 1), annotators[0]),
      /labeling\.TaskNotOpen/,
    );
    await assert.rejects(
      submit(api, api.tx.labeling.closeTask(999), vendor),
      /labeling\.UnknownTask/,
    );
  });

  test('a task cannot pay in an asset one account controls', async () => {
    // Alice creates an asset she owns, administers and freezes: escrow in it would be hers to
    // burn or freeze, so the chain refuses it, and the runtime API says so beforehand.
    const MINE = 7;
    await inBlock(api.tx.assets.create(MINE, alice.address, 1n), alice);
    await inBlock(api.tx.assets.mint(MINE, vendor.address, 1_000_000n), alice);
    assert.equal((await api.call.labelingApi.rewardAssetAllowed(MINE)).isTrue, false);
    assert.equal((await api.call.labelingApi.rewardAssetAllowed(USDL)).isTrue, true);
    const item = { content: { uri: 'ipfs://x', digest: u8aToHex(hashes[0]) }, answerCommitment: null };
    await assert.rejects(
      submit(api, api.tx.labeling.createTask(taskSpec({ rewardAsset: MINE, rewardPerLabel: 10n }), [item]), vendor),
      /labeling\.RewardAssetNotAllowed/,
    );
  });

  test('with the SDK an annotator never computes a hash, keeps a salt or times a reveal, and a reload loses nothing', async () => {
    const ferdie = new Keyring({ type: 'sr25519' }).addFromUri('//Ferdie');
    const people = [annotators[0], annotators[1], ferdie];
    // Enough stake for the task's minimum (the first task's score-based slashes took Bob's and
    // Charlie's below it).
    await Promise.all(people.map((p) => inBlock(api.tx.labeling.bond(50n * UNIT), p)));
    await inBlock(api.tx.labeling.bond(100n * UNIT), ferdie);
    const spec = taskSpec({ rewardAsset: USDL, rewardPerLabel: REWARD, collateral: COLLATERAL });
    const items = [0, 1].map((i) => ({ content: { uri: `ipfs://sdk/${i}`, digest: u8aToHex(hashes[i]) }, answerCommitment: null }));
    const { events } = await submit(api, labelingTx(api).createTask(spec, items), vendor);
    const sdkTask = eventsOf(events, 'labeling', 'TaskCreated')[0].data.task.toNumber();

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-secrets-'));
    const storeOf = (i) => new SecretStore(new JsonFileBackend(path.join(dir, `annotator-${i}.json`)));
    const statuses = [];
    const before = people.map((p, i) => new Annotator(api, p, storeOf(i), { onStatus: (s) => statuses.push(s) }));
    for (const a of before) assert.ok((await a.openTasks()).includes(sdkTask), `${a.address} may take seats`);
    await Promise.all(before.map((a) => a.requestSeats(sdkTask, 2)));
    const deadline = Date.now() + 60_000;
    while (!(await Promise.all(before.map((a) => a.seats()))).every((s) => s.filter((x) => x.task === sdkTask).length === 2)) {
      assert.ok(Date.now() < deadline, 'seated in time');
      await sleep(500);
    }
    // Commit: the SDK draws each salt and writes it down before sending the commitments, both
    // items' in one signed `commitMany` (item 0 by `commit`, to keep the single call tested).
    const commitments = await Promise.all(before.map(async (a, i) => (i === 0
      ? [await a.commit(sdkTask, 0, CAT), await a.commit(sdkTask, 1, CAT)]
      : a.commitMany([{ task: sdkTask, item: 0, label: CAT }, { task: sdkTask, item: 1, label: CAT }]))));
    assert.equal(new Set(commitments.flat()).size, 6, 'six different salts');
    for (let i = 0; i < 3; i += 1) {
      const text = fs.readFileSync(path.join(dir, `annotator-${i}.json`), 'utf8');
      assert.match(text, /"status": "committed"/);
    }
    assert.ok(statuses.some((s) => s.what === 'commit' && s.status === 'inBlock'));

    assert.ok(statuses.some((s) => s.what === 'commitMany' && s.status === 'inBlock'));

    // "A reload": new annotator objects with nothing but the files. Reveals open as soon as
    // every seat is committed; each reveals on its own at the next block, both items with one
    // signed `revealMany`.
    const revealStatuses = [];
    const after = people.map((p, i) => new Annotator(api, p, storeOf(i), { onStatus: (s) => revealStatuses.push(s) }));
    const stops = await Promise.all(after.map((a) => a.watch()));
    try {
      const until = Date.now() + 90_000;
      for (;;) {
        const states = await Promise.all([0, 1].map(async (i) => (await api.call.labelingApi.item(sdkTask, i)).unwrap().state));
        if (!states.some((state) => state.isLabeling)) break;
        assert.ok(Date.now() < until, `still ${states.map((st) => st.type)}`);
        await sleep(1_000);
      }
    } finally {
      stops.forEach((stop) => stop());
    }
    for (const i of [0, 1]) {
      const result = (await api.call.labelingApi.itemResult(sdkTask, i)).unwrap();
      assert.deepEqual(result.label.toJSON(), { class: 1 });
      assert.equal(result.agreeing.toNumber(), 3);
    }
    for (const a of after) {
      const records = await a.store.list({ task: sdkTask });
      assert.deepEqual(records.map((r) => r.status), ['revealed', 'revealed']);
    }
    assert.ok(revealStatuses.some((s) => s.what === 'revealMany' && s.status === 'inBlock'), 'revealed in batches');
    assert.ok(!revealStatuses.some((s) => s.what === 'reveal'), 'no single reveal');
    fs.rmSync(dir, { recursive: true });
  });

  test('a reveal sent too early is refused by the pool and reaches no block: nothing to denounce it with', async () => {
    // Attack: an annotator reveals before reveals open (by mistake, or a client's bug). Included
    // in a block with its label and salt, the call would let anyone denounce the annotator for
    // the whole collateral. `CheckReveal` refuses it at validation: the pool never takes it.
    const ferdie = new Keyring({ type: 'sr25519' }).addFromUri('//Ferdie');
    const people = [annotators[0], annotators[1], ferdie];
    const spec = taskSpec({ rewardAsset: USDL, rewardPerLabel: REWARD, collateral: COLLATERAL });
    const items = [{ content: { uri: 'ipfs://early/0', digest: u8aToHex(hashes[1]) }, answerCommitment: null }];
    const { events } = await submit(api, api.tx.labeling.createTask(spec, items), vendor, { until: 'inBlock' });
    const early = eventsOf(events, 'labeling', 'TaskCreated')[0].data.task.toNumber();
    await requestSeats(api, early, people);
    const round = (await api.call.labelingApi.item(early, 0)).unwrap().state.asLabeling.round.toNumber();
    const salt = saltOf(7);
    const commitment = commitmentOf(api, early, 0, round, people[0], CAT, salt);
    // The chain computes the same commitment as the SDK (checked before committing).
    const chain = await api.call.labelingApi.commitment(early, 0, round, people[0].address, CAT, salt);
    assert.equal(chain.toHex(), commitment);
    await inBlock(api.tx.labeling.commit(early, 0, commitment), people[0]);
    await inBlock(api.tx.labeling.commit(early, 0, commitmentOf(api, early, 0, round, people[1], CAT, saltOf(8))), people[1]);

    const check = await api.call.labelingApi.checkReveal(people[0].address, early, 0, CAT, salt);
    assert.equal(api.registry.findMetaError(check.asErr.asModule).name, 'NotRevealPhase');
    const nonce = (await api.rpc.system.accountNextIndex(people[0].address)).toNumber();
    const from = (await api.rpc.chain.getHeader()).number.toNumber();
    await assert.rejects(
      submit(api, api.tx.labeling.reveal(early, 0, CAT, salt), people[0], { until: 'inBlock' }),
      /labeling\.NotRevealPhase: .*refused by the transaction pool/,
    );
    // A commitment mistake is refused the same way once reveals are open (below).
    await sleep(3_000);
    assert.equal((await api.rpc.system.accountNextIndex(people[0].address)).toNumber(), nonce, 'nonce unchanged');
    assert.equal((await api.rpc.author.pendingExtrinsics()).length, 0, 'nothing waits in the pool');
    const to = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = from; n <= to; n += 1) {
      const block = await api.rpc.chain.getBlock(await api.rpc.chain.getBlockHash(n));
      for (const xt of block.block.extrinsics) {
        assert.ok(!(xt.method.section === 'labeling' && xt.method.method === 'reveal'), `no reveal in block #${n}`);
      }
    }
    // The third commitment opens reveals; a wrong salt is still refused, the right one goes in.
    await inBlock(api.tx.labeling.commit(early, 0, commitmentOf(api, early, 0, round, ferdie, CAT, saltOf(9))), ferdie);
    await assert.rejects(
      submit(api, api.tx.labeling.reveal(early, 0, CAT, saltOf(8)), people[0], { until: 'inBlock' }),
      /labeling\.CommitmentMismatch: .*refused by the transaction pool/,
    );
    assert.ok((await api.call.labelingApi.checkReveal(people[0].address, early, 0, CAT, salt)).isOk);
    await inBlock(api.tx.labeling.reveal(early, 0, CAT, salt), people[0]);
  });

  test('after a cancel, an item nobody was seated on reads as failed, not pending', async () => {
    const spec = taskSpec({ rewardAsset: USDL, rewardPerLabel: REWARD, collateral: COLLATERAL });
    const items = [{ content: { uri: 'ipfs://cancelled/0', digest: u8aToHex(hashes[0]) }, answerCommitment: null }];
    const { events } = await submit(api, api.tx.labeling.createTask(spec, items), vendor, { until: 'inBlock' });
    const cancelled = eventsOf(events, 'labeling', 'TaskCreated')[0].data.task.toNumber();
    assert.equal((await api.call.labelingApi.item(cancelled, 0)).unwrap().state.type, 'Pending');
    await inBlock(api.tx.labeling.cancelTask(cancelled), vendor);
    assert.equal((await api.call.labelingApi.item(cancelled, 0)).unwrap().state.type, 'Failed');
  });
});
