/**
 * The demo and e2e host: a simulated Mac (the launchd simulator and a stand-in Hermes install in a
 * temporary folder), the real engine and status monitor over it, and a small web server that
 * serves the built popover with window.hermesBar over HTTP and Server-Sent Events. It uses the
 * app's own dispatch, so every request meets the same validation and the same engine calls as IPC.
 *
 *   node dist/test/demo/web-host.js [--port N] [--start] [--test-hooks] [--profiles a,b]
 *                                   [--no-hermes] [--no-gui-session] [--login-item STATE]
 *
 * The first-run states: --no-hermes (Hermes not installed: no HERMES_HOME), the default (Hermes
 * installed, no gateway service yet), --start (the gateway set up and running), and
 * --login-item requires-approval (macOS waits for the user to allow the login item);
 * --no-gui-session: nobody logged in at the screen (the gateway runs in user/<uid>).
 * With --test-hooks, POST /api/test/<hook> makes things happen to the simulated Mac (the hooks
 * below): test/support/ui-states.ts drives the popover through every state with them.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppLog, createLoggedEngine } from '../../electron/main/app-log.js';
import { offerCliInstall } from '../../electron/main/cli-install.js';
import type { Confirmation, Platform } from '../../electron/main/dispatch.js';
import { createDispatch } from '../../electron/main/dispatch.js';
import type { LoginItemState } from '../../electron/ipc-contract.js';
import { LOGIN_ITEM_STATES, PUSH } from '../../electron/ipc-contract.js';
import type { Operation } from '../../electron/service/types.js';
import { StatusMonitor } from '../../electron/service/monitor.js';
import { readSettings } from '../../electron/service/settings.js';
import type { InjectRule } from '../support/simulator.js';
import { createSimulator } from '../support/simulator.js';
import { installHermes, startUnsupervisedGateway, writeStandinConfig, type HermesInstall } from '../support/standin.js';

const DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const RENDERER = path.join(DIST, 'renderer');

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    start: { type: 'boolean', default: false },
    'test-hooks': { type: 'boolean', default: false },
    profiles: { type: 'string', default: '' },
    'no-hermes': { type: 'boolean', default: false },
    'no-gui-session': { type: 'boolean', default: false },
    'login-item': { type: 'string', default: 'not-registered' },
  },
});

function loginItemState(value: string): LoginItemState {
  if (!(LOGIN_ITEM_STATES as readonly string[]).includes(value)) throw new Error(`--login-item must be one of ${LOGIN_ITEM_STATES.join(', ')}`);
  return value as LoginItemState;
}

const sim = await createSimulator({ timeScale: 0.05, guiSession: !args['no-gui-session'] });
const env = { ...sim.env, HERMES_BAR_BACKEND: 'launchd', HERMES_BAR_TIME_SCALE: '0.25' };
const STANDIN = { bootMs: 600, drainMs: 300 };
/** Hermes 0.21 with its store Python, as its installer lays it out, and the demo's gateway behaviour. */
async function installDemoHermes(): Promise<HermesInstall> {
  const install = installHermes(sim.home);
  await writeStandinConfig(sim.hermesHome, STANDIN);
  return install;
}
if (args['no-hermes']) await rm(sim.hermesHome, { recursive: true, force: true });
let hermes = args['no-hermes'] ? null : await installDemoHermes();
for (const name of args.profiles.split(',').filter(Boolean)) await mkdir(path.join(sim.hermesHome, 'profiles', name), { recursive: true });

const VERSION = (JSON.parse(await readFile(path.join(DIST, '..', 'package.json'), 'utf8')) as { version: string }).version;
const appLog = new AppLog(path.join(sim.root, 'app-logs'));
const engine = createLoggedEngine(readSettings(env), appLog);
const monitor = new StatusMonitor(engine, { idlePollMs: 5_000, activePollMs: 2_000, pidCheckMs: 200, debounceMs: 50 });
if (args.start) await engine.run('start', null);

