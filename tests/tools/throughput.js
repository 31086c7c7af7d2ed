// The throughput benchmark's driver (`scripts/bench-throughput.sh` runs it): on one release
// node it measures balance transfers per second and labels per second, each from pre-signed
// extrinsics sent by many accounts and counted once finalized, with every block's fullness;
// the bytes of state a settled item leaves before and after `purge_task`; and, on the
// four-validator testnet under the labeling load, GRANDPA's finality lag in milliseconds.
//
//   node tools/throughput.js --out ../benchmarks/throughput.json
//
// Options (defaults in brackets): --senders [500] --per-sender [16] transfers,
// --annotators [192] --seats [16] seats each (a label = one seat's settled vote, r = 3),
// --cohorts [12] of those annotators in the pipelined run, --testnet-cohorts [4] in the testnet's
// load, --skip-testnet, --pool-limit [20000].
// LABELCHAIN_NODE names the node binary.
//
// Labels are measured twice: one cohort as a single burst (its seat draws, commits and reveals
// follow one another, the blocks between them mostly empty), and COHORTS cohorts a block apart
// (a pipeline: one cohort's seats are drawn while another's commits and reveals are included,
// the steady flow a chain with many annotators sees). The finality lag is measured under the
// pipeline's load.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex, u8aConcat, stringToU8a } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady, xxhashAsU8a } from '@polkadot/util-crypto';
import { labelCommitment } from '@labelchain/sdk';
import { connect, generateNodeKey, nodeBinary, sleep, startNode } from '../e2e/lib/node.js';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const flag = (name) => args.includes(`--${name}`);

const SENDERS = Number(opt('senders', 500));
const PER_SENDER = Number(opt('per-sender', 16));
const ANNOTATORS = Number(opt('annotators', 192));
const SEATS = Number(opt('seats', 16));
const COHORTS = Number(opt('cohorts', 12));
const TESTNET_COHORTS = Number(opt('testnet-cohorts', 4));
const POOL_LIMIT = Number(opt('pool-limit', 20000));
const OUT = opt('out', null);
const MD = opt('md', null);
const UNIT = 10n ** 12n;
const LBL = 1;
const log = (...m) => console.log(`[throughput ${new Date().toISOString().slice(11, 19)}]`, ...m);

const poolArgs = ['--pool-limit', String(POOL_LIMIT), '--pool-kbytes', String(Math.ceil(POOL_LIMIT * 2))];

/** p-th percentile (0..100) of numbers, nearest rank. */
function percentile(values, p) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Submits signed extrinsics (hex), `width` at a time; returns how many the pool refused. */
async function submitAll(api, hexes, width = 256) {
  let refused = 0;
  let firstError = null;
  for (let i = 0; i < hexes.length; i += width) {
    const results = await Promise.allSettled(hexes.slice(i, i + width).map((x) => api.rpc.author.submitExtrinsic(x)));
    for (const r of results) {
      if (r.status === 'rejected') {
        refused += 1;
        firstError ??= r.reason?.message ?? String(r.reason);
      }
    }
  }
  if (refused) log(`pool refused ${refused} of ${hexes.length} (first: ${firstError})`);
  return refused;
}

/** Signs `calls` = [[tx, pair, nonce]] as immortal extrinsics; returns their hex. */
async function presign(calls) {
  const out = [];
  for (const [tx, pair, nonce] of calls) {
    const signed = await tx.signAsync(pair, { nonce, era: 0 });
    out.push(signed.toHex());
  }
  return out;
}

async function finalizedNumber(api) {
  const head = await api.rpc.chain.getFinalizedHead();
  return (await api.rpc.chain.getHeader(head)).number.toNumber();
}

/** Waits until `done()` is true (checked every second). */
async function waitUntil(what, done, timeoutMs = 900_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return;
    if (Date.now() > deadline) throw new Error(`${what}: not done in ${timeoutMs / 1000} s`);
    await sleep(1000);
  }
}

/**
 * Waits until every account of `pairs` has a nonce of at least `nonces[i]` at the finalized
 * head (or at the best block with `best`: an annotator acts on inclusion, as the SDK does).
 */
async function waitNonces(api, what, pairs, nonces, { best = false } = {}) {
  await waitUntil(what, async () => {
    const at = await api.at(best ? await api.rpc.chain.getBlockHash() : await api.rpc.chain.getFinalizedHead());
    const infos = await at.query.system.account.multi(pairs.map((p) => p.address));
    return infos.every((info, i) => info.nonce.toNumber() >= nonces[i]);
  });
}

/**
 * Per finalized block `from..=to`: number, extrinsics, normal/mandatory ref time (ps), the
 * normal class's fullness, length, and the events `pick` keeps.
 */
