// The validators `scripts/testnet.sh` starts expose only what a web page may see (issue 17):
// safe RPC methods, to the node's default origins. Attack stopped: a page open in the
// operator's browser calling `author_rotateKeys` (or `author_insertKey`) on a validator, which
// `--rpc-cors all` with unsafe methods allowed. (Browsers apply CORS to HTTP only: a page can
// open a WebSocket to a local node whatever the node's CORS list, so the methods themselves
// must be safe.)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WsProvider } from '@polkadot/api';
import { nodeBinary, repoRoot, sleep } from './lib/node.js';

const RPC = 'http://127.0.0.1:9944';

/** A browser's CORS preflight for a JSON-RPC POST from `origin`; resolves to the origin the
 * node allows (the `access-control-allow-origin` header), or null. */
async function preflight(origin) {
  const res = await fetch(RPC, {
    method: 'OPTIONS',
    headers: {
      Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type',
    },
  });
  await res.text();
  return res.headers.get('access-control-allow-origin');
}

/** A JSON-RPC call over HTTP with the given `Origin`; resolves to `{ status, body }`. */
async function call(method, origin, params = []) {
  const res = await fetch(RPC, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: origin },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, body };
}

describe('testnet.sh validators: safe RPC only, default origins', () => {
  let script;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-testnet-rpc-'));

  before(async () => {
    script = spawn('bash', [path.join(repoRoot, 'scripts', 'testnet.sh')], {
      env: { ...process.env, TESTNET_DIR: dir, LABELCHAIN_NODE: nodeBinary() },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const deadline = Date.now() + 120_000;
    for (;;) {
      try {
        const { body } = await call('system_chain', 'http://localhost:3000');
        if (body?.result) break;
      } catch { /* not listening yet */ }
      if (Date.now() > deadline) throw new Error('the testnet did not open its RPC port in time');
      await sleep(500);
    }
  });

  after(async () => {
    if (script && script.exitCode === null) {
      const done = new Promise((resolve) => script.once('exit', resolve));
      process.kill(-script.pid, 'SIGINT');
      const timer = setTimeout(() => { try { process.kill(-script.pid, 'SIGKILL'); } catch { /* gone */ } }, 20_000);
      await done;
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a browser lets a page from a foreign origin read nothing over HTTP', async () => {
    // With `--rpc-cors all` the node answered `*`: any page could read its responses.
    assert.equal(await preflight('https://evil.example'), null);
  });

  test('polkadot.js Apps and local tools can read and submit', async () => {
    assert.equal(await preflight('https://polkadot.js.org'), 'https://polkadot.js.org');
    const { status, body } = await call('system_chain', 'https://polkadot.js.org');
    assert.equal(status, 200);
    assert.equal(body.result, 'LabelChain Local Testnet');
  });

  test('unsafe methods are refused, over WebSocket too', async () => {
    const provider = new WsProvider('ws://127.0.0.1:9944');
    await provider.isReady;
    try {
      await assert.rejects(provider.send('author_rotateKeys', []), /unsafe/i);
    } finally {
      await provider.disconnect();
    }
  });

  test('unsafe methods are refused even from an allowed origin', async () => {
    for (const method of ['author_rotateKeys', 'author_insertKey', 'system_addReservedPeer']) {
      const params = method === 'author_insertKey' ? ['aura', '//Mallory', '0x00'] : method === 'system_addReservedPeer' ? ['/ip4/1.2.3.4/tcp/1'] : [];
      const { body } = await call(method, 'http://localhost:3000', params);
      assert.ok(body.error, `${method} answered ${JSON.stringify(body)}`);
      assert.match(body.error.message, /unsafe/i, method);
    }
  });
});
