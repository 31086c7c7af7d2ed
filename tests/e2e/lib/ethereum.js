// A real local Ethereum node (Ganache, from npm) and the bridge's contracts compiled with the
// `solc` npm package, for the bridge's end-to-end tests.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import solc from 'solc';
import ganache from 'ganache';
import { ethers } from 'ethers';
import { freePort, repoRoot } from './node.js';

const contractsDir = path.join(repoRoot, 'ethereum', 'contracts');
// Wherever npm put the package (the workspace hoists it to the repository's node_modules).
const openZeppelin = path.dirname(createRequire(import.meta.url).resolve('@openzeppelin/contracts/package.json'));

/** Resolves `import "@openzeppelin/contracts/…"` from the npm package, pinned in package.json. */
function findImport(importPath) {
  const file = path.join(openZeppelin, importPath.slice('@openzeppelin/contracts/'.length));
  if (!importPath.startsWith('@openzeppelin/contracts/') || !fs.existsSync(file)) {
    return { error: `import not found: ${importPath}` };
  }
  return { contents: fs.readFileSync(file, 'utf8') };
}

/**
 * Compiles every contract of ethereum/contracts (OpenZeppelin's imports from npm, with the same
 * solc); returns { Name: { abi, bytecode } }.
 */
export function compileContracts() {
  const sources = {};
  for (const file of fs.readdirSync(contractsDir).filter((f) => f.endsWith('.sol'))) {
    sources[file] = { content: fs.readFileSync(path.join(contractsDir, file), 'utf8') };
  }
  const input = {
    language: 'Solidity',
    sources,
    settings: {
      // Ganache 7 implements the EVM up to Shanghai's predecessor: no PUSH0 or MCOPY.
      evmVersion: 'paris',
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport }));
  const errors = (output.errors || []).filter((e) => e.severity === 'error');
  if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
  const contracts = {};
  for (const file of Object.keys(output.contracts).filter((f) => !f.startsWith('@openzeppelin/'))) {
    for (const [name, c] of Object.entries(output.contracts[file])) {
      contracts[name] = { abi: c.abi, bytecode: `0x${c.evm.bytecode.object}` };
    }
  }
  return contracts;
}

/**
 * Starts a Ganache node on loopback (`port`, or a free one) with chain id 31337 and ten funded
 * accounts of the well-known test mnemonic; blocks are mined on each transaction, or every
 * `blockTime` seconds. Returns { url, wsUrl, provider, wallets, stop }.
 */
export async function startEthereum({ port, blockTime = 0 } = {}) {
  port ??= await freePort();
  const mnemonic = 'test test test test test test test test test test test junk';
  const server = ganache.server({
    chain: { chainId: 31337, hardfork: 'merge' },
    wallet: { mnemonic, totalAccounts: 10, defaultBalance: 1000 },
    miner: { blockTime },
    logging: { quiet: true },
  });
  await server.listen(port, '127.0.0.1');
  const url = `http://127.0.0.1:${port}`;
  const provider = new ethers.JsonRpcProvider(url, 31337, { staticNetwork: true, polling: true, pollingInterval: 200, cacheTimeout: -1 });
  const wallets = [];
  for (let i = 0; i < 10; i++) {
    wallets.push(ethers.HDNodeWallet.fromPhrase(mnemonic, undefined, `m/44'/60'/0'/0/${i}`).connect(provider));
  }
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    provider,
    wallets,
    async stop() {
      provider.destroy();
      await server.close();
    },
  };
}

/** Deploys `contract` ({ abi, bytecode }) from `wallet` with `args`. */
export async function deploy(contract, wallet, ...args) {
  const factory = new ethers.ContractFactory(contract.abi, contract.bytecode, wallet);
  const c = await factory.deploy(...args);
  await c.waitForDeployment();
  return c;
}

/** The name of `contract`'s custom error that `error` (a failed call or transaction) reverted with, if any. */
export function revertName(contract, error) {
  // ethers puts the revert data in `data`; Ganache's error object in `info.error.data`.
  const raw = [error.data, error.info?.error?.data, error.info?.error?.data?.result]
    .find((d) => typeof d === 'string' && d.startsWith('0x'));
  return raw ? contract.interface.parseError(raw)?.name : undefined;
}
