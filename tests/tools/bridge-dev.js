// The bridge on a developer's machine, against the dev chain of `scripts/dev.sh`
// (run through `scripts/bridge-dev.sh`):
//
//   up                          Ganache on $ETH_PORT (8545), a block every 2 s; mock USDC, wrapped
//                               LBL and the vault deployed; LabelChain configured through Alice's
//                               sudo key; three relayers (Bob, Charlie, Dave; threshold 2) started.
//                               Runs until Ctrl-C; the addresses go to $BRIDGE_DIR/deployment.json.
//   deposit <usdc> <account>    Deposits mock USDC from Ethereum account #1 (10,000 minted to it)
//                               to a LabelChain account (SS58).
//   release <nonce>             Collects the relayers' signatures of transfer out <nonce> from
//                               LabelChain and submits the vault's release (from account #2).
//
// Every Ethereum account is the well-known test mnemonic's: for development only.

import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { ethers } from 'ethers';
import { LABELCHAIN_RPC, LABELCHAIN_TYPES, startRelayer, submit } from '../e2e/lib/node.js';
import { compileContracts, revertName, startEthereum } from '../e2e/lib/ethereum.js';
import {
  USDC, configureLabelChain, deployBridge, outboundSignatures, vaultDeposit, vaultRelease,
} from '../e2e/lib/bridge.js';

const LC_URL = process.env.LABELCHAIN_WS || 'ws://127.0.0.1:9944';
const ETH_PORT = Number(process.env.ETH_PORT || 8545);
const DIR = process.env.BRIDGE_DIR || path.join(os.homedir(), '.cache', 'labelchain', 'bridge-dev');
const MNEMONIC = 'test test test test test test test test test test test junk';
const RELAYERS = ['//Bob', '//Charlie', '//Dave'];
const THRESHOLD = 2;
const deploymentFile = path.join(DIR, 'deployment.json');

const say = (msg) => console.log(`[bridge-dev] ${msg}`);

async function labelchain() {
  const api = await ApiPromise.create({
    provider: new WsProvider(LC_URL, 1000), throwOnConnect: true, noInitWarn: true,
    types: LABELCHAIN_TYPES, rpc: LABELCHAIN_RPC,
  });
  if (!api.tx.ethBridge) throw new Error(`${LC_URL} has no ethBridge pallet: is it a LabelChain node?`);
  return api;
}

function wallet(i, provider) {
  return ethers.HDNodeWallet.fromPhrase(MNEMONIC, undefined, `m/44'/60'/0'/0/${i}`).connect(provider);
}

function contracts(provider) {
  if (!fs.existsSync(deploymentFile)) throw new Error(`no ${deploymentFile}: run \`scripts/bridge-dev.sh up\` first`);
  const d = JSON.parse(fs.readFileSync(deploymentFile, 'utf8'));
  const compiled = compileContracts();
  const at = (name, address) => new ethers.Contract(address, compiled[name].abi, provider);
  return { d, usdc: at('MockUSDC', d.usdc), vault: at('LabelChainVault', d.vault) };
}

