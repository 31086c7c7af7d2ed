// LabelChain's web app: connects to a node, picks an account (the polkadot.js browser extension
// when present, a development account or a mnemonic for local use), and shows the annotator's or
// the vendor's page. Everything runs in the browser; the only server is the node.
//
// URL parameters: `rpc` (the node's WebSocket address, default ws://127.0.0.1:9944), `account`
// (a development URI like //Bob, or `extension`), `tab` (annotate | vendor).

import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady, mnemonicValidate } from '@polkadot/util-crypto';
import { SecretStore, WebStorageBackend, connect } from '@labelchain/sdk';
import { Activity, fill, h, short } from './ui.js';
import { AnnotatorPage } from './annotate.js';
import { VendorPage } from './vendor-page.js';

const params = new URLSearchParams(location.search);
const rpc = params.get('rpc') || localStorage.getItem('labelchain-rpc') || 'ws://127.0.0.1:9944';
const DEV = ['//Alice', '//Bob', '//Charlie', '//Dave', '//Eve', '//Ferdie'];

const activity = new Activity(document.getElementById('activity'));
const page = document.getElementById('page');
const store = new SecretStore(new WebStorageBackend(localStorage));
let api;
let account;
let current = null;
let tab = params.get('tab') || 'annotate';

/** Accounts the polkadot.js extension (or a compatible one) offers, with its signer. */
async function extensionAccounts() {
  if (!window.injectedWeb3 || Object.keys(window.injectedWeb3).length === 0) return [];
  const { web3Enable, web3Accounts, web3FromAddress } = await import('@polkadot/extension-dapp');
  await web3Enable('LabelChain');
  const accounts = await web3Accounts();
  return Promise.all(accounts.map(async (a) => ({
    address: a.address, name: a.meta.name || short(a.address), signer: (await web3FromAddress(a.address)).signer,
  })));
}

function devAccount(uri) {
  const pair = new Keyring({ type: 'sr25519', ss58Format: api.registry.chainSS58 ?? 42 }).addFromUri(uri);
  pair.name = uri;
  return pair;
}

async function chooseAccount(choice) {
  if (choice === 'extension') {
    const found = await extensionAccounts();
    if (!found.length) throw new Error('no browser extension account: install the polkadot.js extension, or use a development account');
    account = found[0];
  } else if (choice.startsWith('//')) {
    account = devAccount(choice);
  } else if (mnemonicValidate(choice.trim())) {
    account = devAccount(choice.trim());
    account.name = short(account.address);
  } else {
    throw new Error('not a development account (//Alice …) or a valid 12/24-word mnemonic');
  }
  renderWho();
  await show(tab);
}

function renderWho() {
  const select = h('select', { id: 'account', onchange: (e) => attempt(e.target.value) },
    [...DEV, 'extension'].map((d) => h('option', { value: d, selected: account && (account.name === d) }, d === 'extension' ? 'browser extension' : d)));
  const mnemonic = h('input', { id: 'mnemonic', placeholder: 'or a mnemonic (local use only)', size: 28 });
  fill(document.getElementById('who'),
    account ? h('span', { id: 'address', title: account.address }, `${account.name} ${short(account.address)}`) : 'no account',
    select, mnemonic, h('button', { onclick: () => attempt(mnemonic.value) }, 'Use'));
}

function attempt(choice) {
  chooseAccount(choice).catch((e) => activity.error('account', e));
}

async function show(name) {
  tab = name;
  for (const b of document.querySelectorAll('nav button')) b.classList.toggle('active', b.dataset.tab === name);
  if (current) current.stop();
  const blockMs = Number(api.consts.aura?.slotDuration ?? 3000) || 3000;
  const Page = name === 'vendor' ? VendorPage : AnnotatorPage;
  current = new Page({ api, account, store, activity, root: page, blockMs });
  await current.start();
}

async function main() {
  await cryptoWaitReady();
  const status = document.getElementById('connection');
  try {
    api = await connect(rpc);
  } catch (e) {
    status.textContent = `cannot connect to ${rpc}: ${e.message}`;
    return;
  }
  localStorage.setItem('labelchain-rpc', rpc);
  const chain = await api.rpc.system.chain();
  api.rpc.chain.subscribeNewHeads((head) => {
    fill(status, h('span', { id: 'chain' }, `${chain}`), ` · block #${head.number.toNumber()} · ${rpc}`);
  });
  for (const b of document.querySelectorAll('nav button')) b.addEventListener('click', () => show(b.dataset.tab).catch((e) => activity.error('page', e)));
  const wanted = params.get('account') || localStorage.getItem('labelchain-account') || '//Alice';
  try {
    await chooseAccount(wanted);
  } catch (e) {
    activity.error('account', e);
    await chooseAccount('//Alice');
  }
}

main().catch((e) => activity.error('app', e));
