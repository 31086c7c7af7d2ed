// What an annotator and a vendor share: an account on a connected chain that signs and sends
// transactions (with a keyring pair or a browser extension's signer, fees in LC or LBL), reports
// each one's progress, and keeps its secrets in a store.

import { describeDispatchError, explainRefusal } from './errors.js';
import { limitsOf } from './bounds.js';

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

let nextTransactionId = 0;

export class ChainAccount {
  /**
   * @param {string} role  'annotator' or 'vendor' (names its transactions' ids)
   * @param {import('@polkadot/api').ApiPromise} api
   * @param {object} signer  a keyring pair, or { address, signer } from a browser extension
   * @param {import('./salts.js').SecretStore} store  where this account's secrets are kept
   * @param {{ onStatus?: Function, feeAsset?: number|null }} [options]  `onStatus` sees
   *   { what, status, id } for every transaction; `feeAsset: LBL_ASSET_ID` pays fees in LBL
   */
  constructor(role, api, signer, store, { onStatus = () => {}, feeAsset = null } = {}) {
    this.role = role;
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

  /** Signs and sends `tx` (see `send`), reporting its progress to `onStatus` as `what`. */
  submit(tx, what) {
    // One id per transaction, so that a client can follow each one.
    const id = `${this.role}-${(nextTransactionId += 1)}`;
    const signOptions = this.signer.signer ? { signer: this.signer.signer } : {};
    if (this.feeAsset !== null) signOptions.assetId = this.feeAsset;
    return send(this.api, tx, this.signer.signer ? this.address : this.signer, {
      signOptions,
      onStatus: (status) => this.onStatus({ what, status, id }),
    });
  }
}
