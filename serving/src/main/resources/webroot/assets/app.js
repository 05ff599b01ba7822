// Facet home page: plain JS, no framework, no external assets. Talks to this server only:
// GET /models (the picker), GET /models/{name} (its schema: the form), POST /models/{name}/explain (or /predict
// when the model has no explainer), POST /models/{name}/predict/batch, GET /model-info (the batch limit),
// GET /api/status. Nothing here knows a feature name: the form is the schema's.
'use strict';

const $ = (id) => document.getElementById(id);
const MISSING = '';
let maxRows = 1000;
let model = null; // {name, version, schema, explainable}
let lastBatch = null;

async function getJson(url, init) {
  const r = await fetch(url, init);
  let body = null;
  try { body = await r.json(); } catch (e) { /* not JSON */ }
  return { status: r.status, body };
}

const postJson = (url, value) => getJson(url, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(value),
});

function show(id, text) { const el = $(id); el.textContent = text; el.hidden = !text; }
const modelUrl = (suffix) => '/models/' + encodeURIComponent(model.name) + suffix;
const isClassifier = () => model.schema.task.type === 'classification';
const target = () => model.schema.task.target;

// A regression's value in its target's unit: currency for a currency code, else the number and its unit.
function formatValue(v) {
  const unit = (model && model.schema.task.unit) || '';
  if (/^[A-Z]{3}$/.test(unit)) {
    try { return v.toLocaleString('en-US', { style: 'currency', currency: unit, maximumFractionDigits: 0 }); } catch (e) { /* not ISO 4217 */ }
  }
  return Number(v).toLocaleString('en-US', { maximumFractionDigits: 3 }) + (unit ? ' ' + unit : '');
}
const signed = (v, fmt) => (v > 0 ? '+' : v < 0 ? '−' : '') + fmt(Math.abs(v));

// ---------- the picker and the form, built from the schema ----------
async function loadModels() {
  const { status, body } = await getJson('/models');
  if (status !== 200) { show('single-error', 'cannot read /models (HTTP ' + status + ')'); return; }
  const picker = $('model-picker');
  picker.textContent = '';
  for (const m of body.models) {
    const o = document.createElement('option');
    o.value = m.name;
    o.textContent = m.name + (m.task ? ' (' + m.task + ')' : '') + (m.ready ? '' : ' · loading');
    o.disabled = !m.ready;
    picker.append(o);
  }
  picker.value = body.default;
  const info = await getJson('/model-info');
  const cfg = (info.body && info.body.serving && info.body.serving.config) || {};
  if (cfg['limits.batch.max.rows']) { maxRows = cfg['limits.batch.max.rows']; $('max-rows').textContent = maxRows; }
  await pickModel(body.default);
}

async function pickModel(name) {
  const { status, body } = await getJson('/models/' + encodeURIComponent(name));
  if (status !== 200) { show('single-error', (body && body.message) || 'cannot read model ' + name); return; }
  model = { name, version: body.version, schema: body.schema, example: body.example, explainable: true };
  show('single-error', ''); show('batch-error', '');
  $('result').hidden = true; $('batch-result').hidden = true; lastBatch = null;
  $('model').textContent = name + ' version ' + body.version + ' · ' + body.task + ' of ' + target()
    + (isClassifier() ? ' (' + model.schema.task.labels.join(', ') + ')' : model.schema.task.unit ? ' in ' + model.schema.task.unit : '');
  $('batch-columns').textContent = model.schema.features.map((f) => f.name).join(', ');
  $('answer-label').textContent = 'Predicted ' + target();
  buildForm();
  badge('drift-status', '…'); badge('quality-status', '…');
  $('drift-detail').textContent = ''; $('quality-detail').textContent = '';
  refreshStatus();
}

// The model's example row (training medians, most frequent categories), else the middle of the valid range.
function startValue(f) {
  const typical = model.example && model.example[f.name];
  if (typical != null) return f.kind === 'numeric' ? Number(Number(typical).toPrecision(4)) : typical;
  if (f.kind === 'categorical') return f.categories[0];
  const lo = f.range && f.range.min, hi = f.range && f.range.max;
  if (lo == null || hi == null) return lo ?? hi ?? 0;
  return Number(((lo + hi) / 2).toPrecision(3));
}

