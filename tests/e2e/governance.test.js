// The vendor council on a real dev node, through polkadot.js: a vendor proposes a new minimum
// stake, two of the three council members approve, the motion is closed and the labeling pallet
// uses the new value; a motion that fails changes nothing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, eventsOf, startNode, submit } from './lib/node.js';
import { taskSpec } from './lib/labeling.js';

const UNIT = 10n ** 12n;

describe('vendor council governance', () => {
  let node;
  let api;
  let alice;
  let bob;
  let charlie;
  let dave;

  const inBlock = (tx, who) => submit(api, tx, who, { until: 'inBlock' });
  const minStake = async () => (await api.query.labeling.parameters()).minStake.toBigInt();

  /** Proposes `call` to the council with a threshold of 2; returns its hash and index. */
  async function propose(call, who) {
    const { events } = await inBlock(api.tx.council.propose(2, call, call.encodedLength), who);
    const [proposed] = eventsOf(events, 'council', 'Proposed');
    assert.ok(proposed, 'council.Proposed emitted');
    return {
      hash: proposed.data.proposalHash.toHex(),
      index: proposed.data.proposalIndex.toNumber(),
      call,
    };
  }

  /** Closes a motion (anyone may); returns the events. */
  async function close({ hash, index, call }, who) {
    const weight = (await call.paymentInfo(who)).weight;
    const { events } = await inBlock(
      api.tx.council.close(hash, index, weight, call.encodedLength),
      who,
    );
    return events;
  }

  before(async () => {
    await cryptoWaitReady();
    node = await startNode(['--dev'], { name: 'governance' });
    api = await connect(node);
    const keyring = new Keyring({ type: 'sr25519' });
    [alice, bob, charlie, dave] = ['//Alice', '//Bob', '//Charlie', '//Dave']
      .map((u) => keyring.addFromUri(u));
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) {
      await node.stop();
      node.cleanup();
    }
  });

  test('the council is Alice, Bob and Charlie', async () => {
    const members = (await api.query.council.members()).map((m) => m.toString()).sort();
    assert.deepEqual(members, [alice.address, bob.address, charlie.address].sort());
  });

  test('a member alone cannot change a labeling parameter', async () => {
    await assert.rejects(
      inBlock(api.tx.labeling.updateParams({ minStake: 1n }), alice),
      /BadOrigin/,
    );
  });

  test('two of three approve a new minimum stake and the labeling pallet uses it', async () => {
    const before = await minStake();
    const wanted = before * 2n;
    const motion = await propose(api.tx.labeling.updateParams({ minStake: wanted }), alice);
    await inBlock(api.tx.council.vote(motion.hash, motion.index, true), alice);
    await inBlock(api.tx.council.vote(motion.hash, motion.index, true), bob);
    const events = await close(motion, dave);
    const [executed] = eventsOf(events, 'council', 'Executed');
    assert.ok(executed, 'council.Executed emitted');
    assert.ok(executed.data.result.isOk, `the motion's call succeeded: ${executed.data.result}`);
    assert.equal(await minStake(), wanted);

    // The new value is enforced: a task asking for less stake than the minimum is refused.
    const vendor = charlie;
    await assert.rejects(
      inBlock(api.tx.labeling.createTask(taskSpec({
        schema: { Categorical: { classes: 2 } },
        commitWindow: 20,
        revealWindow: 20,
        rewardAsset: 1,
        rewardPerLabel: UNIT,
        minStake: before,
      }), []), vendor),
      /labeling\.MinStakeTooLow/,
    );
  });

  test('a motion that fails changes nothing', async () => {
    const before = await minStake();
    const motion = await propose(api.tx.labeling.updateParams({ minStake: before * 10n }), bob);
    await inBlock(api.tx.council.vote(motion.hash, motion.index, true), bob);
    await inBlock(api.tx.council.vote(motion.hash, motion.index, false), alice);
    await inBlock(api.tx.council.vote(motion.hash, motion.index, false), charlie);
    const events = await close(motion, dave);
    assert.equal(eventsOf(events, 'council', 'Disapproved').length, 1);
    assert.equal(eventsOf(events, 'council', 'Executed').length, 0);
    assert.equal(await minStake(), before);
    assert.equal((await api.query.council.proposals()).length, 0);
  });
});
