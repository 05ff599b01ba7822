// The serving home page in headless Debian Chromium, driven by playwright-core (no browser download).
// Run by HomePageBrowserTest (JUnit) with BASE_URL, SCREENSHOT and CHROMIUM set; runnable alone too:
//   BASE_URL=http://127.0.0.1:8080 node --test home-page.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const BASE_URL = process.env.BASE_URL ?? 'http://127.0.0.1:8080';
const SCREENSHOT = process.env.SCREENSHOT ?? 'home.png';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const FEATURES = ['carat', 'cut', 'color', 'clarity', 'depth', 'table', 'x', 'y', 'z'];
const usd = (v) => v.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

let profile, context, page;
const pageErrors = [];

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'facet-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
  page = context.pages()[0] ?? await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  // no external requests: everything the page loads comes from the server under test
  await page.route('**/*', (route) => (route.request().url().startsWith(BASE_URL)
    ? route.continue() : route.abort()));
  await page.goto(BASE_URL + '/');
  await page.waitForSelector('#f-carat');
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

test('the form is built from the model card, with the schema categories', async () => {
  const cuts = await page.$$eval('#f-cut option', (os) => os.map((o) => o.value));
  assert.deepEqual(cuts, ['Fair', 'Good', 'Very Good', 'Premium', 'Ideal']);
  const clarity = await page.$$eval('#f-clarity option', (os) => os.map((o) => o.value));
  assert.equal(clarity.length, 8);
  assert.match(await page.textContent('#model'), /version/);
});

test('submitting a diamond shows its price and one explanation bar per feature', async () => {
  await page.fill('#f-carat', '1.21');
  await page.selectOption('#f-cut', 'Premium');
  await page.selectOption('#f-color', 'F');
  await page.fill('#f-x', '6.8');
  await page.fill('#f-y', '6.76');
  await page.fill('#f-z', '4.2');
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/explain')),
    page.click('#predict-button'),
  ]);
  assert.equal(response.status(), 200);
  const body = await response.json();
  await page.waitForSelector('#result:not([hidden])');
  assert.equal(await page.textContent('#price'), usd(body.price));
  assert.equal(await page.textContent('#expected'), usd(body.expected_value));
  const bars = await page.$$eval('#bars g.bar', (gs) => gs.map((g) => ({
    feature: g.dataset.feature, value: Number(g.dataset.value),
    width: Number(g.querySelector('rect').getAttribute('width')), cls: g.querySelector('rect').getAttribute('class'),
  })));
  assert.deepEqual(bars.map((b) => b.feature), FEATURES);
  for (const b of bars) {
    assert.equal(b.value, body.contributions[b.feature]);
    assert.equal(b.cls, b.value >= 0 ? 'bar-up' : 'bar-down');
  }
  // the longest bar is the largest contribution in absolute value
  const longest = bars.reduce((a, b) => (b.width > a.width ? b : a));
  const largest = bars.reduce((a, b) => (Math.abs(b.value) > Math.abs(a.value) ? b : a));
  assert.equal(longest.feature, largest.feature);
  const sum = bars.reduce((s, b) => s + b.value, body.expected_value);
  assert.ok(Math.abs(sum - body.price) < 1e-6, `contributions add up: ${sum} vs ${body.price}`);
});

test('an invalid diamond shows the server\'s error naming the field', async () => {
  await page.fill('#f-carat', '-1');
  await page.click('#predict-button');
  await page.waitForSelector('#single-error:not([hidden])');
  assert.match(await page.textContent('#single-error'), /carat/);
  assert.equal(await page.getAttribute('#f-carat', 'class'), 'invalid');
  await page.fill('#f-carat', '1.21');
  await page.click('#predict-button');
  await page.waitForSelector('#single-error', { state: 'hidden' });
});

const HEADER = 'carat,cut,color,clarity,depth,table,price,x,y,z';
const GOOD = ['0.23,Ideal,E,SI2,61.5,55,326,3.95,3.98,2.43', '0.21,Premium,E,SI1,59.8,61,326,3.89,3.84,2.31',
  '0.29,Premium,I,VS2,62.4,58,334,4.2,4.23,2.63', '1.52,"Very Good",G,VS1,62.1,57,9999,7.3,7.35,4.55',
  '0.7,Ideal,D,IF,61.0,56,4000,5.7,5.73,3.49'];

test('a CSV upload shows one predicted row per data row, and a download', async () => {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/predict/batch')),
    page.setInputFiles('#csv-file', { name: 'five.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...GOOD].join('\n') + '\n') }),
  ]);
  assert.equal(response.status(), 200);
  const body = await response.json();
  await page.waitForSelector('#batch-result:not([hidden])');
  const rows = await page.$$eval('#batch-table tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  assert.equal(rows.length, GOOD.length);
  rows.forEach((r, i) => {
    assert.equal(r[0], String(i + 1));
    assert.equal(r[2], GOOD[i].split(',')[1].replaceAll('"', ''));
    assert.equal(r[r.length - 1], usd(body.predictions[i].price));
  });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'predictions.csv');
});

test('a CSV with bad rows shows every row error, numbered as in the file', async () => {
  const bad = [HEADER, GOOD[0], '-0.5,Ideal,E,SI2,61.5,55,1,3.95,3.98,2.43', GOOD[1], '0.3,Superb,E,SI2,61.5,55,1,4,4,2.5'];
  await page.setInputFiles('#csv-file', { name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad.join('\n')) });
  await page.waitForSelector('#batch-error:not([hidden])');
  const text = await page.textContent('#batch-error');
  assert.match(text, /row 2 \(line 3\) carat/);
  assert.match(text, /row 4 \(line 5\) cut/);
  assert.equal(await page.isHidden('#batch-result'), true);
});

test('the status panel shows drift and rolling error from the peers', async () => {
  await page.waitForFunction(() => !document.getElementById('drift-status').textContent.includes('…'));
  const drift = await page.textContent('#drift-status');
  const quality = await page.textContent('#quality-status');
  const expected = process.env.EXPECT_STATUS; // e.g. "DRIFT|ERROR RISING" when the JUnit test serves peers
  if (expected) {
    const [d, q] = expected.split('|');
    assert.equal(drift, d);
    assert.equal(quality, q);
    assert.match(await page.textContent('#quality-detail'), /MAE \d+/);
  } else {
    assert.ok(drift.length > 0 && quality.length > 0);
  }
});

test('the page raised no script errors; screenshot', async () => {
  // back to a state worth looking at: the form result, the batch table and the status panel
  await page.setInputFiles('#csv-file', { name: 'five.csv', mimeType: 'text/csv', buffer: Buffer.from([HEADER, ...GOOD].join('\n')) });
  await page.waitForSelector('#batch-result:not([hidden])');
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.deepEqual(pageErrors, []);
});
