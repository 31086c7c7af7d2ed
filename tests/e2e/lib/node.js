// Starting and stopping real labelchain-node processes for the end-to-end tests.
//
// Every node listens on loopback only, on free ports, with a temporary base path, and with
// mDNS off, so a test talks to nothing but its own processes. Every process started here is
// killed when the test file ends, also when it fails or is interrupted.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { WsProvider } from '@polkadot/api';
import { LABELCHAIN_RPC, LABELCHAIN_TYPES, connect as connectUrl, explainRefusal } from '@labelchain/sdk';

const here = path.dirname(new URL(import.meta.url).pathname);
const repoRoot = path.resolve(here, '..', '..', '..');

/** Path of one of our binaries: $`envVar`, or the debug build in the cargo target dir. */
function builtBinary(name, envVar) {
  if (process.env[envVar]) return process.env[envVar];
  const targetDir = process.env.CARGO_TARGET_DIR
    || path.join(os.homedir(), '.cache', 'labelchain', 'target');
  const bin = path.join(targetDir, 'debug', name);
  if (!fs.existsSync(bin)) {
    throw new Error(`${name} not found at ${bin}: build it (scripts/test.sh does) or set ${envVar}`);
  }
  return bin;
}

/** Path of the node binary: $LABELCHAIN_NODE, or the debug build in the cargo target dir. */
export const nodeBinary = () => builtBinary('labelchain-node', 'LABELCHAIN_NODE');

/** Path of the dataset tool: $LABELCHAIN_CLI, or the debug build in the cargo target dir. */
export const cliBinary = () => builtBinary('labelchain-cli', 'LABELCHAIN_CLI');

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const live = new Set();
function killAll() {
  for (const child of live) {
    try { child.kill('SIGKILL'); } catch { /* already gone */ }
  }
}
process.on('exit', killAll);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => { killAll(); process.exit(130); });
}

/** Runs `bin` with `args` to completion: { code, signal, stdout, stderr }. */
function runBinary(bin, args, timeoutMs) {
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs the node binary to completion with the given arguments (for CLI checks). */
export function runNodeCommand(args, { timeoutMs = 60_000 } = {}) {
  return runBinary(nodeBinary(), args, timeoutMs);
}

/** Generates a libp2p node key file and returns its peer id. */
export function generateNodeKey(file) {
  const out = spawnSync(nodeBinary(), ['key', 'generate-node-key', '--file', file], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`generate-node-key failed: ${out.stderr}`);
  // The peer id is the one line of output (stderr, as the key itself may go to stdout).
  const peerId = `${out.stderr}\n${out.stdout}`.split('\n').map((l) => l.trim())
    .find((l) => /^12D3Koo[1-9A-HJ-NP-Za-km-z]+$/.test(l));
  if (!peerId) throw new Error(`generate-node-key printed no peer id: ${out.stderr}`);
  return peerId;
}

/**
 * Starts a node. `args` are the chain and role flags (for example ['--dev'] or
 * ['--chain', 'local', '--alice', '--validator']); ports, base path and loopback-only
 * networking are added here. Resolves once the RPC port answers.
 */
export async function startNode(args, {
  name = 'node', extraArgs = [], basePath, rpcPort: fixedRpcPort, p2pPort: fixedP2pPort,
} = {}) {
  const base = basePath || fs.mkdtempSync(path.join(os.tmpdir(), `labelchain-${name}-`));
  const rpcPort = fixedRpcPort || await freePort();
  const p2pPort = fixedP2pPort || await freePort();
  const fullArgs = [
    ...args,
    '--base-path', base,
    '--rpc-port', String(rpcPort),
    '--listen-addr', `/ip4/127.0.0.1/tcp/${p2pPort}`,
    '--no-mdns',
    '--no-prometheus',
    '--no-telemetry',

    '--rpc-cors', 'all',
    ...extraArgs,
  ];
  const child = spawn(nodeBinary(), fullArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const logFile = path.join(base, 'node.log');
  // Appended: a node restarted on its base path keeps the log of its earlier runs.
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0;
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; live.delete(child); });

  const node = {
    name,
    child,
    base,
    rpcPort,
    p2pPort,
    logFile,
    wsUrl: `ws://127.0.0.1:${rpcPort}`,
    /** What `startNode` needs to start this node again on the same base path and ports. */
    restartSpec: {
      args, options: { name, extraArgs, basePath: base, rpcPort, p2pPort },
    },
    /** Stops the node as an operator does (SIGINT); resolves with its { code, signal }. */
    async stop() {
      if (exited) return exited;
      const done = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await done;
      clearTimeout(timer);
      return result;
    },
    /** Kills the node with SIGKILL, as a crash or `kill -9` would. */
    async kill() {
      if (exited) return exited;
      const done = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGKILL');
      return done;
    },
    /** The log lines this run of the node wrote (not those of earlier runs on the base path). */
    runLog() {
      try {
        const all = fs.readFileSync(logFile);
        return all.subarray(Math.min(logStart, all.length)).toString('utf8');
      } catch { return ''; }
    },
    cleanup() {
      fs.rmSync(base, { recursive: true, force: true });
    },
    tail(lines = 40) {
      try {
        return fs.readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
      } catch { return ''; }
    },
  };

  // Wait for the RPC server to accept connections.
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (exited) {
      throw new Error(`${name} exited early (${JSON.stringify(exited)}):\n${node.tail()}`);
    }
    if (await portOpen(rpcPort)) break;
    if (Date.now() > deadline) {
      await node.stop();
      throw new Error(`${name} did not open its RPC port in time:\n${node.tail()}`);
    }
    await sleep(250);
  }
  return node;
}

