// node shoot.mjs <prometheus base url> <out dir>
// One PNG per dashboard panel: Prometheus's own graph page (/graph) with the panel's queries, last 2 minutes (the stack test runs about a minute of traffic).
// These are Prometheus graph pages, not Grafana (Grafana cannot run where these were made).
import { chromium } from 'playwright-core';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const [prom, out] = process.argv.slice(2);
const root = new URL('../../', import.meta.url).pathname;
const vars = { '$instance': '.*', '$feature': '.*', '$window': 'count' };
const subst = (e) => Object.entries(vars).reduce((s, [k, v]) => s.split(k).join(v), e);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const made = [];
for (const file of readdirSync(join(root, 'grafana/dashboards')).filter((f) => f.endsWith('.json')).sort()) {
  const d = JSON.parse(readFileSync(join(root, 'grafana/dashboards', file), 'utf8'));
  for (const p of d.panels) {
    const params = p.targets.map((t, i) =>
      `g${i}.expr=${encodeURIComponent(subst(t.expr))}&g${i}.tab=0&g${i}.range_input=2m&g${i}.stacked=0`).join('&');
    await page.goto(`${prom}/graph?${params}`, { waitUntil: 'networkidle' });
    await page.waitForTimeout(1500); // let the charts draw after the last query answered
    const name = `${d.uid}-${String(p.id).padStart(2, '0')}.png`;
    await page.screenshot({ path: join(out, name), fullPage: true });
    made.push(`${name}\t${d.title} / ${p.title}`);
  }
}
await browser.close();
console.log(made.join('\n'));
