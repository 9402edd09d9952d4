// Shared by the browser tests: one headless Chromium per test file, and pages opened from
// file:// that record console errors and any request that leaves the machine.
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export const siteDir = path.resolve(process.env.SITE_DIR ?? '');
export const shots = path.resolve(process.env.SCREENSHOT_DIR ?? 'target/screenshots');
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const url = (rel, dir = siteDir) => pathToFileURL(path.join(dir, rel)).href;

let browser;

/// Registers the hooks that start Chromium before the file's tests and close it after.
export function useBrowser() {
  before(async () => {
    assert.ok(fs.existsSync(path.join(siteDir, 'index.html')), `no site in ${siteDir}`);
    fs.mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  after(async () => {
    await browser?.close();
  });
}

/// A page that records console errors, page errors and every request that is not file://.
/// `options.dir` opens `rel` in another built site than SITE_DIR.
export async function open(rel, options = {}) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1400, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
  });
  const page = await context.newPage();
  const problems = [];
  const network = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith('file://')) network.push(req.url());
  });
  page.on('requestfailed', (req) => problems.push(`failed: ${req.url()} ${req.failure()?.errorText}`));
  await page.goto(url(rel, options.dir), { waitUntil: 'load' });
  return { page, context, problems, network };
}
