// Facet home page: plain JS, no framework, no external assets. Talks to this server only:
// GET /model-info (the schema of the form), POST /explain, POST /predict/batch, GET /api/status.
'use strict';

const FEATURES = ['carat', 'cut', 'color', 'clarity', 'depth', 'table', 'x', 'y', 'z'];
const EXAMPLE = { carat: 0.7, cut: 'Ideal', color: 'G', clarity: 'VS2', depth: 61.8, table: 57, x: 5.7, y: 5.72, z: 3.53 };
const $ = (id) => document.getElementById(id);
const usd = (v) => v.toLocaleString('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });
const signedUsd = (v) => (Math.round(Math.abs(v)) === 0 ? '' : v > 0 ? '+' : '−') + usd(Math.abs(v));
let maxRows = 1000;
let lastBatch = null;

async function getJson(url, init) {
  const r = await fetch(url, init);
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  return { status: r.status, body };
}

function show(id, text) { const el = $(id); el.textContent = text; el.hidden = !text; }

// ---------- the form, built from the model card ----------
async function loadModel() {
  const { status, body } = await getJson('/model-info');
  if (status !== 200) { show('single-error', 'cannot read /model-info (HTTP ' + status + ')'); return; }
  $('model').textContent = body.model_name + ' version ' + body.model_version + ' · ' + body.compiled.trees + ' trees';
  const cfg = (body.serving && body.serving.config) || {};
  if (cfg['limits.batch.max.rows']) { maxRows = cfg['limits.batch.max.rows']; $('max-rows').textContent = maxRows; }
  const byName = {};
  (body.card.features || []).forEach((f) => { byName[f.name] = f; });
  const fields = $('fields');
  fields.textContent = '';
  for (const name of FEATURES) {
    const f = byName[name] || { name };
    const label = document.createElement('label');
    label.textContent = name + (f.unit && !f.categories ? ' (' + f.unit + ')' : '');
    let input;
    if (f.categories && f.categories.length) {
      input = document.createElement('select');
      for (const c of f.categories) { const o = document.createElement('option'); o.value = o.textContent = c; input.append(o); }
      input.value = EXAMPLE[name];
    } else {
      input = document.createElement('input');
      input.type = 'number'; input.step = 'any'; input.value = EXAMPLE[name];
      if (f.training_min != null) input.title = 'seen in training: ' + f.training_min + ' to ' + f.training_max;
    }
    input.name = name; input.id = 'f-' + name;
    label.append(input);
    fields.append(label);
  }
}

function formDiamond() {
  const d = {};
  for (const name of FEATURES) {
    const el = $('f-' + name);
    el.classList.remove('invalid');
    if (el.tagName === 'SELECT') d[name] = el.value;
    else d[name] = el.value.trim() === '' ? null : Number(el.value);
  }
  return d;
}

function errorText(body, rowLabel) {
  if (!body) return 'the server refused the request';
  const lines = [body.message];
  for (const e of body.details || []) lines.push('• ' + (rowLabel ? rowLabel(e.field) : e.field) + ': ' + e.problem);
  return lines.join('\n');
}

async function explain(ev) {
  ev.preventDefault();
  show('single-error', '');
  const { status, body } = await getJson('/explain', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(formDiamond()),
  });
  if (status !== 200) {
    $('result').hidden = true;
    for (const e of (body && body.details) || []) { const el = $('f-' + e.field); if (el) el.classList.add('invalid'); }
    show('single-error', errorText(body));
    return;
  }
  $('price').textContent = usd(body.price);
  $('expected').textContent = usd(body.expected_value);
  $('prediction-id').textContent = 'Prediction ' + body.prediction_id + '.';
  drawBars(body.contributions);
  $('result').hidden = false;
}

