/**
 * What one glance should tell of a gateway: a tone, one sentence (a title and a detail), the one
 * obvious next click and the operations that make sense now. Derived from the snapshot the engine
 * pushes and nothing else, so the tray icon, the tray menu and the popover say the same thing.
 *
 * Pure, with type imports only: the renderer bundles it (it may not import anything at runtime
 * from electron/ but this file; test/renderer/boundary.test.ts checks both).
 *
 * Problems are read by severity and by whether Repair can fix them, never by their code, so a
 * problem code the engine adds later reads sensibly here without a change.
 */
import type { GatewayReport, PlatformStatus } from './service/hermes/gateway-files.js';
import type { GatewayStatus, Operation, Problem, StatusSnapshot } from './service/types.js';

/**
 * ok: running and healthy (the quietest); idle: stopped or not set up, calmly; busy: an operation
 * or a transition under way; warning: running but degraded; error: needs the user (the loudest).
 */
export type Tone = 'ok' | 'idle' | 'busy' | 'warning' | 'error';

/** The everyday operations a button or a menu item runs. */
export type EverydayOperation = Exclude<Operation, 'uninstall'>;
export const EVERYDAY_OPERATIONS: readonly EverydayOperation[] = ['start', 'stop', 'restart', 'repair'];

/**
 * The one obvious next click: an operation, or "show-error" (the gateway's own error log says why
 * it fails, and neither Repair nor a restart will help).
 */
export type PrimaryAction = 'start' | 'repair' | 'set-up' | 'show-error';

export interface Health {
  tone: Tone;
  /** "Gateway running", "Restarting…", "Gateway not set up". */
  title: string;
  /** "Telegram and Discord connected", "Telegram disconnected: bot token rejected", or null. */
  detail: string | null;
  primary: PrimaryAction | null;
  /** The everyday operations that make sense in this state (whether or not one is running now). */
  operations: readonly EverydayOperation[];
  /** The operation running now, if any. */
  busy: Operation | null;
}

const PROGRESS: Record<Operation, string> = {
  start: 'Starting…',
  stop: 'Stopping…',
  restart: 'Restarting…',
  repair: 'Repairing…',
  uninstall: 'Uninstalling…',
};

const SEVERITY_RANK: Record<Problem['severity'], number> = { error: 2, warning: 1, info: 0 };

/** The problem that says most: the most severe, the engine's order among equals; info never counts. */
export function worstProblem(problems: readonly Problem[]): Problem | null {
  let worst: Problem | null = null;
  for (const problem of problems) {
    if (problem.severity === 'info') continue;
    if (worst === null || SEVERITY_RANK[problem.severity] > SEVERITY_RANK[worst.severity]) worst = problem;
  }
  return worst;
}

export function repairable(status: GatewayStatus): boolean {
  return status.problems.some((problem) => problem.fix !== null && problem.severity !== 'info');
}

/** Hermes's platform keys as people write them; an unknown key gets a capital letter. */
const PLATFORM_NAMES: Record<string, string> = {
  telegram: 'Telegram',
  discord: 'Discord',
  whatsapp: 'WhatsApp',
  slack: 'Slack',
  signal: 'Signal',
  matrix: 'Matrix',
  mattermost: 'Mattermost',
  email: 'Email',
  sms: 'SMS',
  imessage: 'iMessage',
  homeassistant: 'Home Assistant',
  api_server: 'API server',
  webhook: 'Webhook',
  dingtalk: 'DingTalk',
  feishu: 'Feishu',
  wecom: 'WeCom',
};

