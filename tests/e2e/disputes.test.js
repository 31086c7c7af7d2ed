// One full appeal on a real dev node, driven through polkadot.js: three annotators label an
// item, two agree; the one who disagreed appeals within the appeal window and posts the bond;
// the chain draws a panel of staked reviewers from the block hash, the reviewers commit and
// reveal, the majority overturns the decision; the appellant gets the bond back and is paid,
// the former majority is judged as disagreeing, and the reviewers in the majority are paid.
// A second item nobody appeals is judged by its decision when its window ends.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aConcat, stringToU8a, u8aToHex, bnToU8a } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, eventsOf, runCli, sleep, startNode, submit, waitFinalized } from './lib/node.js';

const UNIT = 10n ** 12n;
const USDL = 2;
const REWARD = 10n * 1_000_000n;
const CAT = { Class: 1 };
const DOG = { Class: 2 };
const WINDOW = 12; // blocks of the appeal window

const u32le = (n) => bnToU8a(n, { bitLength: 32, isLe: true });

describe('an appeal reviewed by a panel', () => {
  let node;
  let api;
  let alice;
  let vendor;
  let annotators;
  let reviewers;
  let task;
  let caseId;
  let panel;

  const inBlock = (tx, who) => submit(api, tx, who, { until: 'inBlock' });
  const asset = async (id, who) => {
    const acc = await api.query.assets.account(id, who.address ?? who);
    return acc.isSome ? acc.unwrap().balance.toBigInt() : 0n;
  };
  const encodeLabel = (label) =>
    api.tx.labeling.reveal(0, 0, label, new Uint8Array(32)).method.args[2].toU8a();
  const labelCommitment = (item, who, label, salt) => u8aToHex(blake2AsU8a(u8aConcat(
    stringToU8a('labelchain/commit'), u32le(task), u32le(item), u32le(0),
    decodeAddress(who.address), encodeLabel(label), salt,
  )));
  // vote_commitment: blake2_256("labelchain/review" ‖ case ‖ round ‖ reviewer ‖ vote ‖ salt).
  const voteCommitment = (round, who, vote, salt) => u8aToHex(blake2AsU8a(u8aConcat(
    stringToU8a('labelchain/review'), u32le(caseId), u32le(round),
    decodeAddress(who.address), encodeLabel(vote), salt,
  )));
  const saltOf = (i) => new Uint8Array(32).fill(i + 1);
  const head = async () => (await api.rpc.chain.getHeader()).number.toNumber();
  const waitFor = async (what, check, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(1000);
    }
  };

  before(async () => {
    await cryptoWaitReady();
    node = await startNode(['--dev'], { name: 'disputes' });
    api = await connect(node);
    const keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    vendor = keyring.addFromUri('//Eve');
    annotators = ['//Bob', '//Charlie', '//Dave'].map((u) => keyring.addFromUri(u));
    reviewers = ['//Ferdie', '//Alice//stash', '//Bob//stash'].map((u) => keyring.addFromUri(u));
    // Governance (sudo on the dev chain) shortens the windows for a test and makes panels of
    // three; the dev accounts have no labeling record yet, so no agreements are required.
    await inBlock(api.tx.sudo.sudo(api.tx.labeling.updateParams({ disputePeriod: WINDOW })), alice);
    await inBlock(api.tx.sudo.sudo(api.tx.disputes.updateParams({
      firstPanel: 3, minReviewerAgreements: 0, panelDelay: 2, commitWindow: 8, revealWindow: 8,
    })), alice);
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

  test('staked accounts join the reviewer pool', async () => {
    await Promise.all(reviewers.map(async (r) => {
      await inBlock(api.tx.labeling.bond(100n * UNIT), r);
      await inBlock(api.tx.disputes.joinReviewers(), r);
    }));
    const pool = (await api.query.disputes.reviewers()).map((a) => a.toString());
    assert.deepEqual([...pool].sort(), reviewers.map((r) => r.address).sort());
    await assert.rejects(
      submit(api, api.tx.disputes.joinReviewers(), reviewers[0]),
      /disputes\.AlreadyReviewer/,
    );
  });

  test('two of three annotators agree: the items are decided, nobody is paid yet', async () => {
    const spec = {
      instructions: { uri: 'ipfs://instructions', hash: u8aToHex(new Uint8Array(32).fill(0xaa)) },
      schema: { Categorical: { classes: 3 } },
      redundancy: 3,
      agreement: { numerator: 2, denominator: 3 },
      commitWindow: 100,
      revealWindow: 100,
      rewardAsset: USDL,
      rewardPerLabel: REWARD,
      goldBonus: 0,
      minStake: 100n * UNIT,
      minReputation: 0,
    };
    const items = [0, 1].map((i) => ({
      content: { uri: `ipfs://item/${i}`, hash: u8aToHex(new Uint8Array(32).fill(0x20 + i)) },
      answerCommitment: null,
    }));
    const { events } = await submit(api, api.tx.labeling.createTask(spec, items), vendor);
    task = eventsOf(events, 'labeling', 'TaskCreated')[0].data.task.toNumber();
    const labels = [CAT, CAT, DOG];
    await Promise.all(annotators.map(async (a, i) => {
      await inBlock(api.tx.labeling.bond(100n * UNIT), a);
      for (const item of [0, 1]) {
        await inBlock(api.tx.labeling.takeSlot(task, item), a);
        await inBlock(api.tx.labeling.commit(task, item, labelCommitment(item, a, labels[i], saltOf(i))), a);
      }
    }));
    await Promise.all(annotators.map(async (a, i) => {
      for (const item of [0, 1]) {
        await inBlock(api.tx.labeling.reveal(task, item, labels[i], saltOf(i)), a);
      }
    }));
    for (const item of [0, 1]) {
      const state = (await api.query.labeling.items(task, item)).unwrap().state;
      assert.ok(state.isDecided, `item ${item} is decided`);
      assert.deepEqual(state.asDecided.label.toJSON(), { class: 1 });
    }
    assert.ok((await api.call.labelingApi.itemResult(task, 0)).isNone);
    assert.equal(await asset(USDL, annotators[0]), 0n);
  });

  test('outsiders cannot appeal; the annotator who disagreed does, posting the bond', async () => {
    await assert.rejects(
      submit(api, api.tx.disputes.appeal(task, 0), reviewers[0]),
      /labeling\.NotAffected/,
    );
    const dave = annotators[2];
    const bond = (await api.query.disputes.parameters()).appealBond.toBigInt();
    const before = await asset(1, dave);
    const { events } = await submit(api, api.tx.disputes.appeal(task, 0), dave);
    const [opened] = eventsOf(events, 'disputes', 'CaseOpened');
    caseId = opened.data.case.toNumber();
    assert.ok(opened.data.kind.isAppeal);
    assert.equal(before - (await asset(1, dave)), bond);
    assert.ok((await api.query.labeling.items(task, 0)).unwrap().state.isDisputed);
    assert.equal((await api.query.disputes.caseOfItem(task, 0)).unwrap().toNumber(), caseId);
  });

  test('the chain draws the panel from the block hash two blocks later', async () => {
    panel = await waitFor('the panel', async () => {
      const seats = await api.query.disputes.panels(caseId);
      return seats.length ? seats.map((s) => s.reviewer.toString()) : null;
    });
    // Three eligible reviewers, none of them the vendor or an annotator of the item.
    assert.deepEqual([...panel].sort(), reviewers.map((r) => r.address).sort());
    const phase = (await api.query.disputes.cases(caseId)).unwrap().phase;
    assert.ok(phase.isVoting);
    const seat = (await api.query.labeling.stakes(reviewers[0].address)).unwrap();
    const reviewerStake = (await api.query.disputes.parameters()).reviewerStake.toBigInt();
    assert.equal(seat.locked.toBigInt(), reviewerStake);
  });

  test('the reviewers commit and reveal; the majority overturns the decision', async () => {
    const byAddress = Object.fromEntries(reviewers.map((r) => [r.address, r]));
    const seated = panel.map((a) => byAddress[a]);
    const votes = [DOG, DOG, CAT];
    const usdBefore = await Promise.all(seated.map((r) => asset(USDL, r)));
    const dave = annotators[2];
    const [daveLbl, daveUsd] = [await asset(1, dave), await asset(USDL, dave)];
    await Promise.all(seated.map((r, i) =>
      inBlock(api.tx.disputes.commitVote(caseId, voteCommitment(0, r, votes[i], saltOf(10 + i))), r)));
    // Every seat committed: reveals are open; the last reveal tallies the round.
    const results = [];
    for (const [i, r] of seated.entries()) {
      results.push(await submit(api, api.tx.disputes.revealVote(caseId, votes[i], saltOf(10 + i)), r));
    }
    const events = results.at(-1).events;
    const [closed] = eventsOf(events, 'disputes', 'CaseClosed');
    assert.equal(closed.data.outcome.toString(), 'Overturned');
    assert.deepEqual(closed.data.label.toJSON(), { class: 2 });
    // The appellant got the bond back and, now agreeing with the decision, the reward.
    assert.equal(await asset(1, dave), daveLbl + (await api.query.disputes.parameters()).appealBond.toBigInt());
    assert.equal((await asset(USDL, dave)) - daveUsd, REWARD);
    const verdicts = eventsOf(events, 'labeling', 'Judged')
      .map((e) => [e.data.annotator.toString(), e.data.verdict.toString()]);
    assert.deepEqual(verdicts.sort(), [
      [annotators[0].address, 'Disagreed'],
      [annotators[1].address, 'Disagreed'],
      [dave.address, 'Agreed'],
    ].sort());
    const result = (await api.call.labelingApi.itemResult(task, 0)).unwrap();
    assert.equal(result.byDispute.isTrue, true);
    assert.deepEqual(result.label.toJSON(), { class: 2 });
    // The majority (two DOG votes) shares half of the unpaid 2 × REWARD; the minority nothing.
    const paid = await Promise.all(seated.map(async (r, i) => (await asset(USDL, r)) - usdBefore[i]));
    assert.deepEqual(paid, [REWARD / 2n, REWARD / 2n, 0n]);
    for (const r of seated) {
      assert.equal((await api.query.labeling.stakes(r.address)).unwrap().locked.toBigInt(), 0n);
    }
    assert.ok((await api.query.disputes.cases(caseId)).isNone);
  });

  test('the unappealed item is judged by its decision when the window ends', async () => {
    const state = (await api.query.labeling.items(task, 1)).unwrap().state;
    if (state.isDecided) {
      const finalAt = state.asDecided.finalAt.toNumber();
      // Still decided only while its window is open.
      assert.ok((await head()) < finalAt + 1);
      await waitFor('item 1 judged', async () =>
        (await api.query.labeling.items(task, 1)).unwrap().state.isSettled);
      assert.ok((await head()) >= finalAt);
    }
    const result = (await api.call.labelingApi.itemResult(task, 1)).unwrap();
    assert.equal(result.byDispute.isTrue, false);
    assert.deepEqual(result.label.toJSON(), { class: 1 });
    await assert.rejects(submit(api, api.tx.disputes.appeal(task, 1), annotators[2]), /labeling\.NotDecided/);
  });

  test('the dataset export carries the panel label, marked as decided by a dispute', async () => {
    await waitFinalized(api, await head());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-disputes-export-'));
    try {
      const file = path.join(dir, 'task.jsonl');
      const r = await runCli(['--url', node.wsUrl, 'export', '--task', String(task), '--out', file, '--quiet']);
      assert.equal(r.code, 0, r.stderr);
      const records = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(records.map((x) => [x.item, x.label, x.decided_by, x.agreeing]), [
        [0, 2, 'dispute', 1],
        [1, 1, 'consensus', 2],
      ]);
      const v = await runCli(['--url', node.wsUrl, 'verify', file]);
      assert.equal(v.code, 0, v.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
