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
  connect, eventsOf, generateNodeKey, rawRpc, sleep, startNode, submit, waitFinalized,
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
      name: 'alice', basePath: aliceBase, extraArgs: ['--node-key-file', keyFile],
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
        name, basePath, extraArgs: ['--bootnodes', bootnode, '--node-key-file', nodeKey],
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