export function platformName(key: string): string {
  const known = PLATFORM_NAMES[key.toLowerCase()];
  if (known) return known;
  const words = key.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Telegram", "Telegram and Discord", "Telegram, Discord and Slack". */
export function namesList(names: readonly string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}

/** The gateway's report only while a gateway lives to make it: a stopped one's platforms are history. */
function liveReport(status: GatewayStatus): GatewayReport | null {
  const alive = status.state === 'running' || status.state === 'starting';
  return alive && status.gateway && !status.gateway.stale ? status.gateway : null;
}

/** What the platforms say, and whether that is a warning (a platform that cannot or does not connect). */
export function platformSummary(platforms: readonly PlatformStatus[]): { detail: string | null; degraded: boolean } {
  if (platforms.length === 0) return { detail: null, degraded: false };
  const named = (state: PlatformStatus['state']) => platforms.filter((p) => p.state === state);
  const failed = named('fatal');
  if (failed.length > 0) {
    const why = failed.length === 1 ? failed[0]?.errorMessage : null;
    return { detail: `${namesList(failed.map((p) => platformName(p.name)))} disconnected${why ? `: ${why}` : ''}`, degraded: true };
  }
  const retrying = named('retrying');
  if (retrying.length > 0) return { detail: `${namesList(retrying.map((p) => platformName(p.name)))} reconnecting…`, degraded: true };
  const connecting = named('connecting');
  if (connecting.length > 0) return { detail: `${namesList(connecting.map((p) => platformName(p.name)))} connecting…`, degraded: false };
  const connected = named('connected');
  if (connected.length === platforms.length) return { detail: `${namesList(connected.map((p) => platformName(p.name)))} connected`, degraded: false };
  return { detail: null, degraded: false };
}

/**
 * "configuration error (exit 78)", "killed by a signal": the last exit, short. A meaning that only
 * says the state again ("crashed" beside "Gateway crashed") is left out: "exit 1".
 */
export function exitSummary(status: Pick<GatewayStatus, 'lastExitCode' | 'lastExitMeaning' | 'lastSignal' | 'state'>): string | null {
  const { lastExitCode, lastExitMeaning, lastSignal } = status;
  // The engine's meaning may go on with an example or advice: its first clause is the summary.
  const clause = lastExitMeaning?.split(/ \(|: /)[0] ?? null;
  const meaning = clause === status.state ? null : clause;
  if (lastSignal) return meaning ?? `killed by ${lastSignal}`;
  if (lastExitCode === null) return null;
  return meaning ? `${meaning} (exit ${lastExitCode})` : `exit ${lastExitCode}`;
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The everyday operations that make sense in a state. */
function operationsOf(status: GatewayStatus): EverydayOperation[] {
  const byState: Record<GatewayStatus['state'], EverydayOperation[]> = {
    'not-installed': [],
    stopped: ['start'],
    starting: ['stop'],
    running: ['restart', 'stop'],
    stopping: [],
    crashed: ['restart', 'stop'],
    unknown: [],
  };
  return repairable(status) ? [...byState[status.state], 'repair'] : byState[status.state];
}

function primaryOf(status: GatewayStatus): PrimaryAction | null {
  if (status.state === 'not-installed') return repairable(status) ? 'set-up' : null;
  if (repairable(status)) return 'repair';
  if (status.state === 'crashed') return 'show-error';
  if (status.state === 'stopped') return 'start';
  return null;
}

const STATE_TITLES: Record<GatewayStatus['state'], { title: string; tone: Tone }> = {
  'not-installed': { title: 'Gateway not set up', tone: 'idle' },
  stopped: { title: 'Gateway stopped', tone: 'idle' },
  starting: { title: 'Gateway starting…', tone: 'busy' },
  running: { title: 'Gateway running', tone: 'ok' },
  stopping: { title: 'Gateway stopping…', tone: 'busy' },
  crashed: { title: 'Gateway crashed', tone: 'error' },
  unknown: { title: 'Gateway state unknown', tone: 'warning' },
};

const TONE_RANK: Record<Tone, number> = { ok: 0, idle: 0, busy: 1, warning: 2, error: 3 };

function louder(a: Tone, b: Tone): Tone {
  return TONE_RANK[b] > TONE_RANK[a] ? b : a;
}

export type FirstRun =
  /** No Hermes here: no HERMES_HOME, or no launcher to run; set-up cannot help yet. */
  | { kind: 'no-hermes'; reason: string; nextStep: string }
  /** Hermes is installed but no gateway service is set up (Repair's install path sets it up). */
  | { kind: 'set-up' }
  | null;

/** Which first-run card the popover shows, if any. */
export function firstRunOf(snapshot: StatusSnapshot | null): FirstRun {
  if (!snapshot) return null;
  const { error, status, profile } = snapshot;
  // A missing profile is a wrong choice in the switcher, not a missing install.
  if (error?.code === 'home-missing' && profile === null) return { kind: 'no-hermes', reason: error.message, nextStep: error.nextStep };
  if (status?.state !== 'not-installed') return null;
  const missing = status.problems.find((p) => p.code === 'launcher-missing' && p.fix === null);
  if (missing) return { kind: 'no-hermes', reason: missing.message, nextStep: missing.nextStep ?? '' };
  return repairable(status) ? { kind: 'set-up' } : null;
}

function statusHealth(status: GatewayStatus): Omit<Health, 'busy'> {
  const base = STATE_TITLES[status.state];
  const operations = operationsOf(status);
  const primary = primaryOf(status);
  if (status.state === 'not-installed') return { tone: 'idle', title: base.title, detail: null, primary, operations };

  const worst = worstProblem(status.problems);
  const report = liveReport(status);
  const platforms = report ? platformSummary(report.platforms) : { detail: null, degraded: false };
  let tone = base.tone;
  if (worst) tone = louder(tone, worst.severity === 'error' ? 'error' : 'warning');
  if (platforms.degraded) tone = louder(tone, 'warning');

  // The detail says the worst thing known: why it crashed, an error, a platform down, a warning, the platforms.
  const crashed = status.state === 'crashed' ? exitSummary(status) : null;
  const detail =
    (crashed && capitalised(crashed)) ??
    (worst?.severity === 'error' ? worst.message : null) ??
    (platforms.degraded ? platforms.detail : null) ??
    worst?.message ??
    platforms.detail;
  return { tone, title: base.title, detail, primary, operations };
}

/**
 * The health of the selected gateway. `running` is the operation in flight as the caller knows it
 * (the popover knows its own click before the engine's push says so); the snapshot's by default.
 */
export function healthOf(snapshot: StatusSnapshot | null, running: Operation | null = snapshot?.busy ?? null): Health {
  // Nothing seen yet: the first look is on its way.
  if (snapshot === null || (snapshot.status === null && snapshot.error === null)) return { tone: 'busy', title: 'Checking…', detail: null, primary: null, operations: [], busy: null };
  const status = snapshot.status;
  const settled: Omit<Health, 'busy'> = firstRunOf(snapshot)?.kind === 'no-hermes'
    ? { tone: 'idle', title: 'Hermes Agent not installed', detail: null, primary: null, operations: [] }
    : status
      ? statusHealth(status)
      : { tone: 'error', title: 'Status unavailable', detail: snapshot.error?.message ?? null, primary: null, operations: [] };
  if (running === null) return { ...settled, busy: null };
  const settingUp = running === 'repair' && status?.state === 'not-installed';
  return { ...settled, tone: 'busy', title: settingUp ? 'Setting up…' : PROGRESS[running], detail: null, busy: running };
}

/** The headline as one sentence: "Gateway running · Telegram and Discord connected". */
export function sentence(health: Pick<Health, 'title' | 'detail'>): string {
  return health.detail ? `${health.title} · ${health.detail}` : health.title;
}

const BUTTONS: Record<EverydayOperation, string> = { start: 'Start', stop: 'Stop', restart: 'Restart', repair: 'Repair' };

/** The first operation a next step names (`hermes-bar repair`), as a button: the popover offers it. */
export function namedOperation(text: string): { operation: EverydayOperation; label: string } | null {
  const verb = /`hermes-bar (start|stop|restart|repair)`/.exec(text)?.[1] as EverydayOperation | undefined;
  return verb ? { operation: verb, label: BUTTONS[verb] } : null;
}

/**
 * The engine speaks to the command line ("Run `hermes-bar repair`"); in the popover the next step
 * names the button to press instead.
 */
export function guiNextStep(text: string): string {
  const said = text
    .replace(/\b[Rr]un `hermes-bar (start|stop|restart|repair)`/g, (_, verb: EverydayOperation) => `click ${BUTTONS[verb]}`)
    .replace(/\b[Rr]un `hermes-bar doctor(?: --report)?`/g, 'choose Copy Diagnostics in the ⋯ menu')
    .replace(/`hermes-bar (start|stop|restart|repair)`/g, (_, verb: EverydayOperation) => BUTTONS[verb]);
  return said.charAt(0).toUpperCase() + said.slice(1);
}

/** A failed operation in words ("Couldn’t restart the gateway"): the popover's banner and the notification agree. */
export const FAILED_TITLES: Record<Operation, string> = {
  start: 'Couldn’t start the gateway',
  stop: 'Couldn’t stop the gateway',
  restart: 'Couldn’t restart the gateway',
  repair: 'Couldn’t repair the gateway',
  uninstall: 'Couldn’t uninstall the gateway service',
};