async function blocksBetween(api, from, to, pick, work = pick) {
  const limits = api.consts.system.blockWeights;
  const maxNormal = limits.perClass.normal.maxTotal.unwrap().refTime.toBigInt();
  const rows = [];
  for (let n = from; n <= to; n += 1) {
    const hash = await api.rpc.chain.getBlockHash(n);
    const [block, at] = await Promise.all([api.rpc.chain.getBlock(hash), api.at(hash)]);
    const [weight, events, moment] = await Promise.all([
      at.query.system.blockWeight(), at.query.system.events(), at.query.timestamp.now(),
    ]);
    const normal = weight.normal.refTime.toBigInt();
    const mandatory = weight.mandatory.refTime.toBigInt();
    const operational = weight.operational.refTime.toBigInt();
    rows.push({
      number: n,
      timestamp: moment.toNumber(),
      extrinsics: block.block.extrinsics.length,
      bytes: block.block.encodedLength,
      normalPs: normal.toString(),
      mandatoryPs: mandatory.toString(),
      totalPs: (normal + mandatory + operational).toString(),
      normalFull: Number((normal * 10000n) / maxNormal) / 100,
      counted: events.filter(({ event }) => pick(event)).length,
      work: events.some(({ event }) => work(event)),
      failed: events.filter(({ event }) => event.section === 'system' && event.method === 'ExtrinsicFailed').length,
    });
  }
  return rows;
}

/** The rows from the first to the last that carried the phase's work. */
function busy(rows) {
  const first = rows.findIndex((r) => r.work);
  let last = rows.length - 1;
  while (last >= 0 && !rows[last].work) last -= 1;
  return first < 0 ? [] : rows.slice(first, last + 1);
}

/**
 * Throws if any extrinsic failed in finalized blocks after `from` (a benchmark step that
 * failed would make its numbers meaningless), naming the errors.
 */
async function assertNoFailures(api, what, from) {
  const to = await finalizedNumber(api);
  const errors = new Map();
  for (let n = from + 1; n <= to; n += 1) {
    const events = await (await api.at(await api.rpc.chain.getBlockHash(n))).query.system.events();
    for (const { event } of events) {
      if (event.section !== 'system' || event.method !== 'ExtrinsicFailed') continue;
      const err = event.data.dispatchError;
      const name = err.isModule ? (({ section, name: e }) => `${section}.${e}`)(api.registry.findMetaError(err.asModule)) : err.type;
      errors.set(name, (errors.get(name) ?? 0) + 1);
    }
  }
  if (errors.size) throw new Error(`${what}: extrinsics failed: ${[...errors].map(([e, c]) => `${e} ×${c}`).join(', ')}`);
  return to;
}

/** Bytes (keys + values) under each of `maps` = { name: prefix hex }, and key counts. */
async function stateBytes(api, maps) {
  const out = {};
  for (const [name, prefix] of Object.entries(maps)) {
    let keys = 0;
    let bytes = 0;
    let start;
    for (;;) {
      const page = await api.rpc.state.getKeysPaged(prefix, 1000, start);
      if (page.length === 0) break;
      const values = await api.rpc.state.queryStorageAt(page);
      for (let i = 0; i < page.length; i += 1) {
        keys += 1;
        bytes += page[i].length + (values[i].isSome ? values[i].unwrap().length : 0);
      }
      if (page.length < 1000) break;
      start = page[page.length - 1].toHex();
    }
    out[name] = { keys, bytes };
  }
  return out;
}

const storagePrefix = (pallet, item) =>
  u8aToHex(u8aConcat(xxhashAsU8a(stringToU8a(pallet), 128), xxhashAsU8a(stringToU8a(item), 128)));
const palletPrefix = (pallet) => u8aToHex(xxhashAsU8a(stringToU8a(pallet), 128));

/** Dev accounts that fund the benchmark's accounts, each with its own nonces. */
function funders(keyring) {
  return ['//Alice', '//Bob', '//Charlie', '//Dave', '//Ferdie'].map((u) => keyring.addFromUri(u));
}

/** Funds `pairs` with `lc` LC (and `lbl` LBL if given), spread over the dev funders. */
async function fund(api, keyring, pairs, lc, lbl) {
  const from = funders(keyring);
  const first = await finalizedNumber(api);
  const nonces = await Promise.all(from.map((f) => api.rpc.system.accountNextIndex(f.address).then((n) => n.toNumber())));
  const start = [...nonces];
  const calls = [];
  pairs.forEach((p, i) => {
    const k = i % from.length;
    calls.push([api.tx.balances.transferKeepAlive(p.address, lc), from[k], nonces[k]++]);
    if (lbl) calls.push([api.tx.assets.transferKeepAlive(LBL, p.address, lbl), from[k], nonces[k]++]);
  });
  await submitAll(api, await presign(calls));
  await waitNonces(api, 'funding', from, nonces);
  await assertNoFailures(api, 'funding', first);
  return start;
}

