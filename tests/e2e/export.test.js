// From a task on a real dev node to a training set: annotators label a categorical task
// (one item agreed, one gold item, one without consensus, one untouched), a bounding-box task
// whose images a local web server serves, a multi-label and a free-text task through
// polkadot.js; `labelchain-cli export` writes only the accepted items, as JSON Lines, COCO,
// TFRecord and Parquet with a dataset card, and every record is checked here against what
// polkadot.js reads at the export block; the Python libraries training teams use (pandas,
// Hugging Face datasets, pyarrow, pycocotools, tfrecord/protobuf) read every file back with the
// right types (tests/python/check_dataset.py); `labelchain-cli verify` accepts each format and
// refuses tampered copies; bad requests fail clearly and leave no file behind.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { blake2AsU8a, cryptoWaitReady } from '@polkadot/util-crypto';
import { connect, eventsOf, freePort, runCli, startNode, submit, waitFinalized } from './lib/node.js';
import { UNIT, commitmentOf, createRewardAsset, goldCommitment, requestSeats, taskSpec } from './lib/labeling.js';
import { payFor, scoreOf } from './lib/pay.js';
import { png } from './lib/png.js';

const USDL = 2;
const REWARD = 10n * 1_000_000n;
const BONUS = 5n * 1_000_000n;
const BOXES = [
  { class: 1, x: 10, y: 20, width: 30, height: 40 },
  { class: 0, x: 100, y: 5, width: 8, height: 9 },
];
// The bounding-box task's pictures, served over HTTP; their sizes are what the export measures.
const SIZES = { 0: [320, 240], 1: [64, 48] };
const IMAGES = [png(...SIZES[0]), png(...SIZES[1], [20, 120, 200])];
const TEXT = u8aToHex(blake2AsU8a('a cat on a mat'));
// The Python readers (a venv made by scripts/setup.sh).
const PYTHON = path.join(process.env.LABELCHAIN_VENV ?? path.join(os.homedir(), '.cache/labelchain/venv'), 'bin/python');
const CHECK_SCRIPT = path.join(import.meta.dirname, '..', 'python', 'check_dataset.py');

