// The Ethereum end of the bridge on a real local Ethereum node (Ganache from npm), compiled
// with the `solc` npm package: deposits lock (or burn wrapped LBL) and emit increasing nonces;
// releases pay once per nonce and only with a threshold of distinct relayer signatures over
// (chain id, vault, nonce, token, recipient, amount); forged, duplicated, too few or mismatched
// signatures, replays and a paused vault are refused; each token releases within its limits.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ethers } from 'ethers';
import { compileContracts, deploy, revertName, startEthereum } from './lib/ethereum.js';

describe('the Ethereum vault', () => {
  let eth;
  let owner;
  let relayers; // three relayers, threshold two
  let user;
  let outsider;
  let usdc;
  let wlbl;
  let vault;
  let contracts;
  const lcRecipient = `0x${'d4'.repeat(32)}`; // an AccountId32 on LabelChain

  // Signatures of `relayerSet` over the vault's release digest, ordered by signer address.
  const sign = async (relayerSet, nonce, token, recipient, amount) => {
    const digest = await vault.releaseDigest(nonce, token, recipient, amount);
    return [...relayerSet]
      .sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1))
      .map((w) => w.signingKey.sign(digest).serialized);
  };
  const revertsWith = (promise, name) =>
    assert.rejects(promise, (e) => {
      assert.equal(revertName(vault, e), name, `expected ${name}, got ${e.shortMessage ?? e.message}`);
      return true;
    });

  before(async () => {
    eth = await startEthereum();
    [owner, user, outsider] = eth.wallets;
    relayers = eth.wallets.slice(3, 6);
    contracts = compileContracts();
    usdc = await deploy(contracts.MockUSDC, owner);
    wlbl = await deploy(contracts.WrappedLBL, owner);
    vault = await deploy(contracts.LabelChainVault, owner, await wlbl.getAddress(),
      relayers.map((r) => r.address), 2);
    await (await wlbl.setVault(await vault.getAddress())).wait();
    await (await vault.setReleaseLimit(await usdc.getAddress(), 500_000_000n, 1_000_000_000n)).wait();
    await (await vault.setReleaseLimit(await wlbl.getAddress(), 10n * 10n ** 12n, 10n * 10n ** 12n)).wait();
    await (await usdc.mint(user.address, 1_000_000_000n)).wait();
  });

  after(async () => {
    if (eth) await eth.stop();
  });

  test('a deposit locks the tokens and emits the next nonce', async () => {
    const v = vault.connect(user);
    await (await usdc.connect(user).approve(await vault.getAddress(), 500_000_000n)).wait();
    for (const [nonce, amount] of [[0n, 300_000_000n], [1n, 200_000_000n]]) {
      const receipt = await (await v.deposit(await usdc.getAddress(), amount, lcRecipient)).wait();
      const [log] = receipt.logs.map((l) => vault.interface.parseLog(l)).filter((l) => l?.name === 'Deposit');
      assert.deepEqual(
        [log.args.nonce, log.args.token, log.args.sender, log.args.recipient, log.args.amount],
        [nonce, await usdc.getAddress(), user.address, lcRecipient, amount],
      );
    }
    assert.equal(await usdc.balanceOf(await vault.getAddress()), 500_000_000n);
    assert.equal(await vault.nextDepositNonce(), 2n);
    await revertsWith(v.deposit(await usdc.getAddress(), 0, lcRecipient), 'ZeroAmount');
    await revertsWith(v.deposit(await usdc.getAddress(), 1, ethers.ZeroHash), 'ZeroRecipient');
  });

  test('two of three relayer signatures release once', async () => {
    const token = await usdc.getAddress();
    const sigs = await sign(relayers.slice(0, 2), 0, token, user.address, 120_000_000n);
    const before = await usdc.balanceOf(user.address);
    await (await vault.connect(outsider).release(0, token, user.address, 120_000_000n, sigs)).wait();
    assert.equal((await usdc.balanceOf(user.address)) - before, 120_000_000n);
    assert.equal(await vault.released(0), true);
    await revertsWith(vault.release(0, token, user.address, 120_000_000n, sigs), 'AlreadyReleased');
  });

  test('forged, duplicated, too few or mismatched signatures release nothing', async () => {
    const token = await usdc.getAddress();
    const amount = 10_000_000n;
    const [one] = await sign([relayers[0]], 1, token, user.address, amount);
    await revertsWith(vault.release(1, token, user.address, amount, [one]), 'NotEnoughSignatures');
    // The same relayer twice is not two relayers.
    await revertsWith(vault.release(1, token, user.address, amount, [one, one]), 'SignersNotAscending');
    // A key that is not a relayer's.
    const forged = await sign([relayers[0], outsider], 1, token, user.address, amount);
    await revertsWith(vault.release(1, token, user.address, amount, forged), 'NotRelayer');
    // Signatures of another amount recover to other addresses.
    const other = await sign(relayers.slice(0, 2), 1, token, user.address, amount + 1n);
    await revertsWith(vault.release(1, token, user.address, amount, other), 'NotRelayer');
    assert.equal(await vault.released(1), false);
  });

  test('wrapped LBL is minted on release and burned on deposit', async () => {
    const token = await wlbl.getAddress();
    const sigs = await sign(relayers.slice(1, 3), 2, token, user.address, 5n * 10n ** 12n);
    await (await vault.release(2, token, user.address, 5n * 10n ** 12n, sigs)).wait();
    assert.equal(await wlbl.balanceOf(user.address), 5n * 10n ** 12n);
    assert.equal(await wlbl.totalSupply(), 5n * 10n ** 12n);
    await (await wlbl.connect(user).approve(await vault.getAddress(), 2n * 10n ** 12n)).wait();
    await (await vault.connect(user).deposit(token, 2n * 10n ** 12n, lcRecipient)).wait();
    assert.equal(await wlbl.totalSupply(), 3n * 10n ** 12n);
    // Only the vault mints.
    await assert.rejects(wlbl.connect(user).mint(user.address, 1));
  });

  test('a paused vault takes no deposit and makes no release; only the owner pauses', async () => {
    await revertsWith(vault.connect(user).setPaused(true), 'NotOwner');
    await (await vault.setPaused(true)).wait();
    const token = await usdc.getAddress();
    await revertsWith(vault.connect(user).deposit(token, 1, lcRecipient), 'Paused');
    const sigs = await sign(relayers.slice(0, 2), 3, token, user.address, 1n);
    await revertsWith(vault.release(3, token, user.address, 1n, sigs), 'Paused');
    await (await vault.setPaused(false)).wait();
    await (await vault.release(3, token, user.address, 1n, sigs)).wait();
  });

  test('each token releases at most its maximum at once and its limit per hour; a refused release waits', async () => {
    const nextHour = async () => {
      await eth.provider.send('evm_increaseTime', [3600]);
      await eth.provider.send('evm_mine', []);
    };
    await nextHour(); // nothing released yet in this hour
    const token = await usdc.getAddress();
    const release = async (nonce, amount) =>
      vault.release(nonce, token, user.address, amount, await sign(relayers.slice(0, 2), nonce, token, user.address, amount));
    // A token without limits releases nothing.
    const other = await deploy(contracts.MockUSDC, owner);
    await (await other.mint(await vault.getAddress(), 1_000n)).wait();
    const otherSigs = await sign(relayers.slice(0, 2), 4, await other.getAddress(), user.address, 1_000n);
    await revertsWith(vault.release(4, await other.getAddress(), user.address, 1_000n, otherSigs), 'TokenNotEnabled');
    // Only the owner sets limits, and the maximum fits in the hour's limit.
    await revertsWith(vault.connect(user).setReleaseLimit(token, 1, 1), 'NotOwner');
    await revertsWith(vault.setReleaseLimit(token, 200_000_000n, 150_000_000n), 'InvalidLimit');
    await (await vault.setReleaseLimit(token, 100_000_000n, 150_000_000n)).wait();
    const [maxRelease, perPeriod] = await vault.releaseLimits(token);
    assert.deepEqual([maxRelease, perPeriod], [100_000_000n, 150_000_000n]);
    await revertsWith(release(4, 100_000_001n), 'AboveMaxRelease');
    const before = await usdc.balanceOf(user.address);
    await (await release(4, 100_000_000n)).wait();
    // 100 of 150 went this hour: 60 more wait for the next hour, and are not lost.
    await revertsWith(release(5, 60_000_000n), 'RateLimited');
    assert.equal(await vault.released(5), false);
    await nextHour();
    await (await release(5, 60_000_000n)).wait();
    assert.equal((await usdc.balanceOf(user.address)) - before, 160_000_000n);
  });

  test('the relayer threshold is at least two thirds', async () => {
    const addrs = relayers.map((r) => r.address);
    await revertsWith(vault.setRelayers(addrs, 1), 'InvalidThreshold');
    await revertsWith(vault.setRelayers(addrs, 4), 'InvalidThreshold');
    await revertsWith(vault.setRelayers([addrs[0], addrs[0]], 2), 'InvalidThreshold');
    await revertsWith(vault.connect(user).setRelayers(addrs, 3), 'NotOwner');
    await (await vault.setRelayers(addrs, 3)).wait();
    assert.equal(await vault.threshold(), 3n);
  });
});
