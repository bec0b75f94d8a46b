/**
 * The stand-in Hermes the tests run against: a real-shaped install (`installHermes`, see
 * standin-install.ts) whose Python gateway writes Hermes's files and logs its life as events in
 * `$HERMES_HOME/standin-events.jsonl`, with its knobs in `$HERMES_HOME/standin.json`.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, renameSync, rmSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { monotonicMicros } from '../sim/clock.js';
import { readJsonLines } from '../sim/jsonl.js';

export { installHermes, realPython, type HermesInstall, type HermesShape, type InstallOptions } from './standin-install.js';

export const STANDIN_EVENTS_FILE = 'standin-events.jsonl';
export const STANDIN_CONFIG_FILE = 'standin.json';

export type PlatformStateName = 'connected' | 'connecting' | 'retrying' | 'fatal';

/** A platform of standin.json that does not simply connect. */
export interface PlatformSpec {
  name: string;
  /** The state once booted; default `connected`. */
  state?: PlatformStateName;
  error_code?: string | null;
  error_message?: string | null;
}

/** `$HERMES_HOME/standin.json`, read by each gateway when it starts. */
export interface StandinConfig {
  /** Time from start to `running`. Default 100. */
  bootMs?: number;
  /** Time from SIGUSR1 to exit 75. Default 50. */
  drainMs?: number;
  /** An exit code: after bootMs write `startup_failed` and exit with it. Default false. */
  crashOnBoot?: false | number;
  /** Log SIGTERM and keep running. Default false. */
  ignoreSigterm?: boolean;
  /** A wedged gateway: SIGUSR1 does nothing (no drain, no exit 75). Default false. */
  ignoreSigusr1?: boolean;
  /** The bot token of every platform; default derived from the resolved HERMES_HOME. */
  token?: string;
  /** Default `["telegram", "discord"]`; `[]` is a gateway with no platform (it stays up). */
  platforms?: Array<string | PlatformSpec>;
}

/** One line of `$HERMES_HOME/standin-events.jsonl`. */
export interface StandinEvent {
  /** µs of CLOCK_MONOTONIC, comparable with the simulator's events. */
  t: number;
  type: 'start' | 'running' | 'draining' | 'exit';
  pid: number;
  /** start only: the parent (the stderr wrapper, launchd, systemd, a shell). */
  ppid?: number;
  /** The gateway's resolved HERMES_HOME. */
  home: string;
  /** exit only: the status (null when a signal killed it). */
  code?: number | null;
  /** exit only, written by the parent that reaped it: the killing signal, or null. */
  signal?: string | null;
  /** exit only: logged by the gateway's exit watcher (it died with nobody to reap it). */
  by?: 'watcher';
}

export type GatewayStateName = 'starting' | 'running' | 'draining' | 'stopped' | 'startup_failed';

/** `gateway.pid` and `gateway.lock` (0.18: no `hermes_home`). */
export interface HermesPidRecord {
  pid: number;
  kind: 'hermes-gateway';
  /** Python's sys.argv: `["-c", "gateway", "run", …]`, `[".../hermes_cli/main.py", …]`. */
  argv: string[];
  /** Field 22 of /proc/<pid>/stat: clock ticks since boot. */
  start_time: number;
  hermes_home?: string;
}

export interface PlatformStatus {
  state: PlatformStateName;
  error_code: string | null;
  error_message: string | null;
}

/** `gateway_state.json` (0.18: no `session_store`). */
export interface HermesGatewayState extends HermesPidRecord {
  gateway_state: GatewayStateName;
  exit_reason: string | null;
  restart_requested: boolean;
  active_agents: number;
  platforms: Record<string, PlatformStatus>;
  session_store?: { status: string };
  /** ISO-8601 UTC (`…+00:00`); written on transitions only, never as a heartbeat. */
  updated_at: string;
}

/** Replaces `standin.json` (read by each gateway when it starts). */
export async function writeStandinConfig(hermesHome: string, config: StandinConfig): Promise<void> {
  await mkdir(hermesHome, { recursive: true });
  await writeFile(join(hermesHome, STANDIN_CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
}

export function readStandinEvents(hermesHome: string): Promise<StandinEvent[]> {
  return readJsonLines<StandinEvent>(join(hermesHome, STANDIN_EVENTS_FILE));
}

async function readStateFile<T>(hermesHome: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(join(hermesHome, 'gateway_state.json'), 'utf8')) as T;
  } catch {
    return null;
  }
}