describe('dataset export and verification', () => {
  let node;
  let api;
  let alice;
  let vendor;
  let annotators;
  let catTask;
  let boxTask;
  let multiTask;
  let textTask;
  let emptyTask;
  let dir;
  let server;
  let imageUri;
  const out = (name) => path.join(dir, name);
  const cli = (...args) => runCli(['--url', node.wsUrl, ...args]);

  const inBlock = (tx, who) => submit(api, tx, who, { until: 'inBlock' });
  const saltOf = (i) => new Uint8Array(32).fill(i + 1);
  const goldSalt = new Uint8Array(32).fill(0x77);
  const contentHash = (byte) => new Uint8Array(32).fill(byte);
  const spec = (schema, withGold = false) =>
    taskSpec({ schema, rewardAsset: USDL, rewardPerLabel: REWARD, goldBonus: BONUS, withGold });
  const createTask = async (schema, items, withGold = false) => {
    const { events } = await submit(api, api.tx.labeling.createTask(spec(schema, withGold), items), vendor);
    return eventsOf(events, 'labeling', 'TaskCreated')[0].data.task.toNumber();
  };
  // Every annotator is seated on every item of `task` (one seat per item), then commits and
  // reveals `labels[i][item]`.
  const label = async (task, labels) => {
    const items = labels[0].length;
    await requestSeats(api, task, annotators, items);
    await Promise.all(annotators.map(async (a, i) => {
      for (let item = 0; item < items; item += 1) {
        await inBlock(api.tx.labeling.commit(task, item, commitmentOf(api, task, item, 0, a, labels[i][item], saltOf(i))), a);
      }
    }));
    await Promise.all(annotators.map(async (a, i) => {
      for (let item = 0; item < items; item += 1) {
        await inBlock(api.tx.labeling.reveal(task, item, labels[i][item], saltOf(i)), a);
      }
    }));
  };

  before(async () => {
    await cryptoWaitReady();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-export-'));
    server = http.createServer((req, res) => {
      const image = IMAGES[Number(req.url.match(/^\/img\/(\d+)\.png$/)?.[1] ?? -1)];
      res.writeHead(image ? 200 : 404, { 'content-type': 'image/png' });
      res.end(image ?? '');
    });
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    imageUri = (i) => `http://127.0.0.1:${server.address().port}/img/${i}.png`;
    node = await startNode(['--dev'], { name: 'export' });
    api = await connect(node);
    const keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    vendor = keyring.addFromUri('//Eve');
    annotators = ['//Bob', '//Charlie', '//Dave'].map((u) => keyring.addFromUri(u));
    // With no reviewers, a case would run its rounds without a panel and fail the item; a long
    // panel delay keeps the item without consensus in dispute for the whole test.
    await inBlock(api.tx.sudo.sudo(api.tx.disputes.updateParams({ panelDelay: 10_000 })), alice);
    // The reward asset is governance's (a task may not pay in an asset one account controls).
    await createRewardAsset(api, alice, USDL, [[vendor.address, 10_000n * 1_000_000n]]);
    await Promise.all(annotators.map((a) => inBlock(api.tx.labeling.bond(1_000n * UNIT), a)));

    const CAT = { Class: 1 };
    const DOG = { Class: 2 };
    // Every item of a task with gold carries an answer commitment: decoys on 0 and 2.
    const catItem = (i, answer) => ({
      content: { uri: `ipfs://cat/${i}`, digest: u8aToHex(contentHash(0x30 + i)) },
      answerCommitment: goldCommitment(api, vendor, contentHash(0x30 + i), answer, goldSalt),
    });
    catTask = await createTask({ Categorical: { classes: 3 } }, [0, 1, 2].map((i) => catItem(i, i === 1 ? CAT : null)), true);
    // Item 0: two of three agree. Item 1: a gold item, all agree with the answer. Item 2: three
    // different labels, no consensus (disputed). Labels by annotator (Bob, Charlie, Dave).
    await label(catTask, [
      [CAT, CAT, { Class: 0 }],
      [CAT, CAT, CAT],
      [{ Class: 0 }, CAT, DOG],
    ]);
    await inBlock(api.tx.labeling.revealGold(catTask, 0, null, goldSalt), vendor);
    await inBlock(api.tx.labeling.revealGold(catTask, 1, CAT, goldSalt), vendor);
    await inBlock(api.tx.labeling.revealGold(catTask, 2, null, goldSalt), vendor);
    // Item 3, added once the others are labeled: nobody labels it (pending).
    await inBlock(api.tx.labeling.addItems(catTask, [catItem(3, null)]), vendor);

    // Item 0 has two boxes, item 1 none (nothing in the picture).
    const boxLabels = [{ Boxes: BOXES }, { Boxes: [] }];
    boxTask = await createTask(
      { BoundingBoxes: { classes: 2, maxBoxes: 4, minIou: 500_000_000 } },
      IMAGES.map((bytes, i) => ({ content: { uri: imageUri(i), digest: u8aToHex(blake2AsU8a(bytes)) }, answerCommitment: null })),
    );
    await label(boxTask, [boxLabels, boxLabels, boxLabels]);

    const plainItem = (uri, byte) => ({ content: { uri, digest: u8aToHex(contentHash(byte)) }, answerCommitment: null });
    multiTask = await createTask({ MultiLabel: { classes: 4 } }, [plainItem('ipfs://multi/0', 0x60), plainItem('ipfs://multi/1', 0x61)]);
    const multiLabels = [{ Classes: 0b0101 }, { Classes: 0b0010 }];
    await label(multiTask, [multiLabels, multiLabels, multiLabels]);
    textTask = await createTask('FreeText', [plainItem('ipfs://text/0', 0x70)]);
    await label(textTask, [[{ Text: TEXT }], [{ Text: TEXT }], [{ Text: TEXT }]]);

    emptyTask = await createTask({ Categorical: { classes: 2 } }, [
      { content: { uri: 'ipfs://empty/0', digest: u8aToHex(contentHash(0x50)) }, answerCommitment: null },
    ]);
    // Everything above is final before anything is exported.
    await waitFinalized(api, (await api.rpc.chain.getHeader()).number.toNumber());
  });

  after(async () => {
    if (server) server.close();
    if (api) await api.disconnect();
    if (node) {
      await node.stop();
      node.cleanup();
    }
    // LABELCHAIN_KEEP_EXPORTS=1 keeps the exported files to look at.
    if (dir && !process.env.LABELCHAIN_KEEP_EXPORTS) fs.rmSync(dir, { recursive: true, force: true });
  });

  const readJsonl = (file) => fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));

  test('the chain holds what the export is about', async () => {
    const states = await Promise.all([0, 1, 2, 3].map(async (i) =>
      (await api.call.labelingApi.item(catTask, i)).unwrap().state.type));
    assert.deepEqual(states, ['Settled', 'Settled', 'Disputed', 'Pending']);
  });

  test('export writes exactly the accepted items, each matching the chain at the export block', async () => {
    const file = out('cats.jsonl');
    const r = await cli('export', '--task', String(catTask), '--out', file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`\\[export\\] task ${catTask}: read 4/4 items`));
    assert.match(r.stdout, /wrote 2 records/);
    assert.match(r.stdout, /1 pending or being labeled, 0 awaiting the vendor's answer, 1 disputed/);
    // The distribution summary: both accepted labels are class 1.
    assert.match(r.stdout, /class\s+1: 2/);
    assert.match(r.stdout, /agreement:/);

    const records = readJsonl(file);
    assert.deepEqual(records.map((x) => x.item), [0, 1]);
    const genesis = (await api.rpc.chain.getBlockHash(0)).toHex();
    for (const rec of records) {
      const at = await api.at(rec.exported_block_hash);
      assert.equal((await api.rpc.chain.getBlockHash(rec.exported_block)).toHex(), rec.exported_block_hash);
      const finalized = (await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber();
      assert.ok(rec.exported_block <= finalized);
      const item = (await at.query.labeling.items(catTask, rec.item)).unwrap();
      const result = item.result.unwrap();
      const ppb = result.agreement.toNumber();
      assert.deepEqual(rec, {
        task: catTask,
        item: rec.item,
        content_uri: item.content.uri.toUtf8(),
        content_hash: item.content.digest.toHex(),
        schema: { kind: 'categorical', classes: 3 },
        label: result.label.asClass.toNumber(),
        agreement: ppb / 1e9,
        agreement_ppb: ppb,
        annotators: result.annotators.toNumber(),
        agreeing: result.agreeing.toNumber(),
        gold: result.gold.isTrue,
        decided_by: result.gold.isTrue ? 'gold_answer' : 'consensus',
        payout_tier: result.gold.isTrue ? 'gold_bonus' : 'base',
        paid: result.paid.toString(),
        round: result.round.toNumber(),
        settled_block: result.settledAt.toNumber(),
        settled_block_hash: (await api.rpc.chain.getBlockHash(result.settledAt)).toHex(),
        genesis_hash: genesis,
        exported_block: rec.exported_block,
        exported_block_hash: rec.exported_block_hash,
      });
    }
    // The values themselves, independently of the decoding above.
    assert.equal(records[0].label, 1);
    assert.equal(records[0].content_hash, u8aToHex(contentHash(0x30)));
    assert.equal(records[0].content_uri, 'ipfs://cat/0');
    assert.equal(records[0].agreeing, 2);
    // Item 0's pay follows the rule of pallets/labeling/src/payout.rs: peers agreeing minus the
    // chance estimate from the six reveals on items 1 and 2.
    const samples = [[1, 1], [1, 1], [1, 1], [2, 0], [2, 1], [2, 2]];
    const votes = [1, 1, 0];
    const paid0 = votes.map((_, i) => payFor(scoreOf(3, votes, i, 0, samples), REWARD))
      .reduce((x, y) => x + y, 0n);
    assert.equal(records[0].paid, String(paid0));
    assert.equal(records[1].gold, true);
    assert.equal(records[1].agreeing, 3);
    // The gold item: every label right, each paid the reward and the bonus.
    assert.equal(records[1].paid, String(3n * (REWARD + BONUS)));

    const v = await cli('verify', file);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /OK: 2 records match the chain/);
  });

  test('verify catches a corrupted record and names the field', async () => {
    const file = out('cats.jsonl');
    const records = readJsonl(file);
    records[0].label = 2; // a different, still valid, class
    const bad = out('cats-corrupt.jsonl');
    fs.writeFileSync(bad, records.map((x) => JSON.stringify(x)).join('\n') + '\n');
    const v = await cli('verify', bad);
    assert.equal(v.code, 1, v.stdout + v.stderr);
    assert.match(v.stdout, new RegExp(`MISMATCH line 1 \\(task ${catTask}, item 0\\): \`label\`: file has 2, chain has 1`));
    assert.match(v.stdout, /FAILED: 1 problem\(s\) in 2 records/);

    // A record dropped from the file is reported, not hidden.
    const subset = out('cats-subset.jsonl');
    fs.writeFileSync(subset, JSON.stringify(readJsonl(file)[1]) + '\n');
    const p = await cli('verify', subset);
    assert.equal(p.code, 0, p.stdout);
    assert.match(p.stdout, /1 accepted item\(s\) at the export block are not in the file: \[0\]/);
  });

  test('a bounding-box task exports as COCO with its images fetched, hash-checked and measured, and verifies', async () => {
    const file = out('boxes.json');
    const images = out('boxes-images');
    const r = await cli('export', '--task', String(boxTask), '--out', file, '--images-dir', images, '--fetch', '--no-card');
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepEqual(doc.images.map((i) => [i.id, i.file_name, i.width, i.height, i.coco_url]),
      [0, 1].map((i) => [i, `${i}.png`, ...SIZES[i], imageUri(i)]));
    // The images were downloaded under their relative names, byte for byte.
    assert.deepEqual(fs.readFileSync(path.join(images, '0.png')), IMAGES[0]);
    assert.deepEqual(fs.readFileSync(path.join(images, '1.png')), IMAGES[1]);
    assert.equal(doc.images[0].labelchain.content_hash, u8aToHex(blake2AsU8a(IMAGES[0])));
    assert.deepEqual(doc.annotations.map((a) => [a.image_id, a.category_id, a.bbox]), BOXES.map((b) =>
      [0, b.class + 1, [b.x, b.y, b.width, b.height]]));
    assert.deepEqual(doc.categories.map((c) => c.name), ['class_0', 'class_1']);
    const v = await cli('verify', file, '--images-dir', images);
    assert.equal(v.code, 0, v.stdout + v.stderr);
    assert.match(v.stdout, /OK: 2 records match the chain/);
    // A moved box is caught, and so is a wrong image size or a file name of another image.
    doc.annotations[0].bbox[0] += 1;
    doc.images[1].width += 1;
    doc.images[1].file_name = '0.png';
    fs.writeFileSync(out('boxes-corrupt.json'), JSON.stringify(doc));
    const c = await cli('verify', out('boxes-corrupt.json'), '--images-dir', images);
    assert.equal(c.code, 1, c.stdout);
    assert.match(c.stdout, /MISMATCH image 1 .*`label`/);
    assert.match(c.stdout, /MISMATCH image 2 .*file name is `0.png`, the item's image is `1.png`/);
    // A picture swapped on disk no longer matches the hash the chain pins.
    fs.copyFileSync(path.join(images, '0.png'), path.join(images, '1.png'));
    const swapped = await cli('verify', file, '--images-dir', images);
    assert.equal(swapped.code, 1, swapped.stdout);
    assert.match(swapped.stdout, /MISMATCH image 2 .*not the content hash/);
    fs.writeFileSync(path.join(images, '1.png'), IMAGES[1]);
  });

  test('every schema exports as JSON Lines, Parquet and TFRecord (and COCO), read back by Python\'s loaders, verified, tampering refused', async () => {
    // One finalized block for every file, so that they describe the same state.
    const at = String((await api.rpc.chain.getHeader(await api.rpc.chain.getFinalizedHead())).number.toNumber());
    const tasks = [
      { kind: 'categorical', task: catTask },
      { kind: 'multi_label', task: multiTask },
      { kind: 'bounding_boxes', task: boxTask },
      { kind: 'free_text', task: textTask },
    ];
    const manifest = { tasks: [], tampered: out('tampered') };
    for (const { kind, task } of tasks) {
      const d = out(kind);
      fs.mkdirSync(d);
      const images = path.join(d, 'images');
      const files = { jsonl: path.join(d, 'labels.jsonl'), parquet: path.join(d, 'labels.parquet'), tfrecord: path.join(d, 'labels.tfrecord') };
      if (kind === 'bounding_boxes') files.coco = path.join(d, 'labels.json');
      for (const [format, file] of Object.entries(files)) {
        const withImages = kind === 'bounding_boxes' && (format === 'tfrecord' || format === 'coco') ? ['--images-dir', images, '--fetch'] : [];
        const r = await cli('export', '--task', String(task), '--out', file, '--at', at, '--quiet', ...withImages);
        assert.equal(r.code, 0, `${kind} ${format}: ${r.stdout}${r.stderr}`);
        const v = await cli('verify', file, ...(withImages.length ? ['--images-dir', images] : []));
        assert.equal(v.code, 0, `${kind} ${format}: ${v.stdout}${v.stderr}`);
        assert.match(v.stdout, /OK: \d+ records match the chain/);
      }
      // The dataset card names the chain, the block and every file of this export.
      const card = fs.readFileSync(path.join(d, 'README.md'), 'utf8');
      assert.match(card, new RegExp(`genesis hash \\| \`${(await api.rpc.chain.getBlockHash(0)).toHex()}\``));
      assert.match(card, new RegExp(`export block \\| #${at} `));
      for (const f of Object.values(files)) assert.match(card, new RegExp(`\\| file \\| \`${path.basename(f)}\``));
      assert.match(card, /data_files: "labels.jsonl"/);
      const expected = readJsonl(files.jsonl);
      manifest.tasks.push({
        kind, dir: d, files, expected,
        ...(kind === 'bounding_boxes' ? { images_dir: images, sizes: SIZES } : {}),
      });
    }
    // What the chain holds, in each schema's shape.
    const labels = Object.fromEntries(manifest.tasks.map((t) => [t.kind, t.expected.map((r) => r.label)]));
    assert.deepEqual(labels.multi_label, [[0, 2], [1]]);
    assert.deepEqual(labels.bounding_boxes, [BOXES, []]);
    assert.deepEqual(labels.free_text, [TEXT]);
    assert.ok(manifest.tasks.every((t) => t.expected.every((r) => r.exported_block === Number(at))));

    const manifestFile = out('manifest.json');
    fs.writeFileSync(manifestFile, JSON.stringify(manifest));
    const py = await new Promise((resolve) => {
      execFile(PYTHON, [CHECK_SCRIPT, manifestFile], { timeout: 300_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }));
    });
    assert.equal(py.code, 0, `${PYTHON} ${CHECK_SCRIPT}:\n${py.stdout}\n${py.stderr}`);
    assert.match(py.stdout, /all loaders agree with the chain/);
    assert.match(py.stdout, /OK COCO .*pycocotools reads 2 images/);

    // Tampered copies written by Python's own writers are refused, naming the field.
    const refused = async (file, message) => {
      const v = await cli('verify', file);
      assert.equal(v.code, 1, `${file}: ${v.stdout}${v.stderr}`);
      assert.match(v.stdout, message);
    };
    await refused(path.join(manifest.tampered, 'feature.tfrecord'), /MISMATCH record 1 .*feature `image\/class\/label` does not state the record's label/);
    await refused(path.join(manifest.tampered, 'record.tfrecord'), /MISMATCH record 1 .*`label`: file has/);
    await refused(path.join(manifest.tampered, 'label.parquet'), /MISMATCH row 1 .*`label`: file has/);
  });

  test('bad requests fail clearly and leave no file behind', async () => {
    const file = out('fail.jsonl');
    const cases = [
      [['export', '--task', '999', '--out', file], /task 999 does not exist at block/],
      [['export', '--task', String(emptyTask), '--out', file], new RegExp(`task ${emptyTask} has no accepted items .*1 pending`)],
      [['export', '--task', String(catTask), '--out', out('cats.json'), '--format', 'coco'], /not a bounding-box task/],
      [['export', '--task', String(catTask), '--out', file, '--at', '99999999'], /block #99999999 does not exist/],
      [['export', '--task', String(boxTask), '--out', out('sizes.json')], /COCO output of boxes needs each image's width and height.*--images-dir/],
      [['export', '--task', String(boxTask), '--out', out('b.json'), '--images-dir', out('none')], /images directory .* does not exist/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stdout}`);
      assert.match(r.stderr, message);
    }
    // An existing file is left as it was when an export fails.
    fs.writeFileSync(file, 'previous\n');
    assert.equal((await cli('export', '--task', '999', '--out', file)).code, 2);
    assert.equal(fs.readFileSync(file, 'utf8'), 'previous\n');
    assert.ok(!fs.existsSync(out('cats.json')));
    assert.ok(!fs.existsSync(out('sizes.json')) && !fs.existsSync(out('b.json')));
    // A README.md that is not a LabelChain card is never replaced, and nothing is written.
    const foreign = out('foreign');
    fs.mkdirSync(foreign);
    fs.writeFileSync(path.join(foreign, 'README.md'), '# my notes\n');
    const f = await cli('export', '--task', String(catTask), '--out', path.join(foreign, 'cats.jsonl'));
    assert.equal(f.code, 2);
    assert.match(f.stderr, /README.md exists and is not a LabelChain dataset card/);
    assert.deepEqual(fs.readdirSync(foreign), ['README.md']);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('partial')), []);

    const port = await freePort();
    const r = await runCli(['--url', `ws://127.0.0.1:${port}`, 'export', '--task', '0', '--out', out('x.jsonl')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`cannot reach a node at ws://127.0.0.1:${port}`));
    assert.ok(!fs.existsSync(out('x.jsonl')));
  });
});
