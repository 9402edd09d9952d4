// axe-core on one page of each kind, in light and dark themes: no violation of impact serious
// or critical (WCAG 2.1 A and AA, and axe's best practices); the others are printed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { useBrowser, open, siteDir } from './harness.mjs';

// Loaded by URL, not inlined: the pages' Content-Security-Policy allows file:// scripts only.
const axeUrl = pathToFileURL(createRequire(import.meta.url).resolve('axe-core/axe.min.js')).href;

useBrowser();

/// The first page in `dir` (sorted) whose name matches `pattern` and whose HTML passes `keep`.
function pick(dir, pattern, keep = () => true) {
  const found = fs
    .readdirSync(path.join(siteDir, dir))
    .filter((f) => pattern.test(f))
    .sort()
    .find((f) => keep(fs.readFileSync(path.join(siteDir, dir, f), 'utf8')));
  assert.ok(found, `no page in ${dir}/ matches ${pattern}`);
  return `${dir}/${found}`;
}

const rule = /^(?!index\.|falsepositives\.|deprecated\.)[0-9a-z-]+\.html$/;
const pages = {
  home: 'index.html',
  'rules index': 'rules/index.html',
  'rule with findings': pick('rules', rule, (h) => h.includes('class="badge findings"')),
  'rule without findings': pick('rules', rule, (h) => h.includes('<p class="ok">No findings.</p>')),
  matrix: 'attack/index.html',
  technique: pick('attack', /^t\d{4}\.html$/, (h) => h.includes('<table')),
  tactic: pick('attack', /^ta\d{4}\.html$/),
  'false positives': 'rules/falsepositives.html',
  'lints index': 'lints/index.html',
  lint: pick('lints', /^sc\d+\.html$/, (h) => h.includes('<table')),
  'log sources': 'logsources/index.html',
};

for (const colorScheme of ['light', 'dark']) {
  for (const [name, rel] of Object.entries(pages)) {
    test(`axe: ${name} (${rel}, ${colorScheme})`, async (t) => {
      const { page, context, problems } = await open(rel, { colorScheme });
      await page.addScriptTag({ url: axeUrl });
      const result = await page.evaluate(() =>
        // No preload: axe would fetch the style sheets, which the pages' CSP forbids.
        window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'], preload: false }),
      );
      const describe = (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×: ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(', ')})`;
      const blocking = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      for (const v of result.violations) if (!blocking.includes(v)) t.diagnostic(describe(v));
      assert.deepEqual(blocking.map(describe), []);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
