/**
 * Item 6: the popover's production bundle gzipped, the time from navigation to the first painted
 * gateway state in headless Chromium against the demo host (the real engine over the simulator,
 * the gateway running), and how far anything moved after it (the profile list, the settings and
 * the app's facts arrive later and must not push what is on screen).
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

/** How long after the first status the page is watched for layout shifts. */
const SETTLE_MS = 1500;

/**
 * Runs in the page before its own scripts (plain JavaScript: this project's Node build has no DOM
 * types): resolves with the time since navigation start of the animation frame in which the
 * headline first shows a state rather than "Checking…", and sums the layout shifts after it.
 */
const WATCH_FIRST_STATUS = `
window.benchShifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.benchShifts.push({ at: entry.startTime, value: entry.value });
}).observe({ type: 'layout-shift', buffered: true });
window.benchFirstStatus = new Promise((resolve) => {
  const shown = () => {
    const headline = document.querySelector('[data-testid="headline"]');
    return headline !== null && headline.dataset.state !== undefined && headline.dataset.state !== 'loading';
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
      const shifts: number[] = [];
      for (let i = 0; i < navigations; i += 1) {
        // A fresh context each time: no cache, as when the popover's window is first created.
        const context = await browser.newContext({ viewport: { width: 380, height: 720 } });
        const page = await context.newPage();
        await page.addInitScript({ content: WATCH_FIRST_STATUS });
        await page.goto(host.url);
        const first = Number(await page.evaluate('window.benchFirstStatus'));
        samples.push(first);
        await page.waitForTimeout(SETTLE_MS);
        shifts.push(Number(await page.evaluate(`window.benchShifts.filter((s) => s.at >= ${first}).reduce((sum, s) => sum + s.value, 0)`)));
        await context.close();
      }
      return {
        'renderer.bundleGzipKB': summarize([await bundleGzipKB()]),
        'renderer.firstStatusMs': summarize(samples),
        'renderer.layoutShiftAfterFirstStatus': summarize(shifts),
      };
    } finally {
      await browser.close();
      await host.stop();
    }
  });
}