function buildForm() {
  const fields = $('fields');
  fields.textContent = '';
  const optional = [];
  for (const f of model.schema.features) {
    const label = document.createElement('label');
    label.textContent = f.name + (f.kind === 'numeric' && f.unit ? ' (' + f.unit + ')' : '');
    label.title = f.description || '';
    let input;
    if (f.kind === 'categorical') {
      input = document.createElement('select');
      for (const c of f.categories) { const o = document.createElement('option'); o.value = o.textContent = c; input.append(o); }
      if (f.missing.allowed) { const o = document.createElement('option'); o.value = MISSING; o.textContent = '(missing)'; input.append(o); }
      input.value = startValue(f);
    } else {
      input = document.createElement('input');
      input.type = 'number'; input.step = 'any';
      if (f.range) {
        if (f.range.min != null) input.min = f.range.min;
        if (f.range.max != null) input.max = f.range.max;
        input.title = 'valid: ' + (f.range.min_exclusive ? '> ' : '≥ ') + f.range.min + ' and ≤ ' + f.range.max
          + (f.missing.allowed ? '; may be left empty (missing)' : '');
      }
      input.placeholder = f.missing.allowed ? 'missing' : 'required';
      input.value = startValue(f);
    }
    input.name = f.name; input.id = 'f-' + f.name;
    input.dataset.missingAllowed = String(f.missing.allowed);
    label.append(input);
    fields.append(label);
    if (f.missing.allowed) optional.push(f.name);
  }
  $('schema-note').textContent = model.schema.features.length + ' features from the model\'s schema'
    + (optional.length ? '; may be missing: ' + optional.join(', ') : '; none may be missing');
}

// The row as the schema wants it: numbers as numbers, categories as text, an empty field as null (missing).
function formRow() {
  const row = {};
  for (const f of model.schema.features) {
    const el = $('f-' + f.name);
    el.classList.remove('invalid');
    const raw = el.value.trim();
    row[f.name] = raw === '' ? null : f.kind === 'numeric' ? Number(raw) : raw;
  }
  return row;
}

function errorText(body, rowLabel) {
  if (!body) return 'the server refused the request';
  const lines = [body.message];
  for (const e of body.details || []) lines.push('• ' + (rowLabel ? rowLabel(e.field) : e.field) + ': ' + e.problem);
  return lines.join('\n');
}

async function predictOne(ev) {
  ev.preventDefault();
  show('single-error', '');
  const row = formRow();
  let { status, body } = model.explainable ? await postJson(modelUrl('/explain'), row) : { status: 0 };
  if (status === 503 && body && body.error === 'unavailable' && /explainer/.test(body.message)) model.explainable = false;
  if (!model.explainable) ({ status, body } = await postJson(modelUrl('/predict'), row));
  if (status !== 200) {
    $('result').hidden = true;
    for (const e of (body && body.details) || []) { const el = $('f-' + e.field); if (el) el.classList.add('invalid'); }
    show('single-error', errorText(body));
    return;
  }
  showAnswer(body);
}

function showAnswer(body) {
  const tbody = $('probabilities').tBodies[0];
  tbody.textContent = '';
  let contributions = body.contributions, expected = body.expected_value, fmt = formatValue;
  if (isClassifier()) {
    $('value').textContent = body.label;
    for (const label of model.schema.task.labels) {
      const p = body.probabilities[label];
      const tr = tbody.insertRow();
      tr.dataset.label = label; tr.dataset.probability = String(p);
      if (label === body.label) tr.className = 'chosen';
      const name = tr.insertCell(); name.className = 'text'; name.textContent = label;
      tr.insertCell().textContent = (p * 100).toFixed(1) + ' %';
      const bar = tr.insertCell(); bar.className = 'bar';
      const span = document.createElement('span'); span.style.width = Math.round(p * 100) + '%'; bar.append(span);
    }
    // the predicted label's explanation: what each feature adds to its probability
    contributions = body.contributions && body.contributions[body.label];
    expected = body.expected_values && body.expected_values[body.label];
    fmt = (v) => (v * 100).toFixed(1) + ' %';
    $('explained-label').textContent = body.contributions ? ' of P(' + body.label + ')' : '';
  } else {
    $('value').textContent = formatValue(body[target()]);
    $('explained-label').textContent = '';
  }
  $('probabilities').hidden = !isClassifier();
  $('explanation').hidden = !contributions;
  if (contributions) {
    $('expected').textContent = fmt(expected);
    drawBars(contributions, fmt);
  }
  $('prediction-id').textContent = 'Prediction ' + body.prediction_id + ' by ' + body.model_name + ' ' + body.model_version + '.';
  $('result').hidden = false;
}