async function up() {
  await cryptoWaitReady();
  fs.mkdirSync(DIR, { recursive: true });
  const api = await labelchain();
  const eth = await startEthereum({ port: ETH_PORT, blockTime: 2 });
  say(`Ethereum (Ganache, chain id 31337) on ${eth.url}`);
  const [owner, user] = eth.wallets;
  const relayerEth = eth.wallets.slice(3, 6);
  const { usdc, wlbl, vault } = await deployBridge(compileContracts(), owner, relayerEth.map((w) => w.address), THRESHOLD);
  await (await usdc.mint(user.address, USDC(10_000))).wait();
  await (await usdc.connect(user).approve(await vault.getAddress(), USDC(10_000))).wait();
  const deployment = {
    ethereum: eth.url, labelchain: LC_URL, vault: await vault.getAddress(),
    usdc: await usdc.getAddress(), wlbl: await wlbl.getAddress(), depositor: user.address,
  };
  fs.writeFileSync(deploymentFile, `${JSON.stringify(deployment, null, 2)}\n`);
  say(`vault ${deployment.vault}, mock USDC ${deployment.usdc}, wrapped LBL ${deployment.wlbl}`);

  const keyring = new Keyring({ type: 'sr25519' });
  const alice = keyring.addFromUri('//Alice');
  const inBlock = (tx) => submit(api, tx, alice, { until: 'inBlock' });
  await configureLabelChain(api, { sudo: (call) => inBlock(api.tx.sudo.sudo(call)) }, {
    chainId: 31337, vault, usdc, wlbl, relayers: RELAYERS.map((u) => keyring.addFromUri(u).address), threshold: THRESHOLD,
  });
  say('LabelChain configured: vault, relayers Bob, Charlie, Dave (threshold 2), wrapped USDC = asset 10, LBL = asset 1');

  const relayers = RELAYERS.map((suri, i) => {
    const keyFile = path.join(DIR, `relayer-${i}.key`);
    fs.writeFileSync(keyFile, relayerEth[i].privateKey, { mode: 0o600 });
    const state = path.join(DIR, `relayer-${i}.json`);
    fs.rmSync(state, { force: true }); // a new Ethereum chain: start from its first block
    const logFile = path.join(DIR, `relayer-${i}.log`);
    return startRelayer(['--labelchain', LC_URL, '--ethereum', eth.wsUrl, '--vault', deployment.vault,
      '--suri', suri, '--eth-key-file', keyFile, '--confirmations', '2', '--state', state], logFile);
  });
  say(`relayers started; their logs: ${DIR}/relayer-{0,1,2}.log`);
  say('try: scripts/bridge-dev.sh deposit 100 5HGjWAeFDfFCWPsjFQdVV2Msvz2XtMktvgocEZcCj68kUMaw  (to Eve)');
  say('Ctrl-C stops Ethereum and the relayers.');
  let lines = RELAYERS.map(() => 0);
  const tail = setInterval(() => {
    relayers.forEach((r, i) => {
      const all = r.log().split('\n').filter(Boolean);
      for (const l of all.slice(lines[i])) console.log(`${RELAYERS[i].slice(2).padEnd(7)} ${l}`);
      lines[i] = all.length;
    });
  }, 1000);
  const stop = async () => {
    clearInterval(tail);
    await Promise.all(relayers.map((r) => r.stop()));
    await eth.stop();
    await api.disconnect();
    process.exit(0);
  };
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function deposit(amount, account) {
  if (!amount || !account) throw new Error('usage: deposit <usdc> <labelchain account>');
  const provider = new ethers.JsonRpcProvider(`http://127.0.0.1:${ETH_PORT}`, 31337, { staticNetwork: true });
  const { usdc, vault } = contracts(provider);
  const nonce = await vaultDeposit(vault, wallet(1, provider), await usdc.getAddress(), USDC(amount), account);
  say(`deposit #${nonce}: ${amount} USDC to ${account}; the relayers attest it after 2 confirmations`);
  provider.destroy();
}

async function release(nonceArg) {
  if (nonceArg === undefined) throw new Error('usage: release <nonce>');
  const nonce = BigInt(nonceArg);
  const provider = new ethers.JsonRpcProvider(`http://127.0.0.1:${ETH_PORT}`, 31337, { staticNetwork: true });
  const { vault } = contracts(provider);
  const api = await labelchain();
  const message = await api.query.ethBridge.outboundQueue(nonce);
  if (message.isNone) throw new Error(`no transfer out #${nonce} queued on LabelChain (unknown, or released already)`);
  const m = message.unwrap();
  if (m.vault.address.toHex() !== (await vault.getAddress()).toLowerCase()) {
    throw new Error(`transfer out #${nonce} is payable by vault ${m.vault.address.toHex()} only`);
  }
  if (await vault.released(nonce)) throw new Error(`transfer out #${nonce} was already released on Ethereum`);
  const threshold = (await api.query.ethBridge.threshold()).toNumber();
  const signatures = await outboundSignatures(api, nonce);
  if (signatures.length < threshold) {
    throw new Error(`transfer out #${nonce} has ${signatures.length} of ${threshold} signatures: the relayers sign it once it is finalized`);
  }
  const receipt = await vaultRelease(vault, wallet(2, provider), {
    nonce, token: m.token.toHex(), recipient: m.recipient.toHex(), amount: m.amount.toBigInt(),
    decimals: m.decimals.toNumber(),
  }, signatures.slice(0, threshold)).catch((e) => {
    // Name the vault's custom error (RateLimited, AboveMaxRelease, Paused, …) rather than raw data.
    const name = revertName(vault, e);
    const hint = name === 'RateLimited' ? ': the token released its limit this hour; try again in the next hour' : '';
    throw new Error(`the vault refused transfer out #${nonce}: ${name ?? e.shortMessage ?? e.message}${hint}`);
  });
  say(`transfer out #${nonce}: ${m.amount.toBigInt()} of ${m.token.toHex()} released to ${m.recipient.toHex()} (tx ${receipt.hash})`);
  await api.disconnect();
  provider.destroy();
}

const [command, ...args] = process.argv.slice(2);
const commands = { up, deposit, release };
if (!commands[command]) {
  console.error('usage: bridge-dev.js up | deposit <usdc> <labelchain account> | release <nonce>');
  process.exit(2);
}
commands[command](...args).catch((e) => {
  console.error(`[bridge-dev] ${e.message}`);
  process.exit(1);
});