/** (1) Balance transfers: SENDERS accounts, PER_SENDER pre-signed transfers each. */
async function transfers(api, keyring) {
  const senders = Array.from({ length: SENDERS }, (_, i) => keyring.addFromUri(`//bench//sender//${i}`));
  log(`funding ${SENDERS} senders`);
  await fund(api, keyring, senders, 1000n * UNIT);
  const sink = keyring.addFromUri('//bench//sink');
  log(`signing ${SENDERS * PER_SENDER} transfers`);
  const calls = [];
  for (let k = 0; k < PER_SENDER; k += 1) {
    for (const s of senders) calls.push([api.tx.balances.transferKeepAlive(sink.address, UNIT), s, k]);
  }
  const hexes = await presign(calls);
  const before = await finalizedNumber(api);
  const t0 = Date.now();
  log('submitting');
  const refused = await submitAll(api, hexes);
  const submitMs = Date.now() - t0;
  await waitNonces(api, 'transfers', senders, senders.map(() => PER_SENDER));
  const after = await finalizedNumber(api);
  const senderSet = new Set(senders.map((s) => s.address));
  const rows = await blocksBetween(api, before + 1, after, (e) =>
    e.section === 'balances' && e.method === 'Transfer' && senderSet.has(e.data.from.toString()));
  return { sent: hexes.length, refused, submitMs, rows };
}

/** The task spec of the labeling load: categorical, three classes, r = 3, paid in LBL. */
function loadSpec() {
  return {
    instructions: { uri: 'ipfs://bench', digest: u8aToHex(new Uint8Array(32).fill(0xaa)) },
    schema: { Categorical: { classes: 3 } },
    redundancy: 3,
    maxSeats: 3,
    confidence: 900_000_000,
    commitWindow: 600,
    revealWindow: 600,
    rewardAsset: LBL,
    rewardPerLabel: UNIT,
    goldBonus: 0,
    collateral: 2n * UNIT,
    withGold: false,
    minStake: 100n * UNIT,
    minReputation: 0,
  };
}

/** The label every annotator gives an item (they agree: every vote settles and is paid). */
const labelOf = (item) => ({ Class: item % 3 });

/**
 * A cohort of the labeling load, set up (not measured): a vendor posts ANNOTATORS × SEATS × 0.9
 * / 3 items in a task (categorical, r = 3); ANNOTATORS annotators, funded and bonded.
 */
async function setupCohort(api, keyring, tag) {
  const vendor = keyring.addFromUri(`//bench//${tag}//vendor`);
  const annotators = Array.from({ length: ANNOTATORS }, (_, i) => keyring.addFromUri(`//bench//${tag}//annotator//${i}`));
  // A tenth more seats asked for than the items have: the draw fills every item (a request
  // that finds only items its annotator already sits on leaves its seats unfilled).
  const items = Math.floor((ANNOTATORS * SEATS * 0.9) / 3);
  log(`${tag}: funding a vendor and ${ANNOTATORS} annotators`);
  // LBL enough for the task's budget (921 items × 3 labels at most twice the reward, and its
  // deposits) and the bonds: the dev funders' LBL then lasts for more than a dozen cohorts.
  await fund(api, keyring, [vendor], 10_000n * UNIT, 20_000n * UNIT);
  await fund(api, keyring, annotators, 100n * UNIT, 300n * UNIT);
  // The task, its items (100 a call) and the annotators' bonds.
  const task = (await api.query.labeling.nextTaskId()).toNumber();
  const setupFrom = await finalizedNumber(api);
  const itemsOf = (from, to) => Array.from({ length: to - from }, (_, k) => ({
    content: { uri: `ipfs://bench/${from + k}`, digest: u8aToHex(blake2AsU8a(stringToU8a(`bench item ${from + k}`))) },
    answerCommitment: null,
  }));
  const setup = [[api.tx.labeling.createTask(loadSpec(), itemsOf(0, Math.min(100, items))), vendor, 0]];
  for (let from = 100, k = 1; from < items; from += 100, k += 1) {
    setup.push([api.tx.labeling.addItems(task, itemsOf(from, Math.min(items, from + 100))), vendor, k]);
  }
  for (const a of annotators) setup.push([api.tx.labeling.bond(100n * UNIT + BigInt(SEATS) * 2n * UNIT), a, 0]);
  await submitAll(api, await presign(setup));
  await waitNonces(api, `${tag}: task and bonds`, [vendor, ...annotators], [setup.length - annotators.length, ...annotators.map(() => 1)]);
  await assertNoFailures(api, `${tag}: task and bonds`, setupFrom);
  return { tag, vendor, annotators, task, items, vendorNonce: setup.length - annotators.length };
}

