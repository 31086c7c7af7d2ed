// The vendor's side of labeling, with nothing to do by hand: create a task whose gold answers
// are committed with fresh salts kept in the secret store, watch each item's progress, reveal
// each answer on its own once the item's labels are in, and build the dataset from the chain.

import { blake2AsHex } from '@polkadot/util-crypto';
import { u8aToHex } from '@polkadot/util';
import { goldCommitment, randomSalt } from './commitment.js';
import { checkItems, checkLabel, checkTaskSpec } from './bounds.js';
import { recordKey } from './salts.js';
import { describeDispatchError } from './errors.js';
import { ChainAccount } from './account.js';

/** The blake2-256 digest of content bytes (what an item's `ContentRef.digest` pins). */
export const contentDigest = (bytes) => blake2AsHex(bytes, 256);

/**
 * An item's progress from its state and slots: where it is in its life and how many of its
 * seats are taken, committed and revealed.
 */
export function itemProgress(state, slots) {
  const taken = slots.length;
  const committed = slots.filter((s) => s.commitment.isSome).length;
  const revealed = slots.filter((s) => s.label.isSome).length;
  let phase = state.type;
  if (state.isLabeling) phase = revealed > 0 || committed === taken ? 'Revealing' : 'Committing';
  if (state.isDisputed) phase = 'Disputed';
  return { phase, state: state.type, taken, committed, revealed };
}

export class Vendor extends ChainAccount {
  /**
   * @param {import('@polkadot/api').ApiPromise} api
   * @param {object} signer  a keyring pair, or { address, signer } from a browser extension
   * @param {import('./salts.js').SecretStore} store  where the gold answers' salts are kept
   * @param {{ onStatus?: Function, feeAsset?: number|null }} [options]
   */
  constructor(api, signer, store, options) {
    super('vendor', api, signer, store, options);
  }

  /**
   * Creates a task. `items` are { uri, digest, answer }: `answer` a label for a gold item,
   * `null` for a decoy, absent on every item for a task without gold. With gold, a fresh salt
   * per item is drawn and written to the store with its answer before the task is sent; the
   * answers are revealed by `revealGoldDue`. Resolves with the task id.
   */
  async createTask(spec, items) {
    const withGold = items.some((i) => i.answer !== undefined);
    for (const i of items) if (i.answer) checkLabel(this.limits, i.answer);
    const guess = (await this.api.query.labeling.nextTaskId()).toNumber();
    const secrets = items.map((i) => (withGold ? { answer: i.answer ?? null, salt: u8aToHex(randomSalt()) } : null));
    const newItems = items.map((i, n) => ({
      content: { uri: i.uri, digest: i.digest },
      answerCommitment: secrets[n]
        ? goldCommitment({ vendor: this.address, contentHash: i.digest, answer: secrets[n].answer, salt: secrets[n].salt })
        : null,
    }));
    const fullSpec = { ...spec, withGold };
    checkTaskSpec(this.limits, fullSpec);
    checkItems(this.limits, newItems);
    const record = (task, n) => ({
      chain: this.chain, account: this.address, kind: 'gold', task, item: n, round: 0,
      answer: secrets[n].answer, salt: secrets[n].salt, commitment: newItems[n].answerCommitment,
    });
    // Written down before the task is sent: a lost salt would leave the answer unrevealable.
    if (withGold) for (let n = 0; n < items.length; n += 1) await this.store.put(record(guess, n));
    const { events } = await this.submit(this.api.tx.labeling.createTask(fullSpec, newItems), 'createTask');
    const created = events.find(({ event }) => event.section === 'labeling' && event.method === 'TaskCreated');
    const task = created.event.data.task.toNumber();
    if (withGold) {
      for (let n = 0; n < items.length; n += 1) {
        if (task !== guess) {
          await this.store.put({ ...record(task, n), status: 'committed' });
          await this.store.remove(recordKey(record(guess, n)));
        } else {
          await this.store.update(recordKey(record(task, n)), { status: 'committed' });
        }
      }
    }
    return task;
  }

  /** Tasks this vendor created, newest first (looking at the last `scan` task ids). */
  async tasks(scan = 200) {
    const next = (await this.api.query.labeling.nextTaskId()).toNumber();
    const ids = [];
    for (let t = next - 1; t >= 0 && t >= next - scan; t -= 1) ids.push(t);
    const infos = await Promise.all(ids.map((t) => this.api.call.labelingApi.task(t)));
    return ids
      .map((id, k) => ({ id, info: infos[k] }))
      .filter(({ info }) => info.isSome && info.unwrap().task.vendor.toString() === this.address)
      .map(({ id, info }) => ({ id, task: info.unwrap().task, owed: info.unwrap().owed }));
  }

