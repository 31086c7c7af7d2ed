// The bounds checks without a chain (the end-to-end test reads the limits from a real node).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BoundsError, byteLength, checkItems, checkLabel, checkLabelingCall, checkTaskSpec, closeBound, labelSize,
} from '../src/bounds.js';

const limits = {
  maxUriLen: 256, maxBoxes: 16, maxMultiLabelClasses: 64, maxItemsPerBatch: 100, maxSeatsPerRequest: 8, maxSeats: 16,
};
const item = (uri) => ({ content: { uri, hash: `0x${'11'.repeat(32)}` }, answerCommitment: null });
const spec = (schema, extra = {}) => ({
  instructions: { uri: 'ipfs://instructions', hash: `0x${'22'.repeat(32)}` }, schema, redundancy: 3, maxSeats: 5, ...extra,
});
const box = { class: 0, x: 1, y: 1, width: 2, height: 2 };

test('a URI is measured in the bytes polkadot.js encodes', () => {
  assert.equal(byteLength('abc'), 3);
  assert.equal(byteLength('é'), 2);
  assert.equal(byteLength('0x0102'), 2);
  assert.equal(byteLength(new Uint8Array(5)), 5);
});

test('items: at most maxItemsPerBatch, each URI at most maxUriLen bytes', () => {
  checkItems(limits, Array.from({ length: 100 }, () => item('x'.repeat(256))));
  assert.throws(() => checkItems(limits, Array.from({ length: 101 }, () => item('a'))),
    (e) => e instanceof BoundsError && e.field === 'items' && /101 items.*at most 100/.test(e.message));
  assert.throws(() => checkItems(limits, [item('a'), item('x'.repeat(300))]),
    (e) => e.field === 'items[1].content.uri' && /300 bytes.*at most 256/.test(e.message));
  // Multi-byte characters count as bytes: 129 × 2 bytes is past 256.
  assert.throws(() => checkItems(limits, [item('é'.repeat(129))]), /258 bytes/);
});

test('task specs: instructions URI, multi-label classes, boxes per label, seats', () => {
  checkTaskSpec(limits, spec({ Categorical: { classes: 1000 } }));
  checkTaskSpec(limits, spec({ BoundingBoxes: { classes: 3, maxBoxes: 16, minIou: 500_000_000 } }));
  checkTaskSpec(limits, spec('FreeText'));
  assert.throws(() => checkTaskSpec(limits, spec({ MultiLabel: { classes: 65 } })),
    (e) => e.field === 'spec.schema.multiLabel.classes');
  assert.throws(() => checkTaskSpec(limits, spec({ BoundingBoxes: { classes: 3, maxBoxes: 17, minIou: 0 } })),
    (e) => e.field === 'spec.schema.boundingBoxes.maxBoxes');
  assert.throws(() => checkTaskSpec(limits, spec('FreeText', { instructions: { uri: 'x'.repeat(257), hash: '0x' } })),
    (e) => e.field === 'spec.instructions.uri');
  assert.throws(() => checkTaskSpec(limits, spec('FreeText', { maxSeats: 17 })), (e) => e.field === 'spec.maxSeats');
});

test('a reveal batch\'s close bound: its tasks\' most seats and largest labels, as the chain sizes them', () => {
  // polkadot.js' JSON forms (lower-case variants) and the call forms (upper-case) alike.
  assert.equal(labelSize(limits, { categorical: { classes: 3 } }), 1);
  assert.equal(labelSize(limits, { freeText: null }), 1);
  assert.equal(labelSize(limits, 'FreeText'), 1);
  assert.equal(labelSize(limits, { boundingBoxes: { classes: 3, maxBoxes: 4, minIou: 5 } }), 4);
  assert.equal(labelSize(limits, { BoundingBoxes: { classes: 3, max_boxes: 0, minIou: 5 } }), 1);
  assert.equal(labelSize(limits, { MultiLabel: { classes: 9 } }), 16);
  assert.deepEqual(closeBound(limits, [spec({ categorical: { classes: 3 } }, { maxSeats: 3 })]), { seats: 3, boxes: 1 });
  assert.deepEqual(closeBound(limits, [
    spec({ categorical: { classes: 3 } }, { maxSeats: 3 }),
    spec({ boundingBoxes: { classes: 3, maxBoxes: 6, minIou: 5 } }, { maxSeats: 7 }),
  ]), { seats: 7, boxes: 6 });
  // Never above the chain's most seats.
  assert.deepEqual(closeBound(limits, [spec('FreeText', { maxSeats: 40 })]), { seats: 16, boxes: 1 });
});

test('labels: at most maxBoxes boxes', () => {
  checkLabel(limits, { Boxes: Array(16).fill(box) });
  checkLabel(limits, { Class: 3 });
  assert.throws(() => checkLabel(limits, { Boxes: Array(17).fill(box) }),
    (e) => e.field === 'label.boxes' && /17 boxes.*at most 16/.test(e.message));
});

test('calls are checked by name; calls without bounded arguments pass', () => {
  assert.throws(() => checkLabelingCall(limits, 'reveal', [0, 0, { Boxes: Array(17).fill(box) }, '0x']), BoundsError);
  assert.throws(() => checkLabelingCall(limits, 'revealGold', [0, 0, { Boxes: Array(17).fill(box) }, '0x']),
    (e) => e.field === 'answer.boxes');
  checkLabelingCall(limits, 'revealGold', [0, 0, null, '0x']);
  assert.throws(() => checkLabelingCall(limits, 'addItems', [0, [item('x'.repeat(257))]]), BoundsError);
  assert.throws(() => checkLabelingCall(limits, 'requestSeats', [0, 9]), (e) => e.field === 'count');
  checkLabelingCall(limits, 'bond', [10n]);
});

test('the Polkadot-JS Apps types bundle is the SDK\'s own types', async () => {
  const { LABELCHAIN_TYPES } = await import('../src/chain.js');
  const fs = await import('node:fs');
  const bundle = JSON.parse(fs.readFileSync(new URL('../apps-types.json', import.meta.url), 'utf8'));
  assert.deepEqual(bundle, LABELCHAIN_TYPES);
});
