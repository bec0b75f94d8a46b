/** Starts the demo web host (the real engine over the simulator) and Debian's Chromium for one test. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS = path.join(ROOT, 'test-artifacts', 'screenshots');

/** The flags this machine needs: no sandbox as root, and no network beyond localhost. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DemoHost {
  url: string;
  process: ChildProcess;
  hook<T = unknown>(name: string, input?: object): Promise<T>;
  stop(): Promise<void>;
}

export interface HostOptions {
  /** Set the gateway up and start it first. */
  start?: boolean;
  profiles?: string[];
  /** Hermes not installed at all (no HERMES_HOME). */
  noHermes?: boolean;
  /** The login item's state as macOS would report it. */
  loginItem?: string;
}

export async function startHost(options: HostOptions = {}): Promise<DemoHost> {
  const args = [path.join(ROOT, 'dist/test/demo/web-host.js'), '--test-hooks'];
  if (options.start) args.push('--start');
  if (options.profiles?.length) args.push('--profiles', options.profiles.join(','));
  if (options.noHermes) args.push('--no-hermes');
  if (options.loginItem) args.push('--login-item', options.loginItem);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match) resolve(match[0]);
    });
    child.on('exit', (code) => reject(new Error(`demo host exited with ${code}: ${out}`)));
  });
  return {
    url,
    process: child,
    async hook<T>(name: string, input: object = {}): Promise<T> {
      const response = await fetch(`${url}api/test/${name}`, { method: 'POST', body: JSON.stringify(input) });
      const body = (await response.json()) as { ok: boolean; value: T; error?: string };
      if (!body.ok) throw new Error(body.error);
      return body.value;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  // playwright gives every launch a fresh, temporary user-data-dir.
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

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

/** The gateway's state as the popover shows it. */
export function badge(page: Page): Locator {
  return page.getByRole('status', { name: 'Gateway state' });
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
