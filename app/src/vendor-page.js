// The vendor's page: create a task (items as URIs, optional gold answers), watch each item's
// progress, top up, cancel, close, and download the dataset. Gold answers' salts are the SDK's
// (kept in this browser's localStorage) and each answer is revealed on its own once the item's
// labels are in.

import { Vendor, contentDigest } from '@labelchain/sdk';
import { attempt, fill, formatUnits, h, parseUnits } from './ui.js';
import { describeSchema, schemaOf } from './labeler.js';

/** The fields of the task form, with their defaults. */
const FIELDS = [
  ['instructions', 'Instructions URI', () => new URL('samples/instructions.txt', location.href).href],
  ['schema', 'Label kind', () => 'boundingBoxes'],
  ['classes', 'Classes', () => '2'],
  ['maxBoxes', 'Most boxes per label', () => '4'],
  ['minIou', 'Least IoU for boxes to match (%)', () => '50'],
  ['redundancy', 'Annotators per item', () => '3'],
  ['maxSeats', 'Most annotators per item (escalation)', () => '3'],
  ['confidence', 'Confidence to accept a label (%)', () => '90'],
  ['commitWindow', 'Commit window (blocks)', () => '40'],
  ['revealWindow', 'Reveal window (blocks)', () => '40'],
  ['rewardAsset', 'Reward asset id', () => '1'],
  ['rewardPerLabel', 'Reward per label', () => '2'],
  ['goldBonus', 'Gold bonus', () => '1'],
  ['collateral', 'Annotator collateral (LBL)', () => '10'],
  ['minStake', 'Least stake (LBL)', () => '100'],
  ['minReputation', 'Least reputation (0-1000000)', () => '0'],
];

/** Parses a gold answer line: blank for a decoy, else a label in JSON ({"Class":1}). */
function parseAnswer(line, n) {
  if (!line.trim()) return null;
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`gold answer on line ${n + 1} is not JSON (for example {"Class":1} or {"Boxes":[{"class":0,"x":1,"y":2,"width":3,"height":4}]})`);
  }
}

export class VendorPage {
  constructor({ api, account, store, activity, root }) {
    this.api = api;
    this.activity = activity;
    this.root = root;
    this.vendor = new Vendor(api, account, store, { onStatus: (s) => activity.status(s) });
    this.address = account.address;
    this.selected = null;
    this.form = {};
    this.sections = {
      create: h('section', { id: 'create-task' }),
      tasks: h('section', { id: 'my-tasks' }),
      progress: h('section', { id: 'progress' }),
    };
    fill(root, Object.values(this.sections));
    this.#renderForm();
  }

  async start() {
    // Reveal gold answers on their own once their items' labels are in (also after a reload).
    this.stopWatch = await this.vendor.watch();
    this.stopHeads = await this.api.rpc.chain.subscribeNewHeads(() => { this.refresh().catch(() => {}); });
    await this.refresh();
  }

  stop() {
    for (const s of [this.stopWatch, this.stopHeads]) if (s) s();
  }

