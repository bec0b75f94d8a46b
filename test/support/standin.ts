/** Installs and drives the stand-in Hermes gateway (test/gateway/hermes.ts, run from dist/). */
import { spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseInvocation } from '../gateway/args.js';
import { STANDIN_EVENTS_FILE } from '../gateway/standin-events.js';
import type { GatewayStateFile, GatewayStateName, StandinConfig, StandinEvent } from '../gateway/types.js';
import { monotonicMicros } from '../sim/clock.js';
import { readJsonLines } from '../sim/jsonl.js';
import { simExecutables } from '../sim/repo-paths.js';

export type { GatewayPidFile, GatewayStateFile, GatewayStateName, StandinConfig, StandinEvent } from '../gateway/types.js';

/**
 * Writes `hermesHome/bin/hermes` (mode 0755): a script run by this Node binary that loads the
 * built stand-in, and `hermesHome/standin.json`. Returns the launcher's path.
 */
export async function installStandin(hermesHome: string, config: StandinConfig = {}): Promise<string> {
  const bin = join(hermesHome, 'bin');
  await mkdir(bin, { recursive: true });
  const launcher = join(bin, 'hermes');
  const entry = pathToFileURL(simExecutables().builtGateway).href;
  const script = [
    `#!${process.execPath}`,
    '// Stand-in Hermes launcher written by test/support/standin.ts',
    `import(${JSON.stringify(entry)});`,
    '',
  ].join('\n');
  await writeFile(launcher, script);
  await chmod(launcher, 0o755);
  await writeStandinConfig(hermesHome, config);
  return launcher;
}

/** Replaces `standin.json` (read by each gateway when it starts). */
export async function writeStandinConfig(hermesHome: string, config: StandinConfig): Promise<void> {
  await mkdir(hermesHome, { recursive: true });
  await writeFile(join(hermesHome, 'standin.json'), `${JSON.stringify(config, null, 2)}\n`);
}

/** The HERMES_HOME a gateway started with this env and these arguments uses. */
function homeOf(env: Record<string, string>, args: string[]): string {
  if (env['HERMES_HOME'] !== undefined && env['HERMES_HOME'] !== '') return resolve(env['HERMES_HOME']);
  const invocation = parseInvocation(args);
  const profile = invocation.kind === 'run' ? invocation.profile : null;
  const base = join(env['HOME'] ?? '/', '.hermes');
  return profile === null ? base : join(base, 'profiles', profile);
}

/**
 * Starts a gateway outside launchd (as a user in a terminal would), detached, its output in
 * `$HERMES_HOME/logs/gateway.unsupervised.log`. When it exits, an `exit` event with its wait
 * status is appended to its stand-in events, so a gateway killed by SIGKILL still has an end.
 */
export async function startUnsupervisedGateway(
  env: Record<string, string>,
  launcher: string,
  args: string[] = ['gateway', 'run'],
): Promise<number> {
  const home = homeOf(env, args);
  mkdirSync(join(home, 'logs'), { recursive: true });
  const out = openSync(join(home, 'logs', 'gateway.unsupervised.log'), 'a');
  try {
    const child = spawn(launcher, args, { env, detached: true, stdio: ['ignore', out, out] });
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

export function readStandinEvents(hermesHome: string): Promise<StandinEvent[]> {
  return readJsonLines<StandinEvent>(join(hermesHome, STANDIN_EVENTS_FILE));
}

/** `gateway_state.json`, or null when there is none (or it cannot be read). */
export async function readGatewayState(hermesHome: string): Promise<GatewayStateFile | null> {
  try {
    return JSON.parse(await readFile(join(hermesHome, 'gateway_state.json'), 'utf8')) as GatewayStateFile;
  } catch {
    return null;
  }
}

/** Waits until `gateway_state.json` says `state`; throws after `timeoutMs`. */
export async function waitForGatewayState(
  hermesHome: string,
  state: GatewayStateName,
  timeoutMs = 10_000,
): Promise<GatewayStateFile> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const file = await readGatewayState(hermesHome);
    if (file?.gateway_state === state) return file;
    if (Date.now() > deadline) {
      throw new Error(`gateway_state.json never said ${state} (last: ${file?.gateway_state ?? 'none'})`);
    }
    await sleep(20);
  }
}
