// The bridge's set-up and its two user actions on Ethereum (a deposit, a release), shared by the
// bridge's end-to-end tests and `scripts/bridge-dev.sh`.

import { u8aToHex } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';
import { deploy } from './ethereum.js';

export const UNIT = 10n ** 12n; // LBL has 12 decimals, on both sides
export const LBL = 1;
// The asset id of wrapped USDC on LabelChain: in the range only governance and the bridge can
// create (from 1 000 000), so nobody can squat it; the bridge creates it at `registerToken`.
export const WUSDC = 1_000_010;
export const USDC = (n) => BigInt(n) * 1_000_000n; // 6 decimals on both sides
/** Each token's decimals, registered on LabelChain and checked by the vault against the token. */
export const DECIMALS = { usdc: 6, wlbl: 12 };
/** Each token's [maximum single transfer, limit per hour], alike on LabelChain and in the vault. */
export const LIMITS = { usdc: [USDC(1_000), USDC(2_000)], wlbl: [100n * UNIT, 1_000n * UNIT] };

/**
 * Deploys mock USDC, wrapped LBL and the vault (the relayers' signing addresses, `threshold`)
 * from `owner`, hands wrapped LBL's minting to the vault and sets both tokens' release limits;
 * returns the three contracts.
 */
export async function deployBridge(contracts, owner, relayerAddresses, threshold) {
  const usdc = await deploy(contracts.MockUSDC, owner);
  const wlbl = await deploy(contracts.WrappedLBL, owner);
  const vault = await deploy(contracts.LabelChainVault, owner, await wlbl.getAddress(),
    relayerAddresses, threshold);
  await (await wlbl.setVault(await vault.getAddress())).wait();
  await (await vault.setReleaseLimit(await usdc.getAddress(), ...LIMITS.usdc)).wait();
  await (await vault.setReleaseLimit(await wlbl.getAddress(), ...LIMITS.wlbl)).wait();
  return { usdc, wlbl, vault };
}

/**
 * Configures LabelChain's side through `sudo(call)` (root: the dev chain's sudo key, or a
 * council motion): the vault, the relayers and threshold, and the two tokens with their limits
 * (registering wrapped USDC makes the bridge create asset `WUSDC`, every role of it the
 * bridge's).
 */
export async function configureLabelChain(api, { sudo }, { chainId, vault, usdc, wlbl, relayers, threshold }) {
  await sudo(api.tx.ethBridge.setVault({ chainId, address: await vault.getAddress() }));
  await sudo(api.tx.ethBridge.setRelayers(relayers, threshold));
  await sudo(api.tx.ethBridge.registerToken(await usdc.getAddress(), WUSDC, 'Wrapped', ...LIMITS.usdc, DECIMALS.usdc));
  await sudo(api.tx.ethBridge.registerToken(await wlbl.getAddress(), LBL, 'Native', ...LIMITS.wlbl, DECIMALS.wlbl));
}

/** Deposits `amount` of `token` from the wallet `from` to LabelChain account `lcAddress`; returns the deposit nonce. */
export async function vaultDeposit(vault, from, token, amount, lcAddress) {
  const receipt = await (await vault.connect(from).deposit(token, amount, u8aToHex(decodeAddress(lcAddress)))).wait();
  const log = receipt.logs.map((l) => vault.interface.parseLog(l)).find((l) => l?.name === 'Deposit');
  return log.args.nonce;
}

/** The relayers' signatures of transfer out `nonce` held on LabelChain, ordered by signing address as the vault wants them. */
export async function outboundSignatures(api, nonce) {
  const entries = await api.query.ethBridge.outboundSignatures.entries(nonce);
  const signed = await Promise.all(entries.map(async ([key, sig]) => {
    const signer = (await api.query.ethBridge.signers(key.args[1])).unwrap().toHex();
    return { signer: BigInt(signer), sig: sig.unwrap().toHex() };
  }));
  signed.sort((a, b) => (a.signer < b.signer ? -1 : 1));
  return signed.map((s) => s.sig);
}

/** Submits the vault's release of transfer out `nonce` from `sender` with `signatures`; returns the receipt. */
export async function vaultRelease(vault, sender, { nonce, token, recipient, amount, decimals }, signatures) {
  return (await vault.connect(sender).release(nonce, token, recipient, amount, decimals, signatures)).wait();
}

/** The deposit key (vault generation, nonce) LabelChain keeps deposit `nonce` of its current vault under. */
export async function depositKey(api, nonce) {
  return [(await api.query.ethBridge.currentGeneration()).toNumber(), nonce];
}
