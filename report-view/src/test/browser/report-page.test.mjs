// The report page in headless Debian Chromium, driven by playwright-core (no browser download), with every network
// request aborted: the page must draw from what it carries. Every expectation is read from the document the page
// itself holds (#report-data), so the same checks run against any report:
//   REPORT=/path/to/report.html node --test report-page.test.mjs                      (a file ReportPage wrote)
//   REPORT='http://127.0.0.1:8081/report?model=penguins' node --test report-page.test.mjs   (a live drift-worker)
// With a URL, that one request is let through and nothing else. SCREENSHOT (default report.png) names the
// full-page screenshot; CHROMIUM the browser (default /usr/bin/chromium).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const REPORT = process.env.REPORT ?? process.argv[2];
const SCREENSHOT = process.env.SCREENSHOT ?? 'report.png';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!REPORT) throw new Error('set REPORT to a report page: a file path or a URL');
const URL_ = /^[a-z]+:\/\//i.test(REPORT) ? REPORT : pathToFileURL(resolve(REPORT)).href;

let profile, context, page, doc;
const errors = [];
const blocked = [];

// a page with every request aborted except its own address and what it makes itself (data:, blob:)
async function open(url) {
  const p = await context.newPage();
  p.on('pageerror', (e) => errors.push(url + ': ' + String(e)));
  p.on('console', (m) => { if (m.type() === 'error') errors.push(url + ': console: ' + m.text()); });
  await p.route('**/*', (route) => {
    const u = route.request().url();
    if (u === url || u.startsWith('data:') || u.startsWith('blob:') || (url.startsWith('file:') && u === url)) {
      return route.continue();
    }
    blocked.push(u);
    return route.abort();
  });
  await p.goto(url);
  await p.waitForSelector('html[data-rendered="true"]', { timeout: 15000 });
  return p;
}

