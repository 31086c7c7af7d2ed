// The annotator's side of labeling, with nothing to do by hand: request seats, commit a label
// (the salt is drawn here and written to the secret store before the commitment is sent), and
// reveal on its own once the chain opens reveals — also after a restart or a page reload, from
// the store.

import { labelCommitment, randomSalt } from './commitment.js';
import { checkLabel, closeBound } from './bounds.js';
import { recordKey } from './salts.js';
import { describeDispatchError } from './errors.js';
import { ChainAccount, LBL_ASSET_ID, send } from './account.js';
import { u8aToHex } from '@polkadot/util';

/**
 * A `labeling.Judged` event as { block, annotator, task, item, verdict, score, paid, slashed }
 * (`block` the number of the block it is in), or null for any other event.
 */
export function judgementOf(event, block) {
  if (event.section !== 'labeling' || event.method !== 'Judged') return null;
  return {
    block,
    annotator: event.data.annotator.toString(),
    task: event.data.task.toNumber(),
    item: event.data.item.toNumber(),
    verdict: event.data.verdict.toString(),
    score: event.data.score.toBigInt(),
    paid: event.data.paid.toBigInt(),
    slashed: event.data.slashed.toBigInt(),
  };
}

/** Whether reveals are open on an item in state `state` (as `LabelingApi::item` returns it). */
export function revealsOpen({ state, slots, redundancy, clock }) {
  if (!state.isLabeling) return false;
  const { stage, commitEnd, revealEnd } = state.asLabeling;
  const now = BigInt(clock);
  if (now > revealEnd.toBigInt()) return false;
  if (now > commitEnd.toBigInt()) return true;
  // Before the commit phase ends, only a first stage whose every seat is taken and committed
  // (the size of a later stage is the chain's to compute: wait for the window there).
  if (stage.toNumber() !== 0) return false;
  const seats = slots.filter((s) => s.stage.toNumber() === 0);
  return seats.length === redundancy && seats.every((s) => s.commitment.isSome);
}

export class Annotator extends ChainAccount {
  /**
   * @param {import('@polkadot/api').ApiPromise} api
   * @param {object} signer  a keyring pair, or { address, signer } from a browser extension
   * @param {import('./salts.js').SecretStore} store  where commitments' secrets are kept
   * @param {{ onStatus?: Function, feeAsset?: number|null }} [options]
   */
  constructor(api, signer, store, options) {
    super('annotator', api, signer, store, options);
  }

  /** Bonds `amount` of the stake asset (LBL). */
  bond(amount) { return this.submit(this.api.tx.labeling.bond(amount), 'bond'); }

  /** Starts unbonding `amount` (withdrawable after the unbonding period). */
  unbond(amount) { return this.submit(this.api.tx.labeling.unbond(amount), 'unbond'); }

  /** Withdraws what finished unbonding. */
  withdrawUnbonded() { return this.submit(this.api.tx.labeling.withdrawUnbonded(), 'withdrawUnbonded'); }

  /**
   * Balances and standing: LC (free), LBL (the stake and reward asset), stake bonded, locked
   * as collateral and unbonding, reputation and vote weight, seats held.
   */
  async account() {
    const [system, lbl, info] = await Promise.all([
      this.api.query.system.account(this.address),
      this.api.query.assets.account(LBL_ASSET_ID, this.address),
      this.api.call.labelingApi.annotator(this.address),
    ]);
    return {
      lc: system.data.free.toBigInt(),
      lbl: lbl.isSome ? lbl.unwrap().balance.toBigInt() : 0n,
      bonded: info.bonded.toBigInt(),
      locked: info.locked.toBigInt(),
      unbonding: info.unbonding.toBigInt(),
      reputation: info.reputation.toJSON(),
      voteWeight: info.voteWeight.toString(),
      seats: info.seats.map(([task, item]) => ({ task: task.toNumber(), item: item.toNumber() })),
    };
  }

