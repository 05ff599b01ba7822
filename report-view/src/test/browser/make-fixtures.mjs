// Writes the two report documents the report-view tests draw (../resources/report-*.json), from the real data sets
// in data/, so their distributions, tests and shares have the shapes real windows have. Run once by hand:
//   node make-fixtures.mjs
// The numbers follow the drift-worker's definitions (KS, Wasserstein / std, chi-square with Cohen's w, PSI over
// reference deciles, JS distance) closely enough for a fixture; they are not a second implementation to test
// against. Seeded, so the output is reproducible.
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = join(HERE, '..', '..', '..', '..', 'data');
const OUT = join(HERE, '..', 'resources');

let seed = 22;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
const r6 = (v) => Math.round(v * 1e6) / 1e6;

function csv(name) {
  const lines = gunzipSync(readFileSync(join(DATA, name))).toString('utf8').trim().split('\n');
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const cells = l.match(/("[^"]*"|[^,]*)(,|$)/g).map((c) => c.replace(/,$/, '').replaceAll('"', ''));
    return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
  });
}
const num = (v) => (v === '' || v === 'NaN' || v === undefined ? NaN : Number(v));
const sample = (rows, n, weight = () => 1) => {
  const out = [];
  const max = Math.max(...rows.map(weight));
  while (out.length < n) {
    const r = rows[Math.floor(rnd() * rows.length)];
    if (rnd() * max <= weight(r)) out.push(r);
  }
  return out;
};
const sorted = (xs) => xs.filter((v) => v === v).sort((a, b) => a - b);
const quantile = (s, q) => s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const std = (xs) => { const m = mean(xs); return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)); };