/** The seats each of `pairs` holds in `task`, from their ledgers. */
async function seatsOf(api, pairs, task) {
  const ledgers = await api.query.labeling.stakes.multi(pairs.map((p) => p.address));
  return ledgers.map((l) => (l.isSome ? l.unwrap().seats.filter(([t]) => t.toNumber() === task).map(([, i]) => i.toNumber()) : []));
}

/**
 * The measured steps of a cohort: each annotator asks for SEATS seats in one request, commits
 * them in one `commitMany` and reveals them in one `revealMany`; the last reveal of an item
 * settles and pays it. Every step's extrinsics are signed before any is sent; an annotator acts
 * on inclusion in the best block, as the SDK does.
 */
async function runCohort(api, c) {
  const { tag, annotators, task, items } = c;
  const t0 = Date.now();
  log(`${tag}: ${ANNOTATORS} requests of ${SEATS} seats`);
  await submitAll(api, await presign(annotators.map((a) => [api.tx.labeling.requestSeats(task, SEATS), a, 1])));
  await waitNonces(api, `${tag}: seat requests`, annotators, annotators.map(() => 2), { best: true });
  await waitUntil(`${tag}: seating`, async () => {
    const ledgers = await api.query.labeling.stakes.multi(annotators.map((a) => a.address));
    return ledgers.every((l) => l.isSome && l.unwrap().requested.toNumber() === 0);
  });
  const seats = await seatsOf(api, annotators, task);
  const seated = seats.reduce((s, x) => s + x.length, 0);
  log(`${tag}: ${seated} seats drawn; committing`);
  const salts = annotators.map((_, i) => seats[i].map(() => u8aToHex(globalThis.crypto.getRandomValues(new Uint8Array(32)))));
  // Nonces: bond 0, request 1, then a commit and a reveal for those who were seated.
  const next = annotators.map(() => 2);
  const commits = annotators.flatMap((a, i) => (seats[i].length === 0 ? [] : [[api.tx.labeling.commitMany(seats[i].map((item, k) => ({
    task, item, commitment: labelCommitment({ task, item, round: 0, who: a.address, label: labelOf(item), salt: salts[i][k] }),
  }))), a, next[i]++]]));
  await submitAll(api, await presign(commits));
  await waitNonces(api, `${tag}: commits`, annotators, next, { best: true });
  // An item reveals early only once all three seats committed: only full items are revealed
  // (a batch is all or nothing, and the pool refuses a reveal that would fail).
  const seatsOn = new Map();
  for (const list of seats) for (const item of list) seatsOn.set(item, (seatsOn.get(item) ?? 0) + 1);
  const full = new Set([...seatsOn].filter(([, n]) => n === 3).map(([item]) => item));
  log(`${tag}: ${full.size} items full, ${seatsOn.size - full.size} not; revealing`);
  const revealing = annotators.map((a, i) => seats[i].map((item, k) => ({ item, k })).filter(({ item }) => full.has(item)));
  const reveals = annotators.flatMap((a, i) => (revealing[i].length === 0 ? [] : [[api.tx.labeling.revealMany(
    revealing[i].map(({ item, k }) => ({ task, item, label: labelOf(item), salt: salts[i][k] })),
    // The task's `maxSeats` and its categorical labels' size: the batch is admitted to a block
    // by closes of three seats, not of the largest possible.
    { seats: 3, boxes: 1 },
  ), a, next[i]++]]));
  await submitAll(api, await presign(reveals));
  await waitNonces(api, `${tag}: reveals`, annotators, next, { best: true });
  // Settled: every full item (the task's count of unsettled items is down to the others).
  await waitUntil(`${tag}: settlement`, async () => {
    const t = (await api.query.labeling.tasks(task)).unwrap();
    return t.unsettled.toNumber() <= items - full.size;
  });
  const wallMs = Date.now() - t0;
  const settledAt = (await api.rpc.chain.getHeader()).number.toNumber();
  log(`${tag}: settled by #${settledAt}`);
  return { seated, full: full.size, notFull: seatsOn.size - full.size, wallMs, settledAt };
}

/**
 * (2) Labels: `cohorts` cohorts (see `setupCohort`), each in its own task with its own vendor
 * and annotators, all set up first; then their measured steps run at once, each cohort
 * starting `staggerMs` after the one before (one cohort: a single burst; several: a pipeline,
 * in which one cohort's seats are drawn while another's commits and a third's reveals are
 * included, as on a chain with a steady flow of annotators). Counted once finalized; then the
 * tasks are closed and purged, and the state they leave is measured.
 */
