// Errors in words: a failed call's pallet error, and a transaction the pool refused before it
// reached a block, both named with the pallet's own documentation from the chain's metadata.

/** `pallet.Error: docs` for a dispatch error (polkadot.js `DispatchError`). */
export function describeDispatchError(api, dispatchError) {
  if (dispatchError.isModule) {
    const meta = api.registry.findMetaError(dispatchError.asModule);
    return `${meta.section}.${meta.name}: ${meta.docs.join(' ')}`.trim();
  }
  return dispatchError.toString();
}

/**
 * The error a transaction pool refusal stands for. A pallet that refuses a call at validation
 * (LabelChain's `CheckReveal` does, for a `reveal`/`revealGold` that would fail) reports
 * `Custom(i)`, `i` the index of its error variant: this names it as `pallet.Error: docs`,
 * keeping the node's words after it. Other errors come back unchanged.
 */
export function explainRefusal(api, tx, error) {
  const text = String(error?.message ?? error);
  const custom = /Custom error: (\d+)/.exec(text);
  if (!custom || !tx?.method) return error instanceof Error ? error : new Error(text);
  const pallet = tx.method.callIndex[0];
  try {
    const meta = api.registry.findMetaError(new Uint8Array([pallet, Number(custom[1])]));
    const err = new Error(`${meta.section}.${meta.name}: ${meta.docs.join(' ')} (refused by the transaction pool: ${text})`);
    err.refused = { section: meta.section, name: meta.name };
    return err;
  } catch {
    return error instanceof Error ? error : new Error(text);
  }
}
