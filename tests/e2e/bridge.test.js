// The bridge end to end: a dev LabelChain node, a real local Ethereum node (Ganache from npm)
// with the vault compiled by `solc`, and three `labelchain-relayer` processes (Bob, Charlie,
// Dave; threshold two). Mock USDC deposited on Ethereum arrives as wrapped USDC, funds a
// labeling task, and an annotator withdraws the wrapped USDC they earned back to Ethereum; LBL
// goes to Ethereum as wrapped LBL and comes back. A forged relayer, a repeated deposit, a
// mismatched attestation, other decimals, a transfer above the rate limit and a paused bridge
// are refused, and nothing is minted for them. Released transfers leave LabelChain's queue once
// the relayers confirm them; a migration to a new vault delivers its deposits from #0 and pays
// each transfer out at its own vault only.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress } from '@polkadot/util-crypto';
import { connect, eventsOf, freePort, sleep, startNode, startRelayer, submit } from './lib/node.js';
import { compileContracts, deploy, startEthereum } from './lib/ethereum.js';
import { commitmentOf, requestSeats, taskSpec } from './lib/labeling.js';
import { payFor, scoreOf } from './lib/pay.js';
import {
  LBL, LIMITS, UNIT, USDC, WUSDC, configureLabelChain, depositKey, deployBridge, outboundSignatures, vaultDeposit,
  vaultRelease,
} from './lib/bridge.js';

const REWARD = USDC(10);

