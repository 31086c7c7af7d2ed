// The four-validator local testnet on loopback: all four author blocks, GRANDPA finalizes,
// finality continues with one validator stopped (3 of 4 is more than two thirds), and the
// council adds another validator (Eve) to the running network, which then authors blocks.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, decodeAddress } from '@polkadot/util-crypto';
import {
  connect, errorLines, eventsOf, generateNodeKey, rawRpc, restartNode, sleep, startNode, submit,
  waitFinalized,
} from './lib/node.js';

const VALIDATORS = ['alice', 'bob', 'charlie', 'dave'];

/** The Aura slot in a header's pre-runtime digest. */
function auraSlot(api, header) {
  for (const log of header.digest.logs) {
    if (log.isPreRuntime) {
      const [engine, data] = log.asPreRuntime;
      if (engine.toString() === 'aura') return api.createType('u64', data).toBigInt();
    }
  }
  throw new Error(`block #${header.number} has no Aura pre-digest`);
}

/** Waits until the node's best block reaches `min`, or throws after `timeoutMs`. */
async function waitBest(api, min, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const n = (await api.rpc.chain.getHeader()).number.toNumber();
    if (n >= min) return n;
    if (Date.now() > deadline) throw new Error(`best block stuck at #${n}, wanted #${min}`);
    await sleep(250);
  }
}

/** The number of the finalized head. */
async function finalizedNumber(api) {
  const head = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(head)).number.toNumber();
}

/**
 * Shutdown lines that polkadot-sdk itself logs at ERROR level on a clean stop, which the README
 * lists as harmless for operators: the GRANDPA voter reports the network it gossips on as gone
 * when the network stops before the voter in the same instant. Every other ERROR line fails.
 */
const HARMLESS_SHUTDOWN_ERRORS = [
  / grandpa: GRANDPA voter error: network error: Gossip engine future finished\.\s*$/,
];

