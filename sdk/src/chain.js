// Connecting to LabelChain with polkadot.js, set up as the chain needs.

import { ApiPromise, WsProvider } from '@polkadot/api';

/**
 * The type override LabelChain clients need to pay fees in LBL: polkadot.js encodes the
 * `ChargeAssetTxPayment` extension's asset as `TAssetConversion`, by default an XCM location
 * (Asset Hub's); ours is a `u32` asset id.
 */
export const LABELCHAIN_TYPES = { TAssetConversion: 'Option<AssetId>' };

/**
 * LabelChain's own transaction extensions, for polkadot.js' `signedExtensions` option:
 * `CheckReveal` (the pool refuses a reveal that would fail, so its salt is never published)
 * carries no data in the transaction or in what is signed.
 */
export const LABELCHAIN_SIGNED_EXTENSIONS = { CheckReveal: { extrinsic: {}, payload: {} } };

/** The node's `erc20_*` RPC methods, for `api.rpc.erc20.*`. */
const erc20Method = (description, params, type) => ({
  description,
  params: [{ name: 'asset', type: 'u32' }, ...params, { name: 'at', type: 'Hash', isOptional: true }],
  type,
});

/** The node's own RPC methods, as polkadot.js' `rpc` option takes them. */
export const LABELCHAIN_RPC = {
  erc20: {
    name: erc20Method('ERC-20 name()', [], 'Option<Text>'),
    symbol: erc20Method('ERC-20 symbol()', [], 'Option<Text>'),
    decimals: erc20Method('ERC-20 decimals()', [], 'Option<u8>'),
    totalSupply: erc20Method('ERC-20 totalSupply(), decimal string', [], 'Option<Text>'),
    balanceOf: erc20Method('ERC-20 balanceOf(owner), decimal string',
      [{ name: 'owner', type: 'AccountId' }], 'Option<Text>'),
    allowance: erc20Method('ERC-20 allowance(owner, spender), decimal string',
      [{ name: 'owner', type: 'AccountId' }, { name: 'spender', type: 'AccountId' }], 'Option<Text>'),
  },
};

/**
 * A polkadot.js API connected to the node at `url` (a `ws://` or `wss://` address), with
 * LabelChain's types and RPC methods.
 *
 * @param {string} url
 * @param {{ retryMs?: number, throwOnConnect?: boolean }} [options]
 * @returns {Promise<ApiPromise>}
 */
export async function connect(url, { retryMs = 1000, throwOnConnect = true } = {}) {
  const provider = new WsProvider(url, retryMs);
  return ApiPromise.create({
    provider,
    throwOnConnect,
    noInitWarn: true,
    types: LABELCHAIN_TYPES,
    rpc: LABELCHAIN_RPC,
    signedExtensions: LABELCHAIN_SIGNED_EXTENSIONS,
  });
}