describe('the Ethereum bridge', () => {
  let node;
  let api;
  let eth;
  let dir;
  let alice;
  let vendor;
  let relayerKeys; // LabelChain accounts of the relayers
  let annotators;
  let ferdie;
  let ethUser;
  let ferdieEth;
  let aliceEth;
  let usdc;
  let wlbl;
  let vault;
  let relayers = [];
  // The first relayer's Prometheus port.
  let metricsPort;

  const inBlock = (tx, who) => submit(api, tx, who, { until: 'inBlock' });
  const sudo = (call) => inBlock(api.tx.sudo.sudo(call), alice);
  const asset = async (id, who) => {
    const acc = await api.query.assets.account(id, who.address ?? who);
    return acc.isSome ? acc.unwrap().balance.toBigInt() : 0n;
  };
  const supply = async (id) => (await api.query.assets.asset(id)).unwrap().supply.toBigInt();
  const mine = async (n) => { for (let i = 0; i < n; i++) await eth.provider.send('evm_mine', []); };
  const waitFor = async (what, check, timeoutMs = 120_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value) return value;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}\n${relayers.map((r) => r.log()).join('\n')}`);
      }
      // Ganache mines only on demand: keep blocks coming so that deposits get confirmations.
      await mine(1);
      await sleep(1000);
    }
  };
  const deposit = async (from, token, amount, lcAccount) => {
    const nonce = await vaultDeposit(vault, from, token, amount, lcAccount);
    await mine(3);
    return nonce;
  };
  // Collects two relayer signatures of transfer out `nonce` from LabelChain, ordered by signer,
  // and submits the release to `payer` (the vault the transfer was queued for) from an account
  // that is nobody in particular; returns the signatures.
  const release = async (nonce, token, recipient, amount, payer = vault) => {
    const sigs = await waitFor(`two signatures of transfer out #${nonce}`, async () => {
      const signed = await outboundSignatures(api, nonce);
      return signed.length >= 2 ? signed : null;
    });
    const decimals = (await api.query.ethBridge.outboundQueue(nonce)).unwrap().decimals.toNumber();
    await vaultRelease(payer, eth.wallets[2], { nonce, token, recipient, amount, decimals }, sigs.slice(0, 2));
    return sigs.slice(0, 2);
  };
  const inbound = async (nonce) => (await api.query.ethBridge.inbound(await depositKey(api, nonce))).unwrap();
  const transferOutNonce = (events) =>
    eventsOf(events, 'ethBridge', 'TransferQueued')[0].data.nonce.toBigInt();

  before(async () => {
    await cryptoWaitReady();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labelchain-bridge-'));
    node = await startNode(['--dev'], { name: 'bridge' });
    api = await connect(node);
    eth = await startEthereum();
    const keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    vendor = keyring.addFromUri('//Eve');
    ferdie = keyring.addFromUri('//Ferdie');
    relayerKeys = ['//Bob', '//Charlie', '//Dave'].map((u) => keyring.addFromUri(u));
    annotators = [ferdie, ...['//Alice//stash', '//Bob//stash'].map((u) => keyring.addFromUri(u))];
    const [owner, user] = eth.wallets;
    ethUser = user;
    ferdieEth = eth.wallets[6];
    aliceEth = eth.wallets[7];
    const relayerEth = eth.wallets.slice(3, 6);

    // Ethereum: the tokens and the vault, with the relayers' signing keys.
    const contracts = compileContracts();
    ({ usdc, wlbl, vault } = await deployBridge(contracts, owner, relayerEth.map((w) => w.address), 2));
    await (await usdc.mint(ethUser.address, USDC(10_000))).wait();
    await (await usdc.connect(ethUser).approve(await vault.getAddress(), USDC(10_000))).wait();

    // LabelChain: wrapped USDC, and the bridge configured by governance (sudo on a dev chain).
    await configureLabelChain(api, { sudo }, {
      chainId: 31337, vault, usdc, wlbl, relayers: relayerKeys.map((k) => k.address), threshold: 2,
    });

    // The relayers, each with its own LabelChain account, Ethereum key and state file.
    relayerEth.forEach((w, i) =>
      fs.writeFileSync(path.join(dir, `relayer-${i}.key`), w.privateKey, { mode: 0o600 }));
    metricsPort = await freePort();
    relayers = relayerKeys.map((_, i) => runRelayer(i, 'first'));
  });

  // Starts relayer `i` on its key and state file; `run` names the log of this run.
  const runRelayer = (i, run) => startRelayer([
    '--labelchain', node.wsUrl, '--ethereum', eth.wsUrl, '--vault', vault.target,
    '--suri', ['//Bob', '//Charlie', '//Dave'][i], '--eth-key-file', path.join(dir, `relayer-${i}.key`),
    '--confirmations', '2', '--poll-ms', '500', '--state', path.join(dir, `relayer-${i}.json`),
    ...(i === 0 && run === 'first' ? ['--prometheus-port', String(metricsPort)] : []),
  ], path.join(dir, `relayer-${i}-${run}.log`));

  after(async () => {
    await Promise.all(relayers.map((r) => r.stop()));
    if (api) await api.disconnect();
    if (node) {
      await node.stop();
      node.cleanup();
    }
    if (eth) await eth.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('each relayer registers its Ethereum signing address on LabelChain', async () => {
    await waitFor('three signing addresses', async () => {
      const signers = await Promise.all(relayerKeys.map((k) => api.query.ethBridge.signers(k.address)));
      return signers.every((s) => s.isSome);
    });
    const signers = await Promise.all(relayerKeys.map(async (k) => (await api.query.ethBridge.signers(k.address)).unwrap().toHex()));
    assert.deepEqual(signers, eth.wallets.slice(3, 6).map((w) => w.address.toLowerCase()));
  });

  test('wrapped USDC is the bridge\'s alone: nobody else can mint it', async () => {
    // The bridge's pallet account (`PalletId(*b"lc/ethbr")`) holds every role.
    const bridge = encodeAddress(u8aConcat(stringToU8a('modl'), stringToU8a('lc/ethbr'), new Uint8Array(20)));
    const details = (await api.query.assets.asset(WUSDC)).unwrap();
    for (const role of ['owner', 'issuer', 'admin', 'freezer']) {
      assert.equal(encodeAddress(details[role]), bridge, role);
    }
    // Attack: Alice (the sudo key) minting unbacked wrapped USDC to withdraw real USDC.
    await assert.rejects(
      submit(api, api.tx.assets.mint(WUSDC, alice.address, USDC(1_000)), alice),
      /assets\.NoPermission/,
    );
  });

  test('mock USDC deposited on Ethereum arrives as wrapped USDC', async () => {
    const nonce = await deposit(ethUser, await usdc.getAddress(), USDC(500), vendor.address);
    assert.equal(await usdc.balanceOf(await vault.getAddress()), USDC(500));
    await waitFor('the deposit to execute', async () => (await asset(WUSDC, vendor)) === USDC(500));
    const state = await inbound(nonce);
    assert.ok(state.isExecuted);
    assert.equal(await supply(WUSDC), USDC(500));
  });

  test('a relayer checks the runtime\'s metadata at start and serves Prometheus metrics', async () => {
    // Each started only after finding every index and extension it encodes in the metadata.
    for (const r of relayers) assert.doesNotMatch(r.log(), /upgrade the relayer/);
    assert.match(relayers[0].log(), new RegExp(`Prometheus metrics on http://127.0.0.1:${metricsPort}/metrics`));
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const value = (name) => Number(text.match(new RegExp(`^labelchain_relayer_${name} (\\d+)`, 'm'))?.[1]);
    assert.ok(value('eth_next_block') > 0, text);
    for (const name of ['deposits_attested_total', 'attestations_failed_total', 'transfers_signed_total', 'releases_confirmed_total', 'errors_total']) {
      assert.ok(Number.isInteger(value(name)), `${name} in\n${text}`);
    }
  });

  test('wrapped USDC funds a labeling task; an annotator withdraws what they earned to Ethereum', async () => {
    const spec = taskSpec({ schema: { Categorical: { classes: 2 } }, rewardAsset: WUSDC, rewardPerLabel: REWARD });
    const items = [{ content: { uri: 'ipfs://bridge/0', digest: u8aToHex(new Uint8Array(32).fill(0x60)) }, answerCommitment: null }];
    const { events } = await submit(api, api.tx.labeling.createTask(spec, items), vendor);
    const task = eventsOf(events, 'labeling', 'TaskCreated')[0].data.task.toNumber();
    const label = { Class: 1 };
    const salt = (i) => new Uint8Array(32).fill(i + 1);
    await Promise.all(annotators.map((a) => inBlock(api.tx.labeling.bond(100n * UNIT), a)));
    await requestSeats(api, task, annotators, 1);
    await Promise.all(annotators.map((a, i) =>
      inBlock(api.tx.labeling.commit(task, 0, commitmentOf(api, task, 0, 0, a, label, salt(i))), a)));
    await Promise.all(annotators.map((a, i) => inBlock(api.tx.labeling.reveal(task, 0, label, salt(i)), a)));
    // The task's first item, two classes, all three agree: (1 − 0.6) / 0.3 of the reward
    // (the pay rule of pallets/labeling/src/payout.rs).
    const earned = payFor(scoreOf(2, [1, 1, 1], 0, 0, []), REWARD);
    assert.equal(await asset(WUSDC, ferdie), earned, 'Ferdie earned his pay in wrapped USDC');

    const supplyBefore = await supply(WUSDC);
    const out = await submit(api, api.tx.ethBridge.transferOut(await usdc.getAddress(), ferdieEth.address, earned), ferdie);
    const nonce = transferOutNonce(out.events);
    assert.equal(await asset(WUSDC, ferdie), 0n, 'burned on LabelChain');
    assert.equal(supplyBefore - (await supply(WUSDC)), earned);
    await release(nonce, await usdc.getAddress(), ferdieEth.address, earned);
    assert.equal(await usdc.balanceOf(ferdieEth.address), earned, 'paid out on Ethereum');
  });

  test('LBL goes to Ethereum as wrapped LBL and comes back', async () => {
    const account = (await api.query.ethBridge.locked(LBL)).toBigInt();
    assert.equal(account, 0n);
    const before = await asset(LBL, alice);
    const out = await submit(api, api.tx.ethBridge.transferOut(await wlbl.getAddress(), aliceEth.address, 5n * UNIT), alice);
    const nonce = transferOutNonce(out.events);
    assert.equal((await api.query.ethBridge.locked(LBL)).toBigInt(), 5n * UNIT);
    await release(nonce, await wlbl.getAddress(), aliceEth.address, 5n * UNIT);
    assert.equal(await wlbl.balanceOf(aliceEth.address), 5n * UNIT);

    await (await wlbl.connect(aliceEth).approve(await vault.getAddress(), 5n * UNIT)).wait();
    await deposit(aliceEth, await wlbl.getAddress(), 5n * UNIT, alice.address);
    assert.equal(await wlbl.totalSupply(), 0n, 'burned on Ethereum');
    await waitFor('LBL released on LabelChain', async () => (await api.query.ethBridge.locked(LBL)).toBigInt() === 0n);
    // Fees were paid in LC; the LBL balance is back where it was.
    assert.equal(await asset(LBL, alice), before);
  });

  test('a forged relayer, a repeated deposit and a mismatched attestation mint nothing', async () => {
    const token = await usdc.getAddress();
    const supplyBefore = await supply(WUSDC);
    const forged = { nonce: 700, token, sender: ethUser.address, recipient: ferdie.address, amount: USDC(100), decimals: 6 };
    await assert.rejects(submit(api, api.tx.ethBridge.attest(forged), ferdie), /ethBridge\.NotRelayer/);
    // The first deposit (nonce 0) again: a replay.
    const replay = { nonce: 0, token, sender: ethUser.address, recipient: vendor.address, amount: USDC(500), decimals: 6 };
    await assert.rejects(submit(api, api.tx.ethBridge.attest(replay), relayerKeys[0]), /ethBridge\.AlreadyExecuted/);
    // Two relayers attest different contents for one nonce: frozen, never executed.
    const a = { nonce: 900, token, sender: ethUser.address, recipient: vendor.address, amount: USDC(1), decimals: 6 };
    await submit(api, api.tx.ethBridge.attest(a), relayerKeys[0]);
    const { events } = await submit(api, api.tx.ethBridge.attest({ ...a, recipient: ferdie.address }), relayerKeys[1]);
    assert.equal(eventsOf(events, 'ethBridge', 'DepositConflicted').length, 1);
    assert.ok((await inbound(900)).isConflicted);
    // A deposit read with other decimals than the token's (USDC: 6) is refused outright.
    await assert.rejects(submit(api, api.tx.ethBridge.attest({ ...a, nonce: 901, decimals: 18 }), relayerKeys[0]),
      /ethBridge\.DecimalsMismatch/);
    await assert.rejects(submit(api, api.tx.ethBridge.attest(a), relayerKeys[2]), /ethBridge\.DepositConflicted/);
    assert.equal(await supply(WUSDC), supplyBefore);
  });

  test('governance replaces a relayer that lied about a deposit and resets it; the honest relayers deliver it', async () => {
    const token = await usdc.getAddress();
    const ferdieBefore = await asset(WUSDC, ferdie);
    const eveBefore = await asset(WUSDC, vendor);
    // A real deposit to Ferdie; before it is confirmed, Bob attests that it pays Eve.
    const nonce = await vaultDeposit(vault, ethUser, token, USDC(4), ferdie.address);
    const lie = { nonce, token, sender: ethUser.address, recipient: vendor.address, amount: USDC(4), decimals: 6 };
    await inBlock(api.tx.ethBridge.attest(lie), relayerKeys[0]);
    // The honest relayers' attestations freeze it.
    await waitFor('the deposit to be conflicted', async () => (await inbound(nonce)).isConflicted);
    await waitFor('a relayer to report the conflict', async () =>
      relayers.some((r) => r.log().includes(`deposit #${nonce}: CONFLICTED`)));
    assert.equal(await asset(WUSDC, ferdie), ferdieBefore);

    // Governance replaces Bob, then resets the deposit.
    const spare = new Keyring({ type: 'sr25519' }).addFromUri('//Relayer4');
    await sudo(api.tx.ethBridge.setRelayers([relayerKeys[1].address, relayerKeys[2].address, spare.address], 2));
    const { events } = await sudo(api.tx.ethBridge.resetDeposit(nonce));
    const [reset] = eventsOf(events, 'ethBridge', 'DepositReset');
    assert.ok(reset && reset.data.cleared.toNumber() >= 1 && reset.data.complete.isTrue, 'every attestation of it dropped');
    // Charlie's and Dave's relayers, retrying the conflicted deposit, now deliver it to Ferdie.
    await waitFor('the honest relayers to deliver the deposit', async () =>
      (await asset(WUSDC, ferdie)) === ferdieBefore + USDC(4));
    assert.ok((await inbound(nonce)).isExecuted);
    assert.equal(await asset(WUSDC, vendor), eveBefore, 'nothing for the lie');
    // Bob back, for the tests that follow.
    await sudo(api.tx.ethBridge.setRelayers(relayerKeys.map((k) => k.address), 2));
    assert.equal((await api.query.ethBridge.relayers()).length, 3);
  });

  test('a transfer above the limits is refused on both sides', async () => {
    const token = await usdc.getAddress();
    await assert.rejects(
      submit(api, api.tx.ethBridge.transferOut(token, ferdieEth.address, USDC(1_001)), vendor),
      /ethBridge\.AboveMaxTransfer/,
    );
    // 2,000 USDC an hour each way: Ferdie's 13.33 went out already, 1,995 more would exceed it.
    await sudo(api.tx.ethBridge.setLimits(token, USDC(2_000), USDC(2_000)));
    await assert.rejects(
      submit(api, api.tx.ethBridge.transferOut(token, ferdieEth.address, USDC(1_995)), vendor),
      /ethBridge\.RateLimited/,
    );
    // Inbound: 504 arrived this hour; a 1,600 deposit on Ethereum would exceed 2,000.
    const supplyBefore = await supply(WUSDC);
    const nonce = await deposit(ethUser, token, USDC(1_600), vendor.address);
    // The first attestation is recorded; the one that would execute is refused.
    await waitFor('a relayer to be refused', async () =>
      relayers.some((r) => r.log().includes(`deposit #${nonce}: the attestation did not land`)));
    assert.equal(await supply(WUSDC), supplyBefore);
    assert.ok((await inbound(nonce)).isAttesting);
  });

  test('relayers stopped and restarted resume from their state and process nothing twice', async () => {
    const token = await usdc.getAddress();
    // Charlie and Dave stop: with Bob alone (one of two) nothing executes.
    await Promise.all([relayers[1].stop(), relayers[2].stop()]);
    const executed = new Set((await api.query.ethBridge.inbound.entries())
      .filter(([, s]) => s.unwrap().isExecuted).map(([k]) => k.args[0][1].toBigInt()));
    const signedOut = (await api.query.ethBridge.nextOutbound()).toBigInt();
    const supplyBefore = await supply(WUSDC);
    const ferdieBefore = await asset(WUSDC, ferdie);

    // While they are down: a deposit to Ferdie and a transfer out from Eve.
    const nonce = await deposit(ethUser, token, USDC(3), ferdie.address);
    await waitFor('Bob to attest the deposit', async () =>
      relayers[0].log().includes(`deposit #${nonce}: attested`));
    assert.ok((await inbound(nonce)).isAttesting, 'one attestation of two');
    assert.equal(await supply(WUSDC), supplyBefore);
    const { events } = await inBlock(api.tx.ethBridge.transferOut(token, ferdieEth.address, USDC(2)), vendor);
    const out = transferOutNonce(events);
    assert.equal(out, signedOut, 'the first transfer out queued while they were down');
    const ferdieEthBefore = await usdc.balanceOf(ferdieEth.address);

    // Restarted on the same state files.
    relayers[1] = runRelayer(1, 'restarted');
    relayers[2] = runRelayer(2, 'restarted');
    await waitFor('the waiting deposit to execute', async () =>
      (await asset(WUSDC, ferdie)) === ferdieBefore + USDC(3));
    await release(out, token, ferdieEth.address, USDC(2));
    assert.equal(await usdc.balanceOf(ferdieEth.address), ferdieEthBefore + USDC(2));
    assert.equal(await supply(WUSDC), supplyBefore + USDC(3) - USDC(2), 'minted once, burned once');

    await waitFor('both restarted relayers to sign the transfer out', async () =>
      relayers.slice(1).every((r) => new RegExp(`transfer out #${out}: .* signed`).test(r.log())));
    // Released on Ethereum, confirmed by the relayers: it leaves LabelChain's queue.
    await waitFor('the released transfer to leave the queue', async () =>
      (await api.query.ethBridge.outboundQueue(out)).isNone);
    assert.equal((await api.query.ethBridge.outboundSignatures.entries(out)).length, 0, 'its signatures went with it');
    let attestedWaiting = false;
    for (const r of relayers.slice(1)) {
      const log = r.log();
      // They resumed where they stopped, not from the vault's deployment block.
      const [, from, next] = /from Ethereum block (\d+), transfer out #(\d+)/.exec(log);
      assert.ok(Number(from) > 0, `resumed at Ethereum block ${from}`);
      assert.equal(BigInt(next), signedOut, 'resumed at the first transfer out it had not signed');
      // No deposit that had executed is attested again, no old transfer out signed again.
      const attested = [...log.matchAll(/deposit #(\d+) \(block/g)].map((m) => BigInt(m[1]));
      attestedWaiting ||= attested.includes(nonce);
      for (const n of attested) assert.ok(!executed.has(n), `deposit #${n} was attested again`);
      const signed = [...log.matchAll(/transfer out #(\d+): .* signed/g)].map((m) => BigInt(m[1]));
      assert.deepEqual(signed, [out]);
    }
    assert.ok(attestedWaiting, 'a restarted relayer attested the deposit that waited');
  });

  test('a paused bridge takes nothing; resumed, the relayers deliver what waited', async () => {
    const token = await usdc.getAddress();
    await sudo(api.tx.ethBridge.setPaused(true));
    await assert.rejects(
      submit(api, api.tx.ethBridge.transferOut(token, ferdieEth.address, USDC(1)), vendor),
      /ethBridge\.BridgePaused/,
    );
    const before = await asset(WUSDC, ferdie);
    const nonce = await deposit(ethUser, token, USDC(7), ferdie.address);
    await waitFor('the relayers to be refused', async () =>
      relayers.every((r) => r.log().includes(`deposit #${nonce}: the attestation did not land`)));
    assert.equal(await asset(WUSDC, ferdie), before, 'nothing minted while paused');
    await sudo(api.tx.ethBridge.setPaused(false));
    await waitFor('the waiting deposit to execute', async () => (await asset(WUSDC, ferdie)) === before + USDC(7));
  });

  test('a migration to a new vault: its deposits from #0 arrive, each transfer out is paid by its own vault once', async () => {
    const token = await usdc.getAddress();
    const to = ferdieEth.address;
    // Queued for the old vault, not released yet.
    const { events } = await inBlock(api.tx.ethBridge.transferOut(token, to, USDC(3)), vendor);
    const before = transferOutNonce(events);
    await waitFor('the old vault\'s transfer to be signed', async () => (await outboundSignatures(api, before)).length >= 2);

    // Ethereum: a new vault with the same relayers; LabelChain: governance moves to it.
    const [owner] = eth.wallets;
    const contracts = compileContracts();
    const vault2 = await deploy(contracts.LabelChainVault, owner, await wlbl.getAddress(),
      eth.wallets.slice(3, 6).map((w) => w.address), 2);
    await (await vault2.setReleaseLimit(token, ...LIMITS.usdc)).wait();
    await (await usdc.connect(ethUser).approve(await vault2.getAddress(), USDC(10_000))).wait();
    // The old vault retires: no more deposits (they would never be attested), releases go on.
    await (await vault.closeDeposits()).wait();
    await assert.rejects(vaultDeposit(vault, ethUser, token, USDC(1), ferdie.address));
    const { events: set } = await sudo(api.tx.ethBridge.setVault({ chainId: 31337, address: vault2.target }));
    assert.equal(eventsOf(set, 'ethBridge', 'VaultSet')[0].data.generation.toNumber(), 2);
    // Going back to the old vault would replay all its deposits: refused.
    const { events: again } = await sudo(api.tx.ethBridge.setVault({ chainId: 31337, address: vault.target }));
    const { sudoResult } = eventsOf(again, 'sudo', 'Sudid')[0].data;
    assert.equal(api.registry.findMetaError(sudoResult.asErr.asModule).name, 'VaultAlreadyUsed');
    // Operators start a relayer for the new vault next to the old one's (its own state file).
    const fresh = [0, 1, 2].map((i) => startRelayer([
      '--labelchain', node.wsUrl, '--ethereum', eth.wsUrl, '--vault', vault2.target,
      '--suri', ['//Bob', '//Charlie', '//Dave'][i], '--eth-key-file', path.join(dir, `relayer-${i}.key`),
      '--confirmations', '2', '--poll-ms', '500', '--state', path.join(dir, `relayer-${i}-vault2.json`),
    ], path.join(dir, `relayer-${i}-vault2.log`)));
    relayers.push(...fresh);

    // In: the new vault's deposit #0 (the old vault's #0 executed long ago) arrives.
    const ferdieBefore = await asset(WUSDC, ferdie);
    const nonce = await vaultDeposit(vault2, ethUser, token, USDC(6), ferdie.address);
    await mine(3);
    assert.equal(nonce, 0n);
    await waitFor('the new vault\'s deposit #0 to execute', async () => (await asset(WUSDC, ferdie)) === ferdieBefore + USDC(6));
    assert.ok((await api.query.ethBridge.inbound([2, 0])).unwrap().isExecuted);
    assert.ok((await api.query.ethBridge.inbound([1, 0])).unwrap().isExecuted, 'the old vault\'s #0 is another deposit');

    // Out, queued before: paid by the old vault only. The new vault refuses its signatures.
    const toBefore = await usdc.balanceOf(to);
    const sigs = await release(before, token, to, USDC(3), vault);
    assert.equal(await usdc.balanceOf(to), toBefore + USDC(3));
    await assert.rejects(vaultRelease(vault2, eth.wallets[2], { nonce: before, token, recipient: to, amount: USDC(3), decimals: 6 }, sigs));
    assert.equal(await vault2.released(before), false);
    await waitFor('the old vault\'s release to leave the queue', async () =>
      (await api.query.ethBridge.outboundQueue(before)).isNone);
    // The new vault's relayers, starting from nonce 0, skipped every transfer of the old vault.
    for (const r of fresh) {
      assert.doesNotMatch(r.log(), new RegExp(`transfer out #${before}: .* signed`));
    }

    // Out, queued after: paid by the new vault, once.
    const { events: e2 } = await inBlock(api.tx.ethBridge.transferOut(token, to, USDC(2)), vendor);
    const after = transferOutNonce(e2);
    await release(after, token, to, USDC(2), vault2);
    assert.equal(await usdc.balanceOf(to), toBefore + USDC(5));
    await waitFor('the new vault\'s release to leave the queue', async () =>
      (await api.query.ethBridge.outboundQueue(after)).isNone);
    // The old vault's relayers skip it (and say so); none signs it for the old vault.
    await waitFor('the old vault\'s relayers to skip the new vault\'s transfer', async () =>
      relayers.slice(0, 3).every((r) => new RegExp(`transfer out #${after}: (queued for vault|released and dropped)`).test(r.log())));
    for (const r of relayers.slice(0, 3)) {
      assert.doesNotMatch(r.log(), new RegExp(`transfer out #${after}: .* signed`));
    }

    // The old vault's deposits can never execute again: anyone prunes them.
    const { events: pruned } = await inBlock(api.tx.ethBridge.pruneDeposit(1, 0), ferdie);
    assert.equal(eventsOf(pruned, 'ethBridge', 'DepositPruned').length, 1);
    assert.ok((await api.query.ethBridge.inbound([1, 0])).isNone);
  });
});