  /**
   * This annotator's judgements (payouts and slashes) in blocks `from`..`to` (default: the
   * last 600 blocks up to the best one): { block, task, item, verdict, score, paid, slashed }.
   */
  async judgements({ from, to } = {}) {
    const best = (await this.api.rpc.chain.getHeader()).number.toNumber();
    const end = to ?? best;
    const start = Math.max(1, from ?? end - 600);
    const out = [];
    for (let n = start; n <= end; n += 1) {
      const hash = await this.api.rpc.chain.getBlockHash(n);
      const events = await (await this.api.at(hash)).query.system.events();
      for (const { event } of events) {
        const j = judgementOf(event, n);
        if (j && j.annotator === this.address) out.push(j);
      }
    }
    return out;
  }

  /** Tasks this annotator may request seats in now. */
  async openTasks(start = 0, limit = 100) {
    return (await this.api.call.labelingApi.openTasks(this.address, start, limit)).map((t) => t.toNumber());
  }

  /** The (task, item) seats this annotator holds. */
  async seats() {
    const info = await this.api.call.labelingApi.annotator(this.address);
    return info.seats.map(([task, item]) => ({ task: task.toNumber(), item: item.toNumber() }));
  }

  /** Asks for `count` seats of `task` (the chain's draw seats them in a later block). */
  requestSeats(task, count = 1) {
    if (count > this.limits.maxSeatsPerRequest) {
      throw new RangeError(`at most ${this.limits.maxSeatsPerRequest} seats in one request`);
    }
    return this.submit(this.api.tx.labeling.requestSeats(task, count), 'requestSeats');
  }

  /**
   * Commits `label` for this annotator's seat on (`task`, `item`): draws a fresh salt, writes
   * label and salt to the store, then sends the commitment. The reveal is `revealDue`'s.
   */
  async commit(task, item, label) {
    const record = await this.#seal(task, item, label);
    await this.submit(this.api.tx.labeling.commit(task, item, record.commitment), 'commit');
    await this.store.update(recordKey(record), { status: 'committed' });
    return record.commitment;
  }

  /**
   * Commits many labels, `entries` = [{ task, item, label }], with one signature per
   * `maxItemsPerBatch` entries (`labeling.commitMany`, all or nothing). Returns the
   * commitments, in order.
   */
  async commitMany(entries) {
    if (entries.length === 0) return [];
    const seen = new Set(entries.map(({ task, item }) => `${task}/${item}`));
    if (seen.size !== entries.length) throw new Error('commitMany: an item appears twice');
    const records = [];
    for (const { task, item, label } of entries) records.push(await this.#seal(task, item, label));
    for (let i = 0; i < records.length; i += this.limits.maxItemsPerBatch) {
      const chunk = records.slice(i, i + this.limits.maxItemsPerBatch);
      const sealed = chunk.map(({ task, item, commitment }) => ({ task, item, commitment }));
      await this.submit(this.api.tx.labeling.commitMany(sealed), 'commitMany');
      for (const r of chunk) await this.store.update(recordKey(r), { status: 'committed' });
    }
    return records.map((r) => r.commitment);
  }

  /**
   * Checks `label` and the item, draws a salt, computes the commitment (checked against the
   * chain's own), and writes it all to the store (`committing`) before anything is sent.
   */
  async #seal(task, item, label) {
    checkLabel(this.limits, label);
    const found = await this.api.call.labelingApi.item(task, item);
    if (found.isNone) throw new Error(`task ${task} has no item ${item}`);
    const { state } = found.unwrap();
    if (!state.isLabeling) throw new Error(`item ${task}/${item} is not being labeled (${state.type})`);
    const round = state.asLabeling.round.toNumber();
    const salt = u8aToHex(randomSalt());
    const commitment = labelCommitment({ task, item, round, who: this.address, label, salt });
    // The chain computes the same commitment (`LabelingApi::commitment`): a mismatch here
    // would otherwise show only at reveal, as a no-reveal slash.
    if (this.api.call.labelingApi.commitment) {
      const expected = (await this.api.call.labelingApi.commitment(task, item, round, this.address, label, salt)).toHex();
      if (expected !== commitment) throw new Error(`the chain expects commitment ${expected}, this SDK built ${commitment}: not sent`);
    }
    const record = { chain: this.chain, account: this.address, kind: 'label', task, item, round, label, salt, commitment };
    await this.store.put({ ...record, status: 'committing' });
    return record;
  }