/** Starts `node` again on its base path, node key and ports (after `stop` or `kill`). */
export function restartNode(node) {
  return startNode(node.restartSpec.args, node.restartSpec.options);
}

/** The ERROR lines of a node's log text (sc-cli prints the level on every line but INFO's). */
export function errorLines(text) {
  return text.split('\n').filter((line) => /^\S+ \S+\s+ERROR /.test(line));
}

function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The types and RPC methods every LabelChain client sets up come from the SDK.
export { LABELCHAIN_RPC, LABELCHAIN_TYPES };

/** A polkadot.js API connected to the node, configured as the README tells users to. */
export function connect(node) {
  return connectUrl(node.wsUrl);
}

/** A bare JSON-RPC connection to the node, for checking raw responses. */
export async function rawRpc(node) {
  const provider = new WsProvider(node.wsUrl, 1000);
  await provider.isReady;
  return provider;
}

/** Waits until the finalized head reaches `min`, or throws after `timeoutMs`. */
export async function waitFinalized(api, min, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const head = await api.rpc.chain.getFinalizedHead();
    const header = await api.rpc.chain.getHeader(head);
    const n = header.number.toNumber();
    if (n >= min) return n;
    if (Date.now() > deadline) {
      throw new Error(`finalized head stuck at #${n}, wanted #${min}`);
    }
    await sleep(500);
  }
}

/**
 * Signs and submits `tx`, resolves at finalization (or inclusion, with `until: 'inBlock'`)
 * with the extrinsic's events and block hash; rejects on a dispatch error (decoded to
 * `pallet.Error`), an invalid transaction (a pallet's refusal named as `pallet.Error`), or a
 * timeout. `signOptions` go to polkadot.js'
 * `signAndSend` (for example `{ assetId: 1 }` to pay the fee in LBL).
 */
export function submit(api, tx, signer, { timeoutMs = 120_000, until = 'finalized', signOptions = {} } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    const timer = setTimeout(() => { unsub(); reject(new Error('transaction not finalized in time')); }, timeoutMs);
    tx.signAndSend(signer, signOptions, (result) => {
      const { status, events, dispatchError } = result;
      if (status.isInvalid || status.isDropped || status.isUsurped) {
        clearTimeout(timer); unsub();
        reject(new Error(`transaction ${status.type}`));
        return;
      }
      if (status.isFinalized || (until === 'inBlock' && status.isInBlock)) {
        clearTimeout(timer); unsub();
        if (dispatchError) {
          let msg = dispatchError.toString();
          if (dispatchError.isModule) {
            const m = api.registry.findMetaError(dispatchError.asModule);
            msg = `${m.section}.${m.name}`;
          }
          const err = new Error(msg);
          err.events = events;
          reject(err);
          return;
        }
        resolve({ events, blockHash: status.isFinalized ? status.asFinalized : status.asInBlock });
      }
    }).then((u) => { unsub = u; }).catch((e) => { clearTimeout(timer); reject(explainRefusal(api, tx, e)); });
  });
}

/** The events of a submission that match `section.method`. */
export function eventsOf(events, section, method) {
  return events.filter(({ event }) => event.section === section && event.method === method)
    .map(({ event }) => event);
}

export { repoRoot };

/** Runs `labelchain-cli` with `args` to completion: { code, signal, stdout, stderr }. */
export function runCli(args, { timeoutMs = 120_000 } = {}) {
  return runBinary(cliBinary(), args, timeoutMs);
}

/** Path of the bridge relayer: $LABELCHAIN_RELAYER, or the debug build in the cargo target dir. */
export const relayerBinary = () => builtBinary('labelchain-relayer', 'LABELCHAIN_RELAYER');

/**
 * Starts a bridge relayer with `args`; its output goes to `logFile`. Returns { child, stop, log }.
 */
export function startRelayer(args, logFile) {
  const child = spawn(relayerBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const out = fs.createWriteStream(logFile);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = false;
  child.on('exit', () => { exited = true; live.delete(child); });
  return {
    child,
    log: () => { try { return fs.readFileSync(logFile, 'utf8'); } catch { return ''; } },
    async stop() {
      if (exited) return;
      const done = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await done;
      clearTimeout(timer);
    },
  };
}