  /** Every item's progress (see `itemProgress`), with its content and result when settled. */
  async progress(task) {
    const info = await this.api.call.labelingApi.task(task);
    if (info.isNone) throw new Error(`no task ${task}`);
    const count = info.unwrap().task.itemCount.toNumber();
    const out = [];
    for (let item = 0; item < count; item += 1) {
      const found = await this.api.call.labelingApi.item(task, item);
      if (found.isNone) continue;
      const it = found.unwrap();
      const slots = await this.api.query.labeling.slots(task, item);
      const result = await this.api.call.labelingApi.itemResult(task, item);
      out.push({
        item,
        uri: it.content.uri.toUtf8(),
        digest: it.content.digest.toHex(),
        ...itemProgress(it.state, slots),
        label: result.isSome ? result.unwrap().label.toJSON() : null,
      });
    }
    return out;
  }

  /**
   * Reveals every stored answer whose item is waiting for it (its labels are in); marks those
   * whose window passed as `expired`. The chain checks each reveal first
   * (`LabelingApi::check_reveal_gold`): an answer is never sent to fail in public.
   */
  revealGoldDue() {
    if (!this.revealing) this.revealing = this.#revealGoldDue().finally(() => { this.revealing = null; });
    return this.revealing;
  }

  async #revealGoldDue() {
    const records = (await this.store.list({ chain: this.chain, account: this.address, kind: 'gold' }))
      .filter((r) => r.status === 'committed');
    const revealed = [];
    for (const r of records) {
      const found = await this.api.call.labelingApi.item(r.task, r.item);
      if (found.isNone) { await this.store.update(r.key, { status: 'expired' }); continue; }
      const { state, gold } = found.unwrap();
      if (!gold.isCommitted) { await this.store.update(r.key, { status: 'revealed' }); continue; }
      if (!state.isAwaitingGold) {
        if (state.isSettled || state.isFailed) await this.store.update(r.key, { status: 'expired' });
        continue;
      }
      const check = await this.api.call.labelingApi.checkRevealGold(this.address, r.task, r.item, r.answer, r.salt);
      if (check.isErr) { await this.store.update(r.key, { lastError: describeDispatchError(this.api, check.asErr) }); continue; }
      try {
        await this.submit(this.api.tx.labeling.revealGold(r.task, r.item, r.answer, r.salt), 'revealGold');
        await this.store.update(r.key, { status: 'revealed' });
        revealed.push({ task: r.task, item: r.item });
      } catch (e) {
        await this.store.update(r.key, { lastError: e.message });
      }
    }
    return revealed;
  }

  /** Reveals answers on its own from now on: checks at every new block. Returns a stop function. */
  async watch() {
    return this.api.rpc.chain.subscribeNewHeads(() => { this.revealGoldDue().catch(() => {}); });
  }

  /** Raises the reward per label and the gold bonus of every unsettled item (the escrow grows
   * to cover it). */
  topUp(task, extraReward, extraBonus = 0n) {
    return this.submit(this.api.tx.labeling.topUp(task, extraReward, extraBonus), 'topUp');
  }

  /** Stops new seats and refunds the budget of items nobody was seated on. */
  cancel(task) { return this.submit(this.api.tx.labeling.cancelTask(task), 'cancelTask'); }

  /** Closes a task with nothing in progress and refunds everything unspent. */
  close(task) { return this.submit(this.api.tx.labeling.closeTask(task), 'closeTask'); }

  /**
   * The task's accepted labels as JSON Lines records (one per settled item), in the field
   * names `labelchain-cli export` writes for JSON Lines, read at the best block. For a
   * dataset you can verify against a finalized block, use the CLI's export.
   */
  async dataset(task) {
    const info = (await this.api.call.labelingApi.task(task)).unwrap().task;
    const schema = info.spec.schema.toJSON();
    const lines = [];
    for (const p of await this.progress(task)) {
      if (!p.label) continue;
      const result = (await this.api.call.labelingApi.itemResult(task, p.item)).unwrap();
      lines.push(JSON.stringify({
        task,
        item: p.item,
        content_uri: p.uri,
        content_hash: p.digest,
        schema,
        label: p.label,
        agreement: result.agreement.toNumber() / 1e9,
        annotators: result.annotators.toNumber(),
        agreeing: result.agreeing.toNumber(),
        gold: result.gold.isTrue,
        by_dispute: result.byDispute.isTrue,
        settled_at: result.settledAt.toNumber(),
      }));
    }
    return lines.length ? `${lines.join('\n')}\n` : '';
  }
}