function ksTest(a, b) {
  let i = 0, j = 0, d = 0;
  while (i < a.length && j < b.length) {
    const v = Math.min(a[i], b[j]);
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  const en = Math.sqrt(a.length * b.length / (a.length + b.length));
  const lambda = (en + 0.12 + 0.11 / en) * d;
  let p = 0;
  for (let k = 1; k < 100; k++) p += 2 * (-1) ** (k - 1) * Math.exp(-2 * k * k * lambda * lambda);
  return { d, p: Math.min(1, Math.max(0, p)) };
}
function wasserstein(a, b) {
  let sum = 0;
  const n = 400;
  for (let k = 0; k < n; k++) sum += Math.abs(quantile(a, (k + 0.5) / n) - quantile(b, (k + 0.5) / n));
  return sum / n;
}
function shares(edges, s) { // PSI bins: values <= edge[b] in bin b, the rest in the last
  const out = new Array(edges.length + 1).fill(0);
  for (const v of s) { let b = 0; while (b < edges.length && v > edges[b]) b++; out[b]++; }
  return out.map((c) => c / s.length);
}
const FLOOR = 1e-4;
const psi = (e, a) => e.reduce((s, _, i) => { const x = Math.max(e[i], FLOOR), y = Math.max(a[i], FLOOR); return s + (y - x) * Math.log(y / x); }, 0);
const js = (p, q) => Math.sqrt(Math.max(0, p.reduce((s, _, i) => {
  const m = (p[i] + q[i]) / 2;
  return s + (p[i] > 0 ? p[i] * Math.log(p[i] / m) / 2 : 0) + (q[i] > 0 ? q[i] * Math.log(q[i] / m) / 2 : 0);
}, 0)));
const band = (v) => (v >= 0.25 ? 'major' : v >= 0.1 ? 'moderate' : 'none');

// the contract's histogram: K = 20 equal bins over the union of both samples' 0.5th..99.5th percentiles
function histogram(ref, cur) {
  const lo = Math.min(quantile(ref, 0.005), quantile(cur, 0.005));
  const hi = Math.max(quantile(ref, 0.995), quantile(cur, 0.995));
  const K = 20, w = (hi - lo) / K;
  const edges = Array.from({ length: K + 1 }, (_, i) => r6(lo + i * w));
  const bin = (s) => {
    const c = new Array(K).fill(0);
    for (const v of s) c[Math.min(K - 1, Math.max(0, Math.floor((v - lo) / w)))]++;
    return c.map((x) => r6(x / s.length));
  };
  return { type: 'histogram', edges, reference: bin(ref), current: bin(cur) };
}

function numeric(name, kind, refValues, curValues, trainingRows) {
  const ref = sorted(refValues), cur = sorted(curValues);
  const { d, p } = ksTest(cur, ref);
  const s = std(ref);
  const edges = Array.from({ length: 9 }, (_, i) => quantile(ref, (i + 1) / 10));
  const rs = shares(edges, ref), cs = shares(edges, cur);
  const psiValue = psi(rs, cs);
  return {
    name, kind, test: 'ks', statistic: r6(d), p_value: p, measure: 'wasserstein_std', magnitude: r6(wasserstein(cur, ref) / s),
    threshold: 0.1, psi: r6(psiValue), js: r6(js(rs, cs)),
    reference: { sample_size: ref.length, training_rows: trainingRows, mean: r6(mean(ref)), std: r6(s), min: ref[0],
      max: ref[ref.length - 1], p05: quantile(ref, 0.05), p50: quantile(ref, 0.5), p95: quantile(ref, 0.95),
      missing_share: r6(refValues.filter((v) => v !== v).length / refValues.length), psi_bin_edges: edges },
    distribution: histogram(ref, cur),
    quality: { kind: 'numeric', present: cur.length, missing_share: r6(1 - cur.length / curValues.length),
      reference_missing_share: r6(refValues.filter((v) => v !== v).length / refValues.length),
      out_of_range_share: r6(cur.filter((v) => v < ref[0] || v > ref[ref.length - 1]).length / cur.length) },
  };
}

// chi-square survival by the Wilson-Hilferty cube-root normal approximation: plenty for a fixture
function chiSquareP(x, k) {
  const z = (Math.cbrt(x / k) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const tail = Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI)
    * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z > 0 ? tail : 1 - tail;
}

function categorical(name, kind, categories, refValues, curValues) {
  const refPresent = refValues.filter((v) => v !== ''), curPresent = curValues.filter((v) => v !== '');
  const freq = categories.map((c) => r6(refPresent.filter((v) => v === c).length / refPresent.length));
  const counts = categories.map((c) => curPresent.filter((v) => v === c).length);
  const n = curPresent.length;
  let chi = 0;
  categories.forEach((_, i) => { const e = freq[i] * n; if (e > 0) chi += (counts[i] - e) ** 2 / e; });
  const cs = counts.map((c) => r6(c / n));
  const psiValue = psi(freq, cs);
  return {
    name, kind, test: 'chi_square', statistic: r6(chi), p_value: chiSquareP(chi, categories.length - 1),
    measure: 'cohens_w', magnitude: r6(Math.sqrt(chi / n)), threshold: 0.1, psi: r6(psiValue), js: r6(js(freq, cs)),
    reference: { frequencies: Object.fromEntries(categories.map((c, i) => [c, freq[i]])),
      missing_share: r6((refValues.length - refPresent.length) / refValues.length) },
    details: { degrees_of_freedom: categories.length - 1, bins_after_merging: categories.length,
      observed: Object.fromEntries(categories.map((c, i) => [c, counts[i]])) },
    distribution: { type: 'categories', categories, reference: freq, current: cs },
    quality: { kind: 'categorical', present: n, missing_share: r6((curValues.length - n) / curValues.length),
      reference_missing_share: r6((refValues.length - refPresent.length) / refValues.length),
      unseen_category_share: r6(curPresent.filter((v) => !categories.includes(v)).length / n) },
  };
}

// the drift evaluation object exactly as DriftReport.evaluation writes it, with the contract's distribution key
function evaluation(version, evaluatedAt, size, first, last, tests, schemaOrder, alpha) {
  const adjusted = tests.map((t) => Math.min(1, t.p_value * tests.length)); // bonferroni
  const features = {};
  const drifted = [];
  tests.forEach((t, i) => {
    const significant = adjusted[i] <= alpha;
    const isDrifted = significant && t.magnitude > t.threshold;
    if (isDrifted) drifted.push(t.name);
    features[t.name] = { kind: t.kind, test: t.test, statistic: t.statistic, p_value: t.p_value,
      adjusted_p_value: adjusted[i], alpha, significant,
      magnitude: { measure: t.measure, value: t.magnitude, threshold: t.threshold }, drifted: isDrifted,
      psi: { value: t.psi, band: band(t.psi) }, js_distance: t.js, reference: t.reference,
      ...(t.details ? { details: t.details } : {}), distribution: t.distribution };
  });
  const share = drifted.length / tests.length;
  return {
    model_version: version, evaluated_at: evaluatedAt, size, verdict: true,
    bounds: { first_event_time: first, last_event_time: last, offsets: { 0: { first: 18220, last: 18311 },
      1: { first: 17902, last: 17990 }, 2: { first: 18450, last: 18540 }, 3: { first: 18001, last: 18083 },
      4: { first: 18133, last: 18212 }, 5: { first: 17770, last: 17849 } } },
    dataset_drift: share >= 0.1, drifted_features: drifted.length, drifted_share: r6(share),
    dataset_share_threshold: 0.1, features,
    data_quality: Object.fromEntries(schemaOrder.map((f) => [f, tests.find((t) => t.name === f).quality])),
  };
}

function insufficient(version, evaluatedAt, size, first, last, quality) {
  return { model_version: version, evaluated_at: evaluatedAt, size, verdict: false,
    reason: `window holds ${size} events; a verdict needs at least 200`,
    bounds: { first_event_time: first, last_event_time: last, offsets: { 0: { first: 9120, last: 9126 } } },
    data_quality: quality };
}

const POLICY = { alpha: 0.01, alpha_split: { partitions_assigned: 6, partitions_total: 6, instances_estimated: 1.0,
  alpha_per_instance: 0.01 }, correction: 'bonferroni', min_window: 200, numeric_threshold: 0.1,
  numeric_magnitude: 'wasserstein_std', categorical_threshold: 0.1, categorical_magnitude: 'cohens_w',
  dataset_share: 0.1, chi_square_min_expected: 5,
  psi_bins: 'numeric: deciles of the reference sample; categorical: the categories', psi_moderate: 0.1,
  psi_major: 0.25, js_distance: 'Jensen-Shannon distance, natural log, same bins as PSI' };

const T0 = Date.parse('2026-12-02T16:00:00Z');
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

// one drift entry per evaluated window over the last 24 h, oldest first; drift from `onset` on
function history(model, version, featuresOnset, onset, quality) {
  const drift = [];
  const features = {};
  for (let h = 0; h < 24; h++) {
    for (const [window, minute] of [['count', 10], ['time', 40]]) {
      const at = T0 + h * 3600_000 + minute * 60_000;
      const small = window === 'time' && (h === 3 || h === 4);
      const drifting = h >= onset && !small;
      const names = drifting ? featuresOnset.filter((_, i) => i === 0 || (h + i) % 3 !== 0) : [];
      const verdict = small ? 'insufficient_data' : drifting ? 'drift' : 'no_drift';
      names.forEach((n) => (features[n] ??= []).push(iso(at)));
      drift.push({ evaluated_at: iso(at), window, model_version: version, verdict, size: small ? 120 : 500,
        first_event_time: iso(at - 1500_000), last_event_time: iso(at - 2000), drifted_features: names,
        drifted_share: r6(names.length / 10) });
    }
  }
  return { model, from: iso(T0), to: iso(T0 + 24 * 3600_000), truncated: false, drift, features, quality };
}

// ---------------------------------------------------------------------------------------------------- diamonds
{
  const rows = csv('diamonds.csv.gz');
  const train = rows.filter((_, i) => i % 5 !== 0);
  const ref = sample(train, 5000);
  // the drifted window: the simulator's carat-scaled preset (carat x 1.3, the rest as served), so the model
  // prices heavier stones
  const scaled = (rs, f) => rs.map((r) => ({ ...r, carat: String(r6(Math.min(5.01, num(r.carat) * f))),
    price: String(num(r.price) * f ** 1.6) }));
  const cur = scaled(sample(rows, 500), 1.3);
  const predicted = (r) => Math.max(330, num(r.price) * (1 + 0.08 * gauss()));
  const NUMERIC = ['carat', 'depth', 'table', 'x', 'y', 'z'];
  const CATS = { cut: ['Fair', 'Good', 'Very Good', 'Premium', 'Ideal'], color: ['D', 'E', 'F', 'G', 'H', 'I', 'J'],
    clarity: ['I1', 'SI2', 'SI1', 'VS2', 'VS1', 'VVS2', 'VVS1', 'IF'] };
  const SCHEMA = ['carat', 'cut', 'color', 'clarity', 'depth', 'table', 'x', 'y', 'z'];
  const tests = [
    ...NUMERIC.map((f) => numeric(f, 'numeric', ref.map((r) => num(r[f])), cur.map((r) => num(r[f])), train.length)),
    ...Object.entries(CATS).map(([f, c]) => categorical(f, 'categorical', c, ref.map((r) => r[f]), cur.map((r) => r[f]))),
    numeric('prediction', 'prediction', ref.map(predicted), cur.map(predicted), train.length),
  ];
  const at = T0 + 24 * 3600_000 - 120_000;
  const count = evaluation('1', iso(at), 500, iso(at - 1400_000), iso(at - 1500), tests, SCHEMA, 0.01);
  const timeCur = scaled(sample(rows, 260), 1.3);
  const timeTests = [
    ...NUMERIC.map((f) => numeric(f, 'numeric', ref.map((r) => num(r[f])), timeCur.map((r) => num(r[f])), train.length)),
    ...Object.entries(CATS).map(([f, c]) => categorical(f, 'categorical', c, ref.map((r) => r[f]), timeCur.map((r) => r[f]))),
    numeric('prediction', 'prediction', ref.map(predicted), timeCur.map(predicted), train.length),
  ];
  const time = evaluation('1', iso(at + 60_000), 260, iso(at - 240_000), iso(at + 55_000), timeTests, SCHEMA, 0.01);
  const baseline = { mae: 291.7, rmse: 581.0, mape: 0.082, abs_error_std: 498.3 };
  const q = (k, mae, rmse, detected, atMs) => ({
    model: { name: 'diamond-price-rf', version: '1', task: 'regression' },
    baseline,
    windows: {
      count: { pairs: 500, mae, rmse, mape: r6(mae / 3550), bias: r6((mae - 280) * 0.6), mae_ratio: r6(mae / baseline.mae),
        rmse_ratio: r6(rmse / baseline.rmse), size: 500 },
      time: { pairs: 180 + k * 7, mae: r6(mae * 1.03), rmse: r6(rmse * 1.02), mape: r6(mae / 3500), bias: r6((mae - 280) * 0.5),
        mae_ratio: r6(mae * 1.03 / baseline.mae), rmse_ratio: r6(rmse * 1.02 / baseline.rmse), seconds: 3600 },
    },
    concept_drift: { detected, ratio_test: { mae_ratio: r6(mae / baseline.mae), rmse_ratio: r6(rmse / baseline.rmse),
      threshold: 1.25, alarm: mae / baseline.mae >= 1.25 },
    page_hinkley: { statistic: r6(Math.max(0, (mae - 300) * 9.5)), delta: 14.6, lambda: 2490.2, window: 5000,
      alarm: (mae - 300) * 9.5 > 2490.2 } },
    feedback: { predictions_seen: 4000 + k * 520, joined: 2600 + k * 500, coverage: r6((2600 + k * 500) / (4000 + k * 520)),
      rejected_invalid_actual: 3, pairs_since_rebuild: 2600 + k * 500 },
    _at: atMs,
  });
  const qualityEntries = [];
  for (let k = 0; k < 12; k++) {
    const atMs = T0 + k * 2 * 3600_000 + 3000_000;
    const drifting = k >= 7;
    const mae = r6(drifting ? 300 + (k - 6) * 70 + 12 * gauss() : 285 + 10 * gauss());
    const rmse = r6(mae * (drifting ? 1.85 : 1.98) + 8 * gauss());
    qualityEntries.push(q(k, mae, rmse, mae / baseline.mae >= 1.25, atMs));
  }
  const hist = history('diamond-price-rf', '1', ['carat', 'prediction'], 14,
    qualityEntries.map((r) => {
      const at = r._at; delete r._at;
      return { evaluated_at: iso(at), window: 'count', model_version: '1',
        verdict: r.concept_drift.detected ? 'drift' : 'no_drift', result: r };
    }));
  const latest = hist.quality[hist.quality.length - 1].result;
  const doc = {
    report_version: 1, generated_at: iso(T0 + 24 * 3600_000), source: { kind: 'live',
      description: 'drift-worker at drift-worker:8081 (model diamond-price-rf, version 1), quality from topic evaluations' },
    model: { name: 'diamond-price-rf', version: '1', task: 'regression', target: 'price', labels: null },
    period: { from: hist.from, to: hist.to }, policy: POLICY,
    segments: [{ name: 'count', evaluation: count, quality: latest }, { name: 'time', evaluation: time, quality: latest }],
    history: hist,
  };
  writeFileSync(join(OUT, 'report-diamonds.json'), JSON.stringify(doc, null, 1) + '\n');
  console.log('diamonds drifted:', count.features && Object.entries(count.features).filter(([, f]) => f.drifted).map(([n]) => n));
}

// ---------------------------------------------------------------------------------------------------- penguins
{
  const rows = csv('penguins.csv.gz');
  const LABELS = ['Adelie', 'Chinstrap', 'Gentoo'];
  const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];
  const SEX = ['FEMALE', 'MALE'];
  const SCHEMA = ['island', 'culmen_length_mm', 'culmen_depth_mm', 'flipper_length_mm', 'body_mass_g', 'sex'];
  const NUMERIC = SCHEMA.slice(1, 5);
  // a model right about 96 % of the time, less sure and less right on the drifted window
  const predict = (r, err) => (rnd() < err ? LABELS[(LABELS.indexOf(r.species) + 1 + Math.floor(rnd() * 2)) % 3] : r.species);
  const ref = rows;
  // the drifted window: the simulator's island=Dream:0.8 shift (80 % of rows drawn from Dream's)
  const dream = rows.filter((r) => r.island === 'Dream');
  const cur = Array.from({ length: 400 }, () => { const from = rnd() < 0.8 ? dream : rows; return from[Math.floor(rnd() * from.length)]; });
  const refPred = ref.map((r) => predict(r, 0.04)), curPred = cur.map((r) => predict(r, 0.1));
  const refTop = ref.map(() => Math.min(1, 0.72 + 0.28 * Math.sqrt(rnd()))), curTop = cur.map(() => Math.min(1, 0.55 + 0.45 * rnd()));
  const tests = [
    ...NUMERIC.map((f) => numeric(f, 'numeric', ref.map((r) => num(r[f])), cur.map((r) => num(r[f])), ref.length)),
    categorical('island', 'categorical', ISLANDS, ref.map((r) => r.island), cur.map((r) => r.island)),
    categorical('sex', 'categorical', SEX, ref.map((r) => r.sex), cur.map((r) => r.sex)),
    categorical('prediction', 'prediction', LABELS, refPred, curPred),
    numeric('top_probability', 'prediction', refTop, curTop, ref.length),
  ];
  const at = T0 + 24 * 3600_000 - 300_000;
  const count = evaluation('1', iso(at), 400, iso(at - 2600_000), iso(at - 4000), tests, SCHEMA, 0.01);
  const smallQuality = Object.fromEntries(SCHEMA.map((f) => [f, f === 'island' || f === 'sex'
    ? { kind: 'categorical', present: 37, missing_share: f === 'sex' ? 0.075 : 0, reference_missing_share: f === 'sex' ? 0.031977 : 0,
      unseen_category_share: 0 }
    : { kind: 'numeric', present: 40, missing_share: 0, reference_missing_share: 0.005814, out_of_range_share: 0.025 }]));
  const time = insufficient('1', iso(at + 200_000), 40, iso(at - 60_000), iso(at + 190_000), smallQuality);

  const baseline = { accuracy: 0.9709, error_rate: 0.0291, macro_f1: 0.9655, log_loss: 0.1032, brier: null,
    per_class: { Adelie: { precision: 0.9565, recall: 0.9778 }, Chinstrap: { precision: 0.9524, recall: 0.9091 },
      Gentoo: { precision: 1.0, recall: 1.0 } }, held_out_rows: 103 };
  const confusionOf = (n, err) => {
    const m = LABELS.map(() => LABELS.map(() => 0));
    for (const r of sample(rows, n)) m[LABELS.indexOf(r.species)][LABELS.indexOf(predict(r, err))]++;
    return m;
  };
  const classStats = (m, extra) => {
    const n = m.flat().reduce((a, b) => a + b, 0);
    const diag = LABELS.reduce((s, _, i) => s + m[i][i], 0);
    const per = {};
    let f1 = 0;
    LABELS.forEach((l, c) => {
      const col = m.reduce((s, row) => s + row[c], 0), row = m[c].reduce((a, b) => a + b, 0);
      const p = col ? m[c][c] / col : 0, rc = row ? m[c][c] / row : 0;
      per[l] = { precision: r6(p), recall: r6(rc) };
      f1 += p + rc ? 2 * p * rc / (p + rc) : 0;
    });
    return { pairs: n, accuracy: r6(diag / n), error_rate: r6(1 - diag / n), macro_f1: r6(f1 / LABELS.length),
      log_loss: r6(0.1 + (1 - diag / n) * 2.2), brier: r6(0.04 + (1 - diag / n) * 1.4), per_class: per, labels: LABELS,
      confusion: m, ...extra };
  };
  const qualityEntries = [];
  for (let k = 0; k < 10; k++) {
    const atMs = T0 + k * 2.4 * 3600_000 + 1800_000;
    const err = k < 6 ? 0.03 : 0.03 + (k - 5) * 0.035;
    const count = classStats(confusionOf(500, err), { size: 500 });
    const time = classStats(confusionOf(120 + k * 5, err), { seconds: 3600 });
    const ratio = r6(count.error_rate / baseline.error_rate);
    qualityEntries.push({ evaluated_at: iso(atMs), window: 'count', model_version: '1',
      verdict: ratio >= 1.25 && k >= 6 ? 'drift' : 'no_drift',
      result: { model: { name: 'penguins', version: '1', task: 'classification' }, baseline,
        windows: { count, time },
        concept_drift: { detected: ratio >= 1.25 && k >= 6, ratio_test: { error_rate_ratio: ratio, threshold: 1.25,
          alarm: ratio >= 1.25 },
        ddm: { pairs: 500 + k * 500, error_rate: count.error_rate, std: r6(Math.sqrt(count.error_rate * (1 - count.error_rate) / 500)),
          min_error_rate: 0.026, min_std: 0.0071, warning: k >= 6, drifts_in_window: k >= 7 ? 1 : 0, window: 1000,
          alarm: k >= 7 } },
        feedback: { predictions_seen: 600 + k * 540, joined: 500 + k * 500, coverage: r6((500 + k * 500) / (600 + k * 540)),
          rejected_invalid_actual: 0, pairs_since_rebuild: 500 + k * 500 } } });
  }
  const hist = history('penguins', '1', ['island', 'prediction', 'flipper_length_mm'], 16, qualityEntries);
  const latest = qualityEntries[qualityEntries.length - 1].result;
  const doc = {
    report_version: 1, generated_at: iso(T0 + 24 * 3600_000), source: { kind: 'live',
      description: 'drift-worker at drift-worker:8081 (model penguins, version 1), quality from topic evaluations' },
    model: { name: 'penguins', version: '1', task: 'classification', target: 'species', labels: LABELS },
    period: { from: hist.from, to: hist.to }, policy: POLICY,
    segments: [{ name: 'count', evaluation: count, quality: latest }, { name: 'time', evaluation: time, quality: latest }],
    history: hist,
  };
  writeFileSync(join(OUT, 'report-penguins.json'), JSON.stringify(doc, null, 1) + '\n');
  console.log('penguins drifted:', Object.entries(count.features).filter(([, f]) => f.drifted).map(([n]) => n));
}