async function labels(api, keyring, tag, cohorts = 1, staggerMs = 0) {
  const stateBefore = await stateBytes(api, labelingMaps());
  const setups = [];
  for (let k = 0; k < cohorts; k += 1) setups.push(await setupCohort(api, keyring, cohorts === 1 ? tag : `${tag}-${k}`));
  const before = await finalizedNumber(api);
  const t0 = Date.now();
  const runs = await Promise.all(setups.map((c, k) => sleep(k * staggerMs).then(() => runCohort(api, c))));
  const wallMs = Date.now() - t0;
  // Counted once finalized: every block up to the one that settled the last item.
  const settledAt = Math.max(...runs.map((r) => r.settledAt));
  await waitUntil('finality of the settlements', async () => (await finalizedNumber(api)) >= settledAt);
  await assertNoFailures(api, `${tag}: labeling`, before);
  const after = await finalizedNumber(api);
  // Counted: judgements (a settled vote each). The phase's work: any event of the tasks, from
  // the first seat requests to the last judgement.
  const tasks = new Set(setups.map((c) => c.task));
  const ofTasks = (e) => e.section === 'labeling' && typeof e.data.task?.toNumber === 'function' && tasks.has(e.data.task.toNumber());
  const rows = await blocksBetween(api, before + 1, after, (e) => ofTasks(e) && e.method === 'Judged', ofTasks);
  const stateSettled = await stateBytes(api, labelingMaps());
  const items = setups.reduce((s, c) => s + c.items, 0);
  const seated = runs.reduce((s, r) => s + r.seated, 0);
  const full = runs.reduce((s, r) => s + r.full, 0);
  const result = { tasks: [...tasks], cohorts, staggerMs, items, seated, full, wallMs, rows, state: { before: stateBefore, settled: stateSettled, purged: null } };
  if (runs.some((r) => r.notFull > 0)) {
    log(`${tag}: items not full are still in progress: their tasks cannot be closed and purged`);
    return result;
  }
  // Closed and purged by the vendors (as many purges as it takes, 100 items each).
  const purgeFrom = await finalizedNumber(api);
  const closing = [];
  for (const c of setups) {
    closing.push([api.tx.labeling.closeTask(c.task), c.vendor, c.vendorNonce]);
    for (let k = 0; k < Math.ceil(c.items / 100); k += 1) closing.push([api.tx.labeling.purgeTask(c.task, 100), c.vendor, c.vendorNonce + 1 + k]);
  }
  await submitAll(api, await presign(closing));
  await waitNonces(api, 'close and purge', setups.map((c) => c.vendor), setups.map((c) => c.vendorNonce + 1 + Math.ceil(c.items / 100)));
  await assertNoFailures(api, 'close and purge', purgeFrom);
  result.state.purged = await stateBytes(api, labelingMaps());
  return result;
}

/** The labeling pallet's maps that hold something per item, and the pallet as a whole. */
function labelingMaps() {
  const maps = {};
  for (const m of ['Items', 'Slots', 'Expiring', 'Backlog', 'OpenItems', 'Tasks', 'ChanceSamples']) {
    maps[m] = storagePrefix('Labeling', m);
  }
  maps.pallet = palletPrefix('Labeling');
  return maps;
}

/** Sums a phase's rows: what it counted, its chain time and the weight it added per unit. */
function summarize(rows, idlePs, blockMs) {
  const work = busy(rows);
  const counted = work.reduce((s, r) => s + r.counted, 0);
  const blocks = work.length;
  const chainMs = blocks * blockMs;
  const addedPs = work.reduce((s, r) => s + (BigInt(r.totalPs) - idlePs), 0n);
  // The blocks from the first to the last that counted a unit: without the blocks before the
  // first (a label's request, seat draw and commit blocks, its pipeline's fill), the rate once
  // units flow. For transfers, every block of the span counts.
  const first = work.findIndex((r) => r.counted > 0);
  let last = work.length - 1;
  while (last >= 0 && work[last].counted === 0) last -= 1;
  const flowing = first < 0 ? [] : work.slice(first, last + 1);
  return {
    counted,
    blocks,
    perSecond: chainMs ? Math.round((counted * 1000 * 100) / chainMs) / 100 : 0,
    flowingBlocks: flowing.length,
    flowingPerSecond: flowing.length ? Math.round((counted * 1000 * 100) / (flowing.length * blockMs)) / 100 : 0,
    weightPerUnitUs: counted ? Number(addedPs / BigInt(counted)) / 1e6 : null,
    meanNormalFull: blocks ? Math.round((work.reduce((s, r) => s + r.normalFull, 0) / blocks) * 100) / 100 : 0,
    maxNormalFull: blocks ? Math.max(...work.map((r) => r.normalFull)) : 0,
    failed: work.reduce((s, r) => s + r.failed, 0),
    blocksDetail: work.map((r) => ({ number: r.number, counted: r.counted, extrinsics: r.extrinsics, normalFull: r.normalFull, mandatoryMs: Number(BigInt(r.mandatoryPs) / 1_000_000n) / 1000, bytes: r.bytes })),
  };
}

