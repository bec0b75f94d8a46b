/**
 * Item 6: the popover's production bundle gzipped, and the time from navigation to the first
 * painted gateway state in headless Chromium against the demo host (the real engine over the
 * simulator, the gateway running).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../test/sim/repo-paths.js';
import { launchBrowser, startHost } from '../test/support/demo-host.js';
import type { Figures } from './figures.js';
import { stoppedOnInterrupt } from './interrupt.js';
import { summarize } from './stats.js';

async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(entries.map((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)])));
  return nested.flat();
}

/** Every file vite wrote to dist/renderer, each gzipped as a server would send it. */
async function bundleGzipKB(): Promise<number> {
  let bytes = 0;
  for (const file of await files(path.join(repoRoot(), 'dist', 'renderer'))) bytes += gzipSync(await readFile(file)).length;
  return bytes / 1024;
}

/**
 * Runs in the page before its own scripts (plain JavaScript: this project's Node build has no DOM
 * types): resolves with the time since navigation start of the animation frame in which the state
 * badge first shows a state rather than "Checking…".
 */
const WATCH_FIRST_STATUS = `
window.benchFirstStatus = new Promise((resolve) => {
  const shown = () => {
    const badge = document.querySelector('[aria-label="Gateway state"]');
    return badge !== null && badge.dataset.state !== undefined && badge.dataset.state !== 'loading';
  };
  new MutationObserver((records, observer) => {
    if (!shown()) return;
    observer.disconnect();
    requestAnimationFrame(() => resolve(performance.now()));
  }).observe(document, { subtree: true, childList: true, attributes: true });
});
`;

export async function measureRenderer(navigations: number): Promise<Figures> {
  const host = await startHost({ start: true });
  return stoppedOnInterrupt(host.stop, async () => {
    const browser = await launchBrowser();
    try {
      const samples: number[] = [];
      for (let i = 0; i < navigations; i += 1) {
        // A fresh context each time: no cache, as when the popover's window is first created.
        const context = await browser.newContext({ viewport: { width: 380, height: 720 } });
        const page = await context.newPage();
        await page.addInitScript({ content: WATCH_FIRST_STATUS });
        await page.goto(host.url);
        samples.push(Number(await page.evaluate('window.benchFirstStatus')));
        await context.close();
      }
      return { 'renderer.bundleGzipKB': summarize([await bundleGzipKB()]), 'renderer.firstStatusMs': summarize(samples) };
    } finally {
      await browser.close();
      await host.stop();
    }
  });
}
