// The annotator's page: balances and stake, open tasks with their terms, seats to label, and the
// history of payouts and slashes. Salts are the SDK's (kept in this browser's localStorage) and
// reveals happen on their own when the chain opens them, also after a reload.

import { Annotator, LBL_ASSET_ID, judgementOf } from '@labelchain/sdk';
import { attempt, fill, formatUnits, h, parseUnits } from './ui.js';
import { describeSchema, labeler, schemaOf } from './labeler.js';

const HISTORY_KEY = 'labelchain-history';

export class AnnotatorPage {
  constructor({ api, account, store, activity, root, blockMs }) {
    this.api = api;
    this.activity = activity;
    this.root = root;
    this.blockMs = blockMs;
    this.annotator = new Annotator(api, account, store, { onStatus: (s) => activity.status(s) });
    this.address = account.address;
    this.labeling = null; // the (task, item) open in the labeler
    this.history = this.#loadHistory();
    // The labeler comes first: the sections below it redraw at every block, and must not
    // move the image under the annotator's mouse.
    this.sections = {
      labeler: h('section', { id: 'labeler' }),
      account: h('section', { id: 'account' }),
      tasks: h('section', { id: 'open-tasks' }),
      seats: h('section', { id: 'seats' }),
      history: h('section', { id: 'history' }),
    };
    fill(root, Object.values(this.sections));
  }

  async start() {
    // Reveal on its own: at every block, whatever was committed (also before a reload).
    this.stopWatch = await this.annotator.watch();
    this.stopEvents = await this.api.query.system.events((events) => this.#onEvents(events));
    await this.#backfill();
    this.stopHeads = await this.api.rpc.chain.subscribeNewHeads(() => { this.refresh().catch(() => {}); });
    await this.refresh();
  }

  stop() {
    for (const s of [this.stopWatch, this.stopEvents, this.stopHeads]) if (s) s();
  }

  #loadHistory() {
    try {
      const all = JSON.parse(localStorage.getItem(HISTORY_KEY) || '{}');
      return all[this.address] || [];
    } catch { return []; }
  }

