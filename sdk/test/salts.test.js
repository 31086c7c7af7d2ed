// The secret store: nothing is lost across instances (a reload), files are replaced whole,
// exports import elsewhere, concurrent writes are all kept.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonFileBackend, MemoryBackend, SecretStore, WebStorageBackend, recordKey } from '../src/salts.js';

const record = (item, extra = {}) => ({
  chain: '0xgenesis', account: '5Alice', kind: 'label', task: 1, item, round: 0,
  label: { Classes: 5n }, salt: `0x${'ab'.repeat(32)}`, commitment: `0x${'cd'.repeat(32)}`, ...extra,
});

test('a JSON file keeps the records across store instances, bigints included', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lc-secrets-'));
  const file = path.join(dir, 'secrets.json');
  const a = new SecretStore(new JsonFileBackend(file));
  await a.put(record(0));
  await a.put(record(1));
  await a.update(recordKey(record(0)), { status: 'revealed' });
  // A new instance (a restarted process) reads the same records.
  const b = new SecretStore(new JsonFileBackend(file));
  const committed = await b.list({ status: 'committing' });
  assert.deepEqual(committed.map((r) => r.item), [1]);
  assert.equal(committed[0].label.Classes, 5n);
  assert.equal((fs.statSync(file).mode & 0o777), 0o600, 'only the owner reads the secrets');
  assert.deepEqual(fs.readdirSync(dir), ['secrets.json'], 'no temporary file left');
  fs.rmSync(dir, { recursive: true });
});

test('export and import move the records; existing ones are kept', async () => {
  const from = new SecretStore(new MemoryBackend());
  await from.put(record(0));
  await from.put(record(1));
  const to = new SecretStore(new MemoryBackend());
  await to.put(record(1, { status: 'revealed' }));
  await to.import(await from.export());
  const all = await to.list();
  assert.equal(all.length, 2);
  assert.equal(all.find((r) => r.item === 1).status, 'revealed');
  await assert.rejects(to.import('{"records": {}}'), /not a LabelChain secrets file/);
});

test('a Web Storage backend (localStorage) survives a reload', async () => {
  const storage = new Map();
  const webStorage = { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => storage.set(k, v) };
  await new SecretStore(new WebStorageBackend(webStorage)).put(record(3));
  const reloaded = new SecretStore(new WebStorageBackend(webStorage));
  assert.deepEqual((await reloaded.list()).map((r) => r.item), [3]);
});

test('concurrent puts are all kept', async () => {
  const store = new SecretStore(new MemoryBackend());
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(record(i))));
  assert.equal((await store.list()).length, 20);
  await store.remove(recordKey(record(0)));
  assert.equal((await store.list()).length, 19);
});