  #renderForm() {
    const inputs = FIELDS.map(([name, label, value]) => {
      const input = name === 'schema'
        ? h('select', { name }, ['categorical', 'multiLabel', 'boundingBoxes', 'freeText'].map((k) => h('option', { value: k, selected: k === value() }, k)))
        : h('input', { name, value: value() });
      this.form[name] = input;
      return h('label', {}, h('span', {}, label), input);
    });
    this.form.items = h('textarea', { name: 'items', rows: 3, placeholder: 'one URI per line' },
      new URL('samples/street.svg', location.href).href);
    this.form.answers = h('textarea', { name: 'answers', rows: 3, placeholder: 'optional: one gold answer per item line (JSON), blank for a decoy' });
    fill(this.sections.create,
      h('h2', {}, 'Create a task'),
      h('div', { class: 'form' }, inputs),
      h('label', { class: 'wide' }, h('span', {}, 'Items (one URI per line; each is fetched to pin its digest)'), this.form.items),
      h('label', { class: 'wide' }, h('span', {}, 'Gold answers (optional, line by line)'), this.form.answers),
      h('button', { id: 'create', onclick: () => attempt(this.activity, 'createTask', () => this.#create()) }, 'Create task'));
  }

  async #spec() {
    const v = (k) => this.form[k].value.trim();
    const num = (k) => {
      const n = Number(v(k));
      if (!Number.isInteger(n) || n < 0) throw new Error(`${FIELDS.find(([f]) => f === k)[1]}: a whole number, not "${v(k)}"`);
      return n;
    };
    const kind = v('schema');
    const schema = {
      categorical: { Categorical: { classes: num('classes') } },
      multiLabel: { MultiLabel: { classes: num('classes') } },
      boundingBoxes: { BoundingBoxes: { classes: num('classes'), maxBoxes: num('maxBoxes'), minIou: num('minIou') * 10_000_000 } },
      freeText: { FreeText: null },
    }[kind];
    const asset = num('rewardAsset');
    const meta = await this.api.query.assets.metadata(asset);
    const decimals = meta.decimals.toNumber();
    const instructions = v('instructions');
    return {
      instructions: { uri: instructions, digest: await this.#digestOf(instructions) },
      schema,
      redundancy: num('redundancy'),
      maxSeats: num('maxSeats'),
      confidence: num('confidence') * 10_000_000,
      commitWindow: num('commitWindow'),
      revealWindow: num('revealWindow'),
      rewardAsset: asset,
      rewardPerLabel: parseUnits(v('rewardPerLabel'), decimals),
      goldBonus: parseUnits(v('goldBonus'), decimals),
      collateral: parseUnits(v('collateral')),
      minStake: parseUnits(v('minStake')),
      minReputation: num('minReputation'),
    };
  }

  async #digestOf(uri) {
    let response;
    try {
      response = await fetch(uri);
    } catch (e) {
      throw new Error(`cannot fetch ${uri} to pin its digest (${e.message})`);
    }
    if (!response.ok) throw new Error(`cannot fetch ${uri} to pin its digest (HTTP ${response.status})`);
    return contentDigest(new Uint8Array(await response.arrayBuffer()));
  }

  async #create() {
    const spec = await this.#spec();
    const uris = this.form.items.value.split('\n').map((l) => l.trim()).filter(Boolean);
    if (!uris.length) throw new Error('no items: give one URI per line');
    const answerLines = this.form.answers.value.split('\n');
    const withGold = answerLines.some((l) => l.trim());
    const items = [];
    for (const [n, uri] of uris.entries()) {
      const item = { uri, digest: await this.#digestOf(uri) };
      if (withGold) item.answer = parseAnswer(answerLines[n] ?? '', n);
      items.push(item);
    }
    const task = await this.vendor.createTask(spec, items);
    this.activity.note(`Task #${task} created${withGold ? '; its gold answers are kept in this browser and revealed on their own' : ''}.`);
    this.selected = task;
    await this.refresh();
  }

  async refresh() {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      const tasks = await this.vendor.tasks();
      this.#renderTasks(tasks);
      if (this.selected !== null) await this.#renderProgress(this.selected);
    } finally {
      this.refreshing = false;
    }
  }

  #renderTasks(tasks) {
    fill(this.sections.tasks,
      h('h2', {}, 'Your tasks'),
      tasks.length
        ? h('table', {},
          h('tr', {}, ['Task', 'Label', 'Status', 'Items', 'Unsettled', 'Owed from escrow', ''].map((t) => h('th', {}, t))),
          tasks.map(({ id, task, owed }) => h('tr', { dataset: { task: id } },
            h('td', {}, `#${id}`),
            h('td', {}, describeSchema(schemaOf(task.spec.schema.toJSON()))),
            h('td', {}, task.status.type),
            h('td', {}, task.itemCount.toString()),
            h('td', {}, task.unsettled.toString()),
            h('td', {}, formatUnits(owed.toBigInt())),
            h('td', {}, h('button', { class: 'open', onclick: () => { this.selected = id; this.refresh(); } }, 'Progress')))))
        : h('p', { class: 'empty' }, 'No tasks yet.'));
  }

  async #renderProgress(task) {
    const rows = await this.vendor.progress(task);
    const extra = this.topUpInput ??= h('input', { id: 'top-up', value: '1', size: 6 });
    const counts = rows.reduce((c, r) => ({ ...c, [r.phase]: (c[r.phase] || 0) + 1 }), {});
    fill(this.sections.progress,
      h('h2', {}, `Task #${task}`),
      h('p', { id: 'progress-summary' }, Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')),
      h('table', { id: 'items' },
        h('tr', {}, ['Item', 'Content', 'Phase', 'Seats', 'Committed', 'Revealed', 'Accepted label'].map((t) => h('th', {}, t))),
        rows.map((r) => h('tr', { dataset: { item: r.item, phase: r.phase } },
          h('td', {}, r.item), h('td', {}, h('a', { href: r.uri, target: '_blank' }, r.uri.split('/').pop())),
          h('td', { class: 'phase' }, r.phase), h('td', {}, r.taken), h('td', {}, r.committed), h('td', {}, r.revealed),
          h('td', { class: 'label' }, r.label ? JSON.stringify(r.label) : '')))),
      h('div', { class: 'row' },
        'Raise the reward per label by ', extra,
        h('button', { onclick: () => attempt(this.activity, 'topUp', async () => this.vendor.topUp(task, parseUnits(extra.value))) }, 'Top up'),
        h('button', { onclick: () => attempt(this.activity, 'cancelTask', () => this.vendor.cancel(task)) }, 'Cancel task'),
        h('button', { onclick: () => attempt(this.activity, 'closeTask', () => this.vendor.close(task)) }, 'Close task'),
        h('button', { id: 'download', onclick: () => attempt(this.activity, 'download', () => this.#download(task)) }, 'Download dataset (JSONL)')));
  }

  async #download(task) {
    const text = await this.vendor.dataset(task);
    if (!text) throw new Error(`task #${task} has no accepted label yet`);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/x-ndjson' }));
    const a = h('a', { href: url, download: `task-${task}.jsonl` });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
