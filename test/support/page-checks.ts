/**
 * What the browser tests and the gallery measure inside the popover's page: horizontal overflow,
 * the highlighted button, the content's height, and the contrast of every text and every control's
 * indicator against what it sits on. The code runs in the page, so it is written as JavaScript in
 * strings (this project's Node build has no DOM types); `page.evaluate` runs it and returns plain data.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export interface ContrastFailure {
  what: string;
  text: string;
  ratio: number;
  needed: number;
  colours: string;
}

export interface PageFacts {
  /** The page's own width beyond the window, and the elements that stick out on the right. */
  scrollWidth: number;
  overflowing: string[];
  /** The highlighted buttons shown (label and where), outside an open menu. */
  primaries: Array<{ label: string; top: number; bottom: number; disabled: boolean }>;
  /** The popover's content height, as the renderer measures it for the window. */
  contentHeight: number;
  viewportHeight: number;
  contrast: ContrastFailure[];
  /** How many texts and controls were measured (so a check that found nothing cannot pass silently). */
  measured: { texts: number; controls: number };
}

/** Colour maths and the walk up the tree for the colour behind an element. */
const COLOUR_HELPERS = `
const parse = (value) => {
  const m = /rgba?\\(([^)]+)\\)/.exec(value || '');
  if (!m) return null;
  const [r, g, b, a] = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
  return { r, g, b, a: Number.isFinite(a) ? a : 1 };
};
const over = (top, bottom) => ({ r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1 });
const luminance = ({ r, g, b }) => {
  const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
};
const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const hex = ({ r, g, b }) => '#' + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
/** The opaque colour behind an element: its own and its ancestors' backgrounds, composed. */
const backdrop = (element, includeSelf) => {
  const layers = [];
  for (let e = includeSelf ? element : element.parentElement; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c.a > 0) { layers.push(c); if (c.a >= 1) break; }
  }
  let colour = { r: 255, g: 255, b: 255, a: 1 };
  for (const layer of layers.reverse()) colour = over(layer, colour);
  return colour;
};
const shown = (element) => {
  for (let e = element; e; e = e.parentElement) {
    const style = getComputedStyle(e);
    if (style.visibility === 'hidden' || style.display === 'none' || e.classList.contains('visually-hidden')) return false;
    if (e.matches('button:disabled, input:disabled, select:disabled, [aria-disabled="true"]')) return false;
  }
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
};
const label = (element) => element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\\s+/).join('.') : '');
`;

const MEASURE = `(() => {
${COLOUR_HELPERS}
const root = document.querySelector('.popover');
const width = document.documentElement.clientWidth;
const overflowing = [...document.querySelectorAll('body *')]
  .filter((e) => shown(e) && !e.closest('.visually-hidden'))
  .filter((e) => e.getBoundingClientRect().right > width + 0.5 || e.getBoundingClientRect().left < -0.5)
  .map(label);
const primaries = [...document.querySelectorAll('button.primary')]
  .filter((b) => !b.closest('[role="menu"]') && b.getBoundingClientRect().width > 0)
  .map((b) => ({ label: b.innerText.trim().split('\\n')[0], top: b.getBoundingClientRect().top + window.scrollY, bottom: b.getBoundingClientRect().bottom + window.scrollY, disabled: b.disabled }));

const contrast = [];
let texts = 0;
let controls = 0;
// Text: every element with text of its own (and selects, whose shown value is theirs), 4.5:1.
for (const element of document.querySelectorAll('body *')) {
  const own = [...element.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
  if (!(own || element.tagName === 'SELECT') || !shown(element)) continue;
  const style = getComputedStyle(element);
  const behind = backdrop(element, true);
  const colour = over(parse(style.color), behind);
  const r = ratio(colour, behind);
  texts += 1;
  if (r < 4.5) contrast.push({ what: 'text ' + label(element), text: element.textContent.trim().slice(0, 60), ratio: Number(r.toFixed(2)), needed: 4.5, colours: hex(colour) + ' on ' + hex(behind) });
}
// Controls and state symbols: the colour that shows the control or its state, 3:1 against what it sits on.
const edge = (element) => {
  const style = getComputedStyle(element);
  if (parseFloat(style.borderTopWidth) >= 1) { const c = parse(style.borderTopColor); if (c && c.a > 0) return c; }
  const shadow = /^(rgba?\\([^)]+\\)) 0px 0px 0px ([\\d.]+)px/.exec(style.boxShadow);
  if (shadow && Number(shadow[2]) >= 1) return parse(shadow[1]);
  return parse(style.backgroundColor);
};
const control = (what, element, colour, against) => {
  if (!colour || !shown(element)) return;
  controls += 1;
  const c = over(colour, against);
  const r = ratio(c, against);
  if (r < 3) contrast.push({ what, text: (element.getAttribute('aria-label') || element.textContent || '').trim().slice(0, 60), ratio: Number(r.toFixed(2)), needed: 3, colours: hex(c) + ' on ' + hex(against) });
};
for (const b of document.querySelectorAll('button.primary')) control('primary button', b, edge(b), backdrop(b, false));
for (const s of document.querySelectorAll('input[role="switch"]')) {
  const track = parse(getComputedStyle(s).backgroundColor);
  control('switch track', s, track, backdrop(s, false));
  control('switch knob', s, parse(getComputedStyle(s, '::before').backgroundColor), over(track, backdrop(s, false)));
}
for (const seg of document.querySelectorAll('[role="radio"][aria-checked="true"]')) control('selected segment', seg, edge(seg), backdrop(seg, false));
for (const svg of document.querySelectorAll('svg.symbol')) {
  const shape = svg.querySelector('.symbol-fill, .symbol-ring');
  const style = getComputedStyle(shape);
  control('status symbol ' + svg.getAttribute('class'), svg, parse(style.fill !== 'none' ? style.fill : style.stroke), backdrop(svg, false));
}
for (const dot of document.querySelectorAll('.dot')) control('platform dot', dot, parse(getComputedStyle(dot).backgroundColor), backdrop(dot, false));
for (const spoke of document.querySelectorAll('.spinner-spoke:last-child')) control('progress indicator', spoke, parse(getComputedStyle(spoke).backgroundColor), backdrop(spoke.parentElement, false));

return {
  scrollWidth: document.documentElement.scrollWidth,
  overflowing,
  primaries,
  contentHeight: Math.ceil(Math.max(root.scrollHeight, root.getBoundingClientRect().height)),
  viewportHeight: window.innerHeight,
  contrast,
  measured: { texts, controls },
};
})()`;

export async function pageFacts(page: Page): Promise<PageFacts> {
  return (await page.evaluate(MEASURE)) as PageFacts;
}

/** The focus ring of whatever has focus, against what it sits on (3:1), or null when nothing has focus. */
const FOCUS_RING = `(() => {
${COLOUR_HELPERS}
const element = document.activeElement;
if (!element || element === document.body) return null;
const style = getComputedStyle(element);
const ring = parse(style.outlineStyle === 'none' ? style.backgroundColor : style.outlineColor);
const behind = backdrop(element, false);
return { what: label(element), ratio: Number(ratio(over(ring, behind), behind).toFixed(2)) };
})()`;

export async function focusRing(page: Page): Promise<{ what: string; ratio: number } | null> {
  return (await page.evaluate(FOCUS_RING)) as { what: string; ratio: number } | null;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations in the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated by the browser's debugger protocol: the page's CSP (no inline script) does not apply.
  if (!(await page.evaluate('typeof axe !== "undefined"'))) await page.evaluate(`${AXE_SOURCE}\n;void 0`);
  const results = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) })))`)) as AxeViolation[];
  return results.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}
