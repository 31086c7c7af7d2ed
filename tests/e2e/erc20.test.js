// LBL as an ERC-20 token on a real dev node, through polkadot.js: the views over RPC and the
// runtime API, transfer, approve -> transferFrom -> allowance, and an account that holds no
// native token paying its fees in LBL.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { stringToU8a, u8aConcat } from '@polkadot/util';
import { cryptoWaitReady, encodeAddress, mnemonicGenerate } from '@polkadot/util-crypto';
import { connect, eventsOf, rawRpc, startNode, submit } from './lib/node.js';

const LBL_ID = 1;
const LBL = 10n ** 12n;
const TOTAL_SUPPLY = 1_000_000_000n * LBL;
const DEV_ENDOWMENT = 1_000_000n * LBL;
const MIN_BALANCE = LBL / 1_000_000n;

// The keyless incentive pool: PalletId(*b"lc/incnt").into_account_truncating().
const INCENTIVE_POOL = encodeAddress(
  u8aConcat(stringToU8a('modl'), stringToU8a('lc/incnt'), new Uint8Array(20)),
);

describe('LBL as an ERC-20 token', () => {
  let node;
  let api;
  let raw;
  let alice;
  let bob;
  let charlie;
  let ferdie;

  const inBlock = (tx, who, signOptions) => submit(api, tx, who, { until: 'inBlock', signOptions });
  const rpc = (method, ...params) => raw.send(`erc20_${method}`, params);
  const balanceOf = async (who) => BigInt(await rpc('balanceOf', LBL_ID, who));
  const allowance = async (owner, spender) =>
    BigInt(await rpc('allowance', LBL_ID, owner.address, spender.address));
  const nativeFree = async (who) => (await api.query.system.account(who)).data.free.toBigInt();

  before(async () => {
    await cryptoWaitReady();
    node = await startNode(['--dev'], { name: 'erc20' });
    api = await connect(node);
    raw = await rawRpc(node);
    const keyring = new Keyring({ type: 'sr25519' });
    [alice, bob, charlie, ferdie] = ['//Alice', '//Bob', '//Charlie', '//Ferdie']
      .map((u) => keyring.addFromUri(u));
  });

  after(async () => {
    if (raw) await raw.disconnect();
    if (api) await api.disconnect();
    if (node) {
      await node.stop();
      node.cleanup();
    }
  });

  test('the ERC-20 views answer over RPC and through the runtime API', async () => {
    assert.equal(await rpc('name', LBL_ID), 'LabelChain Token');
    assert.equal(await rpc('symbol', LBL_ID), 'LBL');
    assert.equal(await rpc('decimals', LBL_ID), 12);
    assert.equal(await rpc('totalSupply', LBL_ID), TOTAL_SUPPLY.toString());
    assert.equal(await rpc('balanceOf', LBL_ID, ferdie.address), DEV_ENDOWMENT.toString());
    assert.equal(await rpc('allowance', LBL_ID, bob.address, charlie.address), '0');
    // An asset that does not exist.
    assert.equal(await rpc('name', 4242), null);
    assert.equal(await rpc('balanceOf', 4242, bob.address), null);
    // Through polkadot.js, with the RPC definitions the README gives.
    assert.equal((await api.rpc.erc20.symbol(LBL_ID)).unwrap().toString(), 'LBL');
    assert.equal((await api.rpc.erc20.decimals(LBL_ID)).unwrap().toNumber(), 12);
    assert.equal((await api.rpc.erc20.balanceOf(LBL_ID, ferdie.address)).unwrap().toString(),
      DEV_ENDOWMENT.toString());
    assert.ok((await api.rpc.erc20.name(4242)).isNone);
    // The same views, from polkadot.js' decoration of the runtime API.
    const supply = await api.call.erc20Api.totalSupply(LBL_ID);
    assert.equal(supply.unwrap().toBigInt(), TOTAL_SUPPLY);
    const balance = await api.call.erc20Api.balanceOf(LBL_ID, ferdie.address);
    assert.equal(balance.unwrap().toBigInt(), DEV_ENDOWMENT);
    assert.equal((await api.call.erc20Api.decimals(LBL_ID)).unwrap().toNumber(), 12);
    assert.ok((await api.call.erc20Api.totalSupply(4242)).isNone);
    // The pool's address as the README gives it; it holds what the dev accounts were not given.
    assert.equal(INCENTIVE_POOL, '5EYCAe5hvEQBNEEWZaWHrRvxGhM5WmfzxdbQHi3wJkxdNX48');
    const devAccounts = 14n; // Alice … Ferdie, their //stash accounts, One and Two
    assert.equal(await balanceOf(INCENTIVE_POOL), TOTAL_SUPPLY - devAccounts * DEV_ENDOWMENT);
  });

  test('transfer moves exactly the value, also zero, and emits Transfer', async () => {
    const before = await balanceOf(ferdie.address);
    const { events } = await inBlock(api.tx.erc20.transfer(LBL_ID, ferdie.address, 3n * LBL), bob);
    const [transfer] = eventsOf(events, 'erc20', 'Transfer');
    assert.equal(transfer.data.asset.toNumber(), LBL_ID);
    assert.equal(transfer.data.from.toString(), bob.address);
    assert.equal(transfer.data.to.toString(), ferdie.address);
    assert.equal(transfer.data.value.toBigInt(), 3n * LBL);
    assert.equal(await balanceOf(ferdie.address), before + 3n * LBL);

    const zero = await inBlock(api.tx.erc20.transfer(LBL_ID, ferdie.address, 0), bob);
    assert.equal(eventsOf(zero.events, 'erc20', 'Transfer')[0].data.value.toBigInt(), 0n);
    assert.equal(await balanceOf(ferdie.address), before + 3n * LBL);

    // More than the balance, and a remainder below the minimum balance, are refused.
    const bobBalance = await balanceOf(bob.address);
    await assert.rejects(
      inBlock(api.tx.erc20.transfer(LBL_ID, ferdie.address, bobBalance + 1n), bob),
      /erc20\.InsufficientBalance/,
    );
    await assert.rejects(
      inBlock(api.tx.erc20.transfer(LBL_ID, ferdie.address, bobBalance - MIN_BALANCE + 1n), bob),
      /erc20\.WouldLeaveDust/,
    );
  });

  test('approve -> transferFrom -> allowance', async () => {
    const approved = await inBlock(api.tx.erc20.approve(LBL_ID, charlie.address, 100n * LBL), bob);
    const [approval] = eventsOf(approved.events, 'erc20', 'Approval');
    assert.equal(approval.data.owner.toString(), bob.address);
    assert.equal(approval.data.spender.toString(), charlie.address);
    assert.equal(approval.data.value.toBigInt(), 100n * LBL);
    assert.equal(await allowance(bob, charlie), 100n * LBL);

    const bobBefore = await balanceOf(bob.address);
    const ferdieBefore = await balanceOf(ferdie.address);
    const moved = await inBlock(
      api.tx.erc20.transferFrom(LBL_ID, bob.address, ferdie.address, 40n * LBL),
      charlie,
    );
    const [transfer] = eventsOf(moved.events, 'erc20', 'Transfer');
    assert.equal(transfer.data.from.toString(), bob.address);
    assert.equal(transfer.data.to.toString(), ferdie.address);
    assert.equal(await allowance(bob, charlie), 60n * LBL);
    assert.equal(await balanceOf(bob.address), bobBefore - 40n * LBL);
    assert.equal(await balanceOf(ferdie.address), ferdieBefore + 40n * LBL);

    await assert.rejects(
      inBlock(api.tx.erc20.transferFrom(LBL_ID, bob.address, ferdie.address, 61n * LBL), charlie),
      /erc20\.InsufficientAllowance/,
    );
    assert.equal(await allowance(bob, charlie), 60n * LBL);

    // approve sets the allowance, it does not add to it.
    await inBlock(api.tx.erc20.approve(LBL_ID, charlie.address, 5n * LBL), bob);
    assert.equal(await allowance(bob, charlie), 5n * LBL);
    await inBlock(api.tx.erc20.increaseAllowance(LBL_ID, charlie.address, 7n * LBL), bob);
    assert.equal(await allowance(bob, charlie), 12n * LBL);
    await inBlock(api.tx.erc20.decreaseAllowance(LBL_ID, charlie.address, 12n * LBL), bob);
    assert.equal(await allowance(bob, charlie), 0n);
    await assert.rejects(
      inBlock(api.tx.erc20.decreaseAllowance(LBL_ID, charlie.address, 1n), bob),
      /erc20\.AllowanceBelowZero/,
    );
  });

  test('an account with no native balance pays its fee in LBL', async () => {
    const keyring = new Keyring({ type: 'sr25519' });
    const annotator = keyring.addFromUri(mnemonicGenerate());
    await inBlock(api.tx.erc20.transfer(LBL_ID, annotator.address, 10n * LBL), alice);
    assert.equal(await nativeFree(annotator.address), 0n);

    // Paying in the native token is impossible: the pool refuses the transaction.
    await assert.rejects(
      inBlock(api.tx.erc20.transfer(LBL_ID, bob.address, LBL), annotator),
      /Inability to pay some fees|1010/,
    );

    const poolBefore = await balanceOf(INCENTIVE_POOL);
    const tx = api.tx.erc20.transfer(LBL_ID, bob.address, LBL);
    // The fee in LC this transaction would cost, as wallets show it.
    const { partialFee } = await tx.paymentInfo(annotator, { assetId: LBL_ID });
    const { events } = await inBlock(tx, annotator, { assetId: LBL_ID });
    const [paid] = eventsOf(events, 'assetTxPayment', 'AssetTxFeePaid');
    assert.ok(paid, 'AssetTxFeePaid emitted');
    assert.equal(paid.data.who.toString(), annotator.address);
    assert.equal(paid.data.assetId.unwrap().toNumber(), LBL_ID);
    const fee = paid.data.actualFee.toBigInt();
    // The fee in LBL is the fee in LC scaled by 10^-6 LBL / 10^-3 LC.
    assert.ok(partialFee.toBigInt() > 0n);
    assert.equal(fee, partialFee.toBigInt() / 1000n);

    assert.equal(await balanceOf(annotator.address), 10n * LBL - LBL - fee);
    assert.equal(await nativeFree(annotator.address), 0n);
    assert.equal(await balanceOf(INCENTIVE_POOL), poolBefore + fee);
    assert.equal(await rpc('totalSupply', LBL_ID), TOTAL_SUPPLY.toString());
  });
});