// A horizontal bar per feature, centred on zero: orange adds to the price, blue takes from it.
function drawBars(contributions) {
  const svg = $('bars');
  const entries = FEATURES.map((f) => [f, contributions[f]]);
  const max = Math.max(1, ...entries.map(([, v]) => Math.abs(v)));
  const rowH = 26, labelW = 70, valueW = 90, width = 720, mid = labelW + (width - labelW - valueW) / 2;
  const half = (width - labelW - valueW) / 2 - 4;
  const ns = 'http://www.w3.org/2000/svg';
  svg.setAttribute('viewBox', '0 0 ' + width + ' ' + (entries.length * rowH + 8));
  svg.textContent = '';
  const axis = document.createElementNS(ns, 'line');
  Object.entries({ x1: mid, x2: mid, y1: 0, y2: entries.length * rowH + 8, class: 'axis' }).forEach(([k, v]) => axis.setAttribute(k, v));
  svg.append(axis);
  entries.forEach(([name, v], i) => {
    const y = i * rowH + 4, w = Math.max(1, (Math.abs(v) / max) * half);
    const g = document.createElementNS(ns, 'g');
    g.setAttribute('class', 'bar'); g.setAttribute('data-feature', name); g.setAttribute('data-value', String(v));
    const label = document.createElementNS(ns, 'text');
    label.setAttribute('x', 0); label.setAttribute('y', y + 16); label.textContent = name;
    const rect = document.createElementNS(ns, 'rect');
    rect.setAttribute('x', v >= 0 ? mid : mid - w); rect.setAttribute('y', y + 3);
    rect.setAttribute('width', w); rect.setAttribute('height', rowH - 8);
    rect.setAttribute('class', v >= 0 ? 'bar-up' : 'bar-down');
    const value = document.createElementNS(ns, 'text');
    value.setAttribute('x', width - valueW + 6); value.setAttribute('y', y + 16); value.textContent = signedUsd(v);
    g.append(label, rect, value);
    svg.append(g);
  });
}

// ---------- batch from CSV ----------
function parseCsv(text) {
  const rows = []; let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((x) => x.trim() !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  row.push(field);
  if (row.some((x) => x.trim() !== '')) rows.push(row);
  return rows;
}

function toDiamonds(rows) {
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const missing = FEATURES.filter((f) => !header.includes(f));
  if (missing.length) throw new Error('the header has no column ' + missing.join(', ') + '; found: ' + header.join(', '));
  const idx = Object.fromEntries(FEATURES.map((f) => [f, header.indexOf(f)]));
  return rows.slice(1).map((r) => {
    const d = {};
    for (const f of FEATURES) {
      const raw = (r[idx[f]] ?? '').trim();
      // numbers as numbers; anything else goes as text and the server names the problem
      d[f] = raw === '' ? null : (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : raw);
    }
    return d;
  });
}

async function uploadCsv() {
  const file = $('csv-file').files[0];
  show('batch-error', ''); $('batch-result').hidden = true;
  if (!file) return;
  let diamonds;
  try {
    const rows = parseCsv(await file.text());
    if (rows.length < 2) throw new Error('the file needs a header row and at least one data row');
    diamonds = toDiamonds(rows);
    if (diamonds.length > maxRows) throw new Error(diamonds.length + ' rows; the limit is ' + maxRows + ' per batch');
  } catch (e) { show('batch-error', e.message); return; }
  const { status, body } = await getJson('/predict/batch', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(diamonds),
  });
  if (status !== 200) {
    // [i].field -> "row i+1 (line i+2): field", so the user finds the row in the file
    show('batch-error', 'The batch was refused (all or nothing): ' + errorText(body, (field) => {
      const m = /^\[(\d+)\]\.?(.*)$/.exec(field);
      return m ? 'row ' + (Number(m[1]) + 1) + ' (line ' + (Number(m[1]) + 2) + ')' + (m[2] ? ' ' + m[2] : '') : field;
    }));
    return;
  }
  lastBatch = diamonds.map((d, i) => ({ ...d, price: body.predictions[i].price, prediction_id: body.predictions[i].prediction_id }));
  renderTable(lastBatch, body);
}