/** The weight of a block with nothing but its inherents (the median of `count` idle blocks). */
async function idleWeight(api, count = 5) {
  const now = await finalizedNumber(api);
  const rows = await blocksBetween(api, Math.max(1, now - count + 1), now, () => false);
  const ps = rows.filter((r) => r.extrinsics <= 2).map((r) => BigInt(r.totalPs)).sort((a, b) => (a < b ? -1 : 1));
  return ps.length ? ps[Math.floor(ps.length / 2)] : 0n;
}

/** (3) GRANDPA on the four-validator testnet under the labeling load: lag per block, in ms. */
async function finalityLag(keyring) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-throughput-testnet-'));
  const nodes = [];
  try {
    const aliceKey = path.join(dir, 'alice.key');
    const alicePeer = generateNodeKey(aliceKey);
    const names = ['alice', 'bob', 'charlie', 'dave'];
    for (const name of names) {
      const key = path.join(dir, `${name}.key`);
      if (name !== 'alice') generateNodeKey(key);
      const extra = ['--node-key-file', key, ...poolArgs];
      if (name !== 'alice') extra.push('--bootnodes', `/ip4/127.0.0.1/tcp/${nodes[0].p2pPort}/p2p/${alicePeer}`);
      fs.mkdirSync(path.join(dir, name), { recursive: true });
      nodes.push(await startNode(['--chain', 'local', `--${name}`, '--validator'], { name, extraArgs: extra, basePath: path.join(dir, name) }));
    }
    const api = await connect(nodes[0]);
    await waitUntil('testnet finalizes', async () => (await finalizedNumber(api)) >= 3, 180_000);
    const imported = new Map();
    const finalizedAt = new Map();
    const unsubNew = await api.rpc.chain.subscribeNewHeads((h) => {
      const n = h.number.toNumber();
      if (!imported.has(n)) imported.set(n, Date.now());
    });
    const unsubFin = await api.rpc.chain.subscribeFinalizedHeads((h) => {
      const n = h.number.toNumber();
      const t = Date.now();
      for (const k of imported.keys()) if (k <= n && !finalizedAt.has(k)) finalizedAt.set(k, t);
    });
    await sleep(15_000);
    const idleUntil = Math.max(0, ...imported.keys());
    const load = await labels(api, keyring, 'testnet', TESTNET_COHORTS, 3000);
    await sleep(15_000);
    unsubNew();
    unsubFin();
    const lags = (pred) => [...imported.entries()].filter(([n]) => pred(n) && finalizedAt.has(n))
      .map(([n, t]) => finalizedAt.get(n) - t);
    const first = load.rows.length ? load.rows[0].number : idleUntil + 1;
    const last = load.rows.length ? load.rows[load.rows.length - 1].number : idleUntil;
    const under = lags((n) => n >= first && n <= last);
    const idle = lags((n) => n <= idleUntil);
    const stats = (v) => ({ blocks: v.length, p50: percentile(v, 50), p95: percentile(v, 95), max: v.length ? Math.max(...v) : null });
    await api.disconnect();
    return { cohorts: TESTNET_COHORTS, underLoad: stats(under), idle: stats(idle), labels: load.rows.reduce((s, r) => s + r.counted, 0), fromBlock: first, toBlock: last };
  } finally {
    for (const n of nodes) await n.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The results as the table `benchmarks/throughput.md` keeps. */
function markdown(r) {
  const t = r.transfers;
  const l = r.labels;
  const p = r.pipeline;
  const f = r.finality;
  const lines = [
    '# Throughput: labels and transfers on one node',
    '',
    `Measured ${r.date.slice(0, 10)} at commit ${r.commit ?? '(uncommitted)'} on ${r.machine.cores} cores (${r.machine.cpu}), ${r.machine.memGiB} GiB,`,
    `by \`scripts/bench-throughput.sh\` (JSON: \`benchmarks/throughput.json\`). Release node \`${r.nodeArgs.join(' ')}\`,`,
    `block time ${r.blockMs / 1000} s (1 s of compute a block, 75 % of it for normal transactions).`,
    'Every count is of finalized blocks; a phase spans its blocks from the first to the last that',
    'carried its work, and its rate is what it counted over that many block times.',
    '',
    '| | transfers | labels (r = 3), one burst | labels (r = 3), pipelined |',
    '|---|---|---|---|',
    `| counted (finalized) | ${t.counted} transfers from ${t.senders} accounts | ${l.counted} settled votes on ${l.fullItems} items, ${l.annotators} annotators | ${p.counted} settled votes on ${p.fullItems} items, ${p.cohorts} cohorts of ${p.annotators / p.cohorts} annotators, ${p.staggerMs / 1000} s apart |`,
    `| blocks | ${t.blocks} | ${l.blocks} | ${p.blocks} |`,
    `| **per second** | **${t.perSecond}** | **${l.perSecond}** (wall clock, with the driver's waits: ${l.wallPerSecond}) | **${p.perSecond}** (wall clock: ${p.wallPerSecond}) |`,
    `| per second from the first block that counted one to the last (blocks) | ${t.flowingPerSecond} (${t.flowingBlocks}) | ${l.flowingPerSecond} (${l.flowingBlocks}) | ${p.flowingPerSecond} (${p.flowingBlocks}) |`,
    `| weight per unit (chain's own accounting, idle block subtracted) | ${t.weightPerUnitUs?.toFixed(1)} µs | ${l.weightPerUnitUs?.toFixed(1)} µs | ${p.weightPerUnitUs?.toFixed(1)} µs |`,
    `| normal class fullness, mean / max | ${t.meanNormalFull} % / ${t.maxNormalFull} % | ${l.meanNormalFull} % / ${l.maxNormalFull} % | ${p.meanNormalFull} % / ${p.maxNormalFull} % |`,
    `| failed extrinsics | ${t.failed} | ${l.failed} | ${p.failed} |`,
    '',
    `**Labels per second / transfers per second: ${r.ratio} in one burst, ${r.pipelineRatio} pipelined** (from each phase's first block to its last); ${r.flowingRatio} / ${r.pipelineFlowingRatio} from the first block that settled a label (a label's request, draw and commit blocks before it left out; every transfer block counts). Weight per label / weight per transfer: ${r.weightRatio} (burst), ${r.pipelineWeightRatio} (pipelined).`,
    '',
    'One burst: a cohort\'s seat draws, commits and reveals follow one another, and the blocks that draw its seats carry',
    'nothing else. Pipelined: the cohorts\' steps overlap, as on a chain with a steady flow of annotators.',
    '',
    'Per block (number: counted, extrinsics, normal class full, on_initialize and inherents in ms):',
    '',
    `- transfers: ${t.blocksDetail.map((b) => `#${b.number}: ${b.counted}, ${b.extrinsics}, ${b.normalFull} %, ${b.mandatoryMs}`).join('; ')}`,
    `- labels, one burst: ${l.blocksDetail.map((b) => `#${b.number}: ${b.counted}, ${b.extrinsics}, ${b.normalFull} %, ${b.mandatoryMs}`).join('; ')}`,
    `- labels, pipelined: ${p.blocksDetail.map((b) => `#${b.number}: ${b.counted}, ${b.extrinsics}, ${b.normalFull} %, ${b.mandatoryMs}`).join('; ')}`,
    '',
    '## State per settled item',
    '',
    `Bytes of keys and values in the labeling pallet's per-item maps (Items, Slots, Expiring, Backlog; an item's result is inside its Items entry), per item of the load's task:`,
    `**${r.state.perItemSettled} bytes once settled**, **${r.state.perItemPurged ?? 'not measured'} bytes after \`purge_task\`**`,
    `(the whole pallet: ${r.state.palletPerItemSettled} and ${r.state.palletPerItemPurged ?? '–'} bytes per item, with the annotators' records and ledgers).`,
    '',
  ];
  if (f) {
    lines.push('## GRANDPA finality on the four-validator testnet',
      '',
      `Four release validators (\`--chain local\`, Alice, Bob, Charlie, Dave) on this machine; a pipelined labeling load of ${f.cohorts} cohorts as above`,
      `(${f.labels} settled votes in blocks #${f.fromBlock}–#${f.toBlock}) sent to Alice. Lag = time from Alice importing a block to her`,
      'learning it is finalized, in milliseconds.',
      '',
      '| | blocks | p50 | p95 | max |',
      '|---|---|---|---|---|',
      `| idle | ${f.idle.blocks} | ${f.idle.p50} | ${f.idle.p95} | ${f.idle.max} |`,
      `| under the labeling load | ${f.underLoad.blocks} | ${f.underLoad.p50} | ${f.underLoad.p95} | ${f.underLoad.max} |`,
      '');
  }
  return `${lines.join('\n')}\n`;
}

async function main() {
  await cryptoWaitReady();
  const keyring = new Keyring({ type: 'sr25519' });
  const node = await startNode(['--dev'], { name: 'throughput', extraArgs: poolArgs });
  let result;
  try {
    const api = await connect(node);
    const blockMs = Number(api.consts.aura.slotDuration.toBigInt());
    await waitUntil('dev chain finalizes', async () => (await finalizedNumber(api)) >= 3, 120_000);
    const idlePs = await idleWeight(api);
    const t = await transfers(api, keyring);
    const l = await labels(api, keyring, 'dev');
    log(`pipeline: ${COHORTS} cohorts, ${blockMs} ms apart`);
    const lp = await labels(api, keyring, 'pipe', COHORTS, blockMs);
    const transferSummary = summarize(t.rows, idlePs, blockMs);
    const labelSummary = summarize(l.rows, idlePs, blockMs);
    const pipeSummary = summarize(lp.rows, idlePs, blockMs);
    const perItem = (a, b, key) => Math.round(((a[key].bytes - b[key].bytes) / l.items) * 10) / 10;
    const itemMaps = ['Items', 'Slots', 'Expiring', 'Backlog'];
    const itemBytes = (s) => itemMaps.reduce((sum, m) => sum + s[m].bytes, 0);
    result = {
      date: new Date().toISOString(),
      commit: process.env.LABELCHAIN_COMMIT || null,
      machine: { cores: os.cpus().length, cpu: os.cpus()[0]?.model, memGiB: Math.round(os.totalmem() / 2 ** 30) },
      node: nodeBinary(),
      nodeArgs: ['--dev', ...poolArgs],
      blockMs,
      idleBlockWeightUs: Number(idlePs) / 1e6,
      transfers: { sent: t.sent, refused: t.refused, submitMs: t.submitMs, senders: SENDERS, ...transferSummary },
      labels: {
        annotators: ANNOTATORS, seatsEach: SEATS, items: l.items, fullItems: l.full, seated: l.seated, wallMs: l.wallMs,
        wallPerSecond: Math.round((labelSummary.counted * 100000) / l.wallMs) / 100, ...labelSummary,
      },
      pipeline: {
        cohorts: COHORTS, annotators: COHORTS * ANNOTATORS, seatsEach: SEATS, staggerMs: lp.staggerMs, items: lp.items,
        fullItems: lp.full, seated: lp.seated, wallMs: lp.wallMs,
        wallPerSecond: Math.round((pipeSummary.counted * 100000) / lp.wallMs) / 100, ...pipeSummary,
      },
      ratio: transferSummary.perSecond ? Math.round((labelSummary.perSecond / transferSummary.perSecond) * 1000) / 1000 : null,
      pipelineRatio: transferSummary.perSecond ? Math.round((pipeSummary.perSecond / transferSummary.perSecond) * 1000) / 1000 : null,
      flowingRatio: transferSummary.flowingPerSecond ? Math.round((labelSummary.flowingPerSecond / transferSummary.flowingPerSecond) * 1000) / 1000 : null,
      pipelineFlowingRatio: transferSummary.flowingPerSecond ? Math.round((pipeSummary.flowingPerSecond / transferSummary.flowingPerSecond) * 1000) / 1000 : null,
      weightRatio: labelSummary.weightPerUnitUs && transferSummary.weightPerUnitUs
        ? Math.round((labelSummary.weightPerUnitUs / transferSummary.weightPerUnitUs) * 1000) / 1000 : null,
      pipelineWeightRatio: pipeSummary.weightPerUnitUs && transferSummary.weightPerUnitUs
        ? Math.round((pipeSummary.weightPerUnitUs / transferSummary.weightPerUnitUs) * 1000) / 1000 : null,
      state: {
        perItemSettled: Math.round(((itemBytes(l.state.settled) - itemBytes(l.state.before)) / l.items) * 10) / 10,
        perItemPurged: l.state.purged ? Math.round(((itemBytes(l.state.purged) - itemBytes(l.state.before)) / l.items) * 10) / 10 : null,
        palletPerItemSettled: perItem(l.state.settled, l.state.before, 'pallet'),
        palletPerItemPurged: l.state.purged ? perItem(l.state.purged, l.state.before, 'pallet') : null,
        maps: l.state,
      },
    };
    await api.disconnect();
  } finally {
    await node.stop();
    node.cleanup();
  }
  const write = () => {
    if (OUT) fs.writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
    if (MD) fs.writeFileSync(MD, markdown(result));
  };
  // The dev chain's numbers are kept even if the testnet cannot be run.
  write();
  if (!flag('skip-testnet')) {
    log('four-validator testnet');
    result.finality = await finalityLag(keyring);
    write();
  }
  const text = JSON.stringify(result, null, 2);
  console.log(text);
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