/** The demo's stand-ins for what Electron provides in the app. */
let loginItem: LoginItemState = loginItemState(args['login-item']);
let keepRunning = true;
let clipboard = '';
/** The demo answers the confirmation dialog it cannot show (tests set the answer and read the question). */
let confirmAnswer = true;
let lastQuestion: Confirmation | null = null;
/** What the popover asked of its window, and of the app. */
const windowLog = { height: null as number | null, hides: 0, quits: 0, revealed: [] as string[], told: [] as string[] };
const platform: Platform = {
  revealPath: (file) => {
    windowLog.revealed.push(file);
    process.stdout.write(`(demo) would show ${file} in Finder\n`);
  },
  resizePopover: (height) => {
    windowLog.height = height;
  },
  hidePopover: () => {
    windowLog.hides += 1;
  },
  quit: () => {
    windowLog.quits += 1;
    process.stdout.write('(demo) would quit Hermes Bar\n');
  },
  // The demo runs from its sources: the real flow, which says so instead of linking anything.
  installCommandLineTool: async () => {
    await offerCliInstall(
      { resourcesPath: null, home: sim.home, pathVariable: '', appImage: null },
      {
        ask: (question) => platform.confirm(question),
        tell: async (message, detail) => {
          windowLog.told.push(message);
          process.stdout.write(`(demo) would say: ${message} (${detail})\n`);
        },
      },
    );
  },
  confirm: async (question) => {
    lastQuestion = question;
    process.stdout.write(`(demo) would ask: ${question.message} → ${confirmAnswer ? question.confirm : 'Cancel'}\n`);
    return confirmAnswer;
  },
  loginItemState: () => loginItem,
  setOpenAtLogin: (open) => {
    loginItem = open ? 'enabled' : 'not-registered';
  },
  openLoginItemsSettings: async () => undefined,
  openPaths: async (paths) => {
    process.stdout.write(`(demo) would open ${paths.join(', ')}\n`);
  },
  writeClipboard: (text) => {
    clipboard = text;
  },
  keepRunning: () => keepRunning,
  setKeepRunning: (value) => {
    keepRunning = value;
  },
};
const dispatch = createDispatch({ engine, monitor, platform, appLogFile: appLog.file, appVersion: VERSION });

const streams = new Set<ServerResponse>();
function push(name: string, payload: unknown): void {
  for (const stream of streams) stream.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
}
monitor.onChange((snapshot) => push(PUSH.status, snapshot));
monitor.onOperation((event) => push(PUSH.operation, event));
await monitor.start();
monitor.setActive(true);

async function body(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 1_000_000) throw new Error('request too large');
  }
  return text ? JSON.parse(text) : {};
}

function json(response: ServerResponse, status: number, value: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(value));
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html', '.svg': 'image/svg+xml', '.png': 'image/png' };

async function serveFile(response: ServerResponse, file: string): Promise<void> {
  const resolved = path.resolve(file);
  if (!resolved.startsWith(DIST + path.sep)) return json(response, 403, { error: 'outside the build' });
  try {
    const content = await readFile(resolved);
    response.writeHead(200, { 'content-type': TYPES[path.extname(resolved)] ?? 'application/octet-stream' });
    response.end(content);
  } catch {
    json(response, 404, { error: 'not found' });
  }
}

/** The app's facts in the page's URL, as the app's main process gives them (electron/main/popover.ts). */
const INFO_QUERY = new URLSearchParams({ version: VERSION, userHome: sim.home, os: 'darwin' }).toString();

/** The built popover, with the bridge after the CSP (so the policy covers it) and before the app's deferred module script runs. */
async function serveIndex(response: ServerResponse): Promise<void> {
  const html = await readFile(path.join(RENDERER, 'index.html'), 'utf8');
  response.writeHead(200, { 'content-type': 'text/html' });
  response.end(html.replace('</head>', '  <script src="./bridge.js"></script>\n  </head>'));
}