before(async () => {
  profile = mkdtempSync(join(tmpdir(), 'facet-report-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  page = await open(URL_);
  doc = JSON.parse(await page.textContent('#report-data'));
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

// elements only markup inside the document's text could have made
const foreign = (p) => p.$$eval('#report img, #report iframe, #report script, #report object, #report i, #report b:not([class])',
  (es) => es.length);
const segments = () => (doc.segments ?? []).filter((s) => s && typeof s === 'object');
const first = () => segments()[0] ?? null;
// schema order is the data-quality order; the prediction outputs come last
function expectedOrder(ev) {
  const names = Object.keys(ev.features ?? {});
  const schema = Object.keys(ev.data_quality ?? {});
  const rank = (n) => (schema.indexOf(n) < 0 ? schema.length : schema.indexOf(n));
  const inputs = names.filter((n) => ev.features[n].kind !== 'prediction').sort((a, b) => rank(a) - rank(b));
  return inputs.concat(names.filter((n) => ev.features[n].kind === 'prediction'));
}
const sections = (p) => p.$$eval('section.feature', (ss) => ss.map((s) => ({
  feature: s.dataset.feature, drifted: s.dataset.drifted, kind: s.dataset.kind, cls: s.className,
  badge: s.querySelector('.badge')?.textContent ?? null,
  charts: s.querySelectorAll('svg.chart.distribution').length,
  ref: [...s.querySelectorAll('svg.distribution rect.ref')].map((r) => [Number(r.getAttribute('height')), Number(r.dataset.share)]),
  cur: [...s.querySelectorAll('svg.distribution rect.cur')].map((r) => [Number(r.getAttribute('height')), Number(r.dataset.share)]),
  table: [...s.querySelectorAll('table.tests tr')].map((tr) => [tr.cells[0].textContent, tr.cells[1].textContent]),
  quality: s.querySelector('table.data-quality')?.textContent ?? null,
})));

test('the page draws without errors and asks the network for nothing', async () => {
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
  assert.equal(await foreign(page), 0, 'no element made from the document\'s text');
  assert.notEqual(await page.title(), 'injected', 'no handler from the document ran');
});

test('the header shows the model, the source and one verdict per segment', async () => {
  const head = await page.textContent('header');
  assert.ok(head.includes(doc.model.name), 'model name as text: ' + doc.model.name);
  assert.ok(head.includes(doc.model.task));
  assert.ok(head.includes(doc.source.kind));
  const chips = await page.$$eval('#verdicts .verdict-chip', (cs) => cs.map((c) => [c.dataset.segment, c.dataset.verdict]));
  assert.deepEqual(chips.map((c) => c[0]), segments().map((s) => s.name));
  segments().forEach((s, i) => {
    const ev = s.evaluation;
    const want = !ev ? 'none' : ev.verdict !== true ? 'insufficient_data' : ev.dataset_drift ? 'drift' : 'no_drift';
    assert.equal(chips[i][1], want, s.name);
  });
  const options = await page.$$eval('#segment-picker option', (os) => os.length);
  assert.equal(options, segments().length > 1 ? segments().length : 0);
});

test('every feature has its section, in schema order, outputs last, with both series drawn to scale', async () => {
  const ev = first()?.evaluation;
  const got = await sections(page);
  if (!ev || ev.verdict !== true) {
    assert.equal(got.length, 0);
    return;
  }
  assert.deepEqual(got.map((s) => s.feature), expectedOrder(ev));
  for (const s of got) {
    const r = ev.features[s.feature];
    const d = r.distribution;
    assert.equal(s.kind, r.kind);
    assert.equal(s.charts, 1, s.feature + ': one distribution chart');
    assert.equal(s.ref.length, d.reference.length, s.feature + ': a reference rect per bin');
    assert.equal(s.cur.length, d.current.length, s.feature + ': a current rect per bin');
    assert.deepEqual(s.ref.map((x) => x[1]), d.reference);
    assert.deepEqual(s.cur.map((x) => x[1]), d.current);
    // one scale for both series: height / share is the same for every bar with a share
    const all = s.ref.concat(s.cur).filter(([, v]) => v > 0);
    const k = Math.max(...all.map(([hgt, v]) => hgt / v));
    for (const [hgt, v] of s.ref.concat(s.cur)) {
      assert.ok(Math.abs(hgt - k * v) < 0.01, `${s.feature}: height ${hgt} for share ${v}, scale ${k}`);
    }
    assert.ok(k * Math.max(...all.map(([, v]) => v)) > 50, s.feature + ': the tallest bar fills the chart');
    const table = Object.fromEntries(s.table);
    for (const row of ['test', 'statistic', 'p-value', 'adjusted p-value', 'magnitude', 'PSI', 'JS distance', 'verdict']) {
      assert.ok(row in table, s.feature + ': ' + row);
    }
    assert.ok(table.magnitude.includes('threshold'));
    assert.ok(table.PSI.includes(r.psi.band));
    if (r.kind !== 'prediction') assert.match(s.quality, /missing/, s.feature + ': data quality');
    assert.equal(s.drifted, String(r.drifted));
    if (r.drifted) {
      assert.match(s.cls, /\bdrifted\b/);
      assert.equal(s.badge, 'drifted');
      assert.equal(table.verdict, 'drifted');
      // the drift is visible: some bin's current bar differs from its reference bar by several pixels
      const gap = Math.max(...s.cur.map(([hgt], i) => Math.abs(hgt - s.ref[i][0])));
      assert.ok(gap > 5, s.feature + ': drifted, largest bar difference ' + gap);
    } else {
      assert.equal(s.badge, null);
    }
  }
  const badgeVisible = await page.$$eval('section.feature.drifted .badge', (bs) => bs.every((b) => b.offsetWidth > 0));
  assert.ok(badgeVisible);
});

test('the quality section draws each metric and its baseline, and a classifier\'s confusion matrix', async () => {
  const history = (doc.history?.quality ?? []).filter((e) => e && e.result);
  const latest = first()?.quality ?? history.at(-1)?.result ?? null;
  assert.equal(await page.$$eval('section#quality', (s) => s.length), 1);
  if (!latest) {
    assert.match(await page.textContent('section#quality'), /No quality yet/);
    return;
  }
  const classifier = (latest.model?.task ?? doc.model.task) === 'classification';
  const metrics = classifier ? ['accuracy', 'macro_f1'] : ['mae', 'rmse'];
  const paths = await page.$$eval('svg.chart.quality path.series', (ps) => ps.map((p) => [p.dataset.metric, p.getAttribute('d')]));
  assert.deepEqual(paths.map((p) => p[0]), metrics);
  const window = (r, w) => r.windows?.[w] ?? r.windows?.count ?? r.windows?.time;
  for (const [metric, d] of paths) {
    const expected = history.length ? history.filter((e) => Number.isFinite(window(e.result, e.window)?.[metric])).length : 1;
    assert.equal(d.split(/[ML]/).length - 1, expected, metric + ': one point per quality entry');
  }
  const baselines = await page.$$eval('svg.chart.quality line.baseline', (ls) => ls.map((l) => l.dataset.metric));
  assert.deepEqual(baselines, metrics.filter((m) => Number.isFinite(latest.baseline?.[m])));
  const status = await page.getAttribute('table.concept-drift', 'data-detected');
  assert.equal(status, String(latest.concept_drift?.detected === true));
  const cells = await page.$$eval('table.confusion tr', (trs) => trs.slice(1).map((tr) => [...tr.querySelectorAll('td')].map((td) => Number(td.textContent))));
  if (classifier) {
    const w = latest.windows?.[first().name] ?? latest.windows.count;
    assert.deepEqual(cells, w.confusion, 'K x K cells equal to the document');
    assert.equal(cells.length, w.labels.length);
  } else {
    assert.equal(cells.length, 0);
  }
});

test('the history timeline has one mark per drift evaluation, coloured by verdict, and when each feature drifted', async () => {
  if (!doc.history) {
    assert.match(await page.textContent('section#history'), /No history/);
    return;
  }
  const marks = await page.$$eval('section#history svg.timeline rect.verdict', (rs) => rs.map((r) => r.dataset.verdict));
  const drift = doc.history.drift ?? [];
  assert.equal(marks.length, drift.length);
  const count = (xs) => xs.reduce((m, v) => ({ ...m, [v]: (m[v] ?? 0) + 1 }), {});
  assert.deepEqual(count(marks), count(drift.map((e) => e.verdict)));
  const fills = await page.$$eval('section#history rect.verdict', (rs) => [...new Set(rs.map((r) => r.classList[1] + '=' + getComputedStyle(r).fill))]);
  const colour = Object.fromEntries(fills.map((f) => f.split('=')));
  if (colour.drift && colour.no_drift) assert.notEqual(colour.drift, colour.no_drift);
  for (const [name, times] of Object.entries(doc.history.features ?? {})) {
    const n = await page.$$eval('section#history g.feature-history', (gs, f) => gs.find((g) => g.dataset.feature === f)
      ?.querySelectorAll('rect.when').length ?? -1, name);
    assert.equal(n, times.length, name);
  }
});

test('the segment picker redraws the chosen segment, insufficient data with its reason', async () => {
  if (segments().length < 2) return;
  for (let i = 1; i < segments().length; i++) {
    const seg = segments()[i];
    await page.selectOption('#segment-picker', String(i));
    await page.waitForFunction((n) => document.getElementById('content').dataset.segment === n, seg.name);
    const got = await sections(page);
    assert.equal(await foreign(page), 0, seg.name + ': no element made from the document\'s text');
    const ev = seg.evaluation;
    if (!ev) {
      assert.match(await page.textContent('#content'), /No evaluation yet/);
    } else if (ev.verdict !== true) {
      assert.ok((await page.textContent('#content')).includes(ev.reason), 'the reason: ' + ev.reason);
      assert.equal(got.length, 0);
    } else {
      assert.deepEqual(got.map((s) => s.feature), expectedOrder(ev));
    }
  }
  await page.selectOption('#segment-picker', '0');
  await page.waitForFunction((n) => document.getElementById('content').dataset.segment === n, first().name);
  assert.deepEqual(errors, []);
});

test('the exported JSON is the document, and the exported page renders the same sections offline', async () => {
  const [json] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
  assert.match(json.suggestedFilename(), /^facet-report-.*\.json$/);
  assert.deepEqual(JSON.parse(readFileSync(await json.path(), 'utf8')), doc);

  const [html] = await Promise.all([page.waitForEvent('download'), page.click('#export-html')]);
  assert.match(html.suggestedFilename(), /^facet-report-.*\.html$/);
  const saved = join(profile, 'exported.html');
  await html.saveAs(saved);
  const text = readFileSync(saved, 'utf8');
  assert.ok(!/https?:\/\//i.test(text), 'no network address in the exported file');
  const copy = await open(pathToFileURL(saved).href);
  try {
    const want = await sections(page);
    const got = await sections(copy);
    assert.deepEqual(got, want);
    assert.equal(await copy.$$eval('section#quality svg, section#quality table', (e) => e.length),
      await page.$$eval('section#quality svg, section#quality table', (e) => e.length));
    assert.equal(await copy.$$eval('rect.verdict', (e) => e.length), await page.$$eval('rect.verdict', (e) => e.length));
    assert.equal(await copy.textContent('header'), await page.textContent('header'));
  } finally {
    await copy.close();
  }
  assert.deepEqual(errors, []);
  assert.deepEqual(blocked, []);
});

test('a full-page screenshot', async () => {
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
});
