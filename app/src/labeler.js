// The labeling widgets: the item's image, and the input its task's schema asks for — class
// buttons, multi-label checkboxes, bounding boxes drawn with the mouse, or free text. Each
// calls `onLabel(label)` with a label in the chain's form ({ Class: 1 }, { Boxes: [...] }, …).

import { textLabel } from '@labelchain/sdk';
import { h } from './ui.js';

/** The schema's kind and fields from `spec.schema.toJSON()` ({ boundingBoxes: { … } }). */
export function schemaOf(json) {
  const [kind] = Object.keys(json);
  return { kind, ...json[kind] };
}

/** The canonical form of free text the app commits to: trimmed, spaces collapsed, NFC, lower case. */
export const canonicalText = (text) => text.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();

/** A short description of a schema for lists. */
export function describeSchema(schema) {
  switch (schema.kind) {
    case 'categorical': return `one of ${schema.classes} classes`;
    case 'multiLabel': return `any of ${schema.classes} classes`;
    case 'boundingBoxes': return `boxes (${schema.classes} classes, up to ${schema.maxBoxes})`;
    default: return 'free text';
  }
}

/**
 * The labeling panel for one item: `uri` the content, `schema` from `schemaOf`. Returns the
 * panel element.
 */
export function labeler({ uri, schema, onLabel }) {
  const image = h('img', { src: uri, alt: 'the item to label', class: 'item-image', draggable: false });
  switch (schema.kind) {
    case 'categorical':
      return h('div', { class: 'labeler' }, image,
        h('div', { class: 'classes' }, Array.from({ length: schema.classes }, (_, c) =>
          h('button', { class: 'class', dataset: { class: c }, onclick: () => onLabel({ Class: c }) }, `class ${c}`))));
    case 'multiLabel': {
      const boxes = Array.from({ length: schema.classes }, (_, c) => h('input', { type: 'checkbox', dataset: { class: c } }));
      return h('div', { class: 'labeler' }, image,
        h('div', { class: 'classes' }, boxes.map((b, c) => h('label', {}, b, ` class ${c}`))),
        h('button', {
          class: 'commit',
          onclick: () => onLabel({ Classes: boxes.reduce((bits, b, c) => (b.checked ? bits | (1n << BigInt(c)) : bits), 0n) }),
        }, 'Commit label'));
    }
    case 'boundingBoxes':
      return boxDrawer({ image, schema, onLabel });
    default: {
      const text = h('textarea', { rows: 3, placeholder: 'your answer, as the instructions say' });
      return h('div', { class: 'labeler' }, image, text,
        h('button', { class: 'commit', onclick: () => onLabel(textLabel(canonicalText(text.value))) }, 'Commit label'));
    }
  }
}

/** Bounding boxes drawn with the mouse over the image, in the image's own pixels. */
function boxDrawer({ image, schema, onLabel }) {
  const canvas = h('canvas', { class: 'box-canvas' });
  const boxes = [];
  const classSelect = h('select', { class: 'box-class' },
    Array.from({ length: schema.classes }, (_, c) => h('option', { value: c }, `class ${c}`)));
  const list = h('ol', { class: 'box-list' });
  const ctx = canvas.getContext('2d');
  let start = null;
  let current = null;

  const scale = () => ({
    x: (image.naturalWidth || canvas.width) / canvas.clientWidth,
    y: (image.naturalHeight || canvas.height) / canvas.clientHeight,
  });
  const point = (e) => {
    const r = canvas.getBoundingClientRect();
    const s = scale();
    return { x: Math.max(0, (e.clientX - r.left) * s.x), y: Math.max(0, (e.clientY - r.top) * s.y) };
  };
  const draw = () => {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.lineWidth = 2;
    for (const b of [...boxes, ...(current ? [current] : [])]) {
      ctx.strokeStyle = b === current ? '#f39c12' : (b.class === 0 ? '#27ae60' : '#2980b9');
      ctx.strokeRect(b.x, b.y, b.width, b.height);
      ctx.fillStyle = ctx.strokeStyle;
      ctx.fillText(`class ${b.class}`, b.x + 3, b.y + 12);
    }
  };
  const renderList = () => {
    list.replaceChildren(...boxes.map((b, i) => h('li', {},
      `class ${b.class}: x ${b.x}, y ${b.y}, ${b.width}×${b.height} `,
      h('button', { class: 'remove', onclick: () => { boxes.splice(i, 1); renderList(); draw(); } }, 'remove'))));
  };
  const fit = () => {
    canvas.width = image.naturalWidth || 320;
    canvas.height = image.naturalHeight || 240;
    draw();
  };
  image.addEventListener('load', fit);
  canvas.addEventListener('mousedown', (e) => { start = point(e); current = null; });
  canvas.addEventListener('mousemove', (e) => {
    if (!start) return;
    const p = point(e);
    current = {
      class: Number(classSelect.value),
      x: Math.round(Math.min(start.x, p.x)),
      y: Math.round(Math.min(start.y, p.y)),
      width: Math.round(Math.abs(p.x - start.x)),
      height: Math.round(Math.abs(p.y - start.y)),
    };
    draw();
  });
  const finish = () => {
    if (current && current.width > 0 && current.height > 0 && boxes.length < schema.maxBoxes) boxes.push(current);
    start = null;
    current = null;
    renderList();
    draw();
  };
  canvas.addEventListener('mouseup', finish);
  canvas.addEventListener('mouseleave', () => { if (start) finish(); });

  return h('div', { class: 'labeler' },
    h('p', { class: 'hint' }, `Drag on the image to draw a box (at most ${schema.maxBoxes}); pick its class first.`),
    h('div', { class: 'stage' }, image, canvas),
    h('label', {}, 'Class of the next box ', classSelect),
    list,
    h('button', { class: 'commit', onclick: () => onLabel({ Boxes: boxes.map((b) => ({ ...b })) }) }, 'Commit boxes'));
}
