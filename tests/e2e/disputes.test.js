// Reviews on a real dev node, driven through polkadot.js. A vendor commits a false gold answer;
// the three annotators all give the right label, so when the vendor reveals the answer the chain
// sends the item to review on its own (nobody posts a bond). The chain draws a panel of staked
// reviewers from the block hash, the reviewers commit and reveal, the majority overturns the
// answer: the annotators are judged against the reviewers' label and share the vendor's gold
// bond, the reviewers share the review fee. Then the vendor appeals another item's accepted
// label; the panel changes it, and the export carries it as decided by a dispute.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { voteCommitment as sdkVoteCommitment } from '@labelchain/sdk';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, eventsOf, runCli, sleep, startNode, submit, waitFinalized } from './lib/node.js';
import {
  UNIT, commitmentOf, createRewardAsset, goldCommitment, requestSeats, taskSpec,
} from './lib/labeling.js';

const USDL = 2;
const REWARD = 10n * 1_000_000n;
const BONUS = 5n * 1_000_000n;
const CAT = { Class: 1 };
const DOG = { Class: 2 };

describe('reviews by a panel: a contested gold answer and a vendor\'s appeal', () => {
  let node;
  let api;
  let alice;
  let vendor;
  let annotators;
  let reviewers;
  let task;

  const inBlock = (tx, who) => submit(api, tx, who, { until: 'inBlock' });
  const asset = async (id, who) => {
    const acc = await api.query.assets.account(id, who.address ?? who);
    return acc.isSome ? acc.unwrap().balance.toBigInt() : 0n;
  };
  // vote_commitment: blake2_256("labelchain/review" ‖ case ‖ round ‖ reviewer ‖ vote ‖ salt).
  const voteCommitment = (caseId, round, who, vote, salt) => sdkVoteCommitment({ caseId, round, who, vote, salt });
  const saltOf = (i) => new Uint8Array(32).fill(i + 1);
  const goldSalt = new Uint8Array(32).fill(0x77);
  const hashes = [new Uint8Array(32).fill(0x20), new Uint8Array(32).fill(0x21)];
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
  // Waits for the case's panel, lets every seat vote `votes[i]`, and returns the events of the
  // reveal that tallied the round, with the panel (ordered as drawn).
  const review = async (caseId, votes) => {
    const panel = await waitFor('the panel', async () => {
      const seats = await api.query.disputes.panels(caseId);
      return seats.length ? seats.map((s) => s.reviewer.toString()) : null;
    });
    const byAddress = Object.fromEntries(reviewers.map((r) => [r.address, r]));
    const seated = panel.map((a) => byAddress[a]);
    await Promise.all(seated.map((r, i) =>
      inBlock(api.tx.disputes.commitVote(caseId, voteCommitment(caseId, 0, r, votes[i], saltOf(10 + i))), r)));
    // Every seat committed: reveals are open; the last reveal tallies the round.
    let events;
    for (const [i, r] of seated.entries()) {
      ({ events } = await submit(api, api.tx.disputes.revealVote(caseId, votes[i], saltOf(10 + i)), r));
    }
    return { events, seated };
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
    // Governance (sudo on the dev chain) makes panels of three with short windows; the dev
    // accounts have no labeling record yet (a newcomer's weight, ln 2, is below the reviewers'
    // 1.0), so neither a gold record nor agreements are required.
    await inBlock(api.tx.sudo.sudo(api.tx.disputes.updateParams({
      firstPanel: 3, minReviewerWeight: 0, minReviewerAgreements: 0, panelDelay: 2, commitWindow: 8, revealWindow: 8,
    })), alice);
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

  test('a vendor\'s false gold answer contradicting its annotators goes to review by itself', async () => {
    const spec = taskSpec({ rewardAsset: USDL, rewardPerLabel: REWARD, goldBonus: BONUS, withGold: true });
    const items = [
      // Item 0: the vendor commits to DOG, though the item is a CAT.
      { content: { uri: 'ipfs://item/0', digest: u8aToHex(hashes[0]) }, answerCommitment: goldCommitment(api, vendor, hashes[0], DOG, goldSalt) },
      { content: { uri: 'ipfs://item/1', digest: u8aToHex(hashes[1]) }, answerCommitment: goldCommitment(api, vendor, hashes[1], null, goldSalt) },
    ];
    const { events } = await submit(api, api.tx.labeling.createTask(spec, items), vendor);
    task = eventsOf(events, 'labeling', 'TaskCreated')[0].data.task.toNumber();
    await Promise.all(annotators.map((a) => inBlock(api.tx.labeling.bond(100n * UNIT), a)));
    await requestSeats(api, task, annotators, 2);
    const labels = [[CAT, CAT], [CAT, CAT], [CAT, DOG]];
    await Promise.all(annotators.map(async (a, i) => {
      for (const item of [0, 1]) {
        await inBlock(api.tx.labeling.commit(task, item, commitmentOf(api, task, item, 0, a, labels[i][item], saltOf(i))), a);
      }
    }));
    await Promise.all(annotators.map(async (a, i) => {
      for (const item of [0, 1]) {
        await inBlock(api.tx.labeling.reveal(task, item, labels[i][item], saltOf(i)), a);
      }
    }));
    const { events: revealed } = await submit(api, api.tx.labeling.revealGold(task, 0, DOG, goldSalt), vendor);
    const [disputed] = eventsOf(revealed, 'labeling', 'ItemDisputed');
    assert.equal(disputed.data.kind.toString(), 'GoldContested');
    const [opened] = eventsOf(revealed, 'disputes', 'CaseOpened');
    assert.ok(opened.data.kind.isGoldContested);
    // Nobody is judged or slashed for failing the false answer meanwhile.
    assert.equal(eventsOf(revealed, 'labeling', 'Judged').length, 0);
    assert.equal(await asset(USDL, annotators[0]), 0n);
  });

  test('the panel overturns the false answer: the annotators share the vendor\'s bond', async () => {
    const caseId = (await api.query.disputes.caseOfItem(task, 0)).unwrap().toNumber();
    const reviewerStake = (await api.query.disputes.parameters()).reviewerStake.toBigInt();
    const { events, seated } = await review(caseId, [CAT, CAT, DOG]);
    // Three eligible reviewers, none of them the vendor or an annotator of the item.
    assert.deepEqual(seated.map((r) => r.address).sort(), reviewers.map((r) => r.address).sort());
    const [closed] = eventsOf(events, 'disputes', 'CaseClosed');
    assert.equal(closed.data.outcome.toString(), 'Overturned');
    assert.deepEqual(closed.data.label.toJSON(), { class: 1 });
    const judged = eventsOf(events, 'labeling', 'Judged').map((e) => e.data.verdict.toString());
    assert.deepEqual(judged, ['GoldPassed', 'GoldPassed', 'GoldPassed']);
    const [overturned] = eventsOf(events, 'labeling', 'GoldOverturned');
    const bond = 3n * (REWARD + BONUS);
    assert.equal(overturned.data.bond.toBigInt(), bond);
    for (const a of annotators) {
      // Each: a gold pass (judged on correctness: the reward and the bonus) and a third of
      // the bond.
      assert.equal(await asset(USDL, a), REWARD + BONUS + bond / 3n);
    }
    // The review fee (half of 3 × (reward + bonus)) to the two in the majority.
    const fee = (3n * (REWARD + BONUS)) / 2n;
    const paid = eventsOf(events, 'disputes', 'ReviewerPaid')
      .map((e) => [e.data.reviewer.toString(), e.data.amount.toBigInt()]);
    assert.deepEqual(paid.map((p) => p[1]), [fee / 2n, fee / 2n]);
    for (const r of seated) {
      const ledger = (await api.query.labeling.stakes(r.address)).unwrap();
      assert.equal(ledger.locked.toBigInt(), 0n);
      assert.equal(ledger.bonded.toBigInt(), 100n * UNIT);
    }
    assert.ok(reviewerStake > 0n);
    const result = (await api.call.labelingApi.itemResult(task, 0)).unwrap();
    assert.equal(result.byDispute.isTrue, true);
    assert.deepEqual(result.label.toJSON(), { class: 1 });
  });

  test('the vendor appeals an accepted label; only the vendor may', async () => {
    await inBlock(api.tx.labeling.revealGold(task, 1, null, goldSalt), vendor);
    assert.deepEqual((await api.call.labelingApi.itemResult(task, 1)).unwrap().label.toJSON(), { class: 1 });
    await assert.rejects(
      submit(api, api.tx.disputes.appeal(task, 1), annotators[2]),
      /labeling\.NotVendor/,
    );
    const before = (await api.call.labelingApi.task(task)).unwrap().task.refundable.toBigInt();
    const { events } = await submit(api, api.tx.disputes.appeal(task, 1), vendor);
    const [opened] = eventsOf(events, 'disputes', 'CaseOpened');
    assert.ok(opened.data.kind.isAppeal);
    const fee = (3n * (REWARD + BONUS)) / 2n;
    const info = (await api.call.labelingApi.task(task)).unwrap().task;
    assert.equal(before - info.refundable.toBigInt(), fee);
    assert.equal(info.reserved.toBigInt(), fee);
  });

  test('the panel changes the label; the annotators stay paid', async () => {
    const caseId = (await api.query.disputes.caseOfItem(task, 1)).unwrap().toNumber();
    const usd = await Promise.all(annotators.map((a) => asset(USDL, a)));
    const { events } = await review(caseId, [DOG, DOG, DOG]);
    const [closed] = eventsOf(events, 'disputes', 'CaseClosed');
    assert.equal(closed.data.outcome.toString(), 'Overturned');
    assert.equal(eventsOf(events, 'labeling', 'LabelChanged').length, 1);
    assert.deepEqual(await Promise.all(annotators.map((a) => asset(USDL, a))), usd);
    const result = (await api.call.labelingApi.itemResult(task, 1)).unwrap();
    assert.deepEqual(result.label.toJSON(), { class: 2 });
    assert.equal(result.byDispute.isTrue, true);
  });

  test('the dataset export carries the panels\' labels, marked as decided by a dispute', async () => {
    await waitFinalized(api, await head());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-disputes-export-'));
    try {
      const file = path.join(dir, 'task.jsonl');
      const r = await runCli(['--url', node.wsUrl, 'export', '--task', String(task), '--out', file, '--quiet']);
      assert.equal(r.code, 0, r.stderr);
      const records = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      assert.deepEqual(records.map((x) => [x.item, x.label, x.decided_by]), [
        [0, 1, 'dispute'],
        [1, 2, 'dispute'],
      ]);
      const v = await runCli(['--url', node.wsUrl, 'verify', file]);
      assert.equal(v.code, 0, v.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
