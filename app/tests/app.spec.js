// The app in a real browser against a real dev node: a vendor creates a bounding-box task with
// a gold item from the page; three annotators, each in their own browser context, bond stake,
// take a seat, draw a box with the mouse and commit; the reveals happen on their own (one page is
// reloaded between its commit and its reveal, and loses nothing); the vendor's page reveals the
// gold answer on its own; each annotator's page shows the payout; the vendor downloads the
// dataset. Screenshots of each main screen go to test-results/screenshots/.

import { test, expect } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startNode } from '../../tests/e2e/lib/node.js';

const SHOTS = path.join(import.meta.dirname, '..', 'test-results', 'screenshots');
const ANNOTATORS = ['//Bob', '//Charlie', '//Dave'];
// The box every annotator draws, and the vendor's gold answer, in the image's pixels.
const BOX = { class: 0, x: 40, y: 60, width: 120, height: 90 };

test.describe.configure({ mode: 'serial' });

let node;
test.beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  node = await startNode(['--dev'], { name: 'app' });
});
test.afterAll(async () => {
  if (node) { await node.stop(); node.cleanup(); }
});

const open = async (browser, who, tab) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[${who}] page error:`, e.message));
  await page.goto(`/?rpc=${encodeURIComponent(node.wsUrl)}&account=${encodeURIComponent(who)}&tab=${tab}`);
  await expect(page.locator('#address')).toContainText(who, { timeout: 60_000 });
  return { context, page };
};

/** Each number within one pixel of the one wanted. */
const near = (got, want) => want.forEach((w, i) => expect(Math.abs(got[i] - w), `${got} vs ${want}`).toBeLessThanOrEqual(1));

const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });

test('a vendor and three annotators label an item end to end in the browser', async ({ browser }) => {
  // The vendor creates a task with one gold item from the page.
  const vendor = await open(browser, '//Alice', 'vendor');
  const v = vendor.page;
  await v.locator('input[name=commitWindow]').fill('60');
  await v.locator('input[name=revealWindow]').fill('60');
  await v.locator('textarea[name=answers]').fill(JSON.stringify({ Boxes: [BOX] }));
  await shot(v, 'vendor-create-task');
  await v.locator('#create').click();
  await expect(v.locator('#my-tasks tr[data-task]')).toHaveCount(1, { timeout: 60_000 });
  const task = Number(await v.locator('#my-tasks tr[data-task]').first().getAttribute('data-task'));
  await expect(v.locator('#items tr[data-item="0"] .phase')).toHaveText('Pending', { timeout: 30_000 });

  // Three annotators bond stake, see the task with its terms, and ask for a seat.
  const people = [];
  for (const who of ANNOTATORS) people.push({ who, ...(await open(browser, who, 'annotate')) });
  for (const p of people) {
    await p.page.locator('#stake-amount').fill('200');
    await p.page.locator('#bond').click();
  }
  for (const p of people) {
    await expect(p.page.locator('#bonded')).toHaveText('200', { timeout: 60_000 });
    const row = p.page.locator(`#open-tasks tr[data-task="${task}"]`);
    await expect(row).toContainText('boxes (2 classes, up to 4)', { timeout: 30_000 });
    await row.locator('button.request').click();
  }
  await shot(people[0].page, 'annotator-open-tasks');

  // Each is seated by the chain's draw, opens the item and draws the box with the mouse.
  for (const [k, p] of people.entries()) {
    const label = p.page.locator(`#seats li[data-task="${task}"][data-item="0"] button.label`);
    await expect(label).toBeVisible({ timeout: 60_000 });
    await label.click();
    const canvas = p.page.locator('#labeler canvas.box-canvas');
    await expect(canvas).toBeVisible();
    await p.page.waitForFunction(() => document.querySelector('#labeler img')?.naturalWidth > 0);
    const r = await canvas.boundingBox();
    // The canvas shows the image at its own size (320×240), so page pixels are image pixels.
    await p.page.mouse.move(r.x + BOX.x, r.y + BOX.y);
    await p.page.mouse.down();
    await p.page.mouse.move(r.x + BOX.x + BOX.width / 2, r.y + BOX.y + BOX.height / 2, { steps: 4 });
    await p.page.mouse.move(r.x + BOX.x + BOX.width, r.y + BOX.y + BOX.height, { steps: 4 });
    await p.page.mouse.up();
    await expect(p.page.locator('#labeler .box-list li')).toHaveCount(1);
    // Page pixels are image pixels, up to the rounding of a fractional layout offset.
    const drawn = (await p.page.locator('#labeler .box-list li').innerText()).match(/class (\d+): x (\d+), y (\d+), (\d+)×(\d+)/).slice(1).map(Number);
    near(drawn, [BOX.class, BOX.x, BOX.y, BOX.width, BOX.height]);
    if (k === 0) await shot(p.page, 'annotator-draws-a-box');
    await p.page.locator('#labeler button.commit').click();
    await expect(p.page.locator(`#seats li[data-task="${task}"][data-item="0"]`)).toContainText('committed', { timeout: 60_000 });
    if (k === 0) {
      // A reload between commit and reveal: the salt is in localStorage, nothing is lost.
      await p.page.reload();
      await expect(p.page.locator(`#seats li[data-task="${task}"][data-item="0"]`)).toContainText('committed', { timeout: 60_000 });
    }
  }

  // Nobody reveals by hand: the pages do, then the vendor's page reveals the gold answer.
  await expect(v.locator('#items tr[data-item="0"] .phase')).toHaveText('Settled', { timeout: 180_000 });
  await expect(v.locator('#items tr[data-item="0"] .label')).toContainText('"boxes"', { timeout: 30_000 });
  await shot(v, 'vendor-progress');

  // Each annotator's page shows the payout (reward and gold bonus).
  for (const p of people) {
    const row = p.page.locator('#payouts tr.paid');
    await expect(row).toHaveCount(1, { timeout: 60_000 });
    await expect(row).toContainText(`#${task}`);
  }
  await shot(people[1].page, 'annotator-payouts');

  // The vendor downloads the dataset.
  const [download] = await Promise.all([v.waitForEvent('download'), v.locator('#download').click()]);
  const file = path.join(SHOTS, '..', `task-${task}.jsonl`);
  await download.saveAs(file);
  const records = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(records).toHaveLength(1);
  expect(records[0]).toMatchObject({ task, item: 0, annotators: 3, agreeing: 3, gold: true });
  expect(records[0].label.boxes).toHaveLength(1);
  const b = records[0].label.boxes[0];
  near([b.class, b.x, b.y, b.width, b.height], [BOX.class, BOX.x, BOX.y, BOX.width, BOX.height]);
  expect(records[0].content_uri).toMatch(/samples\/street\.svg$/);

  for (const c of [vendor.context, ...people.map((p) => p.context)]) await c.close();
});

test('a bad task is refused in words before anything is signed', async ({ browser }) => {
  const { context, page } = await open(browser, '//Eve', 'vendor');
  await page.locator('input[name=maxBoxes]').fill('17');
  await page.locator('#create').click();
  await expect(page.locator('#activity li.error').first()).toContainText('spec.schema.boundingBoxes.maxBoxes', { timeout: 30_000 });
  await page.locator('input[name=maxBoxes]').fill('4');
  await page.locator('textarea[name=items]').fill('http://127.0.0.1:9/missing.png');
  await page.locator('#create').click();
  await expect(page.locator('#activity li.error').first()).toContainText('cannot fetch', { timeout: 30_000 });
  await shot(page, 'vendor-error-in-words');
  await context.close();
});
