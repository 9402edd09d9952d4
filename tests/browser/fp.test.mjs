// The false-positive page: its filter box works from file:// under the CSP, and a link to an
// entry's anchor opens that entry.
//
//   SITE_DIR=target/browser-site node --test tests/browser/fp.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { useBrowser, open } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.SIGSCOPE ?? path.join(here, '../../target/release/sigscope');

useBrowser();

const visible = (page) =>
  page.$$eval('#fp-list > li', (items) => items.filter((li) => !li.hidden).map((li) => li.textContent.toLowerCase()));

test('typing in the filter box shows only the entries that contain every word', async () => {
  const { page, context, problems, network } = await open('rules/falsepositives.html');
  assert.equal(await page.locator('#fp-q').isVisible(), true, 'the script did not show the filter box');
  const all = await visible(page);
  assert.ok(all.length > 3, `${all.length} entries`);

  await page.locator('#fp-q').fill('Backup');
  await page.waitForFunction(() => document.getElementById('fp-count').textContent !== '');
  const shown = await visible(page);
  assert.ok(shown.length > 0 && shown.length < all.length, `${shown.length} of ${all.length}`);
  assert.ok(shown.every((t) => t.includes('backup')), shown.join(' | '));
  assert.equal(shown.length, all.filter((t) => t.includes('backup')).length);
  assert.equal(await page.locator('#fp-count').innerText(), `${shown.length} of ${all.length} entries match`);

  await page.locator('#fp-q').fill('backup shadow');
  const both = await visible(page);
  assert.ok(both.length >= 1 && both.every((t) => t.includes('backup') && t.includes('shadow')), both.join(' | '));

  await page.locator('#fp-q').fill('no entry has this text');
  assert.deepEqual(await visible(page), []);
  assert.equal(await page.locator('#fp-count').innerText(), `0 of ${all.length} entries match`);

  await page.locator('#fp-q').fill('');
  assert.equal((await visible(page)).length, all.length);
  assert.deepEqual(problems, []);
  assert.deepEqual(network, []);
  await context.close();
});

test('a link to an entry of several rules opens it', async () => {
  // The example pack's false positives are each named by one rule: the fixture pack merges
  // spellings into an entry of three.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sigscope-fp-'));
  execFileSync(bin, ['site', path.join(here, '../fixtures/site/deploy'), '-o', dir, '--force'], { stdio: 'ignore' });
  const { page, context, problems, network } = await open('rules/falsepositives.html', { dir });
  const details = page.locator('#fp-admin-activity details');
  assert.equal(await details.getAttribute('open'), null);
  await page.evaluate(() => { location.hash = 'fp-admin-activity'; });
  await page.waitForFunction(() => document.querySelector('#fp-admin-activity details').open);
  assert.equal(await page.locator('#fp-admin-activity li').count(), 3);

  // Opened from a link, the entry is open on load.
  const again = await context.newPage();
  await again.goto(page.url(), { waitUntil: 'load' });
  assert.equal(await again.locator('#fp-admin-activity details').getAttribute('open'), '');
  assert.deepEqual(problems, []);
  assert.deepEqual(network, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('without JavaScript every entry is listed and the box stays hidden', async () => {
  const { page, context } = await open('rules/falsepositives.html', { javaScriptEnabled: false });
  assert.equal(await page.locator('#fp-q').isVisible(), false);
  assert.ok((await page.locator('#fp-list > li').count()) > 3);
  await context.close();
});
