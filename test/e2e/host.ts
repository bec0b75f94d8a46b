/** The popover in Chromium against the demo host, for one test: opening it and saving screenshots. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { DemoHost, HostOptions } from '../support/demo-host.js';
import { launchBrowser, startHost } from '../support/demo-host.js';

export type { DemoHost, HostOptions } from '../support/demo-host.js';
export { launchBrowser, startHost } from '../support/demo-host.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'screenshots');

export async function openPopover(browser: Browser, url: string, colorScheme: 'light' | 'dark'): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 380, height: 720 }, colorScheme });
  await page.goto(url);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** How long a test waits to see something happen, and how often it looks. */
export const SEE = { timeout: 15_000, interval: 100 };

/** The trimmed text of the first match, or '' when there is none (yet). */
export async function text(locator: Locator): Promise<string> {
  return ((await locator.count()) > 0 ? ((await locator.first().textContent()) ?? '') : '').trim();
}

/** The headline's title: the gateway's health as the popover says it. */
export function headline(page: Page): Locator {
  return page.getByTestId('headline').locator('.headline-title');
}

/** The Details section's facts line ("pid 4242 · up 3 s"). */
export function facts(page: Page): Locator {
  return page.getByTestId('facts');
}

/** Screenshots of the current view in both themes. */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await screenshot(page, `${name}-light`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, `${name}-dark`);
}

/**
 * One browser for a test file and one demo host and page per test, ended after it: registers the
 * hooks and returns `open`, which starts the host and shows the popover.
 */
export function popoverSession(): (options?: HostOptions) => Promise<{ host: DemoHost; page: Page }> {
  let browser: Browser | null = null;
  let host: DemoHost | null = null;
  let page: Page | null = null;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await page?.close();
    page = null;
    await host?.stop();
    host = null;
  });
  return async (options = {}) => {
    if (!browser) throw new Error('the browser did not start');
    host = await startHost(options);
    page = await openPopover(browser, host.url, 'light');
    return { host, page };
  };
}
