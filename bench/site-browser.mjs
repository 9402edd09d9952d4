// Time to a usable rule index and the cost of a filter, sort, search and reset, in headless
// Chromium from file://, plain and with the CPU throttled 4× (CDP Emulation.setCPUThrottlingRate).
//
//   node bench/site-browser.mjs SITE_DIR [RUNS]      (run by bench/site-browser.sh)
//
// "Usable" is the moment the filters are shown and wired (the script's `sigscope-ready`
// performance mark, or the first frame with the filters visible for sites without it). An
// action is timed from the event to the next frame after it, so layout and paint count.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const here = path.dirname(new URL(import.meta.url).pathname);
const { chromium } = await import(
  pathToFileURL(path.join(here, '../tests/browser/node_modules/playwright-core/index.mjs')).href
);

const site = path.resolve(process.argv[2] ?? '');
const runs = Number(process.argv[3] ?? 3);
const indexUrl = pathToFileURL(path.join(site, 'rules/index.html')).href;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

async function once(rate) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
  await page.goto(indexUrl, { waitUntil: 'commit' });
  const usable = await page.waitForFunction(() => {
    const f = document.getElementById('filters');
    if (!f || f.hidden) return false;
    const mark = performance.getEntriesByName('sigscope-ready')[0];
    return mark ? mark.startTime : performance.now();
  }, null, { polling: 'raf', timeout: 120000 });
  const out = { usable: await usable.jsonValue() };
  await page.waitForLoadState('load');
  const timed = (name, fn) => page.evaluate(([name, fn]) => new Promise((resolve) => {
    const t0 = performance.now();
    // eslint-disable-next-line no-new-func
    new Function(fn)();
    requestAnimationFrame(() => setTimeout(() => resolve([name, performance.now() - t0]), 0));
  }), [name, fn]);
  const actions = [
    ['filter level=high', `
      const sel = document.querySelector('select[data-facet="level"]');
      if (sel) { sel.value = 'high'; sel.dispatchEvent(new Event('change')); }
      else document.querySelector('input[data-facet="level"][value="high"]').click();`],
    ['sort by modified', `document.querySelector('th[data-sort="modified"] button').click();`],
    ['search "mimikatz"', `
      const q = document.getElementById('q'); q.value = 'mimikatz';
      document.getElementById('filters').requestSubmit();`],
    ['reset', `document.getElementById('reset').click();`],
  ];
  for (const [name, fn] of actions) {
    const [, ms] = await timed(name, fn);
    out[name] = ms;
  }
  out.shown = await page.locator('#rule-table tbody tr').count();
  await context.close();
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const rate of [1, 4]) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await once(rate));
  console.log(`CPU ×${rate} (median of ${runs}):`);
  for (const key of Object.keys(results[0])) {
    if (key === 'shown') continue;
    const goal = key === 'usable' ? (rate === 1 ? 1000 : 3000) : 100;
    const m = median(results.map((r) => r[key]));
    console.log(`  ${key.padEnd(20)} ${m.toFixed(0).padStart(6)} ms   (goal < ${goal} ms)`);
  }
  console.log(`  rows in the DOM after reset: ${results[0].shown}`);
}
await browser.close();
