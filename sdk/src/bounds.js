// The bounds a call's arguments must keep, read from the chain's metadata, checked before a
// transaction is signed.
//
// An argument past its type's bound (a 101st item, a 17th box, a 257-byte URI) does not even
// decode in the runtime: the node refuses the transaction with a wasm trap
// ("Bad input data provided to validate_transaction") and names nothing. Every bound here comes
// from the pallet's metadata constants, so a runtime upgrade that changes one changes the
// check with it.

/** An argument past one of the chain's bounds; `field` says which (e.g. `items[3].content.uri`). */
export class BoundsError extends Error {
  /**
   * @param {string} field
   * @param {string} message
   */
  constructor(field, message) {
    super(`${field}: ${message}`);
    this.name = 'BoundsError';
    this.field = field;
  }
}

/**
 * @typedef {object} Limits
 * @property {number} maxUriLen          longest URI, in bytes (`labeling.MaxUriLen`)
 * @property {number} maxBoxes           most boxes in one label (`labeling.MaxBoxes`)
 * @property {number} maxMultiLabelClasses most classes of a multi-label schema
 * @property {number} maxItemsPerBatch   most items in one `createTask`/`addItems`/`commitMany`/`revealMany`
 * @property {number} maxSeatsPerRequest most seats one `requestSeats` asks for
 * @property {number} maxSeats           most seats of one item (a task's `maxSeats`)
 */

/**
 * The labeling pallet's bounds, from the metadata of the chain `api` is connected to.
 *
 * @param {import('@polkadot/api').ApiPromise} api
 * @returns {Limits}
 */
export function limitsOf(api) {
  const c = api.consts.labeling;
  const read = (name) => {
    if (!c || !c[name]) {
      throw new Error(`the chain's metadata has no labeling.${name} constant (not a LabelChain runtime, or an older one)`);
    }
    return c[name].toNumber();
  };
  return {
    maxUriLen: read('maxUriLen'),
    maxBoxes: read('maxBoxes'),
    maxMultiLabelClasses: read('maxMultiLabelClasses'),
    maxItemsPerBatch: read('maxItemsPerBatch'),
    maxSeatsPerRequest: read('maxSeatsPerRequest'),
    maxSeats: read('maxSeats'),
  };
}

const HEX = /^0x([0-9a-fA-F]{2})*$/;

/**
 * Length in bytes of a `Bytes` argument as polkadot.js encodes it: a `0x` hex string is the
 * bytes it spells, any other string its UTF-8, a Uint8Array itself.
 */
export function byteLength(value) {
  if (value instanceof Uint8Array) return value.length;
  if (typeof value === 'string') {
    if (HEX.test(value)) return (value.length - 2) / 2;
    return new TextEncoder().encode(value).length;
  }
  if (value && typeof value.length === 'number') return value.length;
  throw new TypeError(`not bytes: ${typeof value}`);
}

const field = (obj, ...names) => {
  for (const n of names) if (obj && obj[n] !== undefined) return obj[n];
  return undefined;
};

/** Checks a `ContentRef` ({ uri, digest }). */
export function checkContentRef(limits, ref, where) {
  const uri = field(ref, 'uri');
  if (uri === undefined) throw new BoundsError(`${where}.uri`, 'missing');
  const len = byteLength(uri);
  if (len > limits.maxUriLen) {
    throw new BoundsError(`${where}.uri`, `${len} bytes, the chain keeps at most ${limits.maxUriLen}`);
  }
}

/** Checks a batch of `NewItem`s for `createTask`/`addItems`. */
export function checkItems(limits, items, where = 'items') {
  if (!Array.isArray(items)) throw new BoundsError(where, 'must be a list of items');
  if (items.length > limits.maxItemsPerBatch) {
    throw new BoundsError(where, `${items.length} items in one call, the chain takes at most ${limits.maxItemsPerBatch} (split them over several addItems calls)`);
  }
  items.forEach((item, i) => checkContentRef(limits, field(item, 'content'), `${where}[${i}].content`));
}

/** The schema's variant name and fields, from polkadot.js' enum forms ({ BoundingBoxes: {…} }). */
function variantOf(value) {
  if (typeof value === 'string') return [value, {}];
  const keys = Object.keys(value || {});
  if (keys.length !== 1) throw new TypeError('an enum value has exactly one variant');
  return [keys[0], value[keys[0]]];
}

