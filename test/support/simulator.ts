/**
 * A launchd simulator for one test: a temporary fake HOME with `~/.hermes` and
 * `~/Library/LaunchAgents`, the simulator's state folder, and an environment for child processes.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, type Dirent } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { assertSimBuilt } from '../sim/build-check.js';
import { appendInjectedRule } from '../sim/inject.js';
import { readJsonLines } from '../sim/jsonl.js';
import { simPaths } from '../sim/paths.js';
import { isPidAlive, trySignal } from '../sim/pid.js';
import { readPidFile } from '../sim/pid-file.js';
import { simExecutables } from '../sim/repo-paths.js';
import { signalNumber } from '../sim/signals.js';
import type { CommandResult, InjectRule, SimConfig, SimEvent } from '../sim/types.js';
import type { StandinEvent } from './standin.js';

export type { CommandEvent, ExitEvent, InjectRule, SignalEvent, SimConfig, SimEvent, SpawnEvent, SpawnFailedEvent } from '../sim/types.js';
export type LaunchctlResult = CommandResult;

export interface Simulator {
  /** The temporary folder holding everything below. */
  root: string;
  home: string;
  hermesHome: string;
  agentsDir: string;
  simDir: string;
  launchctlPath: string;
  /** The caller's uid, as in `gui/<uid>`. */
  uid: number;
  /** Environment for child processes (the engine, the CLI, launchctl). */
  env: Record<string, string>;
  inject(rule: InjectRule): Promise<void>;
  events(): Promise<SimEvent[]>;
  launchctl(args: string[]): Promise<LaunchctlResult>;
  /** Kills the daemon and every process it or the tests started, then removes the folder. */
  stop(): Promise<void>;
}

export const DEFAULT_TEST_TIME_SCALE = 0.02;

/** Runs a program with an argument list and collects its output. */
export function runProgram(path: string, args: string[], env: Record<string, string>): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ exit: code ?? 128 + (signal === null ? 0 : signalNumber(signal)), stdout, stderr }),
    );
  });
}

/** Waits until `pid` has exited; false when it still lives after `timeoutMs`. */
export async function waitForDeath(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isPidAlive(pid)) return true;
    await sleep(20);
  }
  return !isPidAlive(pid);
}

/** True when the process's command line mentions one of `marks` (guards against a reused pid). */
function commandLineMentions(pid: number, marks: string[]): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return marks.some((mark) => mark !== '' && cmdline.includes(mark));
  } catch {
    return false;
  }
}

/** SIGKILLs a leftover process (and its group); returns whether it was one. */
function killLeftover(pid: number, marks: string[]): boolean {
  if (!isPidAlive(pid) || !commandLineMentions(pid, marks)) return false;
  trySignal(-pid, 'SIGKILL');
  trySignal(pid, 'SIGKILL');
  return true;
}

function findFiles(dir: string, name: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findFiles(path, name);
    return entry.name === name ? [path] : [];
  });
}

/** Pids that logged a start (stand-in) or a spawn (simulator) and no exit since, with their argv. */
function openPids(events: Array<{ type: string; pid?: number; argv?: string[] }>, startType: string): Map<number, string[]> {
  const open = new Map<number, string[]>();
  for (const event of events) {
    if (event.pid === undefined) continue;
    if (event.type === startType) open.set(event.pid, event.argv ?? []);
    else if (event.type === 'exit') open.delete(event.pid);
  }
  return open;
}

async function stopDaemon(simDir: string): Promise<void> {
  const pid = readPidFile(simPaths(simDir).pidFile);
  if (pid === null || !isPidAlive(pid)) return;
  trySignal(pid, 'SIGTERM');
  if (!(await waitForDeath(pid, 5_000))) trySignal(pid, 'SIGKILL');
}

export async function createSimulator(opts: SimConfig = {}): Promise<Simulator> {
  assertSimBuilt();
  const root = await mkdtemp(join(tmpdir(), 'hermes-bar-sim-'));
  const home = join(root, 'home');
  const hermesHome = join(home, '.hermes');
  const agentsDir = join(home, 'Library', 'LaunchAgents');
  const simDir = join(root, 'launchd');
  const stateHome = join(home, '.local', 'state');
  for (const dir of [hermesHome, agentsDir, simDir, stateHome]) await mkdir(dir, { recursive: true });
  const config: SimConfig = { timeScale: DEFAULT_TEST_TIME_SCALE, home, ...opts };
  await writeFile(simPaths(simDir).config, `${JSON.stringify(config, null, 2)}\n`);

  const { launchctl: launchctlPath, nodeLaunchctl } = simExecutables();
  const env: Record<string, string> = {
    HOME: home,
    USER: userInfo().username,
    LOGNAME: userInfo().username,
    HERMES_HOME: hermesHome,
    HERMES_BAR_LAUNCHCTL: launchctlPath,
    HERMES_BAR_AGENTS_DIR: agentsDir,
    LAUNCHD_SIM_DIR: simDir,
    LAUNCHD_SIM_NODE_CLIENT: nodeLaunchctl,
    XDG_STATE_HOME: stateHome,
    TMPDIR: tmpdir(),
    PATH: [dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'].join(':'),
  };
  const paths = simPaths(simDir);
  let stopped = false;

  return {
    root,
    home,
    hermesHome,
    agentsDir,
    simDir,
    launchctlPath,
    uid: process.getuid?.() ?? 0,
    env,
    inject: async (rule) => appendInjectedRule(paths.inject, rule),
    events: () => readJsonLines<SimEvent>(paths.events),
    launchctl: (args) => runProgram(launchctlPath, args, env),
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopDaemon(simDir);
      const killed: number[] = [];
      for (const [pid, argv] of openPids(await readJsonLines<SimEvent>(paths.events), 'spawn')) {
        if (killLeftover(pid, [root, ...argv])) killed.push(pid);
      }
      for (const file of findFiles(root, 'standin-events.jsonl')) {
        for (const pid of openPids(await readJsonLines<StandinEvent>(file), 'start').keys()) {
          if (killLeftover(pid, [root])) killed.push(pid);
        }
      }
      await Promise.all(killed.map((pid) => waitForDeath(pid, 2_000)));
      // A launchctl client still finishing may write one more line while the folder goes.
      await rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    },
  };
}
