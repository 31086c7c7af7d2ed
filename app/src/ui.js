// Small DOM and formatting helpers shared by the app's pages.

/** An element: `h('button', { onclick, class: 'x' }, 'text', child)`. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces `el`'s children. */
export function fill(el, ...children) {
  el.replaceChildren();
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** `amount` (smallest units) as a decimal string with `decimals` places, trailing zeros cut. */
export function formatUnits(amount, decimals = 12) {
  const v = BigInt(amount);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  const frac = (abs % base).toString().padStart(decimals, '0').replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** A decimal string ("12.5") as smallest units with `decimals` places. */
export function parseUnits(text, decimals = 12) {
  const t = String(text).trim();
  if (!/^\d+(\.\d+)?$/.test(t)) throw new Error(`"${text}" is not an amount (digits, optionally a decimal point)`);
  const [whole, frac = ''] = t.split('.');
  if (frac.length > decimals) throw new Error(`"${text}" has more than ${decimals} decimals`);
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

/** A short form of an address. */
export const short = (address) => `${address.slice(0, 6)}…${address.slice(-4)}`;

/**
 * The transaction progress bar: one line per transaction, submitted → in block → finalized,
 * or the error in words.
 */
export class Activity {
  constructor(root) {
    this.root = root;
    this.rows = new Map(); // the latest transaction of each action, for its error
    this.byId = new Map(); // every transaction, for its statuses
  }

  /** Records a status (`{ what, status, id }` from the SDK) of the transaction `id` names. */
  status({ what, status, id }) {
    let row = this.byId.get(id);
    if (!row) {
      row = { el: h('li', { class: 'tx', dataset: { what } }), done: false };
      this.byId.set(id, row);
      this.rows.set(what, row);
      this.root.prepend(row.el);
    }
    const steps = ['submitted', 'inBlock', 'finalized'];
    const reached = steps.indexOf(status);
    fill(row.el,
      h('b', {}, what),
      ...steps.map((s, i) => h('span', { class: `step ${i <= reached ? 'on' : ''}` }, s === 'inBlock' ? 'in block' : s)));
    row.el.dataset.status = status;
    if (status === 'inBlock') row.done = true;
    return row;
  }

  /** Starts an action named `what`: its transactions and its error get a line of their own. */
  begin(what) {
    this.rows.delete(what);
  }

  /** Shows a failed action's error, in words (on its transaction's line, when it has one). */
  error(what, error) {
    const message = String(error?.message ?? error);
    const row = this.rows.get(what);
    if (row && !row.failed) {
      row.failed = true;
      row.done = true;
      row.el.classList.add('error');
      row.el.append(h('div', { class: 'message' }, message));
      return;
    }
    this.root.prepend(h('li', { class: 'tx error', dataset: { what } }, h('b', {}, what), ' ', message));
  }

  /** A message that is neither a transaction nor an error. */
  note(text) {
    this.root.prepend(h('li', { class: 'tx note' }, text));
  }
}

/** Runs `fn`, reporting a thrown error on `activity` under `what`; returns its result or null. */
export async function attempt(activity, what, fn) {
  activity.begin(what);
  try {
    return await fn();
  } catch (e) {
    console.error(what, e);
    activity.error(what, e);
    return null;
  }
}
