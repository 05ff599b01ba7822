// Draws the report document found in #report-data (issue 22; the document's shape is in report-view/README.md).
// Plain DOM and SVG, no library: the page must stay one small file that opens offline, and its charts are
// histograms, grouped bars, lines and a timeline. Every text from the document goes in through textContent or an
// attribute, never through innerHTML, so a feature name or label cannot inject markup.
(function () {
  'use strict';

  // Taken before anything is drawn, so the exported file is the page as served and draws itself when opened.
  const pristine = '<!doctype html>\n' + document.documentElement.outerHTML;
  // The namespace of the template's own inline SVG: the page then holds no namespace URL of its own.
  const SVG = document.getElementById('legend').namespaceURI;
  const main = document.getElementById('report');
  const VERDICTS = ['drift', 'no_drift', 'insufficient_data'];
  const COLORS = ['#1f6fd1', '#e37400', '#7b1fa2', '#00897b'];

  // ---------------------------------------------------------------------------------------------- small helpers
  function h(parent, tag, attrs, text) {
    const e = document.createElement(tag);
    return fill(parent, e, attrs, text);
  }
  function s(parent, tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    return fill(parent, e, attrs, text);
  }
  function fill(parent, e, attrs, text) {
    for (const k in attrs || {}) {
      if (attrs[k] !== undefined && attrs[k] !== null) e.setAttribute(k, attrs[k]);
    }
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }
  function tip(node, text) { // hover text of an SVG mark
    s(node, 'title', null, text);
    return node;
  }
  const isNum = (v) => typeof v === 'number' && isFinite(v);
  function num(v, digits) {
    if (!isNum(v)) return '—';
    const a = Math.abs(v);
    if (a !== 0 && a < 1e-3) return v.toExponential(2);
    if (a >= 1000) return v.toLocaleString('en-US', { maximumFractionDigits: 1 });
    return String(Number(v.toPrecision(digits || 4)));
  }
  const pval = (v) => (!isNum(v) ? '—' : v < 1e-4 ? v.toExponential(2) : v.toFixed(4));
  function pct(v) {
    if (!isNum(v)) return '—';
    const p = v * 100;
    return (p !== 0 && Math.abs(p) < 1 ? p.toFixed(2) : p.toFixed(1)) + ' %';
  }
  const time = (iso) => (typeof iso === 'string' ? iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC') : '—');
  const ms = (iso) => (typeof iso === 'string' ? Date.parse(iso) : NaN);
  const verdictClass = (v) => (VERDICTS.indexOf(v) >= 0 ? v : 'unknown');
  const words = (v) => String(v).replace(/_/g, ' ');
  function rows(table, pairs) {
    for (const [k, v] of pairs) {
      const tr = h(table, 'tr');
      h(tr, 'th', null, k);
      h(tr, 'td', null, v);
    }
    return table;
  }

  // "nice" axis ticks: 1, 2 or 5 times a power of ten
  function ticks(lo, hi, n) {
    if (!(hi > lo)) return [lo];
    const raw = (hi - lo) / n;
    const p = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * p).find((x) => x >= raw);
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
    return out;
  }
  const niceMax = (v) => { const t = ticks(0, v > 0 ? v : 1, 4); return t[t.length - 1] < v ? t[t.length - 1] + (t[1] - t[0]) : t[t.length - 1]; };

  function timeTicks(lo, hi) {
    const M = 60000, H = 60 * M, D = 24 * H;
    const step = [M, 5 * M, 15 * M, 30 * M, H, 2 * H, 3 * H, 6 * H, 12 * H, D, 2 * D, 7 * D, 30 * D]
      .find((x) => (hi - lo) / x <= 8) || 90 * D;
    const out = [];
    for (let t = Math.ceil(lo / step) * step; t <= hi; t += step) out.push(t);
    const label = (t) => {
      const iso = new Date(t).toISOString();
      return hi - lo <= D ? iso.slice(11, 16) : step >= D ? iso.slice(5, 10) : iso.slice(5, 10) + ' ' + iso.slice(11, 16);
    };
    return out.map((t) => [t, label(t)]);
  }

  // a chart frame: the svg, its plot box and helpers for the axes
  function frame(parent, cls, width, height, m, label) {
    const svg = s(parent, 'svg', { class: 'chart ' + cls, width, height, viewBox: '0 0 ' + width + ' ' + height,
      role: 'img', 'aria-label': label });
    return { svg, x0: m[3], x1: width - m[1], y0: height - m[2], y1: m[0], width, height };
  }
  function yAxis(f, max, format, label) {
    const g = s(f.svg, 'g', { class: 'axis y' });
    const grid = s(f.svg, 'g', { class: 'grid' });
    for (const t of ticks(0, max, 4)) {
      const y = f.y0 - (t / max) * (f.y0 - f.y1);
      s(grid, 'line', { x1: f.x0, x2: f.x1, y1: y, y2: y });
      s(g, 'text', { x: f.x0 - 4, y: y + 3, 'text-anchor': 'end' }, format(t));
    }
    s(g, 'line', { x1: f.x0, x2: f.x0, y1: f.y0, y2: f.y1 });
    s(g, 'text', { transform: 'translate(10,' + (f.y0 + f.y1) / 2 + ') rotate(-90)', 'text-anchor': 'middle' }, label);
    f.svg.insertBefore(grid, f.svg.firstChild);
  }
  function xLabel(f, label) {
    s(f.svg, 'line', { class: 'axis', x1: f.x0, x2: f.x1, y1: f.y0, y2: f.y0, stroke: '#9aa0a6' });
    s(f.svg, 'text', { x: (f.x0 + f.x1) / 2, y: f.height - 4, 'text-anchor': 'middle' }, label);
  }
  const sharePct = (t) => Math.round(t * 1000) / 10 + '%';

  // ------------------------------------------------------------------------------------ distribution charts
  function distribution(parent, name, d) {
    const f = frame(parent, 'distribution', 480, 210, [10, 10, 46, 52],
      'distribution of ' + name + ': reference against current');
    if (!d || !Array.isArray(d.reference) || !Array.isArray(d.current)) {
      s(f.svg, 'text', { x: f.x0 + 10, y: 40 }, 'no distribution in this document');
      return f.svg;
    }
    const max = niceMax(Math.max.apply(null, d.reference.concat(d.current).filter(isNum).concat([0])));
    const y = (v) => (isNum(v) ? (v / max) * (f.y0 - f.y1) : 0);
    yAxis(f, max, sharePct, 'share of values');
    const bar = (cls, x, w, v, what) => tip(s(f.svg, 'rect', { class: cls, x, width: Math.max(0.5, w), y: f.y0 - y(v),
      height: y(v), 'data-share': v }), what + ': ' + (cls === 'ref' ? 'reference ' : 'current ') + pct(v));
    if (d.type === 'histogram' && Array.isArray(d.edges) && d.edges.length === d.reference.length + 1) {
      const lo = d.edges[0], hi = d.edges[d.edges.length - 1];
      const x = (v) => f.x0 + ((v - lo) / (hi - lo || 1)) * (f.x1 - f.x0);
      d.reference.forEach((v, i) => {
        const a = x(d.edges[i]), b = x(d.edges[i + 1]);
        bar('ref', a + 0.5, b - a - 1, v, 'bin ' + num(d.edges[i]) + ' to ' + num(d.edges[i + 1]));
      });
      d.current.forEach((v, i) => { // narrower and in front, so both series stay visible where they overlap
        const a = x(d.edges[i]), b = x(d.edges[i + 1]), w = (b - a) * 0.55;
        bar('cur', a + (b - a - w) / 2, w, v, 'bin ' + num(d.edges[i]) + ' to ' + num(d.edges[i + 1]));
      });
      const g = s(f.svg, 'g', { class: 'axis x' });
      for (const t of ticks(lo, hi, 5)) {
        s(g, 'line', { x1: x(t), x2: x(t), y1: f.y0, y2: f.y0 + 4 });
        s(g, 'text', { x: x(t), y: f.y0 + 16, 'text-anchor': 'middle' }, num(t, 3));
      }
      xLabel(f, name + ' (values beyond the ends counted in the end bins)');
    } else {
      const cats = Array.isArray(d.categories) ? d.categories : d.reference.map((_, i) => '#' + (i + 1));
      const step = (f.x1 - f.x0) / Math.max(1, cats.length), w = Math.min(28, step * 0.38);
      const g = s(f.svg, 'g', { class: 'axis x' });
      cats.forEach((c, i) => {
        const mid = f.x0 + step * (i + 0.5);
        bar('ref', mid - w - 1, w, d.reference[i], String(c));
        bar('cur', mid + 1, w, d.current[i], String(c));
        const label = String(c).length > 11 ? String(c).slice(0, 10) + '…' : String(c);
        tip(s(g, 'text', { x: mid, y: f.y0 + 16, 'text-anchor': 'middle' }, label), String(c));
      });
      xLabel(f, name + ' (category)');
    }
    return f.svg;
  }

  // ----------------------------------------------------------------------------------------- feature sections
  const TESTS = { ks: 'Kolmogorov-Smirnov', chi_square: 'chi-square' };
  const MEASURES = { wasserstein_std: 'Wasserstein / training std', cohens_w: "Cohen's w" };

  function predictionTitle(name, model) {
    if (name === 'top_probability') return 'top-class probability';
    return model.task === 'classification' ? 'predicted ' + (model.target || 'label')
      : 'predicted ' + (model.target || 'value');
  }

  function featureSection(parent, name, r, dq, model) {
    const drifted = r.drifted === true;
    const sec = h(parent, 'section', { class: 'feature' + (drifted ? ' drifted' : ''), 'data-feature': name,
      'data-drifted': String(drifted), 'data-kind': r.kind });
    const head = h(sec, 'h3', null, name);
    if (r.kind === 'prediction') h(head, 'span', { class: 'muted' }, ' · ' + predictionTitle(name, model));
    if (drifted) h(head, 'span', { class: 'badge' }, 'drifted');
    distribution(sec, name, r.distribution);
    const box = h(sec, 'div', { class: 'stats' });
    const mag = r.magnitude || {};
    const details = r.details && isNum(r.details.degrees_of_freedom) ? ' (df ' + r.details.degrees_of_freedom + ')' : '';
    const verdict = drifted ? 'drifted' : r.significant ? 'significant, but below the magnitude threshold' : 'no drift';
    rows(h(box, 'table', { class: 'tests' }), [
      ['test', (TESTS[r.test] || r.test || '—') + details],
      ['statistic', num(r.statistic)],
      ['p-value', pval(r.p_value)],
      ['adjusted p-value', pval(r.adjusted_p_value) + (isNum(r.alpha) ? ' (alpha ' + num(r.alpha) + ')' : '')],
      ['magnitude', (MEASURES[mag.measure] || mag.measure || '—') + ' ' + num(mag.value) + ' (threshold ' + num(mag.threshold) + ')'],
      ['PSI', r.psi ? num(r.psi.value) + ' (' + (r.psi.band || '—') + ')' : '—'],
      ['JS distance', num(r.js_distance)],
      ['verdict', verdict],
    ]);
    if (dq) {
      const q = [['present', isNum(dq.present) ? String(dq.present) : '—'],
        ['missing', pct(dq.missing_share) + ' (reference ' + pct(dq.reference_missing_share) + ')']];
      if (dq.kind === 'numeric' || 'out_of_range_share' in dq) q.push(['out of training range', pct(dq.out_of_range_share)]);
      if (dq.kind === 'categorical' || 'unseen_category_share' in dq) q.push(['unseen categories', pct(dq.unseen_category_share)]);
      rows(h(box, 'table', { class: 'data-quality' }), q);
    }
    return sec;
  }

  // schema order is the data-quality order (every schema feature, in schema order); the outputs come last
  function orderedFeatures(ev) {
    const names = Object.keys(ev.features || {});
    const schema = Object.keys(ev.data_quality || {});
    const inputs = names.filter((n) => ev.features[n].kind !== 'prediction');
    inputs.sort((a, b) => rank(schema, a) - rank(schema, b));
    return inputs.concat(names.filter((n) => ev.features[n].kind === 'prediction'));
  }
  const rank = (list, n) => (list.indexOf(n) < 0 ? list.length : list.indexOf(n));

  function segmentVerdict(seg) {
    const ev = seg && seg.evaluation;
    if (!ev) return { cls: 'none', word: 'no evaluation yet', detail: 'no window of this segment has been evaluated' };
    if (ev.verdict !== true) {
      return { cls: 'insufficient_data', word: 'insufficient data', detail: ev.reason || 'not enough events' };
    }
    const tests = Object.keys(ev.features || {}).length;
    return { cls: ev.dataset_drift ? 'drift' : 'no_drift', word: ev.dataset_drift ? 'drift' : 'no drift',
      detail: ev.drifted_features + ' of ' + tests + ' tests drifted (' + pct(ev.drifted_share) + ', threshold '
        + pct(ev.dataset_share_threshold) + ') · ' + ev.size + ' events · evaluated ' + time(ev.evaluated_at) };
  }

  function drift(parent, seg, model) {
    const ev = seg && seg.evaluation;
    h(parent, 'h2', null, 'Data drift' + (seg ? ': segment ' + seg.name : ''));
    if (!ev) {
      h(parent, 'p', { class: 'note' }, 'No evaluation yet for this segment: its window has not been evaluated.');
      return;
    }
    const b = ev.bounds || {};
    h(parent, 'p', { class: 'muted' }, ev.size + ' events from ' + time(b.first_event_time) + ' to '
      + time(b.last_event_time) + ', model version ' + ev.model_version + ', evaluated ' + time(ev.evaluated_at) + '.');
    if (ev.verdict !== true) {
      h(parent, 'p', { class: 'note' }, 'Insufficient data: ' + (ev.reason || 'not enough events') + '.');
      const dq = ev.data_quality || {};
      if (Object.keys(dq).length) {
        const t = h(parent, 'table', { class: 'grid data-quality' });
        const hr = h(t, 'tr');
        ['feature', 'present', 'missing', 'reference missing', 'out of range', 'unseen'].forEach((x) => h(hr, 'th', null, x));
        for (const n in dq) {
          const tr = h(t, 'tr');
          [n, dq[n].present, pct(dq[n].missing_share), pct(dq[n].reference_missing_share), pct(dq[n].out_of_range_share),
            pct(dq[n].unseen_category_share)].forEach((x) => h(tr, 'td', null, x));
        }
      }
      return;
    }
    const names = orderedFeatures(ev);
    const flagged = names.filter((n) => ev.features[n].drifted === true);
    const list = h(parent, 'p', { class: 'drifted-list' }, flagged.length ? 'Drifted: ' : 'No feature drifted.');
    flagged.forEach((n, i) => {
      if (i) list.appendChild(document.createTextNode(', '));
      h(list, 'a', { href: '#feature-' + names.indexOf(n) }, n);
    });
    const inputs = h(parent, 'div', { class: 'features' });
    h(parent, 'h2', null, 'Prediction distribution');
    const outputs = h(parent, 'div', { class: 'features' });
    names.forEach((n, i) => {
      const r = ev.features[n];
      featureSection(r.kind === 'prediction' ? outputs : inputs, n, r, (ev.data_quality || {})[n], model)
        .id = 'feature-' + i;
    });
    if (!outputs.children.length) h(outputs, 'p', { class: 'note' }, 'The prediction was not tested in this window.');
  }

  // ------------------------------------------------------------------------------------------------- quality
  function qualityWindow(q, segName) {
    const w = (q && q.windows) || {};
    return w[segName] || w.count || w.time || null;
  }

  function lineChart(parent, cls, label, yLabel, series, lines, fixedMax) {
    const f = frame(parent, cls, 720, 230, [12, 120, 40, 60], label);
    const all = series.flatMap((x) => x.points);
    if (!all.length) {
      s(f.svg, 'text', { x: f.x0 + 10, y: 40 }, 'no values');
      return f.svg;
    }
    const ts = all.map((p) => p[0]);
    let lo = Math.min.apply(null, ts), hi = Math.max.apply(null, ts);
    if (hi - lo < 60000) { lo -= 1800000; hi += 1800000; }
    const values = all.map((p) => p[1]).concat(lines.map((l) => l.value).filter(isNum));
    const max = fixedMax || niceMax(Math.max.apply(null, values) * 1.05);
    const x = (t) => f.x0 + ((t - lo) / (hi - lo)) * (f.x1 - f.x0);
    const y = (v) => f.y0 - (v / max) * (f.y0 - f.y1);
    yAxis(f, max, (t) => num(t, 3), yLabel);
    const g = s(f.svg, 'g', { class: 'axis x' });
    for (const [t, text] of timeTicks(lo, hi)) {
      s(g, 'line', { x1: x(t), x2: x(t), y1: f.y0, y2: f.y0 + 4 });
      s(g, 'text', { x: x(t), y: f.y0 + 16, 'text-anchor': 'middle' }, text);
    }
    xLabel(f, 'time (UTC)');
    let ly = f.y1 + 4;
    const key = (color, text, dashed) => {
      s(f.svg, 'line', { x1: f.x1 + 10, x2: f.x1 + 28, y1: ly, y2: ly, stroke: color, 'stroke-width': 2,
        'stroke-dasharray': dashed ? '5 4' : null });
      s(f.svg, 'text', { x: f.x1 + 32, y: ly + 4 }, text);
      ly += 16;
    };
    lines.forEach((l) => {
      if (!isNum(l.value)) return;
      tip(s(f.svg, 'line', { class: l.cls, x1: f.x0, x2: f.x1, y1: y(l.value), y2: y(l.value), stroke: l.color,
        'data-metric': l.metric }), l.label + ': ' + num(l.value));
      key(l.color, l.label, true);
    });
    series.forEach((sr) => {
      const d = sr.points.map((p, i) => (i ? 'L' : 'M') + x(p[0]).toFixed(1) + ' ' + y(p[1]).toFixed(1)).join(' ');
      s(f.svg, 'path', { class: 'series ' + sr.metric, d, stroke: sr.color, 'data-metric': sr.metric });
      sr.points.forEach((p) => tip(s(f.svg, 'circle', { cx: x(p[0]), cy: y(p[1]), r: 3, fill: sr.color }),
        sr.label + ' ' + num(p[1]) + ' at ' + time(new Date(p[0]).toISOString())));
      key(sr.color, sr.label, false);
    });
    return f.svg;
  }

  function quality(parent, doc, seg) {
    const sec = h(parent, 'section', { id: 'quality' });
    h(sec, 'h2', null, 'Model quality');
    const model = doc.model || {};
    const history = (doc.history && Array.isArray(doc.history.quality) ? doc.history.quality : [])
      .filter((e) => e && e.result);
    const latest = (seg && seg.quality) || (history.length ? history[history.length - 1].result : null);
    if (!latest) {
      h(sec, 'p', { class: 'note' }, 'No quality yet: no feedback has been joined to this model\'s predictions.');
      return;
    }
    const classifier = (latest.model && latest.model.task || model.task) === 'classification';
    const metrics = classifier ? [['accuracy', 'accuracy'], ['macro_f1', 'macro-F1']] : [['mae', 'MAE'], ['rmse', 'RMSE']];
    // the history's entries, or the segment's figures alone when there is no history
    const entries = history.length ? history.map((e) => [ms(e.evaluated_at), e.result, e.window])
      : [[ms(doc.generated_at), latest, seg && seg.name]];
    const baseline = latest.baseline || {};
    const series = metrics.map(([m, label], i) => ({ metric: m, label, color: COLORS[i],
      points: entries.map(([t, r, w]) => [t, (qualityWindow(r, w) || {})[m]]).filter((p) => isNum(p[0]) && isNum(p[1])) }));
    const lines = metrics.map(([m, label], i) => ({ cls: 'baseline', metric: m, label: label + ' baseline',
      value: baseline[m], color: COLORS[i] }));
    const unit = classifier ? 'score (0 to 1)' : 'error (' + (model.target || 'target') + ')';
    h(sec, 'p', { class: 'muted' }, (classifier ? 'Accuracy and macro-F1' : 'MAE and RMSE') + ' of the rolling '
      + 'window at each quality evaluation, against the held-out baseline.');
    lineChart(sec, 'quality', 'quality over time', unit, series, lines, classifier ? 1 : 0);

    const cd = latest.concept_drift || {};
    const ratio = cd.ratio_test || {};
    const r = classifier ? ratio.error_rate_ratio : ratio.mae_ratio;
    const detector = classifier ? cd.ddm : cd.page_hinkley;
    const box = h(sec, 'div', { class: 'stats' });
    const status = rows(h(box, 'table', { class: 'concept-drift' }), [
      ['concept drift', cd.detected === true ? 'detected' : cd.detected === false ? 'not detected' : '—'],
      [classifier ? 'error-rate ratio' : 'MAE ratio', num(r) + ' (threshold ' + num(ratio.threshold) + ')'],
      [classifier ? 'DDM alarm' : 'Page-Hinkley alarm', !detector ? '—' : detector.alarm === true ? 'yes' : 'no'],
    ]);
    status.setAttribute('data-detected', String(cd.detected === true));
    const w = qualityWindow(latest, seg && seg.name) || {};
    const figures = classifier
      ? [['pairs', w.pairs], ['accuracy', num(w.accuracy)], ['macro-F1', num(w.macro_f1)], ['error rate', num(w.error_rate)],
        ['log loss', num(w.log_loss)], ['Brier', num(w.brier)]]
      : [['pairs', w.pairs], ['MAE', num(w.mae)], ['RMSE', num(w.rmse)], ['MAPE', pct(w.mape)], ['bias', num(w.bias)]];
    const fb = latest.feedback || {};
    figures.push(['feedback coverage', pct(fb.coverage)]);
    rows(h(box, 'table', { class: 'latest-quality' }), figures.map(([k, v]) => [k, v === undefined ? '—' : v]));

    const ratioSeries = [{ metric: 'ratio', label: classifier ? 'error-rate ratio' : 'MAE ratio', color: COLORS[2],
      points: entries.map(([t, e]) => {
        const rt = (e.concept_drift || {}).ratio_test || {};
        return [t, classifier ? rt.error_rate_ratio : rt.mae_ratio];
      }).filter((p) => isNum(p[0]) && isNum(p[1])) }];
    lineChart(sec, 'ratio', 'error ratio over time', 'ratio to baseline', ratioSeries,
      [{ cls: 'threshold', metric: 'ratio', label: 'alarm threshold', value: ratio.threshold, color: '#c62828' }]);

    if (classifier && Array.isArray(w.confusion) && Array.isArray(w.labels)) {
      const t = h(sec, 'table', { class: 'grid confusion' });
      h(t, 'caption', { class: 'muted' }, 'Confusion matrix of the latest ' + (seg && w === (latest.windows || {})[seg.name]
        ? seg.name : 'count') + ' window (' + w.pairs + ' pairs): rows actual, columns predicted');
      const hr = h(t, 'tr');
      h(hr, 'th', null, 'actual \\ predicted');
      w.labels.forEach((l) => h(hr, 'th', { scope: 'col' }, l));
      w.confusion.forEach((row, i) => {
        const tr = h(t, 'tr');
        h(tr, 'th', { scope: 'row' }, w.labels[i]);
        row.forEach((v, j) => h(tr, 'td', { class: 'cell' + (i === j ? ' diag' : '') }, v));
      });
    }
  }

  // ------------------------------------------------------------------------------------------------- history
  function history(parent, hist) {
    const sec = h(parent, 'section', { id: 'history' });
    h(sec, 'h2', null, 'History');
    if (!hist) {
      h(sec, 'p', { class: 'note' }, 'No history in this document.');
      return;
    }
    const entries = (Array.isArray(hist.drift) ? hist.drift : []).filter((e) => isNum(ms(e.evaluated_at)));
    h(sec, 'p', { class: 'muted' }, entries.length + ' drift evaluations from ' + time(hist.from) + ' to '
      + time(hist.to) + (hist.truncated ? ' (truncated: the oldest entries were left out)' : '') + '.');
    if (!entries.length) return;
    let lo = ms(hist.from), hi = ms(hist.to);
    const ts = entries.map((e) => ms(e.evaluated_at));
    if (!isNum(lo)) lo = Math.min.apply(null, ts);
    if (!isNum(hi)) hi = Math.max.apply(null, ts);
    if (hi - lo < 60000) { lo -= 1800000; hi += 1800000; }
    const lanes = [];
    entries.forEach((e) => { if (lanes.indexOf(e.window) < 0) lanes.push(e.window); });
    const features = Object.keys(hist.features || {});
    const laneH = 22;
    const height = 30 + (lanes.length + features.length) * laneH + 40;
    const f = frame(sec, 'timeline', 900, height, [20, 20, 40, 140], 'drift timeline');
    const x = (t) => f.x0 + ((t - lo) / (hi - lo)) * (f.x1 - f.x0);
    const g = s(f.svg, 'g', { class: 'axis x' });
    for (const [t, text] of timeTicks(lo, hi)) {
      s(g, 'line', { x1: x(t), x2: x(t), y1: f.y1, y2: f.y0 + 4, stroke: '#eceff1' });
      s(g, 'text', { x: x(t), y: f.y0 + 16, 'text-anchor': 'middle' }, text);
    }
    xLabel(f, 'time (UTC)');
    const w = Math.max(3, Math.min(10, (f.x1 - f.x0) / Math.max(1, entries.length) * 0.8));
    lanes.forEach((lane, i) => {
      const y = f.y1 + i * laneH;
      s(f.svg, 'text', { x: f.x0 - 8, y: y + 13, 'text-anchor': 'end' }, words(lane) + ' window');
      entries.filter((e) => e.window === lane).forEach((e) => {
        const names = Array.isArray(e.drifted_features) ? e.drifted_features : [];
        tip(s(f.svg, 'rect', { class: 'verdict ' + verdictClass(e.verdict), x: x(ms(e.evaluated_at)) - w / 2, y,
          width: w, height: laneH - 6, 'data-verdict': e.verdict }),
        time(e.evaluated_at) + ', ' + words(lane) + ' window, version ' + e.model_version + ': ' + words(e.verdict)
          + (names.length ? ' (' + names.join(', ') + ')' : '') + ', ' + e.size + ' events');
      });
    });
    features.forEach((name, i) => {
      const y = f.y1 + (lanes.length + i) * laneH + 4;
      const label = name.length > 20 ? name.slice(0, 19) + '…' : name;
      tip(s(f.svg, 'text', { x: f.x0 - 8, y: y + 11, 'text-anchor': 'end' }, label), name + ' drifted at');
      const times = Array.isArray(hist.features[name]) ? hist.features[name] : [];
      const row = s(f.svg, 'g', { class: 'feature-history', 'data-feature': name });
      times.forEach((at) => {
        if (isNum(ms(at))) {
          tip(s(row, 'rect', { class: 'when', x: x(ms(at)) - 1.5, y, width: 3, height: laneH - 10 }), name + ' drifted, ' + time(at));
        }
      });
    });
    const list = h(sec, 'table', { class: 'grid feature-drift' });
    const hr = h(list, 'tr');
    ['feature', 'windows drifted', 'first', 'last'].forEach((t) => h(hr, 'th', null, t));
    features.forEach((name) => {
      const times = (hist.features[name] || []).slice().sort();
      const tr = h(list, 'tr');
      [name, times.length, time(times[0]), time(times[times.length - 1])].forEach((v) => h(tr, 'td', null, v));
    });
  }

  // ---------------------------------------------------------------------------------------------------- page
  function header(doc, segments) {
    const model = doc.model || {};
    const name = model.name || 'unknown model';
    document.title = 'Facet report: ' + name + (model.version ? ' v' + model.version : '');
    document.getElementById('title').textContent = document.title;
    const head = main.querySelector('header');
    const src = doc.source || {}, period = doc.period || {};
    const dl = h(head, 'dl');
    const item = (k, v) => { h(dl, 'dt', null, k); h(dl, 'dd', null, v); };
    item('model', name + ', version ' + (model.version || '—'));
    item('task', (model.task || '—') + (model.target ? ', target ' + model.target : '')
      + (Array.isArray(model.labels) ? ' (' + model.labels.join(', ') + ')' : ''));
    item('source', (src.kind || '—') + (src.description ? ': ' + src.description : ''));
    item('period', time(period.from) + ' to ' + time(period.to));
    item('generated', time(doc.generated_at));
    const chips = h(head, 'div', { class: 'verdicts', id: 'verdicts' });
    if (!segments.length) h(chips, 'p', { class: 'note' }, 'No segment: nothing was evaluated for this report.');
    segments.forEach((seg) => {
      const v = segmentVerdict(seg);
      const chip = h(chips, 'div', { class: 'verdict-chip ' + v.cls, 'data-segment': seg.name, 'data-verdict': v.cls });
      h(chip, 'span', null, seg.name + ': ');
      h(chip, 'b', { class: v.cls }, v.word);
      h(chip, 'div', { class: 'muted' }, v.detail);
    });
  }

  function toolbar(doc, segments, draw) {
    const bar = h(main, 'div', { class: 'toolbar' });
    if (segments.length > 1) {
      const label = h(bar, 'label', null, 'segment ');
      const pick = h(label, 'select', { id: 'segment-picker' });
      segments.forEach((seg, i) => h(pick, 'option', { value: String(i) }, seg.name + ' (' + segmentVerdict(seg).word + ')'));
      pick.addEventListener('change', () => draw(Number(pick.value)));
    }
    const slug = (v) => String(v || 'report').replace(/[^A-Za-z0-9._-]+/g, '-');
    const stamp = String(doc.generated_at || '').replace(/[:]/g, '').replace(/\.\d+Z$/, 'Z');
    const base = 'facet-report-' + slug((doc.model || {}).name) + (stamp ? '-' + slug(stamp) : '');
    h(bar, 'a', { id: 'export-html', download: base + '.html',
      href: URL.createObjectURL(new Blob([pristine], { type: 'text/html' })) }, 'Download this page (HTML, works offline)');
    h(bar, 'a', { id: 'export-json', download: base + '.json',
      href: URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' })) },
    'Download the document (JSON)');
  }

  let doc;
  try {
    doc = JSON.parse(document.getElementById('report-data').textContent);
  } catch (e) {
    h(main, 'p', { class: 'note' }, 'The report document in this page could not be read: ' + e.message);
    return;
  }
  const segments = (Array.isArray(doc.segments) ? doc.segments : []).filter((x) => x && typeof x === 'object');
  header(doc, segments);
  const body = h(main, 'div', { id: 'content' });
  const draw = (i) => {
    body.textContent = '';
    const seg = segments[i] || null;
    body.setAttribute('data-segment', seg ? seg.name : '');
    drift(body, seg, doc.model || {});
    quality(body, doc, seg);
    history(body, doc.history);
  };
  toolbar(doc, segments, draw);
  main.appendChild(body);
  draw(0);
  document.documentElement.setAttribute('data-rendered', 'true');
})();