// A horizontal bar per feature, centred on zero: orange adds to the answer, blue takes from it.
function drawBars(contributions, fmt) {
  const svg = $('bars');
  const entries = model.schema.features.map((f) => [f.name, contributions[f.name]]);
  const max = Math.max(1e-12, ...entries.map(([, v]) => Math.abs(v)));
  const rowH = 26, labelW = 140, valueW = 90, width = 720, mid = labelW + (width - labelW - valueW) / 2;
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
    value.setAttribute('x', width - valueW + 6); value.setAttribute('y', y + 16); value.textContent = signed(v, fmt);
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

function toRows(rows) {
  const names = model.schema.features.map((f) => f.name);
  const header = rows[0].map((h) => h.trim());
  const missing = names.filter((f) => !header.includes(f));
  if (missing.length) throw new Error('the header has no column ' + missing.join(', ') + '; found: ' + header.join(', '));
  const idx = Object.fromEntries(names.map((f) => [f, header.indexOf(f)]));
  return rows.slice(1).map((r) => {
    const d = {};
    for (const f of names) {
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
  if (!file || !model) return;
  let rows;
  try {
    const parsed = parseCsv(await file.text());
    if (parsed.length < 2) throw new Error('the file needs a header row and at least one data row');
    rows = toRows(parsed);
    if (rows.length > maxRows) throw new Error(rows.length + ' rows; the limit is ' + maxRows + ' per batch');
  } catch (e) { show('batch-error', e.message); return; }
  const { status, body } = await postJson(modelUrl('/predict/batch'), rows);
  if (status !== 200) {
    // [i].field -> "row i+1 (line i+2): field", so the user finds the row in the file
    show('batch-error', 'The batch was refused (all or nothing): ' + errorText(body, (field) => {
      const m = /^\[(\d+)\]\.?(.*)$/.exec(field);
      return m ? 'row ' + (Number(m[1]) + 1) + ' (line ' + (Number(m[1]) + 2) + ')' + (m[2] ? ' ' + m[2] : '') : field;
    }));
    return;
  }
  const answer = isClassifier() ? 'label' : target();
  lastBatch = rows.map((d, i) => ({ ...d, [answer]: body.predictions[i][answer], prediction_id: body.predictions[i].prediction_id }));
  renderTable(lastBatch, body, answer);
}

function renderTable(rows, body, answer) {
  const text = new Set(model.schema.features.filter((f) => f.kind === 'categorical').map((f) => f.name));
  text.add('label');
  const cols = ['#', ...model.schema.features.map((f) => f.name), answer];
  const thead = $('batch-table').tHead, tbody = $('batch-table').tBodies[0];
  thead.textContent = ''; tbody.textContent = '';
  const hr = thead.insertRow();
  cols.forEach((c) => { const th = document.createElement('th'); th.textContent = c; if (text.has(c)) th.className = 'text'; hr.append(th); });
  rows.forEach((r, i) => {
    const tr = tbody.insertRow();
    cols.forEach((c) => {
      const td = tr.insertCell();
      td.textContent = c === '#' ? i + 1 : c === answer && !isClassifier() ? formatValue(r[c]) : (r[c] ?? '');
      if (text.has(c)) td.className = 'text';
    });
  });
  $('batch-summary').textContent = rows.length + ' predictions by ' + body.model_name + ' ' + body.model_version;
  $('batch-result').hidden = false;
}

function downloadCsv() {
  if (!lastBatch) return;
  const cols = Object.keys(lastBatch[0]);
  const esc = (v) => { const s = String(v ?? ''); return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; };
  const text = [cols.join(','), ...lastBatch.map((r) => cols.map((c) => esc(r[c])).join(','))].join('\n') + '\n';
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  a.download = 'predictions.csv';
  document.body.append(a); a.click(); a.remove();
}

// ---------- live status from the drift-worker and ground-truth (through /api/status) ----------
// The panel follows the picked model. With several models the peers answer every model under `models` (GET /drift,
// GET /quality) and one with `?model=NAME`, at the top level; /api/status passes the peers' answers through, so
// the page asks with ?model= and reads either shape: the picked model's entry under `models`, else a top-level
// report of that model (or of a one-model service, which names none).
function badge(id, text, cls) { const el = $(id); el.textContent = text; el.className = 'badge ' + (cls || ''); }
const fmt = (v, d = 0) => (v == null ? '–' : Number(v).toFixed(d));
const pct = (v) => (v == null ? '–' : (100 * v).toFixed(1) + '%');

function reportOf(report, name) {
  if (!report) return null;
  if (report.models && !(report.model && report.model.name === name)) return report.models[name] || null;
  return !report.model || report.model.name === name ? report : null;
}

function showDrift(d, name) {
  if (!d.reachable || (!d.report && d.http_status !== 404)) {
    badge('drift-status', 'drift-worker unreachable'); $('drift-detail').textContent = d.error || ''; return;
  }
  const r = reportOf(d.report, name);
  const w = r && r.windows && r.windows.count;
  const latest = w && w.latest;
  if (!r) { badge('drift-status', 'waiting for data'); $('drift-detail').textContent = 'no prediction of ' + name + ' seen yet'; }
  else if (!latest) { badge('drift-status', 'waiting for data'); $('drift-detail').textContent = w ? w.open.events + ' of ' + w.open.capacity + ' events in the first window' : ''; }
  else if (!latest.verdict) { badge('drift-status', 'no verdict yet'); $('drift-detail').textContent = latest.reason || ''; }
  else if (latest.dataset_drift) { badge('drift-status', 'DRIFT', 'bad'); $('drift-detail').textContent = 'drifted: ' + latest.drifted_features.join(', ') + ' (last ' + latest.size + ' predictions)'; }
  else { badge('drift-status', 'no drift', 'ok'); $('drift-detail').textContent = 'last ' + latest.size + ' predictions' + (latest.drifted_features.length ? '; drifted: ' + latest.drifted_features.join(', ') : ''); }
}

function showQuality(q, name) {
  if (!q.reachable || (!q.report && q.http_status !== 404)) {
    badge('quality-status', 'ground-truth unreachable'); $('quality-detail').textContent = q.error || ''; return;
  }
  const r = reportOf(q.report, name);
  const w = r && r.windows && r.windows.count;
  if (!w || !w.pairs) { badge('quality-status', 'no feedback yet'); $('quality-detail').textContent = r ? '' : 'no prediction of ' + name + ' joined yet'; return; }
  const drift = r.concept_drift && r.concept_drift.detected;
  badge('quality-status', drift ? 'ERROR RISING' : 'within baseline', drift ? 'bad' : 'ok');
  const base = r.baseline || {};
  $('quality-detail').textContent = (w.accuracy !== undefined
    ? 'rolling accuracy ' + pct(w.accuracy) + ' · macro-F1 ' + fmt(w.macro_f1, 3) + ' over ' + w.pairs
      + ' matched predictions (baseline accuracy ' + pct(base.accuracy) + ', macro-F1 ' + fmt(base.macro_f1, 3) + ')'
    : 'rolling MAE ' + fmt(w.mae) + ' · RMSE ' + fmt(w.rmse) + ' over ' + w.pairs
      + ' matched predictions (baseline MAE ' + fmt(base.mae) + ', RMSE ' + fmt(base.rmse) + ')');
}

async function refreshStatus() {
  if (!model) return;
  const name = model.name;
  let s;
  try { s = (await getJson('/api/status?model=' + encodeURIComponent(name))).body; } catch (e) { s = null; }
  if (!model || model.name !== name) return; // another model was picked meanwhile: its own refresh shows it
  if (!s) { badge('drift-status', 'serving unreachable', 'bad'); return; }
  $('status-model').textContent = name;
  $('report-link').href = '/models/' + encodeURIComponent(name) + '/report';
  $('status-time').textContent = 'checked ' + new Date(s.checked_at).toLocaleTimeString();
  showDrift(s.drift, name);
  showQuality(s.quality, name);
}

$('model-picker').addEventListener('change', (e) => pickModel(e.target.value));
$('row-form').addEventListener('submit', predictOne);
$('csv-file').addEventListener('change', uploadCsv);
$('download').addEventListener('click', downloadCsv);
loadModels(); // picks the default model, which refreshes the status panel
setInterval(refreshStatus, 5000);
