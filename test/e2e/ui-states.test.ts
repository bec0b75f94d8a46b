/**
 * Every state the demo can reach (test/support/ui-states.ts), in real Chromium at the popover's
 * real width, light and dark: the headline says it, the one highlighted button (or none) is the
 * state's and sits in the first viewport, nothing overflows sideways, the window asks for the
 * content's height, axe-core finds nothing serious, and every text and control has its contrast.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startHost } from '../support/demo-host.js';
import type { DemoHost } from '../support/demo-host.js';
import { axeViolations, focusRing, pageFacts } from '../support/page-checks.js';
import { frame, headlineDetail, matchesTitle, POPOVER_WIDTH, showing, UI_STATES, viewTitle } from '../support/ui-states.js';
import type { UiState } from '../support/ui-states.js';

let browser: Browser | null = null;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function session(state: UiState, run: (host: DemoHost, page: Page) => Promise<void>): Promise<void> {
  if (!browser) throw new Error('the browser did not start');
  const host = await startHost(state.host);
  const page = await browser.newPage({ viewport: { width: POPOVER_WIDTH, height: 720 }, colorScheme: 'light' });
  try {
    await page.goto(host.url);
    await state.reach(host, page);
    await run(host, page);
  } finally {
    await page.close();
    await host.stop();
  }
}

/**
 * The checks of one appearance. A state that flickers (a crash loop respawns its gateway) is
 * checked again when it was not itself during a check.
 */
async function check(host: DemoHost, page: Page, state: UiState, theme: 'light' | 'dark'): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    await showing(page, state.expected.title, state.expected.detail);
    const { requested, window } = await frame(host, page, pageFacts);
    const facts = await pageFacts(page);
    const title = await viewTitle(page);
    const detail = await headlineDetail(page);
    const violations = await axeViolations(page);
    const steady = matchesTitle(title, state.expected.title) && matchesTitle(await viewTitle(page), state.expected.title);
    if (!steady && attempt < 10) continue;

    const where = `${state.name} (${theme})`;
    expect(matchesTitle(title, state.expected.title), `${where}: title "${title}"`).toBe(true);
    if (state.expected.detail) expect(detail, where).toMatch(state.expected.detail);
    // Nothing sticks out sideways, and the page is never wider than the window.
    expect(facts.scrollWidth, where).toBeLessThanOrEqual(POPOVER_WIDTH);
    expect(facts.overflowing, where).toEqual([]);
    // The state's one highlighted button to press (or none), shown without scrolling; one that
    // waits for an operation to end keeps its place, disabled.
    const primaries = facts.primaries.filter((p) => !p.disabled);
    expect(primaries.map((p) => p.label), where).toEqual(state.expected.primary ? [state.expected.primary] : []);
    for (const primary of primaries) expect(primary.bottom, `${where}: ${primary.label} below the first viewport`).toBeLessThanOrEqual(window);
    // The window asks for exactly the content's height; the app caps it (then the page scrolls, once).
    expect(requested, where).toBe(facts.contentHeight);
    expect(window, where).toBe(Math.min(Math.max(requested, 120), 640));
    // Accessibility and contrast, measured.
    expect(violations, where).toEqual([]);
    expect(facts.measured.texts, where).toBeGreaterThan(2);
    expect(facts.measured.controls, where).toBeGreaterThan(0);
    expect(facts.contrast, where).toEqual([]);
    return;
  }
}

/** A fresh simulated Mac, the state reached, two appearances checked: generous, as the machine may be busy. */
const STATE_TIMEOUT_MS = 180_000;

describe('every state of the popover, light and dark, at 360 px', () => {
  it.each(UI_STATES.map((state) => [state.name, state] as const))('%s', { timeout: STATE_TIMEOUT_MS }, async (_name, state) => {
    await session(state, async (host, page) => {
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await check(host, page, state, theme);
      }
    });
  });
});

describe('the window follows the content', () => {
  it('asks for more height when the set-up details open, and less again when they close', async () => {
    const state = UI_STATES.find((s) => s.name === 'first-run-set-up');
    if (!state) throw new Error('no first-run-set-up state');
    await session(state, async (host, page) => {
      const closed = (await frame(host, page, pageFacts)).requested;
      await page.getByRole('button', { name: 'What set-up does' }).click();
      const open = (await frame(host, page, pageFacts)).requested;
      expect(open).toBeGreaterThan(closed + 40);
      await page.getByRole('button', { name: 'What set-up does' }).click();
      expect((await frame(host, page, pageFacts)).requested).toBe(closed);
    });
  });

  it('a focused control shows a focus ring of 3:1 in both appearances', async () => {
    const state = UI_STATES.find((s) => s.name === 'stopped');
    if (!state) throw new Error('no stopped state');
    await session(state, async (_host, page) => {
      for (const theme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: theme });
        await page.getByRole('button', { name: 'Start', exact: true }).focus();
        await page.keyboard.press('Shift+Tab');
        await page.keyboard.press('Tab');
        const ring = await focusRing(page);
        expect(ring?.ratio ?? 0, `${theme}: ${ring?.what}`).toBeGreaterThanOrEqual(3);
      }
    });
  });
});