function renderTable(rows, body) {
  const cols = ['#', ...FEATURES, 'price'];
  const thead = $('batch-table').tHead, tbody = $('batch-table').tBodies[0];
  thead.textContent = ''; tbody.textContent = '';
  const hr = thead.insertRow();
  cols.forEach((c) => { const th = document.createElement('th'); th.textContent = c; if (['cut', 'color', 'clarity'].includes(c)) th.className = 'text'; hr.append(th); });
  rows.forEach((r, i) => {
    const tr = tbody.insertRow();
    cols.forEach((c) => {
      const td = tr.insertCell();
      td.textContent = c === '#' ? i + 1 : c === 'price' ? usd(r.price) : r[c];
      if (['cut', 'color', 'clarity'].includes(c)) td.className = 'text';
    });
  });
  $('batch-summary').textContent = rows.length + ' predictions by ' + body.model_name + ' ' + body.model_version;
  $('batch-result').hidden = false;
}

function downloadCsv() {
  if (!lastBatch) return;
  const cols = [...FEATURES, 'price', 'prediction_id'];
  const esc = (v) => { const s = String(v ?? ''); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
  const text = [cols.join(','), ...lastBatch.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\n') + '\n';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  a.download = 'predictions.csv';
  document.body.append(a); a.click(); a.remove();
}

// ---------- live status from the drift-worker and ground-truth (through /api/status) ----------
function badge(id, text, cls) { const el = $(id); el.textContent = text; el.className = 'badge ' + (cls || ''); }
const fmt = (v, d = 0) => (v == null ? '–' : Number(v).toFixed(d));

async function refreshStatus() {
  let s;
  try { s = (await getJson('/api/status')).body; } catch (e) { s = null; }
  if (!s) { badge('drift-status', 'serving unreachable', 'bad'); return; }
  $('status-time').textContent = 'checked ' + new Date(s.checked_at).toLocaleTimeString();
  const d = s.drift;
  if (!d.reachable || !d.report) { badge('drift-status', 'drift-worker unreachable'); $('drift-detail').textContent = d.error || ''; }
  else {
    const w = d.report.windows && d.report.windows.count;
    const latest = w && w.latest;
    if (!latest) { badge('drift-status', 'waiting for data'); $('drift-detail').textContent = w ? w.open.events + ' of ' + w.open.capacity + ' events in the first window' : ''; }
    else if (!latest.verdict) { badge('drift-status', 'no verdict yet'); $('drift-detail').textContent = latest.reason || ''; }
    else if (latest.dataset_drift) { badge('drift-status', 'DRIFT', 'bad'); $('drift-detail').textContent = 'drifted: ' + latest.drifted_features.join(', ') + ' (last ' + latest.size + ' predictions)'; }
    else { badge('drift-status', 'no drift', 'ok'); $('drift-detail').textContent = 'last ' + latest.size + ' predictions' + (latest.drifted_features.length ? '; drifted: ' + latest.drifted_features.join(', ') : ''); }
  }
  const q = s.quality;
  if (!q.reachable || !q.report) { badge('quality-status', 'ground-truth unreachable'); $('quality-detail').textContent = q.error || ''; }
  else {
    const w = q.report.windows.count, base = q.report.baseline || {};
    const drift = q.report.concept_drift && q.report.concept_drift.detected;
    if (!w.pairs) badge('quality-status', 'no feedback yet');
    else badge('quality-status', drift ? 'ERROR RISING' : 'within baseline', drift ? 'bad' : 'ok');
    $('quality-detail').textContent = 'rolling MAE ' + fmt(w.mae) + ' · RMSE ' + fmt(w.rmse) + ' over ' + (w.pairs || 0)
      + ' matched predictions (baseline MAE ' + fmt(base.mae) + ', RMSE ' + fmt(base.rmse) + ')';
  }
}

$('diamond-form').addEventListener('submit', explain);
$('csv-file').addEventListener('change', uploadCsv);
$('download').addEventListener('click', downloadCsv);
loadModel();
refreshStatus();
setInterval(refreshStatus, 5000);
