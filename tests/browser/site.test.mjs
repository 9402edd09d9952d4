// Headless Chromium against a site built by `sigscope site`, opened from file:// like a user
// would. Run by .ci/run:
//
//   SITE_DIR=target/browser-site node --test tests/browser/site.test.mjs
//
// Environment:
//   SITE_DIR        the built site (required)
//   RULE_ID         rule page to open (default: the example pack's browser rule)
//   SCREENSHOT_DIR  where index.png, rule.png and matrix.png go (default: target/screenshots)
//   CHROMIUM        browser binary (default: /usr/bin/chromium)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { useBrowser, open, url, shots } from './harness.mjs';

const ruleId = process.env.RULE_ID ?? 'b0b8607f-2a9e-42bf-8bc6-c607f3632b0b';

useBrowser();

const visibleRows = (page) => page.locator('#rule-table tbody tr').count();

test('the rule index loads offline with no errors and no network requests', async () => {
  const { page, context, problems, network } = await open('rules/index.html');
  assert.equal(await page.evaluate(() => typeof window.SIGSCOPE_INDEX), 'object');
  assert.equal(await page.locator('#filters').isVisible(), true, 'the script did not show the filters');
  const total = await page.evaluate(() => window.SIGSCOPE_INDEX.r.length);
  assert.ok(total > 0);
  assert.equal(await visibleRows(page), total);
  assert.deepEqual(problems, []);
  assert.deepEqual(network, []);
  await context.close();
});

test('typing in the search box filters the table and keeps the state in the URL', async () => {
  const { page, context, problems, network } = await open('rules/index.html');
  const total = await visibleRows(page);
  await page.locator('#q').fill('certutil');
  await page.waitForFunction((n) => document.querySelectorAll('#rule-table tbody tr').length < n, total);
  const shown = await visibleRows(page);
  assert.ok(shown > 0 && shown < total, `${shown} of ${total}`);
  assert.match(await page.locator('#count').innerText(), new RegExp(`^${shown} of ${total} rules match`));
  assert.match(page.url(), /#q=certutil/);
  await page.screenshot({ path: path.join(shots, 'index.png') });

  // The URL is shareable: opening it restores the filter.
  const again = await context.newPage();
  await again.goto(page.url(), { waitUntil: 'load' });
  assert.equal(await again.locator('#q').inputValue(), 'certutil');
  assert.equal(await visibleRows(again), shown);

  // A facet narrows further; every row shown has that level.
  await page.locator('#q').fill('');
  await page.locator('details.facet[data-facet="level"] summary').click();
  await page.locator('input[data-facet="level"][value="high"]').check();
  await page.waitForFunction(() => /level=high/.test(location.hash));
  const levels = await page.locator('#rule-table tbody tr td:nth-child(2)').allInnerTexts();
  assert.ok(levels.length > 0 && levels.every((l) => l.trim() === 'high'), levels.join(','));

  // Sorting by a header is keyboard-reachable and reversible.
  await page.locator('input[data-facet="level"][value="high"]').uncheck();
  await page.locator('th[data-sort="modified"] button').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('th[data-sort="modified"]').getAttribute('aria-sort'), 'descending');
  const dates = await page.locator('#rule-table tbody tr td.date').allInnerTexts();
  assert.deepEqual(dates, [...dates].sort().reverse());

  await page.locator('#reset').click();
  assert.equal(await visibleRows(page), total);
  assert.deepEqual(problems, []);
  assert.deepEqual(network, []);
  await context.close();
});

test('a rule page shows its ATT&CK names and logic', async () => {
  const { page, context, problems, network } = await open(`rules/${ruleId}.html`);
  const attack = await page.locator('section[aria-labelledby="h-attack"]').innerText();
  assert.match(attack, /T\d{4}/);
  assert.match(attack, /[A-Z][a-z]+ [A-Za-z]+/, 'no technique names');
  if (ruleId === 'b0b8607f-2a9e-42bf-8bc6-c607f3632b0b') {
    assert.match(attack, /User Execution: Malicious Link/);
    assert.match(attack, /Command and Scripting Interpreter/);
  }
  assert.ok(await page.locator('ul.tree li').count() > 1, 'no condition tree');
  await page.screenshot({ path: path.join(shots, 'rule.png'), fullPage: false });
  assert.deepEqual(problems, []);
  assert.deepEqual(network, []);
  await context.close();
});

test('the ATT&CK matrix renders, with a working coverage toggle', async () => {
  const { page, context, problems, network } = await open('attack/index.html');
  const columns = await page.locator('.tactic-col').count();
  assert.ok(columns >= 12, `${columns} tactic columns`);
  await page.screenshot({ path: path.join(shots, 'matrix.png') });
  const all = await page.locator('.cell:visible').count();
  await page.locator('#only-covered').check();
  const covered = await page.locator('.cell:visible').count();
  assert.ok(covered < all, `${covered} of ${all}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(network, []);
  await context.close();
});

test('pages are readable with JavaScript off, and in dark mode', async () => {
  const off = await open('rules/index.html', { javaScriptEnabled: false });
  assert.ok((await visibleRows(off.page)) > 0);
  assert.equal(await off.page.locator('#filters').isVisible(), false);
  await off.context.close();
  const dark = await open(`rules/${ruleId}.html`, { colorScheme: 'dark' });
  const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.notEqual(bg, 'rgb(247, 248, 250)', 'dark mode not applied');
  await dark.page.screenshot({ path: path.join(shots, 'rule-dark.png') });
  assert.deepEqual(dark.problems, []);
  await dark.context.close();
});

test('a link to a false positive opens its entry', async () => {
  const { page, context, problems, network } = await open('rules/falsepositives.html');
  const first = await page.locator('.fp-list > li').first().getAttribute('id');
  assert.ok(first, 'no false-positive entries');
  await page.goto(`${url('rules/falsepositives.html')}#${first}`);
  const details = page.locator(`#${first} details`);
  if (await details.count()) assert.equal(await details.getAttribute('open'), '');
  assert.deepEqual(problems, []);
  assert.deepEqual(network, []);
  await context.close();
});