describe('local testnet (four validators)', () => {
  const nodes = [];
  let api;
  let apiBob;
  let bootnode;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-testnet-'));

  before(async () => {
    const aliceBase = path.join(root, 'alice');
    fs.mkdirSync(aliceBase);
    const keyFile = path.join(root, 'alice.key');
    const alicePeer = generateNodeKey(keyFile);
    const alice = await startNode(['--chain', 'local', '--alice', '--validator'], {
      name: 'alice', basePath: aliceBase, extraArgs: ['--node-key-file', keyFile, '--detailed-log-output'],
    });
    nodes.push(alice);
    bootnode = `/ip4/127.0.0.1/tcp/${alice.p2pPort}/p2p/${alicePeer}`;
    for (const name of VALIDATORS.slice(1)) {
      const basePath = path.join(root, name);
      fs.mkdirSync(basePath);
      // A validator of a non-dev chain must be given its network key.
      const nodeKey = path.join(root, `${name}.key`);
      generateNodeKey(nodeKey);
      nodes.push(await startNode(['--chain', 'local', `--${name}`, '--validator'], {
        name, basePath, extraArgs: ['--bootnodes', bootnode, '--node-key-file', nodeKey, '--detailed-log-output'],
      }));
    }
    api = await connect(nodes[0]);
    apiBob = await connect(nodes[1]);
  });

  after(async () => {
    for (const a of [api, apiBob]) if (a) await a.disconnect();
    for (const n of nodes) await n.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('every node sees the other three', async () => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const peers = (await api.rpc.system.health()).peers.toNumber();
      if (peers >= 3) break;
      if (Date.now() > deadline) assert.fail(`alice has ${peers} peers`);
      await sleep(500);
    }
  });

  test('all four validators author blocks and GRANDPA finalizes them', async () => {
    const authorities = (await api.query.aura.authorities()).map((a) => a.toString());
    assert.equal(authorities.length, 4);
    assert.equal((await api.query.grandpa.authorities()).length, 4);

    // Every validator authors within a few rounds. On a loaded machine a validator can miss a
    // slot now and then, so look at up to 60 finalized blocks, 12 more at a time.
    const authors = new Set();
    let scanned = 0;
    for (let target = 12; authors.size < 4 && target <= 60; target += 12) {
      const finalized = await waitFinalized(api, target, 180_000);
      for (let n = scanned + 1; n <= finalized; n += 1) {
        const hash = await api.rpc.chain.getBlockHash(n);
        const header = await api.rpc.chain.getHeader(hash);
        const slot = auraSlot(api, header);
        authors.add(authorities[Number(slot % BigInt(authorities.length))]);
      }
      scanned = finalized;
    }
    assert.equal(authors.size, 4, `only ${authors.size} validators authored blocks 1..${scanned}`);
  });

  // --- Faults an operator meets: a crash, a lost majority, a restart of the whole network. ---

  test('a validator killed with kill -9 restarts from its base path, resyncs, authors and votes again', async (t) => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519' });
    const charlieAura = u8aToHex(keyring.addFromUri('//Charlie').publicKey);
    const authorities = (await api.query.aura.authorities()).map((a) => a.toHex());
    const charlieIndex = BigInt(authorities.indexOf(charlieAura));
    assert.ok(charlieIndex >= 0n, 'Charlie is an Aura authority');

    const killed = await nodes[2].kill();
    assert.equal(killed.signal, 'SIGKILL');
    // Alice, Bob and Dave (3 of 4) go on finalizing without Charlie.
    const atKill = await finalizedNumber(api);
    await waitFinalized(api, atKill + 3, 120_000);

    // Back on the same base path, node key and ports: it resyncs what it missed.
    const restartedAt = Date.now();
    nodes[2] = await restartNode(nodes[2]);
    const apiCharlie = await connect(nodes[2]);
    try {
      const missed = (await api.rpc.chain.getHeader()).number.toNumber();
      await waitBest(apiCharlie, missed, 120_000);
      t.diagnostic(`charlie resynced to #${missed} ${Date.now() - restartedAt} ms after the restart`);

      // It authors again: a finalized block after the restart in one of Charlie's slots.
      let authored = null;
      for (let n = missed + 1; authored === null && n <= missed + 40; n += 1) {
        await waitFinalized(api, n, 120_000);
        const header = await api.rpc.chain.getHeader(await api.rpc.chain.getBlockHash(n));
        if (auraSlot(api, header) % BigInt(authorities.length) === charlieIndex) authored = n;
      }
      assert.ok(authored !== null, `Charlie authored none of blocks #${missed + 1}..#${missed + 40}`);

      // It votes again: with Dave down too, nothing is finalized without Charlie's votes
      // (3 of 4 is the threshold), and finality goes on.
      await nodes[3].kill();
      const withoutDave = await finalizedNumber(api);
      await waitFinalized(api, withoutDave + 3, 120_000);
      // Charlie's own node finalizes the same blocks.
      const n = withoutDave + 3;
      await waitFinalized(apiCharlie, n, 60_000);
      assert.equal(
        (await apiCharlie.rpc.chain.getBlockHash(n)).toHex(),
        (await api.rpc.chain.getBlockHash(n)).toHex(),
      );
    } finally {
      await apiCharlie.disconnect();
    }
  });

  test('two of four down: finality stalls, then catches up, and nothing finalized reverts', async (t) => {
    // Dave is down since the last test; Charlie goes down too: two of four cannot finalize.
    await nodes[2].kill();
    await sleep(6_000); // a round that was already decided may still be announced
    const stalledAt = await finalizedNumber(api);
    const stalledHash = (await api.rpc.chain.getBlockHash(stalledAt)).toHex();
    const earlier = Math.max(1, stalledAt - 5);
    const earlierHash = (await api.rpc.chain.getBlockHash(earlier)).toHex();

    // Alice and Bob still author their slots (half of them), but nothing more is finalized.
    const bestAtStall = (await api.rpc.chain.getHeader()).number.toNumber();
    const bestDuringStall = await waitBest(api, bestAtStall + 3, 120_000);
    assert.equal(await finalizedNumber(api), stalledAt, 'finality stalls with 2 of 4 validators');
    assert.equal(await finalizedNumber(apiBob), stalledAt);
    t.diagnostic(`finality stalled at #${stalledAt} while the best block reached #${bestDuringStall}`);

    // Both come back: finality catches up past every block authored during the stall.
    const restartedAt = Date.now();
    nodes[2] = await restartNode(nodes[2]);
    nodes[3] = await restartNode(nodes[3]);
    const reached = await waitFinalized(api, bestDuringStall, 180_000);
    t.diagnostic(`finalized #${reached} (≥ #${bestDuringStall}) ${Date.now() - restartedAt} ms after the restarts`);

    // What was finalized before the stall is still there, on every node.
    const apis = [api, apiBob, await connect(nodes[2]), await connect(nodes[3])];
    try {
      for (const a of apis) {
        await waitFinalized(a, bestDuringStall, 120_000);
        assert.equal((await a.rpc.chain.getBlockHash(stalledAt)).toHex(), stalledHash);
        assert.equal((await a.rpc.chain.getBlockHash(earlier)).toHex(), earlierHash);
      }
    } finally {
      await apis[2].disconnect();
      await apis[3].disconnect();
    }
  });

  test('a clean stop and restart of all four validators loses nothing and logs no error', async (t) => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519' });
    const [alice, ferdie] = ['//Alice', '//Ferdie'].map((u) => keyring.addFromUri(u));
    const amount = 1_234_567_890_000n;
    const ferdieBefore = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
    const { blockHash } = await submit(api, api.tx.balances.transferKeepAlive(ferdie.address, amount), alice);
    const transferBlock = (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    const finalized = await waitFinalized(api, transferBlock);
    const hashes = [];
    for (let n = 1; n <= finalized; n += 1) hashes.push((await api.rpc.chain.getBlockHash(n)).toHex());

    await api.disconnect();
    await apiBob.disconnect();
    api = null;
    apiBob = null;
    // Stopped as an operator stops a node (SIGINT): exit code 0, and no ERROR line but the
    // upstream shutdown lines the README lists as harmless.
    for (const node of nodes.slice(0, 4)) {
      const { code } = await node.stop();
      assert.equal(code, 0, `${node.name} exited with ${code}`);
      const all = errorLines(node.runLog());
      const errors = all.filter((line) => !HARMLESS_SHUTDOWN_ERRORS.some((harmless) => harmless.test(line)));
      assert.deepEqual(errors, [], `${node.name} logged errors:\n${errors.join('\n')}`);
      t.diagnostic(`${node.name}: exit code 0, ${all.length} ERROR line(s), none but the listed upstream one`);
    }

    for (let i = 0; i < 4; i += 1) nodes[i] = await restartNode(nodes[i]);
    api = await connect(nodes[0]);
    apiBob = await connect(nodes[1]);
    // The finalized history is the same block for block, and the transfer is still there.
    assert.ok(await finalizedNumber(api) >= finalized, 'the finalized height survives the restart');
    for (let n = 1; n <= finalized; n += 1) {
      assert.equal((await api.rpc.chain.getBlockHash(n)).toHex(), hashes[n - 1], `block #${n}`);
    }
    assert.equal((await api.rpc.chain.getBlockHash(transferBlock)).toHex(), blockHash.toHex());
    const ferdieAfter = (await api.query.system.account(ferdie.address)).data.free.toBigInt();
    assert.equal(ferdieAfter, ferdieBefore + amount);
    // And the restarted network finalizes new blocks.
    await waitFinalized(apiBob, finalized + 3, 180_000);
  });

  test('finality continues with one validator stopped', async () => {
    const dave = nodes[3];
    await dave.stop();
    const start = await waitFinalized(apiBob, 0);
    // A few rounds after the stop, all of them decided by the three that remain.
    const reached = await waitFinalized(apiBob, start + 5, 120_000);
    assert.ok(reached >= start + 5);
    const peers = (await apiBob.rpc.system.health()).peers.toNumber();
    assert.equal(peers, 2, 'bob should see only alice and charlie now');
  });

  test('the council adds a validator to the running network and it authors blocks', async () => {
    await cryptoWaitReady();
    const keyring = new Keyring({ type: 'sr25519' });
    const [alice, bob, eve] = ['//Alice', '//Bob', '//Eve'].map((u) => keyring.addFromUri(u));
    const inBlock = (tx, who) => submit(api, tx, who, { until: 'inBlock' });

    // Eve runs a validator node and generates session keys in its keystore.
    const basePath = path.join(root, 'eve');
    fs.mkdirSync(basePath);
    const nodeKey = path.join(root, 'eve.key');
    generateNodeKey(nodeKey);
    const eveNode = await startNode(['--chain', 'local', '--eve', '--validator'], {
      name: 'eve', basePath, extraArgs: ['--bootnodes', bootnode, '--node-key-file', nodeKey],
    });
    nodes.push(eveNode);
    const eveRpc = await rawRpc(eveNode);
    const generated = await eveRpc.send('author_rotateKeysWithOwner', [u8aToHex(decodeAddress(eve.address))]);
    await eveRpc.disconnect();
    await inBlock(api.tx.session.setKeys(generated.keys, generated.proof), eve);

    // A member alone cannot add a validator; a two-thirds motion can.
    await assert.rejects(inBlock(api.tx.validatorSet.addValidator(eve.address), alice), /BadOrigin/);
    const call = api.tx.validatorSet.addValidator(eve.address);
    const proposed = await inBlock(api.tx.council.propose(2, call, call.encodedLength), alice);
    const [p] = eventsOf(proposed.events, 'council', 'Proposed');
    const hash = p.data.proposalHash.toHex();
    const index = p.data.proposalIndex.toNumber();
    await inBlock(api.tx.council.vote(hash, index, true), alice);
    await inBlock(api.tx.council.vote(hash, index, true), bob);
    const closed = await inBlock(
      api.tx.council.close(hash, index, (await call.paymentInfo(alice)).weight, call.encodedLength),
      bob,
    );
    const [executed] = eventsOf(closed.events, 'council', 'Executed');
    assert.ok(executed && executed.data.result.isOk, 'the motion added Eve');
    assert.ok((await api.query.validatorSet.validators()).map(String).includes(eve.address));

    // Within two sessions (20 blocks each) Eve's keys are among Aura's and GRANDPA's
    // authorities, with no restart.
    // The keys are SCALE(SessionKeys { aura: sr25519, grandpa: ed25519 }): 32 + 32 bytes.
    const eveKey = `0x${generated.keys.slice(2, 66)}`;
    const deadline = Date.now() + 300_000;
    let authorities = [];
    for (;;) {
      authorities = (await api.query.aura.authorities()).map((a) => a.toHex());
      if (authorities.length === 5) break;
      if (Date.now() > deadline) assert.fail(`Aura still has ${authorities.length} authorities`);
      await sleep(2_000);
    }
    assert.equal((await api.query.grandpa.authorities()).length, 5);
    assert.ok(authorities.includes(eveKey), 'Eve\'s Aura key is an authority');

    // Eve authors a block (one slot in five is hers; Dave's stay empty), and finality goes on
    // with four of five validators online.
    const eveIndex = BigInt(authorities.indexOf(eveKey));
    let authored = null;
    const start = (await api.rpc.chain.getHeader()).number.toNumber();
    for (let n = start; authored === null && n < start + 40; n += 1) {
      await waitFinalized(api, n, 120_000);
      const blockHash = await api.rpc.chain.getBlockHash(n);
      const header = await api.rpc.chain.getHeader(blockHash);
      const set = (await api.query.aura.authorities.at(blockHash)).length;
      if (set === 5 && auraSlot(api, header) % 5n === eveIndex) authored = n;
    }
    assert.ok(authored !== null, `Eve authored none of blocks ${start}..${start + 40}`);
  });
});
