// The Ethereum end of the bridge on a real local Ethereum node (Ganache from npm), compiled
// with the `solc` npm package (OpenZeppelin's SafeERC20, Ownable2Step and ECDSA from npm):
// deposits lock (or burn wrapped LBL) and emit increasing nonces with the token's decimals;
// releases pay once per nonce and only with a threshold of distinct relayer signatures over
// (chain id, vault, nonce, token, recipient, amount, decimals); forged, duplicated, malleable
// (high-s), bad-v, zero-address, too few or mismatched signatures, replays, wrong decimals and a
// paused vault are refused; each token releases within its limits; USDT-style tokens work; the
// owner is handed over in two steps.

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
  const USDT = (n) => BigInt(n) * 1_000_000n;

  // Signatures of `relayerSet` over the vault's release digest, ordered by signer address.
  const sign = async (relayerSet, nonce, token, recipient, amount, decimals = 6) => {
    const digest = await vault.releaseDigest(nonce, token, recipient, amount, decimals);
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
        [log.args.nonce, log.args.token, log.args.sender, log.args.recipient, log.args.amount, log.args.decimals],
        [nonce, await usdc.getAddress(), user.address, lcRecipient, amount, 6n],
      );
    }
    assert.equal(await usdc.balanceOf(await vault.getAddress()), 500_000_000n);
    assert.equal(await vault.nextDepositNonce(), 2n);
    await revertsWith(v.deposit(await usdc.getAddress(), 0, lcRecipient), 'ZeroAmount');
    await revertsWith(v.deposit(await usdc.getAddress(), 1, ethers.ZeroHash), 'ZeroRecipient');
    // A token the vault could never release is not taken (it would be locked for good).
    const other = await deploy(contracts.MockUSDC, owner);
    await (await other.mint(user.address, 10n)).wait();
    await (await other.connect(user).approve(await vault.getAddress(), 10n)).wait();
    await revertsWith(v.deposit(await other.getAddress(), 10n, lcRecipient), 'TokenNotEnabled');
  });

  test('two of three relayer signatures release once', async () => {
    const token = await usdc.getAddress();
    const sigs = await sign(relayers.slice(0, 2), 0, token, user.address, 120_000_000n);
    const before = await usdc.balanceOf(user.address);
    await (await vault.connect(outsider).release(0, token, user.address, 120_000_000n, 6, sigs)).wait();
    assert.equal((await usdc.balanceOf(user.address)) - before, 120_000_000n);
    assert.equal(await vault.released(0), true);
    await revertsWith(vault.release(0, token, user.address, 120_000_000n, 6, sigs), 'AlreadyReleased');
  });

  test('forged, duplicated, too few or mismatched signatures release nothing', async () => {
    const token = await usdc.getAddress();
    const amount = 10_000_000n;
    const [one] = await sign([relayers[0]], 1, token, user.address, amount);
    await revertsWith(vault.release(1, token, user.address, amount, 6, [one]), 'NotEnoughSignatures');
    // The same relayer twice is not two relayers.
    await revertsWith(vault.release(1, token, user.address, amount, 6, [one, one]), 'SignersNotAscending');
    // A key that is not a relayer's.
    const forged = await sign([relayers[0], outsider], 1, token, user.address, amount);
    await revertsWith(vault.release(1, token, user.address, amount, 6, forged), 'NotRelayer');
    // Signatures of another amount recover to other addresses.
    const other = await sign(relayers.slice(0, 2), 1, token, user.address, amount + 1n);
    await revertsWith(vault.release(1, token, user.address, amount, 6, other), 'NotRelayer');
    assert.equal(await vault.released(1), false);
  });

  test('malleable, bad-v and zero-address signatures are refused; one relayer never counts twice', async () => {
    const token = await usdc.getAddress();
    const amount = 10_000_000n;
    const good = await sign(relayers.slice(0, 2), 1, token, user.address, amount);
    const parts = (sig) => ({ r: sig.slice(0, 66), s: BigInt(`0x${sig.slice(66, 130)}`), v: parseInt(sig.slice(130), 16) });
    const join = (r, s, v) => `${r}${s.toString(16).padStart(64, '0')}${v.toString(16).padStart(2, '0')}`;
    const N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141n;
    // The high-s twin of a signature recovers to the same relayer with plain ecrecover: accepted,
    // one relayer's two signatures would pass for two relayers.
    const { r, s, v } = parts(good[0]);
    const twin = join(r, N - s, v === 27 ? 28 : 27);
    const digest = await vault.releaseDigest(1, token, user.address, amount, 6);
    const ecrecover = async (sig) => {
      const p = parts(sig);
      const out = await eth.provider.call({
        to: '0x0000000000000000000000000000000000000001',
        data: ethers.AbiCoder.defaultAbiCoder().encode(['bytes32', 'uint8', 'bytes32', 'uint256'], [digest, p.v, p.r, p.s]),
      });
      return ethers.getAddress(`0x${out.slice(-40)}`);
    };
    assert.equal(await ecrecover(twin), relayers.slice(0, 2).map((w) => w.address)
      .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : 1))[0], 'plain ecrecover takes the twin for the relayer');
    await revertsWith(vault.release(1, token, user.address, amount, 6, [twin, good[1]]), 'ECDSAInvalidSignatureS');
    await revertsWith(vault.release(1, token, user.address, amount, 6, [good[0], twin]), 'ECDSAInvalidSignatureS');
    // A `v` other than 27/28 (or the recovery ids 0/1 LabelChain's keys write).
    await revertsWith(vault.release(1, token, user.address, amount, 6, [join(r, s, 29), good[1]]), 'ECDSAInvalidSignature');
    // r = 0 makes ecrecover return the zero address, which is never a relayer's.
    await revertsWith(vault.release(1, token, user.address, amount, 6, [join(`0x${'00'.repeat(32)}`, s, v), good[1]]), 'ECDSAInvalidSignature');
    await revertsWith(vault.release(1, token, user.address, amount, 6, [good[0].slice(0, -2), good[1]]), 'ECDSAInvalidSignatureLength');
    await revertsWith(vault.setRelayers([relayers[0].address, ethers.ZeroAddress], 2), 'InvalidThreshold');
    // The recovery id form (v = 0/1) of the same signatures is accepted.
    const asRecoveryIds = good.map((g) => { const p = parts(g); return join(p.r, p.s, p.v - 27); });
    await (await vault.release(1, token, user.address, amount, 6, asRecoveryIds)).wait();
    assert.equal(await vault.released(1), true);
  });

  test('the decimals LabelChain signed for must be the token\'s', async () => {
    const token = await usdc.getAddress();
    // The digest is LabelChain's `release_digest` (whose unit test uses this formula's vector).
    const encoded = ethers.AbiCoder.defaultAbiCoder().encode(
      ['bytes32', 'uint256', 'address', 'uint64', 'address', 'address', 'uint256', 'uint8'],
      [ethers.id('labelchain/eth-bridge/release'), 31337, vault.target, 6, token, user.address, 1_000n, 18]);
    assert.equal(await vault.releaseDigest(6, token, user.address, 1_000n, 18), ethers.keccak256(encoded));
    // Relayers signed 18 decimals for USDC (6): the amount would be off by 10^12.
    const sigs = await sign(relayers.slice(0, 2), 6, token, user.address, 1_000n, 18);
    await assert.rejects(vault.release(6, token, user.address, 1_000n, 18, sigs), (e) => {
      const raw = [e.data, e.info?.error?.data, e.info?.error?.data?.result]
        .find((d) => typeof d === 'string' && d.startsWith('0x'));
      const parsed = vault.interface.parseError(raw);
      assert.equal(parsed?.name, 'DecimalsMismatch');
      assert.deepEqual([...parsed.args], [18n, 6n]);
      return true;
    });
    assert.equal(await vault.released(6), false);
  });

  test('wrapped LBL is minted on release and burned on deposit', async () => {
    const token = await wlbl.getAddress();
    const sigs = await sign(relayers.slice(1, 3), 2, token, user.address, 5n * 10n ** 12n, 12);
    await (await vault.release(2, token, user.address, 5n * 10n ** 12n, 12, sigs)).wait();
    assert.equal(await wlbl.balanceOf(user.address), 5n * 10n ** 12n);
    assert.equal(await wlbl.totalSupply(), 5n * 10n ** 12n);
    await (await wlbl.connect(user).approve(await vault.getAddress(), 2n * 10n ** 12n)).wait();
    await (await vault.connect(user).deposit(token, 2n * 10n ** 12n, lcRecipient)).wait();
    assert.equal(await wlbl.totalSupply(), 3n * 10n ** 12n);
    // Only the vault mints.
    await assert.rejects(wlbl.connect(user).mint(user.address, 1));
  });

  test('a paused vault takes no deposit and makes no release; only the owner pauses', async () => {
    await revertsWith(vault.connect(user).setPaused(true), 'OwnableUnauthorizedAccount');
    await (await vault.setPaused(true)).wait();
    const token = await usdc.getAddress();
    await revertsWith(vault.connect(user).deposit(token, 1, lcRecipient), 'Paused');
    const sigs = await sign(relayers.slice(0, 2), 3, token, user.address, 1n);
    await revertsWith(vault.release(3, token, user.address, 1n, 6, sigs), 'Paused');
    await (await vault.setPaused(false)).wait();
    await (await vault.release(3, token, user.address, 1n, 6, sigs)).wait();
  });

  test('each token releases at most its maximum at once and its limit per hour; a refused release waits', async () => {
    const nextHour = async () => {
      await eth.provider.send('evm_increaseTime', [3600]);
      await eth.provider.send('evm_mine', []);
    };
    await nextHour(); // nothing released yet in this hour
    const token = await usdc.getAddress();
    const release = async (nonce, amount) =>
      vault.release(nonce, token, user.address, amount, 6, await sign(relayers.slice(0, 2), nonce, token, user.address, amount));
    // A token without limits releases nothing.
    const other = await deploy(contracts.MockUSDC, owner);
    await (await other.mint(await vault.getAddress(), 1_000n)).wait();
    const otherSigs = await sign(relayers.slice(0, 2), 4, await other.getAddress(), user.address, 1_000n);
    await revertsWith(vault.release(4, await other.getAddress(), user.address, 1_000n, 6, otherSigs), 'TokenNotEnabled');
    // Only the owner sets limits, and the maximum fits in the hour's limit.
    await revertsWith(vault.connect(user).setReleaseLimit(token, 1, 1), 'OwnableUnauthorizedAccount');
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
    await revertsWith(vault.connect(user).setRelayers(addrs, 3), 'OwnableUnauthorizedAccount');
    await (await vault.setRelayers(addrs, 3)).wait();
    assert.equal(await vault.threshold(), 3n);
    await (await vault.setRelayers(addrs, 2)).wait();
  });

  test('a USDT-style token (no return value) is deposited and released; a `false` return reverts', async () => {
    const usdt = await deploy(contracts.MockUSDT, owner);
    const token = await usdt.getAddress();
    await (await vault.setReleaseLimit(token, USDT(1_000), USDT(1_000))).wait();
    await (await usdt.mint(user.address, USDT(500))).wait();
    await (await usdt.connect(user).approve(await vault.getAddress(), USDT(500))).wait();
    const receipt = await (await vault.connect(user).deposit(token, USDT(500), lcRecipient)).wait();
    const [log] = receipt.logs.map((l) => vault.interface.parseLog(l)).filter((l) => l?.name === 'Deposit');
    assert.equal(log.args.amount, USDT(500));
    assert.equal(await usdt.balanceOf(await vault.getAddress()), USDT(500));
    await (await vault.release(7, token, user.address, USDT(200), 6,
      await sign(relayers.slice(0, 2), 7, token, user.address, USDT(200)))).wait();
    assert.equal(await usdt.balanceOf(user.address), USDT(200));
    // A token that answers `false` moved nothing: the release reverts and stays releasable.
    const fals = await deploy(contracts.FalseReturningToken, owner);
    const falseToken = await fals.getAddress();
    await (await vault.setReleaseLimit(falseToken, 1_000n, 1_000n)).wait();
    await (await fals.mint(await vault.getAddress(), 1_000n)).wait();
    await (await fals.setFailing(true)).wait();
    const sigs = await sign(relayers.slice(0, 2), 8, falseToken, user.address, 100n);
    await revertsWith(vault.release(8, falseToken, user.address, 100n, 6, sigs), 'SafeERC20FailedOperation');
    assert.equal(await vault.released(8), false);
    await (await fals.setFailing(false)).wait();
    await (await vault.release(8, falseToken, user.address, 100n, 6, sigs)).wait();
    assert.equal(await fals.balanceOf(user.address), 100n);
  });

  test('a retired vault takes no deposit and keeps releasing', async () => {
    const token = await usdc.getAddress();
    await revertsWith(vault.connect(user).closeDeposits(), 'OwnableUnauthorizedAccount');
    await (await vault.closeDeposits()).wait();
    assert.equal(await vault.depositsClosed(), true);
    // Attack (or a stale client): tokens deposited into a vault LabelChain no longer attests
    // would stay locked in it.
    await revertsWith(vault.connect(user).deposit(token, 1, lcRecipient), 'Retired');
    const before = await usdc.balanceOf(user.address);
    await (await vault.release(9, token, user.address, 5n, 6, await sign(relayers.slice(0, 2), 9, token, user.address, 5n))).wait();
    assert.equal((await usdc.balanceOf(user.address)) - before, 5n);
  });

  test('the owner is handed over in two steps and cannot be renounced', async () => {
    const [, , , , , , multisig] = eth.wallets;
    await revertsWith(vault.connect(user).transferOwnership(multisig.address), 'OwnableUnauthorizedAccount');
    await (await vault.transferOwnership(multisig.address)).wait();
    // Until the new owner accepts, the old one is the owner (a mistyped address loses nothing).
    assert.equal(await vault.owner(), owner.address);
    assert.equal(await vault.pendingOwner(), multisig.address);
    await revertsWith(vault.connect(outsider).acceptOwnership(), 'OwnableUnauthorizedAccount');
    await (await vault.connect(multisig).acceptOwnership()).wait();
    assert.equal(await vault.owner(), multisig.address);
    await revertsWith(vault.setPaused(true), 'OwnableUnauthorizedAccount');
    await revertsWith(vault.connect(multisig).renounceOwnership(), 'RenounceDisabled');
    assert.equal(await vault.owner(), multisig.address);
  });
});
