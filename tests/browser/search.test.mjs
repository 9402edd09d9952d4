// The rule index: full-text search (every field, ranked, highlighted, typo-tolerant, key:value
// terms), multi-select facets with live counts, state in the URL, and phones. Expectations come
// from the example pack's rule files, read here, not from the index under test.
//
//   SITE_DIR=target/browser-site RULES_DIR=rules node --test tests/browser/search.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useBrowser, open } from './harness.mjs';

const rulesDir = path.resolve(process.env.RULES_DIR ?? path.join(import.meta.dirname, '../../rules'));

/// Every rule document of the pack: its title and its text without comments, lowercased. Rules are told apart by
/// title (unique in the pack; the seed rule's id is broken on purpose).
function ruleDocs() {
  const docs = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(e.name)) {
        for (const doc of fs.readFileSync(p, 'utf8').split(/^---\s*$/m)) {
          const title = /^title:\s*['"]?(.*?)['"]?\s*$/m.exec(doc);
          // YAML comments are not part of a rule.
          const text = doc.replace(/^\s*#.*$/gm, '').replace(/\s+#\s.*$/gm, '').toLowerCase();
          if (title) docs.push({ id: title[1], text });
        }
      }
    }
  };
  walk(rulesDir);
  return docs;
}
const docs = ruleDocs();
const idsWith = (pred) => docs.filter(pred).map((d) => d.id).sort();

useBrowser();

/// Titles of the rows shown, in order.
const shownIds = (page) => page.locator('#rule-table tbody tr td:first-child > a').allInnerTexts();

async function search(page, text) {
  await page.locator('#q').fill(text);
  await page.locator('#q').press('Enter');
  await page.waitForFunction((t) => decodeURIComponent(location.hash).includes(`q=${t}`) || (!t && !location.hash.includes('q=')), text);
}

test('a word finds every rule whose text contains it, whatever the field', async () => {
  const { page, context, problems, network } = await open('rules/index.html');
  // Words of the example pack found in titles, descriptions, detection values, tags, false
  // positives and references; each must find exactly the rules whose file contains it.
  const words = ['powershell', 'certutil', 'temp', 'rundll32', 'attack.t1105', 'legitimate', 'learn.microsoft.com', 'df00tech', 'commandline', 'invoke-webrequest'];
  for (const w of words) {
    const want = idsWith((d) => d.text.includes(w));
    assert.ok(want.length > 0, `${w} is not in the pack`);
    await search(page, w);
    assert.deepEqual((await shownIds(page)).sort(), want, `search for ${w}`);
  }
  assert.deepEqual(problems, []);
  assert.deepEqual(network, []);
  await context.close();
});

test('results are ranked with title matches first, highlighted, and show where they matched', async () => {
  const { page, context } = await open('rules/index.html');
  await search(page, 'powershell');
  const ids = await shownIds(page);
  const titles = await page.locator('#rule-table tbody tr td:first-child > a').allInnerTexts();
  const inTitle = titles.map((t) => /powershell/i.test(t));
  assert.ok(inTitle[0], `first result ${titles[0]} does not have the word in its title`);
  assert.deepEqual(inTitle, [...inTitle].sort((a, b) => b - a), `title matches not first: ${titles}`);
  assert.ok(ids.length > inTitle.filter(Boolean).length, 'no match outside titles');
  const marks = await page.locator('#rule-table tbody tr td:first-child > a mark').allInnerTexts();
  assert.ok(marks.length > 0 && marks.every((m) => m.toLowerCase() === 'powershell'), marks.join(','));
  // A row matched outside its title says where, with the word marked.
  const hits = await page.locator('#rule-table tbody tr .hit').allInnerTexts();
  assert.ok(hits.length > 0 && hits.every((h) => /^[a-z ]+: .*powershell/i.test(h)), hits.join(' | '));
  assert.ok(await page.locator('#rule-table tbody tr .hit mark').count() >= hits.length);
  await context.close();
});

test('prefixes, hyphenated words and a typo of five letters or more match', async () => {
  const { page, context } = await open('rules/index.html');
  await search(page, 'certut');
  assert.deepEqual((await shownIds(page)).sort(), idsWith((d) => d.text.includes('certut')));
  await search(page, 'powrshell');
  assert.deepEqual((await shownIds(page)).sort(), idsWith((d) => d.text.includes('powershell')));
  assert.ok(await page.locator('#rule-table tbody tr td:first-child > a mark').count() > 0, 'a typo match is not highlighted');
  await search(page, 'zzqqxxyy');
  assert.equal(await page.locator('#rule-table tbody tr').count(), 0);
  assert.match(await page.locator('#count').innerText(), /^0 of \d+ rules match/);
  await context.close();
});