/** Hooks the e2e tests use to make things happen to the simulated Mac. */
const hooks: Record<string, (input: Record<string, unknown>) => Promise<unknown>> = {
  inject: async (rule) => sim.inject(rule as unknown as InjectRule),
  'kill-gateway': async () => {
    const pid = (await engine.status(null)).pid;
    if (pid) process.kill(pid, 'SIGKILL');
    return { pid };
  },
  'delete-plist': async () => rm(path.join(sim.agentsDir, 'ai.hermes.gateway.plist')),
  'standin-config': async (config) => writeStandinConfig(sim.hermesHome, config),
  status: async () => engine.status(null),
  clipboard: async () => ({ text: clipboard }),
  'login-item': async (input) => {
    loginItem = loginItemState(String(input.state));
    return null;
  },
  /** Sets the answer to the next confirmation and returns the last question asked. */
  confirm: async (input) => {
    if (typeof input.answer === 'boolean') confirmAnswer = input.answer;
    return lastQuestion;
  },
  'install-hermes': async () => {
    hermes = await installDemoHermes();
    return null;
  },
  /** What the popover asked of its window: the height it needs, Escape, Quit, Show in Finder. */
  popover: async () => windowLog,
  /** An operation from outside the popover (the tray menu, the CLI): the popover sees it by push. */
  run: async (input) => monitor.run(String(input.operation) as Operation, null),
  launchctl: async (input) => sim.launchctl((input.args as unknown[]).map(String)),
  /** The plist edited by hand: a text replaced (e.g. the launcher's path), or its mode. */
  'edit-plist': async (input) => {
    const file = path.join(sim.agentsDir, 'ai.hermes.gateway.plist');
    if (typeof input.text === 'string') await writeFile(file, input.text);
    if (typeof input.search === 'string') await writeFile(file, (await readFile(file, 'utf8')).replaceAll(input.search, String(input.replace)));
    if (typeof input.mode === 'number') await chmod(file, input.mode);
    return null;
  },
  /** A gateway started by hand in a terminal, outside launchd. */
  'start-unsupervised': async () => {
    if (hermes === null) throw new Error('no Hermes installed');
    return { pid: await startUnsupervisedGateway(sim.env, [hermes.launcher, 'gateway', 'run']) };
  },
  'app-log': async () => ({ path: appLog.file, text: await readFile(appLog.file, 'utf8').catch(() => '') }),
};

const server = createServer((request, response) => {
  void (async () => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (request.method === 'POST' && url.pathname === '/api/invoke') {
        const { channel, payload } = (await body(request)) as { channel: string; payload: unknown };
        try {
          json(response, 200, { ok: true, value: await dispatch(channel, payload) });
        } catch (error) {
          json(response, 400, { ok: false, error: (error as Error).message });
        }
      } else if (url.pathname === '/api/events') {
        response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        response.write(`event: ${PUSH.status}\ndata: ${JSON.stringify(monitor.snapshot)}\n\n`);
        streams.add(response);
        request.on('close', () => streams.delete(response));
      } else if (args['test-hooks'] && request.method === 'POST' && url.pathname.startsWith('/api/test/')) {
        const hook = hooks[url.pathname.slice('/api/test/'.length)];
        if (!hook) return json(response, 404, { error: 'no such hook' });
        json(response, 200, { ok: true, value: (await hook((await body(request)) as Record<string, unknown>)) ?? null });
      } else if ((url.pathname === '/' || url.pathname === '/index.html') && url.search === '') {
        response.writeHead(302, { location: `/?${INFO_QUERY}` });
        response.end();
      } else if (url.pathname === '/' || url.pathname === '/index.html') {
        await serveIndex(response);
      } else if (url.pathname === '/bridge.js') {
        await serveFile(response, path.join(DIST, 'demo', 'bridge.js'));
      } else {
        await serveFile(response, path.join(RENDERER, decodeURIComponent(url.pathname)));
      }
    } catch (error) {
      if (!response.headersSent) json(response, 500, { error: (error as Error).message });
    }
  })();
});

async function shutdown(): Promise<void> {
  monitor.stop();
  for (const stream of streams) stream.end();
  server.close();
  await sim.stop();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

server.listen(Number(args.port), '127.0.0.1', () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : args.port;
  process.stdout.write(`Hermes Bar demo: http://127.0.0.1:${port}/\n`);
  process.stdout.write(`(a simulated Mac in ${sim.root}; the popover runs against the real engine; Ctrl-C ends it)\n`);
});
