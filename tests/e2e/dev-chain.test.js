// A real dev node: blocks are produced and finalized (each with its author's VRF proof for the
// beacon), polkadot.js reads the metadata, and signed balance and asset transfers are finalized
// with the right events and balances, also when signed with the metadata hash (RFC 78) as a
// hardware signer signs.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import { merkleizeMetadata } from '@polkadot-api/merkleize-metadata';
import { connect, eventsOf, startNode, submit, waitFinalized } from './lib/node.js';

describe('dev chain', () => {
  let node;
  let api;
  let alice;
  let bob;
  let fresh;

  before(async () => {
    await cryptoWaitReady();
    node = await startNode(['--dev'], { name: 'dev' });
    api = await connect(node);
    const keyring = new Keyring({ type: 'sr25519' });
    alice = keyring.addFromUri('//Alice');
    bob = keyring.addFromUri('//Bob');
    fresh = keyring.addFromUri(`//e2e-${Date.now()}`);
  });

  after(async () => {
    if (api) await api.disconnect();
    if (node) {
      await node.stop();
      node.cleanup();
    }
  });

  test('produces and finalizes blocks', async () => {
    const finalized = await waitFinalized(api, 2, 90_000);
    assert.ok(finalized >= 2);
    const best = (await api.rpc.chain.getHeader()).number.toNumber();
    assert.ok(best >= finalized, `best #${best} behind finalized #${finalized}`);
  });

  test("every block carries its author's VRF proof and moves the beacon; nobody else can send one", async () => {
    const header = await api.rpc.chain.getHeader();
    const seen = new Set();
    for (let n = header.number.toNumber(); n > Math.max(0, header.number.toNumber() - 3); n -= 1) {
      const hash = await api.rpc.chain.getBlockHash(n);
      const block = await api.rpc.chain.getBlock(hash);
      const notes = block.block.extrinsics.filter(
        (x) => x.method.section === 'beacon' && x.method.method === 'noteVrf',
      );
      assert.equal(notes.length, 1, `block #${n} carries one VRF proof`);
      seen.add((await (await api.at(hash)).query.beacon.randomness()).toHex());
    }
    assert.equal(seen.size, Math.min(3, header.number.toNumber()), 'the beacon moves every block');
    // An inherent sent as a transaction is refused by the pool.
    const fake = api.tx.beacon.noteVrf(new Uint8Array(32), new Uint8Array(64));
    await assert.rejects(api.rpc.author.submitExtrinsic(fake), /1010|1002|Invalid|Bad/);
  });

  test('serves metadata that polkadot.js understands', async () => {
    const version = api.runtimeVersion;
    assert.equal(version.specName.toString(), 'labelchain');
    const pallets = api.runtimeMetadata.asLatest.pallets.map((p) => p.name.toString());
    for (const name of ['System', 'Timestamp', 'Aura', 'Grandpa', 'Balances', 'TransactionPayment', 'Sudo', 'Assets']) {
      assert.ok(pallets.includes(name), `metadata lacks pallet ${name}: ${pallets}`);
    }
    const props = await api.rpc.system.properties();
    assert.equal(props.tokenSymbol.unwrap()[0].toString(), 'LC');
    assert.equal(props.tokenDecimals.unwrap()[0].toNumber(), 12);
    assert.equal((await api.rpc.system.chain()).toString(), 'LabelChain Development');
  });

  test('a signed balance transfer is finalized, emits Transfer and moves the funds', async () => {
    const amount = 5n * 10n ** 12n;
    const before = (await api.query.system.account(fresh.address)).data.free.toBigInt();
    assert.equal(before, 0n);
    const aliceBefore = (await api.query.system.account(alice.address)).data.free.toBigInt();

    const tx = api.tx.balances.transferKeepAlive(fresh.address, amount);
    const info = await tx.paymentInfo(alice);
    assert.ok(info.partialFee.toBigInt() > 0n, 'transfers must cost a fee');

    const { events, blockHash } = await submit(api, tx, alice);
    const transfers = eventsOf(events, 'balances', 'Transfer');
    assert.equal(transfers.length, 1);
    const [from, to, value] = transfers[0].data;
    assert.equal(from.toString(), alice.address);
    assert.equal(to.toString(), fresh.address);
    assert.equal(value.toBigInt(), amount);
    assert.equal(eventsOf(events, 'system', 'ExtrinsicSuccess').length, 1);
    const feePaid = eventsOf(events, 'transactionPayment', 'TransactionFeePaid');
    assert.equal(feePaid.length, 1);

    const at = await api.at(blockHash);
    assert.equal((await at.query.system.account(fresh.address)).data.free.toBigInt(), amount);
    const aliceAfter = (await at.query.system.account(alice.address)).data.free.toBigInt();
    const fee = feePaid[0].data[1].toBigInt();
    assert.equal(aliceBefore - aliceAfter, amount + fee);
  });

  test('a transfer signed with the metadata hash, as a hardware signer signs, is accepted; a wrong hash is refused', async () => {
    // RFC 78: the signer shows the transaction decoded with metadata whose merkleized hash it
    // signs (`CheckMetadataHash` mode 1); the runtime adds the hash built into its wasm to the
    // signed payload, so the signature holds only for the chain's real metadata.
    const opaque = await api.call.metadata.metadataAtVersion(15);
    const digest = merkleizeMetadata(opaque.unwrap().toU8a(true), { decimals: 12, tokenSymbol: 'LC' })
      .digest();
    const amount = 10n ** 12n;
    const before = (await api.query.system.account(bob.address)).data.free.toBigInt();

    const wrong = Uint8Array.from(digest);
    wrong[0] ^= 1;
    await assert.rejects(
      submit(api, api.tx.balances.transferKeepAlive(bob.address, amount), alice, {
        signOptions: { mode: 1, metadataHash: u8aToHex(wrong) },
      }),
      /bad signature/,
    );

    const { events, blockHash } = await submit(api, api.tx.balances.transferKeepAlive(bob.address, amount), alice, {
      signOptions: { mode: 1, metadataHash: u8aToHex(digest) },
    });
    assert.equal(eventsOf(events, 'balances', 'Transfer').length, 1);
    const block = await api.rpc.chain.getBlock(blockHash);
    const signed = block.block.extrinsics.find((x) => x.method.section === 'balances');
    assert.equal(signed.mode.toNumber(), 1, 'the included transaction was signed with the hash');
    const after = (await (await api.at(blockHash)).query.system.account(bob.address)).data.free.toBigInt();
    assert.equal(after - before, amount);
  });

  test('a pallet-assets asset is created, minted and transferred', async () => {
    const assetId = 1_000 + (Date.now() % 100_000);
    const supply = 1_000_000n;
    const amount = 250_000n;

    const created = await submit(api, api.tx.assets.create(assetId, alice.address, 1), alice);
    assert.equal(eventsOf(created.events, 'assets', 'Created').length, 1);

    await submit(api, api.tx.assets.mint(assetId, alice.address, supply), alice);
    const { events, blockHash } = await submit(api, api.tx.assets.transfer(assetId, bob.address, amount), alice);
    const transferred = eventsOf(events, 'assets', 'Transferred');
    assert.equal(transferred.length, 1);
    const [id, from, to, value] = transferred[0].data;
    assert.equal(id.toNumber(), assetId);
    assert.equal(from.toString(), alice.address);
    assert.equal(to.toString(), bob.address);
    assert.equal(value.toBigInt(), amount);

    const at = await api.at(blockHash);
    const bobBal = (await at.query.assets.account(assetId, bob.address)).unwrap().balance.toBigInt();
    const aliceBal = (await at.query.assets.account(assetId, alice.address)).unwrap().balance.toBigInt();
    assert.equal(bobBal, amount);
    assert.equal(aliceBal, supply - amount);
    assert.equal((await at.query.assets.asset(assetId)).unwrap().supply.toBigInt(), supply);
  });

  test('an asset transfer beyond the balance fails and changes nothing', async () => {
    const assetId = 2_000 + (Date.now() % 100_000);
    await submit(api, api.tx.assets.create(assetId, alice.address, 1), alice);
    await submit(api, api.tx.assets.mint(assetId, alice.address, 10n), alice);
    await assert.rejects(
      submit(api, api.tx.assets.transfer(assetId, bob.address, 11n), alice),
      /assets\.BalanceLow/,
    );
    const aliceBal = (await api.query.assets.account(assetId, alice.address)).unwrap().balance.toBigInt();
    assert.equal(aliceBal, 10n);
    assert.ok((await api.query.assets.account(assetId, bob.address)).isNone);
  });
});
