/**
 * `npm run gallery`: every state of the popover (test/support/ui-states.ts) photographed in light
 * and dark at the window's real size, and one contact sheet, test-artifacts/gallery/index.html, to
 * review the whole UI at a glance. Each state runs on its own fresh simulated Mac; a state that
 * cannot be reached is listed on the sheet with why, and the run exits 1.
 *
 *   node dist/test/demo/gallery.js [--only name,name]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { launchBrowser, startHost } from '../support/demo-host.js';
import { pageFacts } from '../support/page-checks.js';
import type { PageFacts } from '../support/page-checks.js';
import { repoRoot } from '../sim/repo-paths.js';
import { frame, matchesTitle, POPOVER_WIDTH, showing, UI_STATES, viewTitle } from '../support/ui-states.js';
import type { UiState } from '../support/ui-states.js';

const THEMES = ['light', 'dark'] as const;
type Theme = (typeof THEMES)[number];

interface Shot {
  theme: Theme;
  file: string;
  height: number;
  facts: PageFacts;
}

interface Sheet {
  state: UiState;
  shots: Shot[];
  title: string;
  failure: string | null;
}

const { values: args } = parseArgs({ options: { only: { type: 'string', default: '' } } });
const only = new Set(args.only.split(',').filter(Boolean));
const out = path.join(repoRoot(), 'test-artifacts', 'gallery');
mkdirSync(out, { recursive: true });

async function photograph(browser: Browser, state: UiState): Promise<Sheet> {
  const host = await startHost(state.host);
  // Twice the pixels, as a Retina Mac shows it.
  const page = await browser.newPage({ viewport: { width: POPOVER_WIDTH, height: 720 }, colorScheme: 'light', deviceScaleFactor: 2 });
  try {
    await page.goto(host.url);
    await state.reach(host, page);
    const shots: Shot[] = [];
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      const file = `${state.name}-${theme}.png`;
      // A state that flickers (a crash loop respawns) is photographed when it shows before and after the shot.
      for (let attempt = 0; ; attempt += 1) {
        await showing(page, state.expected.title, state.expected.detail);
        const { window } = await frame(host, page, pageFacts);
        await page.screenshot({ path: path.join(out, file) });
        const facts = await pageFacts(page);
        if (matchesTitle(await viewTitle(page), state.expected.title) || attempt === 20) {
          shots.push({ theme, file, height: window, facts });
          break;
        }
      }
    }
    return { state, shots, title: await viewTitle(page), failure: null };
  } catch (error) {
    await page.screenshot({ path: path.join(out, `${state.name}-failed.png`), fullPage: true }).catch(() => undefined);
    return { state, shots: [], title: '', failure: (error as Error).message };
  } finally {
    await page.close();
    await host.stop();
  }
}

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);
}

function notes(shot: Shot): string {
  const { facts } = shot;
  const found = [
    ...facts.contrast.map((c) => `contrast ${c.ratio}:1 < ${c.needed}:1 — ${c.what} “${c.text}” (${c.colours})`),
    ...(facts.scrollWidth > POPOVER_WIDTH ? [`page ${facts.scrollWidth} px wide`] : []),
    ...facts.overflowing.map((e) => `sticks out: ${e}`),
  ];
  const primary = facts.primaries[0]?.label ?? 'none';
  return `<p>${shot.theme}: ${POPOVER_WIDTH}×${shot.height} · primary: ${escape(primary)}</p>${found.length ? `<ul class="bad">${found.map((f) => `<li>${escape(f)}</li>`).join('')}</ul>` : ''}`;
}

function sheet(entries: Sheet[]): string {
  const rows = entries
    .map(
      ({ state, shots, title, failure }) => `
  <section>
    <h2>${escape(state.caption)} <small>${escape(state.name)} · “${escape(title)}”</small></h2>
    ${failure ? `<p class="bad">Not reached: ${escape(failure)}</p>` : ''}
    <div class="shots">${shots.map((s) => `<figure class="${s.theme}"><img src="${s.file}" width="${POPOVER_WIDTH}" alt="${escape(state.caption)}, ${s.theme}"><figcaption>${notes(s)}</figcaption></figure>`).join('')}</div>
  </section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hermes Bar: every state of the popover</title>
<style>
  body { font: 13px -apple-system, system-ui, sans-serif; margin: 24px; background: #fafafa; color: #1d1d1f; }
  h1 { font-size: 20px; } h2 { font-size: 14px; margin: 28px 0 8px; } small { color: #6e6e73; font-weight: normal; }
  .shots { display: flex; gap: 24px; align-items: flex-start; flex-wrap: wrap; }
  figure { margin: 0; padding: 16px; border-radius: 12px; }
  figure.light { background: linear-gradient(135deg, #a9c3e8, #d8c6e8); } figure.dark { background: linear-gradient(135deg, #1c2a44, #3b2a4a); }
  img { display: block; border-radius: 10px; box-shadow: 0 10px 30px rgb(0 0 0 / 35%); }
  figcaption { color: #fff; text-shadow: 0 1px 2px rgb(0 0 0 / 60%); max-width: ${POPOVER_WIDTH}px; }
  .bad { color: #b00020; background: #fff; text-shadow: none; padding: 4px 8px; border-radius: 6px; }
</style></head>
<body><h1>Hermes Bar: every state of the popover, light and dark (${entries.length} states)</h1>
<p>Each picture is the popover's window at its real size: ${POPOVER_WIDTH} px wide, as tall as its content asks (up to the maximum). Generated by <code>npm run gallery</code>.</p>
${rows}
</body></html>
`;
}

const browser = await launchBrowser();
const entries: Sheet[] = [];
try {
  for (const state of UI_STATES.filter((s) => only.size === 0 || only.has(s.name))) {
    process.stderr.write(`gallery: ${state.name}…`);
    const entry = await photograph(browser, state);
    entries.push(entry);
    process.stderr.write(entry.failure ? ` NOT REACHED: ${entry.failure}\n` : ' ok\n');
  }
} finally {
  await browser.close();
}
writeFileSync(path.join(out, 'index.html'), sheet(entries));
process.stdout.write(`${path.join(out, 'index.html')}\n`);
process.exit(entries.some((e) => e.failure) ? 1 : 0);