  #saveHistory() {
    const all = JSON.parse(localStorage.getItem(HISTORY_KEY) || '{}');
    all[this.address] = this.history;
    localStorage.setItem(HISTORY_KEY, JSON.stringify(all));
  }

  #record(j) {
    const key = `${j.block}/${j.task}/${j.item}`;
    if (this.history.some((x) => x.key === key)) return;
    this.history.unshift({ key, ...j, score: String(j.score), paid: String(j.paid), slashed: String(j.slashed) });
    this.#saveHistory();
  }

  async #backfill() {
    const best = (await this.api.rpc.chain.getHeader()).number.toNumber();
    const from = Math.max(1, best - 200);
    for (const j of await this.annotator.judgements({ from, to: best })) this.#record(j);
  }

  async #onEvents(events) {
    const header = await this.api.rpc.chain.getHeader();
    for (const { event } of events) {
      const j = judgementOf(event, header.number.toNumber());
      if (j && j.annotator === this.address) this.#record(j);
    }
  }

  /** Re-reads and redraws the page; a call while one runs is dropped (the next block redoes it). */
  async refresh() {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      await this.#refresh();
    } finally {
      this.refreshing = false;
    }
  }

  async #decimals(asset) {
    this.decimals ??= new Map();
    if (!this.decimals.has(asset)) {
      const meta = await this.api.query.assets.metadata(asset);
      this.decimals.set(asset, meta.decimals.toNumber());
    }
    return this.decimals.get(asset);
  }

  async #refresh() {
    const [acc, openIds, records] = await Promise.all([
      this.annotator.account(),
      this.annotator.openTasks(),
      this.annotator.store.list({ chain: this.annotator.chain, account: this.address, kind: 'label' }),
    ]);
    this.#renderAccount(acc);
    await this.#renderTasks(openIds, acc);
    await this.#renderSeats(acc.seats, records);
    this.#renderHistory(acc);
  }

  #renderAccount(acc) {
    this.stakeAmount ??= h('input', { id: 'stake-amount', value: '200', size: 8 });
    const amount = this.stakeAmount;
    fill(this.sections.account,
      h('h2', {}, 'Your account'),
      h('dl', { class: 'balances' },
        h('dt', {}, 'LC'), h('dd', { id: 'balance-lc' }, formatUnits(acc.lc)),
        h('dt', {}, 'LBL'), h('dd', { id: 'balance-lbl' }, formatUnits(acc.lbl)),
        h('dt', {}, 'Bonded'), h('dd', { id: 'bonded' }, formatUnits(acc.bonded)),
        h('dt', {}, 'Locked as collateral'), h('dd', {}, formatUnits(acc.locked)),
        h('dt', {}, 'Unbonding'), h('dd', {}, formatUnits(acc.unbonding))),
      h('div', { class: 'row' }, 'LBL ', amount,
        h('button', { id: 'bond', onclick: () => attempt(this.activity, 'bond', () => this.annotator.bond(parseUnits(amount.value))) }, 'Bond'),
        h('button', { id: 'unbond', onclick: () => attempt(this.activity, 'unbond', () => this.annotator.unbond(parseUnits(amount.value))) }, 'Unbond'),
        h('button', { onclick: () => attempt(this.activity, 'withdrawUnbonded', () => this.annotator.withdrawUnbonded()) }, 'Withdraw unbonded')));
  }

  async #renderTasks(ids, acc) {
    const now = (await this.api.rpc.chain.getHeader()).number.toNumber();
    const rows = [];
    for (const id of ids) {
      const info = await this.api.call.labelingApi.task(id);
      if (info.isNone) continue;
      const { spec, itemCount } = info.unwrap().task;
      const decimals = await this.#decimals(spec.rewardAsset.toNumber());
      const seated = acc.seats.filter((s) => s.task === id).length;
      const window = (spec.commitWindow.toNumber() + spec.revealWindow.toNumber()) * this.blockMs / 1000;
      rows.push(h('tr', { dataset: { task: id } },
        h('td', {}, `#${id}`),
        h('td', {}, describeSchema(schemaOf(spec.schema.toJSON()))),
        h('td', {}, `${formatUnits(spec.rewardPerLabel.toBigInt(), decimals)} (asset ${spec.rewardAsset})`),
        h('td', {}, formatUnits(spec.goldBonus.toBigInt(), decimals)),
        h('td', {}, `${formatUnits(spec.minStake.toBigInt())} / ${formatUnits(spec.collateral.toBigInt())}`),
        h('td', {}, `${Math.round(window)} s per item`),
        h('td', {}, `${itemCount}`),
        h('td', {}, seated
          ? `${seated} seat(s)`
          : h('button', { class: 'request', onclick: () => attempt(this.activity, 'requestSeats', () => this.annotator.requestSeats(id, 1)) }, 'Request a seat'))));
    }
    fill(this.sections.tasks,
      h('h2', {}, 'Open tasks'),
      rows.length
        ? h('table', {}, h('tr', {}, ['Task', 'Label', 'Reward per label', 'Gold bonus', 'Stake needed / collateral', 'Time to label', 'Items', ''].map((t) => h('th', {}, t))), rows)
        : h('p', { class: 'empty' }, `No task you can take now (block #${now}).`));
  }

  async #renderSeats(seats, records) {
    const rows = [];
    for (const { task, item } of seats) {
      const found = await this.api.call.labelingApi.item(task, item);
      if (found.isNone) continue;
      const it = found.unwrap();
      const mine = records.find((r) => r.task === task && r.item === item && it.state.isLabeling && r.round === it.state.asLabeling.round.toNumber());
      let status;
      if (mine) status = mine.status === 'revealed' ? 'revealed' : `committed — the reveal happens on its own${mine.lastError ? ` (last try: ${mine.lastError})` : ''}`;
      else if (it.state.isLabeling) status = h('button', { class: 'label', onclick: () => this.#openLabeler(task, item, it) }, 'Label this item');
      else status = it.state.type;
      rows.push(h('li', { dataset: { task, item } }, `task #${task}, item ${item}: `, status));
    }
    // Revealed or expired commitments of items no longer seated.
    for (const r of records.filter((x) => !seats.some((s) => s.task === x.task && s.item === x.item)).slice(0, 10)) {
      rows.push(h('li', { class: 'past', dataset: { task: r.task, item: r.item } }, `task #${r.task}, item ${r.item}: ${r.status}`));
    }
    fill(this.sections.seats, h('h2', {}, 'Your seats'), rows.length ? h('ul', {}, rows) : h('p', { class: 'empty' }, 'No seats. Request one in an open task.'));
  }

  async #openLabeler(task, item, it) {
    const info = (await this.api.call.labelingApi.task(task)).unwrap().task;
    const schema = schemaOf(info.spec.schema.toJSON());
    const uri = it.content.uri.toUtf8();
    this.labeling = { task, item };
    fill(this.sections.labeler,
      h('h2', {}, `Label task #${task}, item ${item}`),
      h('p', {}, h('a', { href: info.spec.instructions.uri.toUtf8(), target: '_blank' }, 'Instructions')),
      labeler({
        uri,
        schema,
        onLabel: (label) => attempt(this.activity, 'commit', async () => {
          await this.annotator.commit(task, item, label);
          this.activity.note(`Committed task #${task} item ${item}; the salt is kept in this browser and the reveal is automatic.`);
          fill(this.sections.labeler);
          this.labeling = null;
          await this.refresh();
        }),
      }));
  }

  #renderHistory(acc) {
    const rep = acc.reputation || {};
    fill(this.sections.history,
      h('h2', {}, 'Payouts, slashes and reputation'),
      h('p', { id: 'reputation' }, `Vote weight ${acc.voteWeight}; `,
        Object.entries(rep).filter(([, v]) => typeof v === 'number').map(([k, v]) => `${k} ${v}`).join(', ')),
      this.history.length
        ? h('table', { id: 'payouts' },
          h('tr', {}, ['Block', 'Task', 'Item', 'Verdict', 'Paid', 'Slashed'].map((t) => h('th', {}, t))),
          this.history.map((j) => h('tr', { class: BigInt(j.paid) > 0n ? 'paid' : 'slashed' },
            h('td', {}, `#${j.block}`), h('td', {}, `#${j.task}`), h('td', {}, j.item), h('td', {}, j.verdict),
            h('td', {}, formatUnits(j.paid)), h('td', {}, formatUnits(j.slashed)))))
        : h('p', { class: 'empty' }, 'Nothing judged yet.'));
  }
}

export { LBL_ASSET_ID };