/** Checks a `TaskSpec`: its instructions' URI and its schema's class and box counts. */
export function checkTaskSpec(limits, spec) {
  checkContentRef(limits, field(spec, 'instructions'), 'spec.instructions');
  const [kind, schema] = variantOf(field(spec, 'schema'));
  const name = kind.charAt(0).toLowerCase() + kind.slice(1);
  if (name === 'multiLabel') {
    const classes = Number(field(schema, 'classes'));
    if (classes > limits.maxMultiLabelClasses) {
      throw new BoundsError('spec.schema.multiLabel.classes', `${classes} classes, a multi-label task has at most ${limits.maxMultiLabelClasses}`);
    }
  }
  if (name === 'boundingBoxes') {
    const maxBoxes = Number(field(schema, 'maxBoxes', 'max_boxes'));
    if (maxBoxes > limits.maxBoxes) {
      throw new BoundsError('spec.schema.boundingBoxes.maxBoxes', `${maxBoxes} boxes, a label holds at most ${limits.maxBoxes}`);
    }
  }
  const maxSeats = field(spec, 'maxSeats', 'max_seats');
  if (maxSeats !== undefined && Number(maxSeats) > limits.maxSeats) {
    throw new BoundsError('spec.maxSeats', `${maxSeats} seats, an item has at most ${limits.maxSeats}`);
  }
}

/**
 * The size of a task's labels as the chain charges for them (`settlement::label_size`): one box
 * for a categorical or free-text label, the schema's `maxBoxes` for bounding boxes, the most
 * boxes for multi-label.
 */
export function labelSize(limits, schema) {
  const [kind, fields] = variantOf(schema);
  const name = kind.charAt(0).toLowerCase() + kind.slice(1);
  if (name === 'boundingBoxes') {
    return Math.min(Math.max(Number(field(fields, 'maxBoxes', 'max_boxes')), 1), limits.maxBoxes);
  }
  if (name === 'multiLabel') return limits.maxBoxes;
  return 1;
}

/**
 * The `CloseBound` of a `revealMany` whose entries are of tasks with these specs (JSON form):
 * the most seats an item of theirs may hold and their largest labels. Every entry meets it, so
 * the chain never refuses the batch for it (`CloseAboveBound`), and the batch is admitted to a
 * block by closes of its own size rather than of the largest possible.
 */
export function closeBound(limits, specs) {
  let seats = 1;
  let boxes = 1;
  for (const spec of specs) {
    seats = Math.max(seats, Number(field(spec, 'maxSeats', 'max_seats')));
    boxes = Math.max(boxes, labelSize(limits, field(spec, 'schema')));
  }
  return { seats: Math.min(seats, limits.maxSeats), boxes };
}

/** Checks a `Label` (an annotator's, or a gold answer). */
export function checkLabel(limits, label, where = 'label') {
  const [kind, value] = variantOf(label);
  if (kind === 'Boxes' || kind === 'boxes') {
    if (!Array.isArray(value)) throw new BoundsError(`${where}.boxes`, 'must be a list of boxes');
    if (value.length > limits.maxBoxes) {
      throw new BoundsError(`${where}.boxes`, `${value.length} boxes, a label holds at most ${limits.maxBoxes}`);
    }
  }
}

/**
 * Checks the arguments of a labeling call by name (`createTask`, `addItems`, `reveal`,
 * `revealGold`, `requestSeats`); other calls have no bounded arguments.
 */
export function checkLabelingCall(limits, method, args) {
  switch (method) {
    case 'createTask':
      checkTaskSpec(limits, args[0]);
      checkItems(limits, args[1]);
      break;
    case 'addItems':
      checkItems(limits, args[1]);
      break;
    case 'reveal':
      checkLabel(limits, args[2]);
      break;
    case 'revealGold':
      if (args[2] !== null && args[2] !== undefined) checkLabel(limits, args[2], 'answer');
      break;
    case 'requestSeats':
      if (Number(args[1]) > limits.maxSeatsPerRequest) {
        throw new BoundsError('count', `${args[1]} seats in one request, the chain takes at most ${limits.maxSeatsPerRequest}`);
      }
      break;
    default:
  }
}

/**
 * `api.tx.labeling`, with every call's arguments checked against the chain's bounds before the
 * extrinsic is built: `labelingTx(api).createTask(spec, items)` throws a `BoundsError` naming
 * the field where polkadot.js alone would send a transaction the node refuses with a trap.
 *
 * @param {import('@polkadot/api').ApiPromise} api
 */
export function labelingTx(api) {
  const limits = limitsOf(api);
  return new Proxy(api.tx.labeling, {
    get(target, method) {
      const call = target[method];
      if (typeof call !== 'function') return call;
      // Keeps the call's own properties (`meta`, `is`, …) beside the check.
      return Object.assign((...args) => {
        checkLabelingCall(limits, method, args);
        return call(...args);
      }, call);
    },
  });
}