  /**
   * Reveals every stored commitment of this account whose item has opened reveals; marks those
   * whose round is over as `expired`. Several due reveals go in one `labeling.revealMany` (up to
   * `maxItemsPerBatch` each). Returns the (task, item) pairs revealed. Safe to call on every
   * block: runs one at a time.
   */
  revealDue() {
    if (!this.revealing) {
      this.revealing = this.#revealDue().finally(() => { this.revealing = null; });
    }
    return this.revealing;
  }

  async #revealDue() {
    const records = (await this.store.list({ chain: this.chain, account: this.address, kind: 'label' }))
      .filter((r) => r.status === 'committing' || r.status === 'committed');
    const due = [];
    for (const r of records) {
      const found = await this.api.call.labelingApi.item(r.task, r.item);
      const state = found.isSome ? found.unwrap().state : null;
      if (!state || !state.isLabeling || state.asLabeling.round.toNumber() !== r.round) {
        await this.store.update(r.key, { status: 'expired' });
        continue;
      }
      const slots = await this.api.query.labeling.slots(r.task, r.item);
      const mine = slots.find((s) => s.annotator.toString() === this.address && s.commitment.isSome);
      if (!mine || mine.commitment.unwrap().toHex() !== r.commitment) continue; // not committed (yet)
      // The chain says whether this reveal would go through now (`LabelingApi::check_reveal`,
      // the check its transaction pool runs): never send one that would fail and publish the
      // salt. A batch goes through only if every entry does, so each is checked first.
      const check = await this.api.call.labelingApi.checkReveal(this.address, r.task, r.item, r.label, r.salt);
      if (check.isErr) {
        const error = check.asErr;
        const name = error.isModule ? this.api.registry.findMetaError(error.asModule).name : error.type;
        if (name !== 'NotRevealPhase') await this.store.update(r.key, { lastError: describeDispatchError(this.api, error) });
        continue;
      }
      due.push(r);
    }
    const revealed = [];
    const batched = due.length > 1 && this.api.tx.labeling.revealMany;
    const size = batched ? this.limits.maxItemsPerBatch : 1;
    for (let i = 0; i < due.length; i += size) {
      const chunk = due.slice(i, i + size);
      const tx = batched
        ? this.api.tx.labeling.revealMany(
          chunk.map(({ task, item, label, salt }) => ({ task, item, label, salt })),
          await this.#closeBound(chunk.map((r) => r.task)),
        )
        : this.api.tx.labeling.reveal(chunk[0].task, chunk[0].item, chunk[0].label, chunk[0].salt);
      try {
        await this.submit(tx, batched ? 'revealMany' : 'reveal');
        for (const r of chunk) {
          await this.store.update(r.key, { status: 'revealed' });
          revealed.push({ task: r.task, item: r.item });
        }
      } catch (e) {
        for (const r of chunk) await this.store.update(r.key, { lastError: e.message });
      }
    }
    return revealed;
  }

  /** The `CloseBound` of a batch of reveals on these tasks (`closeBound`, from their specs). */
  async #closeBound(tasks) {
    const specs = [];
    for (const task of new Set(tasks.map(Number))) {
      const found = await this.api.query.labeling.tasks(task);
      if (found.isSome) specs.push(found.unwrap().spec.toJSON());
    }
    return closeBound(this.limits, specs);
  }

  /** Reveals on its own from now on: checks at every new block. Returns a function that stops it. */
  async watch() {
    return this.api.rpc.chain.subscribeNewHeads(() => { this.revealDue().catch(() => {}); });
  }
}

export { LBL_ASSET_ID, send };
