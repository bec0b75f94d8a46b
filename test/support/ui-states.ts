/**
 * Every state of the popover the demo can reach, each with how to reach it on a fresh simulated
 * Mac (the demo host's hooks and the popover's own buttons) and what it must show. The browser
 * tests (test/e2e/ui-states.test.ts) check each one in light and dark; `npm run gallery`
 * photographs each one. Reaching a state waits for it to show, so a state that never comes fails.
 */
import type { Page } from 'playwright-core';
import { popoverHeight } from '../../electron/main/popover-position.js';
import type { GatewayStatus } from '../../electron/service/types.js';
import type { DemoHost, HostOptions } from './demo-host.js';

export interface Expected {
  /** The headline's title, or a sub-view's title. */
  title: string | RegExp;
  /** The headline's detail line, when it matters. */
  detail?: RegExp;
  /** The one highlighted button's label, or null when the state asks for none. */
  primary: string | null;
}

export interface UiState {
  name: string;
  /** One line for the contact sheet. */
  caption: string;
  host: HostOptions;
  reach(host: DemoHost, page: Page): Promise<void>;
  expected: Expected;
}

/** How long reaching a state may take (a crash loop needs a few respawns) and how often to look. */
const REACH_MS = 30_000;
const POLL_MS = 100;

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = REACH_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`the popover never showed ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function text(page: Page, selector: string): Promise<string> {
  const found = page.locator(selector);
  return (await found.count()) > 0 ? ((await found.first().textContent()) ?? '').trim() : '';
}

export const headlineTitle = (page: Page): Promise<string> => text(page, '[data-testid="headline"] .headline-title');
export const headlineDetail = (page: Page): Promise<string> => text(page, '[data-testid="headline"] .headline-detail');
/** The headline's title on the main view, a sub-view's title elsewhere. */
export const viewTitle = async (page: Page): Promise<string> => (await headlineTitle(page)) || text(page, '.nav-title');

export function matchesTitle(value: string, wanted: string | RegExp): boolean {
  return typeof wanted === 'string' ? value === wanted : wanted.test(value);
}

/** Waits until the popover shows this title (and detail, when given). */
export async function showing(page: Page, title: string | RegExp, detail?: RegExp): Promise<void> {
  await until(`"${String(title)}"${detail ? ` with ${String(detail)}` : ''}`, async () => matchesTitle(await viewTitle(page), title) && (!detail || detail.test(await headlineDetail(page))));
}

/** Waits for a problem of this code in the Problems list. */
async function problem(page: Page, code: string): Promise<void> {
  await until(`the problem ${code}`, async () => (await page.locator(`[aria-label="Problems"] [data-code="${code}"]`).count()) === 1);
}

async function click(page: Page, name: string): Promise<void> {
  const button = page.getByRole('button', { name, exact: true });
  await until(`an enabled "${name}" button`, () => button.isEnabled());
  await button.click();
}

const status = (host: DemoHost) => host.hook<GatewayStatus>('status');

/** The stand-in's platforms with Telegram refusing the bot token, in Hermes's own state file's words. */
const TOKEN_REJECTED = [
  { name: 'telegram', state: 'fatal', error_code: 'unauthorized', error_message: 'Telegram rejected the bot token (401 Unauthorized)' },
  'discord',
];

export const UI_STATES: readonly UiState[] = [
  {
    name: 'first-run-no-hermes',
    caption: 'First run: Hermes Agent not installed',
    host: { noHermes: true },
    reach: (_host, page) => showing(page, 'Hermes Agent not installed'),
    expected: { title: 'Hermes Agent not installed', primary: 'Copy Command' },
  },
  {
    name: 'first-run-set-up',
    caption: 'First run: Hermes installed, no gateway service',
    host: {},
    reach: async (_host, page) => {
      await showing(page, 'Gateway not set up');
      await until('an enabled Set Up', () => page.getByRole('button', { name: 'Set Up', exact: true }).isEnabled());
    },
    expected: { title: 'Gateway not set up', primary: 'Set Up' },
  },
  {
    name: 'first-run-set-up-details',
    caption: 'First run: what set-up does, disclosed',
    host: {},
    reach: async (_host, page) => {
      await showing(page, 'Gateway not set up');
      await until('an enabled Set Up', () => page.getByRole('button', { name: 'Set Up', exact: true }).isEnabled());
      await page.getByRole('button', { name: 'What set-up does' }).click();
      await until('the set-up steps', async () => (await page.getByRole('list', { name: 'Set-up steps' }).count()) === 1);
    },
    expected: { title: 'Gateway not set up', primary: 'Set Up' },
  },
  {
    name: 'setting-up',
    caption: 'Set-up in progress',
    host: {},
    reach: async (host, page) => {
      await showing(page, 'Gateway not set up');
      await host.hook('inject', { command: 'bootstrap', delayMs: 60_000 });
      await click(page, 'Set Up');
      await showing(page, 'Setting up…');
    },
    expected: { title: 'Setting up…', primary: null },
  },
  {
    name: 'starting',
    caption: 'Starting (a gateway booting after launchd respawned it)',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('standin-config', { bootMs: 120_000 });
      await host.hook('kill-gateway');
      await showing(page, 'Gateway starting…');
    },
    expected: { title: 'Gateway starting…', primary: null },
  },
  {
    name: 'running',
    caption: 'Running, every platform connected',
    host: { start: true },
    reach: (_host, page) => showing(page, 'Gateway running', /^Telegram and Discord connected$/),
    expected: { title: 'Gateway running', detail: /^Telegram and Discord connected$/, primary: null },
  },
  {
    name: 'degraded-platform',
    caption: 'Running, Telegram rejects the bot token',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('standin-config', { platforms: TOKEN_REJECTED });
      await host.hook('run', { operation: 'restart' });
      await showing(page, 'Gateway running', /^Telegram disconnected: Telegram rejected the bot token/);
    },
    expected: { title: 'Gateway running', detail: /^Telegram disconnected: Telegram rejected the bot token \(401 Unauthorized\)$/, primary: null },
  },
  {
    name: 'restarting',
    caption: 'Restart in progress',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      // The gateway drains and exits 75 on Restart's SIGUSR1; the one launchd respawns boots slowly.
      await host.hook('standin-config', { bootMs: 120_000 });
      await click(page, 'Restart');
      await showing(page, 'Restarting…');
    },
    expected: { title: 'Restarting…', primary: null },
  },
  {
    name: 'stopping',
    caption: 'Stop in progress',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('inject', { command: 'bootout', delayMs: 60_000 });
      await click(page, 'Stop');
      await showing(page, 'Stopping…');
    },
    expected: { title: 'Stopping…', primary: null },
  },
  {
    name: 'stopped',
    caption: 'Stopped on purpose: calm, Start',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('run', { operation: 'stop' });
      await showing(page, 'Gateway stopped');
    },
    expected: { title: 'Gateway stopped', primary: 'Start' },
  },
  {
    name: 'crashed',
    caption: 'Crashed, and crashing again (a crash loop)',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('standin-config', { crashOnBoot: 1, bootMs: 0 });
      await host.hook('kill-gateway');
      await problem(page, 'crash-loop');
      await showing(page, 'Gateway crashed');
    },
    expected: { title: 'Gateway crashed', primary: 'Show Error Log' },
  },
  {
    name: 'config-error',
    caption: 'Crashed with a configuration error (exit 78)',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('standin-config', { crashOnBoot: 78, bootMs: 0 });
      await host.hook('kill-gateway');
      await problem(page, 'config-error');
      await showing(page, 'Gateway crashed', /^Configuration error \(exit 78\)$/);
    },
    expected: { title: 'Gateway crashed', detail: /^Configuration error \(exit 78\)$/, primary: 'Show Error Log' },
  },
  {
    name: 'problem-plist-missing',
    caption: 'Problem (a warning Repair fixes): the plist deleted under a running gateway',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('delete-plist');
      await problem(page, 'plist-missing');
    },
    expected: { title: 'Gateway running', detail: /^There is no plist at ~\//, primary: 'Repair' },
  },
  {
    name: 'problem-bad-permissions',
    caption: 'Problem (an error Repair fixes): a world-writable plist',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('edit-plist', { mode: 0o666 });
      await problem(page, 'bad-permissions');
    },
    expected: { title: 'Gateway running', detail: /^launchd refuses the plist/, primary: 'Repair' },
  },
  {
    name: 'problem-launcher-missing',
    caption: 'Problem: the plist runs an install an upgrade moved',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      // The demo's Hermes is installed where its installer puts it: the home's hermes-agent.
      const root = `${(await status(host)).home}/hermes-agent`;
      await host.hook('edit-plist', { search: root, replace: '/Applications/Hermes Agent (old)' });
      await problem(page, 'launcher-missing');
    },
    expected: { title: 'Gateway running', primary: 'Repair' },
  },
  {
    name: 'problem-plist-invalid',
    caption: 'Problem: a plist that is not a property list',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('edit-plist', { text: '<?xml version="1.0"?>\n<plist><dict><key>Label</key>' });
      await problem(page, 'plist-invalid');
    },
    expected: { title: 'Gateway running', detail: /^The plist cannot be read/, primary: 'Repair' },
  },
  {
    name: 'problem-unsupervised',
    caption: 'Problem: a gateway started by hand, outside launchd',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('run', { operation: 'stop' });
      await showing(page, 'Gateway stopped');
      await host.hook('start-unsupervised');
      await problem(page, 'unsupervised-gateway');
    },
    expected: { title: 'Gateway stopped', primary: 'Repair' },
  },
  {
    name: 'info-no-gui-session',
    caption: 'A note: nobody logged in at the screen (background domain)',
    host: { start: true, noGuiSession: true },
    reach: async (_host, page) => {
      await showing(page, 'Gateway running');
      await problem(page, 'no-gui-session');
    },
    expected: { title: 'Gateway running', primary: null },
  },
  {
    name: 'error-set-up-failed',
    caption: 'Error banner: set-up refused by launchctl bootstrap (122)',
    host: {},
    reach: async (host, page) => {
      await showing(page, 'Gateway not set up');
      await host.hook('inject', { command: 'bootstrap', exit: 122, stderr: 'Bootstrap failed: 122: Path had bad ownership/permissions' });
      await click(page, 'Set Up');
      await until('the error banner', async () => (await page.getByRole('alert').count()) === 1);
      await showing(page, 'Gateway stopped');
    },
    expected: { title: 'Gateway stopped', primary: 'Start' },
  },
  {
    name: 'error-stop-failed',
    caption: 'Error banner: Stop refused by launchctl bootout (5)',
    host: { start: true },
    reach: async (host, page) => {
      await showing(page, 'Gateway running');
      await host.hook('inject', { command: 'bootout', exit: 5, stderr: 'Boot-out failed: 5: Input/output error', times: 20 });
      await click(page, 'Stop');
      await until('the error banner', async () => (await page.getByRole('alert').count()) === 1);
      await showing(page, 'Gateway running');
    },
    expected: { title: 'Gateway running', primary: null },
  },
  {
    name: 'several-profiles',
    caption: 'Several gateways: the profile pop-up',
    host: { start: true, profiles: ['work', 'family'] },
    reach: async (_host, page) => {
      await showing(page, 'Gateway running');
      await until('the profile pop-up', async () => (await page.getByRole('combobox', { name: 'Gateway profile' }).count()) === 1);
    },
    expected: { title: 'Gateway running', primary: null },
  },
  {
    name: 'other-profile',
    caption: 'Several gateways: a profile never set up, selected',
    host: { start: true, profiles: ['work', 'family'] },
    reach: async (_host, page) => {
      await showing(page, 'Gateway running');
      const popup = page.getByRole('combobox', { name: 'Gateway profile' });
      await until('the profile pop-up', async () => (await popup.count()) === 1);
      await popup.selectOption('work');
      await showing(page, 'Gateway not set up');
      await until('an enabled Set Up', () => page.getByRole('button', { name: 'Set Up', exact: true }).isEnabled());
    },
    expected: { title: 'Gateway not set up', primary: 'Set Up' },
  },
  {
    name: 'login-approval',
    caption: 'The login item waits for approval in System Settings',
    host: { start: true, loginItem: 'requires-approval' },
    reach: async (_host, page) => {
      await showing(page, 'Gateway running');
      await until('the approval note', async () => (await page.getByRole('note', { name: 'Login item approval' }).count()) === 1);
    },
    expected: { title: 'Gateway running', primary: null },
  },
  {
    name: 'menu',
    caption: 'The ⋯ menu',
    host: { start: true },
    reach: async (_host, page) => {
      await showing(page, 'Gateway running');
      await page.getByRole('button', { name: 'More' }).click();
      await until('the menu', async () => (await page.getByRole('menu').count()) === 1);
    },
    expected: { title: 'Gateway running', primary: null },
  },
  {
    name: 'log-open',
    caption: 'The gateway’s log',
    host: { start: true },
    reach: async (_host, page) => {
      await showing(page, 'Gateway running');
      await page.getByRole('button', { name: 'Gateway log' }).click();
      await showing(page, 'Gateway log');
      await until('log lines', async () => /gateway_state running/.test(await text(page, '.log-lines')), REACH_MS);
    },
    expected: { title: 'Gateway log', primary: null },
  },
  {
    name: 'settings',
    caption: 'Settings, with the app’s update (the demo cannot update itself)',
    host: { start: true },
    reach: async (_host, page) => {
      await showing(page, 'Gateway running');
      await page.getByRole('button', { name: 'More' }).click();
      await page.getByRole('menuitem', { name: 'Settings…' }).click();
      await showing(page, 'Settings');
      // Open at login, Keep the gateway running, and the update's automatic checks.
      await until('the switches and the update', async () => (await page.getByRole('switch').count()) === 3 && (await page.getByRole('region', { name: 'Updates' }).count()) === 1);
    },
    expected: { title: 'Settings', primary: null },
  },
];

/** The popover window's width, and its height: what the content asks for, capped as the app caps it. */
export const POPOVER_WIDTH = 360;

export interface WindowLog {
  height: number | null;
  hides: number;
  quits: number;
  revealed: string[];
}

/**
 * Shows the page as the popover's window would: once the height the renderer asked for has settled
 * at its content's height, the viewport takes that height (up to the app's maximum). Returns it.
 */
export async function frame(host: DemoHost, page: Page, measure: (page: Page) => Promise<{ contentHeight: number }>): Promise<{ requested: number; window: number }> {
  let requested = 0;
  let last = -1;
  await until('a settled window height', async () => {
    const asked = (await host.hook<WindowLog>('popover')).height;
    const { contentHeight } = await measure(page);
    const steady = asked !== null && asked === contentHeight && asked === last;
    last = asked ?? -1;
    requested = asked ?? 0;
    return steady;
  }, 10_000);
  const window = popoverHeight(requested, { x: 0, y: 0, width: 1440, height: 900 - 25 });
  await page.setViewportSize({ width: POPOVER_WIDTH, height: window });
  return { requested, window };
}
