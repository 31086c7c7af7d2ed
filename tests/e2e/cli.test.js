// Bad command-line input is answered with a clear error and a non-zero exit, never a panic.

import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, runNodeCommand } from './lib/node.js';

const noPanic = (r) => assert.doesNotMatch(r.stderr + r.stdout, /panicked|RUST_BACKTRACE/);

describe('command line', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-cli-'));
  after(() => fs.rmSync(base, { recursive: true, force: true }));

  test('--version names the node', async () => {
    const r = await runNodeCommand(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^labelchain-node \d+\.\d+\.\d+/);
  });

  test('an unknown chain is a clear error', async () => {
    const r = await runNodeCommand(['--chain', 'no-such-chain', '--base-path', base]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unknown chain 'no-such-chain': expected 'dev', 'local' or the path/);
    noPanic(r);
  });

  test('a port out of range is a clear error', async () => {
    const r = await runNodeCommand(['--dev', '--rpc-port', '70000', '--base-path', base]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /invalid value '70000' for '--rpc-port/);
    noPanic(r);
  });

  test('a port that is not a number is a clear error', async () => {
    const r = await runNodeCommand(['--dev', '--port', 'abc', '--base-path', base]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /invalid value 'abc' for '--port/);
    noPanic(r);
  });

  test('an RPC port already in use is a clear error', async () => {
    const port = await freePort();
    const blocker = net.createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const r = await runNodeCommand([
        '--dev', '--rpc-port', String(port), '--base-path', base, '--no-mdns',
        '--no-prometheus', '--listen-addr', `/ip4/127.0.0.1/tcp/${await freePort()}`,
      ], { timeoutMs: 90_000 });
      assert.notEqual(r.code, 0, 'the node must not run without its RPC port');
      assert.match(r.stderr, new RegExp(`the RPC address 127\\.0\\.0\\.1:${port} cannot be used: Address already in use`));
      // Checked before the node starts anything (a later failure raced the network's shutdown).
      assert.doesNotMatch(r.stderr, /Initializing Genesis/);
      noPanic(r);
    } finally {
      blocker.close();
    }
  });

  test('the dev and local chain specs export with their presets', async () => {
    for (const [chain, validators, sudo] of [['dev', 1, true], ['local', 4, false]]) {
      const r = await runNodeCommand(['export-chain-spec', '--chain', chain]);
      assert.equal(r.code, 0, r.stderr);
      const spec = JSON.parse(r.stdout);
      assert.equal(spec.properties.tokenSymbol, 'LC');
      const patch = spec.genesis.runtimeGenesis.patch;
      // Aura's and GRANDPA's authorities come from the session keys of the validator set.
      assert.equal(patch.validatorSet.validators.length, validators);
      assert.equal(patch.session.keys.length, validators);
      assert.equal(patch.councilMembership.members.length, 3);
      // Only the development preset has a sudo key.
      assert.equal(Boolean(patch.sudo && patch.sudo.key), sudo);
    }
  });
});