test('key:value terms filter by level, product, technique, field and value', async () => {
  const { page, context } = await open('rules/index.html');
  const has = (re) => (d) => re.test(d.text);
  const cases = [
    ['level:high', idsWith(has(/^level: high$/m))],
    ['level:high product:windows', idsWith((d) => /^level: high$/m.test(d.text) && /^\s+product: windows$/m.test(d.text))],
    ['technique:t1059', idsWith(has(/attack\.t1059\b/))],
    ['field:commandline', idsWith(has(/^\s+commandline\b/m))],
    ['product:linux status:test', idsWith((d) => /^\s+product: linux$/m.test(d.text) && /^status: test$/m.test(d.text))],
  ];
  for (const [query, want] of cases) {
    assert.ok(want.length > 0, `${query} matches nothing in the pack`);
    await search(page, query);
    assert.deepEqual((await shownIds(page)).sort(), want, query);
  }
  // A key:value term and a word together.
  await search(page, 'level:medium powershell');
  assert.deepEqual((await shownIds(page)).sort(),
    idsWith((d) => /^level: medium$/m.test(d.text) && d.text.includes('powershell')));
  await context.close();
});

test('facets are multi-select, their counts follow the other filters, and the URL keeps them', async () => {
  const { page, context, problems } = await open('rules/index.html');
  const level = page.locator('details.facet[data-facet="level"]');
  const product = page.locator('details.facet[data-facet="product"]');
  await level.locator('summary').click();
  await product.locator('summary').click();
  const count = (facet, value) => facet.locator('label', { has: page.locator(`input[value="${value}"]`) }).locator('.n').innerText();
  const high = idsWith((d) => /^level: high$/m.test(d.text));
  const windows = idsWith((d) => /^\s+product: windows$/m.test(d.text));
  assert.equal(Number(await count(product, 'windows')), windows.length);

  await level.locator('input[value="high"]').check();
  assert.deepEqual((await shownIds(page)).sort(), high);
  // The product counts now count high rules only; the level counts do not change.
  assert.equal(Number(await count(product, 'windows')), high.filter((id) => windows.includes(id)).length);
  assert.equal(Number(await count(level, 'medium')), idsWith((d) => /^level: medium$/m.test(d.text)).length);

  // A second level widens; a product narrows.
  await level.locator('input[value="medium"]').check();
  const highOrMedium = idsWith((d) => /^level: (high|medium)$/m.test(d.text));
  assert.deepEqual((await shownIds(page)).sort(), highOrMedium);
  await product.locator('input[value="windows"]').check();
  const want = highOrMedium.filter((id) => windows.includes(id));
  assert.deepEqual((await shownIds(page)).sort(), want);
  assert.match(page.url(), /level=high&level=medium/);
  assert.match(page.url(), /product=windows/);

  // Reloading the link restores the boxes and the rows.
  const again = await context.newPage();
  await again.goto(page.url(), { waitUntil: 'load' });
  await again.waitForFunction(() => !document.getElementById('filters').hidden);
  assert.deepEqual((await shownIds(again)).sort(), want);
  assert.equal(await again.locator('details.facet[data-facet="level"] input[value="medium"]').isChecked(), true);

  // A search changes the counts too; reset clears everything.
  await search(page, 'powershell');
  await page.locator('#reset').click();
  assert.equal(await page.locator('#rule-table tbody tr').count(), docs.length);
  assert.equal(await level.locator('input:checked').count(), 0);
  assert.doesNotMatch(page.url(), /level=/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the lint facet and / to focus the search box', async () => {
  const { page, context } = await open('rules/index.html');
  await page.locator('h1').click();
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await search(page, 'lint:yes');
  const flagged = await page.locator('#rule-table tbody tr').count();
  assert.ok(flagged > 0 && flagged === await page.locator('#rule-table tbody tr .flag').count());
  await context.close();
});

test('on a 390 px phone the filters fold behind a button and nothing overflows', async () => {
  const { page, context, problems } = await open('rules/index.html', { viewport: { width: 390, height: 844 } });
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await page.locator('#facets').isVisible(), false, 'filters shown on a phone');
  assert.ok(await overflow() <= 0, `the index is ${await overflow()} px too wide`);
  await page.locator('#facets-toggle').click();
  assert.equal(await page.locator('#facets').isVisible(), true);
  assert.equal(await page.locator('#facets-toggle').getAttribute('aria-expanded'), 'true');
  await page.locator('details.facet[data-facet="author"] summary').click();
  await search(page, 'powershell');
  assert.ok(await overflow() <= 0, `the index is ${await overflow()} px too wide with results`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('without JavaScript every rule is listed or linked', async () => {
  const { page, context } = await open('rules/index.html', { javaScriptEnabled: false });
  const rows = await page.locator('#rule-table tbody tr').count();
  assert.ok(rows > 0 && rows <= 100);
  if (rows < docs.length) assert.equal(await page.locator('a[href="all.html"]').count(), 1);
  await context.close();
  const all = await open('rules/all.html', { javaScriptEnabled: false });
  const ids = await all.page.locator('ol.rule-list a').allInnerTexts();
  assert.deepEqual(ids.sort(), docs.map((d) => d.id).sort());
  await all.context.close();
});
