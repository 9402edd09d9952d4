// Pages on a phone: nothing wider than a 390 px screen, the rule's description before its
// metadata card, and the ATT&CK matrix at 1440 px and 390 px.
//
// Environment (besides harness.mjs's):
//   SIGMAHQ_SITE_DIR  a site built from SigmaHQ's rules: also checks a fixed sample of its rule
//                     pages (skipped when unset)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useBrowser, open, url, shots, siteDir } from './harness.mjs';

const phone = { width: 390, height: 844 };
const sigmahqDir = process.env.SIGMAHQ_SITE_DIR ? path.resolve(process.env.SIGMAHQ_SITE_DIR) : '';

// The SigmaHQ rule pages that were widest before pages were made to fit (1,978 to 5,818 px at
// 390 px): long unbroken values and field names in the field tables and false positives.
const sigmahqWidest = [
  'e1561947-b4e3-4a74-9bdd-83baed21bdb5',
  'b222df08-0e07-11eb-adc1-0242ac120002',
  '14bcba49-a428-42d9-b943-e2ce0f0f7ae6',
  'aeab5ec5-be14-471a-80e8-e344418305c2',
  '899133d5-4d7c-4a7f-94ee-27355c879d90',
  '27aec9c9-dbb0-4939-8422-1742242471d0',
  '178e615d-e666-498b-9630-9ed363038101',
  '4f86b304-3e02-40e3-aa5d-e88a167c9617',
  '954f0af7-62dd-418f-b3df-a84bc2c7a774',
  'dcaa3f04-70c3-427a-80b4-b870d73c94c4',
];

useBrowser();

/// Every rule page of a built site, sorted by file name.
function rulePages(dir) {
  return fs
    .readdirSync(path.join(dir, 'rules'))
    .filter((f) => /^[0-9a-z-]+\.html$/.test(f) && !['index.html', 'falsepositives.html', 'deprecated.html'].includes(f))
    .sort()
    .map((f) => `rules/${f}`);
}

/// Opens each page in one phone-sized tab and returns those wider than the screen.
async function tooWide(pages, dir) {
  const { page, context, problems } = await open('index.html', { viewport: phone, dir });
  const wide = [];
  for (const rel of pages) {
    await page.goto(url(rel, dir), { waitUntil: 'load' });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > phone.width) {
      // The widest element that overflows a parent that fits, outside scrolling regions.
      const culprit = await page.evaluate((limit) => {
        const right = (e) => e.getBoundingClientRect().right;
        const clipped = (e) => e && e !== document.body && (getComputedStyle(e).overflowX !== 'visible' || clipped(e.parentElement));
        const over = [...document.querySelectorAll('main *')].filter(
          (e) => right(e) > limit && right(e.parentElement) <= limit && !clipped(e.parentElement),
        );
        const e = over.sort((a, b) => right(b) - right(a))[0];
        return e ? `${e.tagName.toLowerCase()}.${e.className}` : 'text';
      }, phone.width);
      wide.push(`${rel}: ${width} px (${culprit})`);
    }
  }
  assert.deepEqual(problems, []);
  await context.close();
  return wide;
}

test('every rule page of the example pack fits a 390 px screen', async () => {
  const pages = rulePages(siteDir);
  assert.ok(pages.length >= 10, `${pages.length} rule pages`);
  assert.deepEqual(await tooWide(pages, siteDir), []);
});

test('the other pages of the example pack fit a 390 px screen', async () => {
  // Every page but the rule index (its filters are laid out elsewhere) and the technique pages
  // with no rules (the same template as those with rules, minus the tables).
  const pages = ['index.html', 'rules/falsepositives.html'];
  for (const dir of ['attack', 'lints', 'logsources']) {
    for (const f of fs.readdirSync(path.join(siteDir, dir)).filter((f) => f.endsWith('.html')).sort()) {
      if (/^t\d/.test(f) && !fs.readFileSync(path.join(siteDir, dir, f), 'utf8').includes('<table')) continue;
      pages.push(`${dir}/${f}`);
    }
  }
  assert.deepEqual(await tooWide(pages, siteDir), []);
});

test('a sample of SigmaHQ rule pages fits a 390 px screen', { skip: sigmahqDir ? false : 'SIGMAHQ_SITE_DIR is not set' }, async () => {
  const all = rulePages(sigmahqDir);
  const sample = all.filter((_, i) => i % 60 === 0);
  for (const id of sigmahqWidest) if (!sample.includes(`rules/${id}.html`)) sample.push(`rules/${id}.html`);
  assert.ok(sample.length >= 60, `${sample.length} of ${all.length} rule pages`);
  assert.deepEqual(await tooWide(sample, sigmahqDir), []);
});

test('on a phone, a rule page shows its description before its metadata', async () => {
  const rel = rulePages(siteDir).find((f) => fs.readFileSync(path.join(siteDir, f), 'utf8').includes('id="h-desc"'));
  const { page, context, problems } = await open(rel, { viewport: phone });
  const desc = await page.locator('#h-desc').boundingBox();
  const meta = await page.locator('.rule-meta').boundingBox();
  const logic = await page.locator('#h-logic').boundingBox();
  assert.ok(desc.y < meta.y, `description at ${desc.y}, metadata at ${meta.y}`);
  assert.ok(meta.y < logic.y, `metadata at ${meta.y}, detection logic at ${logic.y}`);
  await page.screenshot({ path: path.join(shots, 'rule-phone.png') });
  await page.screenshot({ path: path.join(shots, 'rule-phone-full.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the ATT&CK matrix shows every tactic at 1440 px and scrolls by keyboard at 390 px', async () => {
  const wide = await open('attack/index.html', { viewport: { width: 1440, height: 900 } });
  const columns = await wide.page.locator('.tactic-col').count();
  assert.ok(columns >= 14, `${columns} tactic columns`);
  const rights = await wide.page.locator('.tactic-col').evaluateAll((cols) => cols.map((c) => c.getBoundingClientRect().right));
  assert.ok(Math.max(...rights) <= 1440, `columns end at ${Math.max(...rights)} px`);
  assert.equal(await wide.page.evaluate(() => document.documentElement.scrollWidth), 1440);
  await wide.page.screenshot({ path: path.join(shots, 'matrix-1440.png') });
  assert.deepEqual(wide.problems, []);
  await wide.context.close();

  const narrow = await open('attack/index.html', { viewport: phone });
  assert.ok((await narrow.page.evaluate(() => document.documentElement.scrollWidth)) <= phone.width);
  const wrap = narrow.page.locator('.matrix-wrap');
  await wrap.focus();
  assert.equal(await wrap.evaluate((e) => e === document.activeElement), true, 'the matrix cannot take focus');
  assert.ok(await wrap.getAttribute('aria-label'), 'the matrix region has no label');
  // The keyboard scrolls it far enough to show the last column.
  for (let i = 0; i < 200; i++) await narrow.page.keyboard.press('ArrowRight');
  const last = await narrow.page.locator('.tactic-col').last().boundingBox();
  assert.ok(last.x + last.width <= phone.width + 1, `last column ends at ${last.x + last.width} px`);
  await narrow.page.screenshot({ path: path.join(shots, 'matrix-phone.png') });
  assert.deepEqual(narrow.problems, []);
  await narrow.context.close();
});
