// The four-validator local testnet on loopback: all four author blocks, GRANDPA finalizes,
// and finality continues with one validator stopped (3 of 4 is more than two thirds).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connect, generateNodeKey, sleep, startNode, waitFinalized } from './lib/node.js';

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
    const bootnode = `/ip4/127.0.0.1/tcp/${alice.p2pPort}/p2p/${alicePeer}`;
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
});
