// The annotator's side of labeling, with nothing to do by hand: request seats, commit a label
// (the salt is drawn here and written to the secret store before the commitment is sent), and
// reveal on its own once the chain opens reveals — also after a restart or a page reload, from
// the store.

import { labelCommitment, randomSalt } from './commitment.js';
import { checkLabel, limitsOf } from './bounds.js';
import { recordKey } from './salts.js';
import { describeDispatchError, explainRefusal } from './errors.js';
import { u8aToHex } from '@polkadot/util';

/** LBL's asset id: the stake asset, and a fee asset (`feeAsset: LBL_ASSET_ID`). */
export const LBL_ASSET_ID = 1;

/**
 * Signs and sends `tx`; resolves when it is in a block (or finalized, with `until:
 * 'finalized'`) with { blockHash, events }; rejects with the pallet's error name and its
 * documentation when the call failed, or when the pool refused it before any block (see
 * `explainRefusal`). `onStatus` sees 'submitted', 'inBlock', 'finalized'.
 */
export function send(api, tx, signer, { until = 'inBlock', onStatus = () => {}, signOptions = {} } = {}) {
  return new Promise((resolve, reject) => {
    let unsub = () => {};
    let done = false; // the promise settled
    let closed = false; // the subscription ended
    // Settled at inclusion (by default), the subscription still reports 'finalized' to
    // `onStatus`, then ends.
    const close = () => { if (!closed) { closed = true; unsub(); } };
    const finish = (fn, value, keepWatching = false) => {
      if (!keepWatching) close();
      if (!done) { done = true; fn(value); }
    };
    tx.signAndSend(signer, signOptions, ({ status, events, dispatchError }) => {
      if (status.isReady || status.isBroadcast) onStatus('submitted');
      if (status.isInvalid || status.isDropped || status.isUsurped || status.isFinalityTimeout) {
        finish(reject, new Error(`transaction ${status.type}`));
        return;
      }
      const inBlock = status.isInBlock;
      if (inBlock) onStatus('inBlock');
      if (status.isFinalized) onStatus('finalized');
      if ((until === 'inBlock' && inBlock) || status.isFinalized) {
        const keepWatching = !status.isFinalized && !dispatchError;
        if (dispatchError) {
          const err = new Error(describeDispatchError(api, dispatchError));
          err.events = events;
          finish(reject, err);
          return;
        }
        finish(resolve, { events, blockHash: inBlock ? status.asInBlock : status.asFinalized }, keepWatching);
      }
    }).then((u) => { unsub = u; if (closed) u(); }).catch((e) => finish(reject, explainRefusal(api, tx, e)));
  });
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

let nextSendId = 0;

export class Annotator {
  /**
   * @param {import('@polkadot/api').ApiPromise} api
   * @param {object} signer  a keyring pair, or { address, signer } from a browser extension
   * @param {import('./salts.js').SecretStore} store  where commitments' secrets are kept
   */
  constructor(api, signer, store, { onStatus = () => {}, feeAsset = null } = {}) {
    this.api = api;
    this.signer = signer;
    this.store = store;
    this.onStatus = onStatus;
    this.feeAsset = feeAsset;
    this.chain = api.genesisHash.toHex();
    this.address = signer.address;
    this.limits = limitsOf(api);
    this.revealing = null;
  }

  #sign() {
    return this.signer.signer ? this.address : this.signer;
  }

  #signOptions() {
    const options = this.signer.signer ? { signer: this.signer.signer } : {};
    // Fees in LBL (`LBL_ASSET_ID`) instead of LC, when asked.
    if (this.feeAsset !== null) options.assetId = this.feeAsset;
    return options;
  }

  /** Bonds `amount` of the stake asset (LBL). */
  bond(amount) { return this.#send(this.api.tx.labeling.bond(amount), 'bond'); }

  /** Starts unbonding `amount` (withdrawable after the unbonding period). */
  unbond(amount) { return this.#send(this.api.tx.labeling.unbond(amount), 'unbond'); }

  /** Withdraws what finished unbonding. */
  withdrawUnbonded() { return this.#send(this.api.tx.labeling.withdrawUnbonded(), 'withdrawUnbonded'); }

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
        if (event.section !== 'labeling' || event.method !== 'Judged') continue;
        if (event.data.annotator.toString() !== this.address) continue;
        out.push({
          block: n,
          task: event.data.task.toNumber(),
          item: event.data.item.toNumber(),
          verdict: event.data.verdict.toString(),
          score: event.data.score.toBigInt(),
          paid: event.data.paid.toBigInt(),
          slashed: event.data.slashed.toBigInt(),
        });
      }
    }
    return out;
  }

  #send(tx, what) {
    // One id per transaction, so that a client can follow each one (`onStatus`).
    const id = `annotator-${(nextSendId += 1)}`;
    return send(this.api, tx, this.#sign(), {
      signOptions: this.#signOptions(),
      onStatus: (status) => this.onStatus({ what, status, id }),
    });
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
    return this.#send(this.api.tx.labeling.requestSeats(task, count), 'requestSeats');
  }

  /**
   * Commits `label` for this annotator's seat on (`task`, `item`): draws a fresh salt, writes
   * label and salt to the store, then sends the commitment. The reveal is `revealDue`'s.
   */
  async commit(task, item, label) {
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
    await this.#send(this.api.tx.labeling.commit(task, item, commitment), 'commit');
    await this.store.update(recordKey(record), { status: 'committed' });
    return commitment;
  }

  /**
   * Reveals every stored commitment of this account whose item has opened reveals; marks those
   * whose round is over as `expired`. Returns the (task, item) pairs revealed. Safe to call on
   * every block: runs one at a time.
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
    if (records.length === 0) return [];
    const revealed = [];
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
      // salt.
      const check = await this.api.call.labelingApi.checkReveal(this.address, r.task, r.item, r.label, r.salt);
      if (check.isErr) {
        const error = check.asErr;
        const name = error.isModule ? this.api.registry.findMetaError(error.asModule).name : error.type;
        if (name !== 'NotRevealPhase') await this.store.update(r.key, { lastError: describeDispatchError(this.api, error) });
        continue;
      }
      try {
        await this.#send(this.api.tx.labeling.reveal(r.task, r.item, r.label, r.salt), 'reveal');
        await this.store.update(r.key, { status: 'revealed' });
        revealed.push({ task: r.task, item: r.item });
      } catch (e) {
        await this.store.update(r.key, { lastError: e.message });
      }
    }
    return revealed;
  }

  /** Reveals on its own from now on: checks at every new block. Returns a function that stops it. */
  async watch() {
    return this.api.rpc.chain.subscribeNewHeads(() => { this.revealDue().catch(() => {}); });
  }
}