async function waitForStateFile<T extends { gateway_state: GatewayStateName }>(
  hermesHome: string,
  state: GatewayStateName,
  timeoutMs: number,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = await readStateFile<T>(hermesHome);
    if (file?.gateway_state === state) return file;
    if (Date.now() > deadline) {
      throw new Error(`gateway_state.json never said ${state} (last: ${file?.gateway_state ?? 'none'})`);
    }
    await sleep(20);
  }
}

/** `gateway_state.json`, or null when there is none (or it cannot be read). */
export function readGatewayState(hermesHome: string): Promise<HermesGatewayState | null> {
  return readStateFile<HermesGatewayState>(hermesHome);
}

/** Waits until `gateway_state.json` says `state`; throws after `timeoutMs`. */
export function waitForGatewayState(
  hermesHome: string,
  state: GatewayStateName,
  timeoutMs = 10_000,
): Promise<HermesGatewayState> {
  return waitForStateFile<HermesGatewayState>(hermesHome, state, timeoutMs);
}

const PROFILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** The root profiles hang from, by Hermes's rule (test/standin-hermes/hermes_constants.py). */
function defaultRoot(env: Readonly<Record<string, string>>): string {
  const native = join(env['HOME'] ?? '/', '.hermes');
  const fromEnv = env['HERMES_HOME'];
  if (fromEnv === undefined || fromEnv === '') return native;
  const home = resolve(fromEnv);
  if (home === native || home.startsWith(`${native}/`)) return native;
  return basename(dirname(home)) === 'profiles' ? dirname(dirname(home)) : home;
}

/** The HERMES_HOME a gateway started with this environment and command line resolves. */
export function gatewayHome(env: Readonly<Record<string, string>>, argv: readonly string[]): string {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  for (const [i, arg] of args.entries()) {
    const name = arg === '--profile' || arg === '-p' ? args[i + 1] : arg.startsWith('--profile=') ? arg.slice(10) : undefined;
    if (name === undefined || !PROFILE_NAME.test(name)) continue;
    return name === 'default' ? defaultRoot(env) : join(defaultRoot(env), 'profiles', name);
  }
  const fromEnv = env['HERMES_HOME'];
  return fromEnv !== undefined && fromEnv !== '' ? resolve(fromEnv) : join(env['HOME'] ?? '/', '.hermes');
}

/**
 * Starts a gateway outside any supervisor, as a user in a terminal would: `argv[0]` is the program
 * (an install's launcher, its forwarder, or a `runtimeCommand(…)`), detached, its output in
 * `$HERMES_HOME/logs/gateway.unsupervised.log`. When it exits, an `exit` event with its wait
 * status is appended to its home's events, so a gateway killed by SIGKILL still has an end.
 * (Legacy form: `(env, launcher, args = ['gateway', 'run'])`.)
 */
export async function startUnsupervisedGateway(env: Record<string, string>, argv: readonly string[]): Promise<number>;
export async function startUnsupervisedGateway(env: Record<string, string>, launcher: string, args?: string[]): Promise<number>;
export async function startUnsupervisedGateway(
  env: Record<string, string>,
  command: string | readonly string[],
  legacyArgs: string[] = ['gateway', 'run'],
): Promise<number> {
  const [program = '', ...args] = typeof command === 'string' ? [command, ...legacyArgs] : command;
  const home = gatewayHome(env, args);
  mkdirSync(join(home, 'logs'), { recursive: true });
  const out = openSync(join(home, 'logs', 'gateway.unsupervised.log'), 'a');
  try {
    const child = spawn(program, args, { env, detached: true, stdio: ['ignore', out, out] });
    const pid = await new Promise<number>((resolvePid, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolvePid(child.pid ?? 0));
    });
    child.once('exit', (code, signal) => {
      const event: StandinEvent = { t: monotonicMicros(), type: 'exit', pid, home, code, signal };
      try {
        appendFileSync(join(home, STANDIN_EVENTS_FILE), `${JSON.stringify(event)}\n`);
      } catch {
        // the home is gone: the test has finished
      }
    });
    child.unref();
    return pid;
  } finally {
    closeSync(out);
  }
}

/**
 * Removes an install as an upgrade does, while a gateway may still run from it and write into it
 * (Python's bytecode cache, a lazy import; under load for seconds): the folder is moved away in one
 * step, so its path is gone at once, then deleted as far as the gateway lets it. What it still
 * writes goes with the fixture's temporary home.
 */
export function removeInstall(root: string): void {
  const moved = `${root}.removed-${Date.now()}`;
  renameSync(root, moved);
  try {
    rmSync(moved, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  } catch {
    // Still being written to: its path is gone, which is what the test needs.
  }
}
