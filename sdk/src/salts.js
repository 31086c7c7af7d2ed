// Where an annotator's (and a vendor's) secrets live between commit and reveal: every
// commitment with its label (or answer) and salt, written down before the commitment is sent,
// so that a crash, a closed tab or a reload between commit and reveal loses nothing. Export and
// import move the store to another machine or browser.
//
// A store keeps records under a key per commitment. Backends: in memory, a JSON file (Node), or
// a Web Storage object (`localStorage` in a browser).

const FORMAT = 'labelchain-secrets/1';

/** The key of a record: one per chain, account, kind, task, item and round. */
export function recordKey({ chain, account, kind = 'label', task, item, round = 0 }) {
  return [chain, account, kind, task, item, round].join('/');
}

const bigintSafe = (_, v) => (typeof v === 'bigint' ? { $bigint: v.toString() } : v);
const bigintRevive = (_, v) => (v && typeof v === 'object' && typeof v.$bigint === 'string' ? BigInt(v.$bigint) : v);

/** Records in memory only (tests, or a store a page exports before it closes). */
export class MemoryBackend {
  constructor() { this.data = {}; }

  async load() { return { ...this.data }; }

  async save(records) { this.data = { ...records }; }
}

/** Records in a JSON file, replaced atomically (written beside, then renamed). Node only. */
export class JsonFileBackend {
  constructor(file) { this.file = file; }

  async load() {
    const fs = await import('node:fs/promises');
    try {
      return parse(await fs.readFile(this.file, 'utf8'));
    } catch (e) {
      if (e.code === 'ENOENT') return {};
      throw e;
    }
  }

  async save(records) {
    const fs = await import('node:fs/promises');
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, serialize(records), { mode: 0o600 });
    await fs.rename(tmp, this.file);
  }
}

/** Records in a Web Storage object (`window.localStorage`) under one key. */
export class WebStorageBackend {
  constructor(storage, key = 'labelchain-secrets') { this.storage = storage; this.key = key; }

  async load() {
    const text = this.storage.getItem(this.key);
    return text ? parse(text) : {};
  }

  async save(records) { this.storage.setItem(this.key, serialize(records)); }
}

function serialize(records) {
  return JSON.stringify({ format: FORMAT, records }, bigintSafe, 1);
}

function parse(text) {
  const doc = JSON.parse(text, bigintRevive);
  if (!doc || doc.format !== FORMAT || typeof doc.records !== 'object') {
    throw new Error(`not a LabelChain secrets file (expected format ${FORMAT})`);
  }
  return doc.records;
}

/**
 * The store: `put` a record before its commitment is sent, `update` it as it is revealed,
 * `list` what is still to reveal. Operations are serialized, so concurrent callers do not lose
 * each other's writes.
 */
export class SecretStore {
  constructor(backend = new MemoryBackend()) {
    this.backend = backend;
    this.queue = Promise.resolve();
  }

  #locked(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Adds (or replaces) a record: { chain, account, kind, task, item, round, label|answer, salt, commitment, status }. */
  put(record) {
    return this.#locked(async () => {
      const records = await this.backend.load();
      records[recordKey(record)] = { status: 'committing', ...record };
      await this.backend.save(records);
    });
  }

  /** Merges `changes` into the record `key` names (no-op if it is gone). */
  update(key, changes) {
    return this.#locked(async () => {
      const records = await this.backend.load();
      if (!records[key]) return;
      records[key] = { ...records[key], ...changes };
      await this.backend.save(records);
    });
  }

  /** Records matching `filter` (an object of field values), with their keys. */
  async list(filter = {}) {
    const records = await this.#locked(() => this.backend.load());
    return Object.entries(records)
      .filter(([, r]) => Object.entries(filter).every(([k, v]) => r[k] === v))
      .map(([key, r]) => ({ key, ...r }));
  }

  /** Removes the record `key` names. */
  remove(key) {
    return this.#locked(async () => {
      const records = await this.backend.load();
      delete records[key];
      await this.backend.save(records);
    });
  }

  /** Every record, as a JSON document another store can `import`. Keep it secret until revealed. */
  async export() {
    return serialize(await this.#locked(() => this.backend.load()));
  }

  /** Adds the records of an exported document; records already here are kept. */
  async import(text) {
    const incoming = parse(text);
    return this.#locked(async () => {
      const records = await this.backend.load();
      for (const [key, r] of Object.entries(incoming)) if (!records[key]) records[key] = r;
      await this.backend.save(records);
    });
  }
}
