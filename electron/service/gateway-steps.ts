/**
 * The steps of an operation that do not depend on the supervisor: waiting for a gateway to say
 * it runs, stopping gateways the supervisor does not own, the logs folder, and the errors every
 * backend raises the same way.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ServiceError } from './errors.js';
import { EXIT_CONFIG_ERROR, exitMeaning } from './hermes/exits.js';
import { logPaths, pidFilePath, readGatewayState, readPidFile, stateFilePath } from './hermes/gateway-files.js';
import { gatewaysOfHome } from './home-state.js';
import { isAlive } from './processes.js';
import type { Timing } from './timing.js';
import type { WatchedFiles } from './wait.js';
import { pollUntil } from './wait.js';

/** What an operation carries from step to step. */
export interface StepContext {
  timing: Timing;
  home: string;
  /** What was done, in words, for the operation's result. */
  actions: string[];
}

/** The gateway's pid file and state file: it writes them when it starts, runs, drains and stops. */
export function gatewayFiles(home: string): WatchedFiles[] {
  return [{ dir: home, names: [path.basename(pidFilePath(home)), path.basename(stateFilePath(home))] }];
}

export function logHint(home: string): string {
  return `Read ${logPaths(home).stderr}, then run \`hermes-bar doctor\`.`;
}

/**
 * After a pid appeared: 'running' once the gateway has written its pid file for that pid and says
 * "running", or, for an old Hermes whose pid file is a bare number and which writes no fresh
 * state, once it has stayed alive for the settle time; 'died' when the process dies (or reports
 * startup_failed) first. Throws start-timeout at the boot deadline: a gateway still starting is
 * never reported as started. Woken by the gateway's own files; the poll is the safety net (and
 * the settle clock of an old Hermes).
 */
export async function awaitGatewayBoot(ctx: StepContext, pid: number): Promise<'running' | 'died'> {
  let ownedSince: number | null = null;
  const outcome = await pollUntil(
    async () => {
      if (!isAlive(pid)) return 'died' as const;
      const pidFile = await readPidFile(ctx.home);
      if (pidFile?.pid !== pid) return undefined;
      ownedSince ??= Date.now();
      const report = await readGatewayState(ctx.home);
      // A state file older than this gateway's start is its predecessor's.
      const fresh = report !== null && (pidFile.startTime === null || (report.updatedAt ?? 0) >= pidFile.startTime * 1000 - 1);
      if (fresh && report.state === 'running') return 'running' as const;
      if (fresh && report.state === 'startup_failed') return 'died' as const;
      const legacy = pidFile.startTime === null && !fresh;
      return legacy && Date.now() - ownedSince >= ctx.timing.settleMs ? ('running' as const) : undefined;
    },
    ctx.timing.bootMs,
    ctx.timing.pollMs,
    gatewayFiles(ctx.home),
  );
  if (outcome !== undefined) return outcome;
  throw new ServiceError({
    code: 'start-timeout',
    message: `The gateway (pid ${pid}) has not reported running after ${Math.round(ctx.timing.bootMs / 1000)} s`,
    explanation: 'The gateway process is alive but has not finished starting: a slow network, or a platform that never connects.',
    nextStep: `Its supervisor keeps it starting; check again in a minute. ${logHint(ctx.home)}`,
  });
}

/** A gateway that died before it said it runs, with the exit its supervisor recorded. */
export function gatewayExited(home: string, pid: number, exit: number | null, signal: string | null): ServiceError {
  return new ServiceError({
    code: 'gateway-exited',
    message: `The gateway (pid ${pid}) exited while starting${exit !== null ? ` with ${exit}: ${exitMeaning(exit)}` : signal ? ` (${signal})` : ''}`,
    explanation:
      exit === EXIT_CONFIG_ERROR
        ? 'Exit 78 is a configuration error: often a bot token already used by another gateway. Restarting will not help.'
        : 'The gateway started and then stopped before it reported running.',
    nextStep: logHint(home),
    ...(exit !== null ? { exitCode: exit } : {}),
  });
}

/** Stops gateway processes the supervisor does not own: SIGTERM, then SIGKILL after the grace period. */
export async function terminateGateways(ctx: StepContext, pids: number[], supervisor: string): Promise<void> {
  const alive = (): number[] => pids.filter(isAlive);
  const signal = (name: NodeJS.Signals): void => {
    for (const pid of alive()) {
      try {
        process.kill(pid, name);
      } catch {
        // exited meanwhile
      }
    }
  };
  if (alive().length === 0) return;
  signal('SIGTERM');
  let done = await pollUntil(() => (alive().length === 0 ? true : undefined), ctx.timing.killGraceMs, ctx.timing.pollMs);
  if (!done) {
    signal('SIGKILL');
    done = await pollUntil(() => (alive().length === 0 ? true : undefined), ctx.timing.spawnMs, ctx.timing.pollMs);
  }
  if (!done) {
    throw new ServiceError({
      code: 'stop-timeout',
      message: `Gateway processes ${alive().join(', ')} did not exit`,
      explanation: 'They ignored SIGTERM and SIGKILL (they may belong to another user).',
      nextStep: `End them by hand: \`kill -9 ${alive().join(' ')}\`.`,
    });
  }
  ctx.actions.push(`Stopped gateway processes outside ${supervisor}: ${pids.join(', ')}`);
}

/** After a stop: fails when a gateway of this home still runs (something started it again). */
export async function assertNoGatewayLeft(home: string, userHome: string): Promise<void> {
  const left = await gatewaysOfHome(home, userHome);
  if (left.length === 0) return;
  throw new ServiceError({
    code: 'stop-timeout',
    message: `A gateway still runs for ${home} (pid ${left.map((g) => g.pid).join(', ')})`,
    explanation: 'Something started a gateway again while Hermes Bar was stopping it (another supervisor or a script).',
    nextStep: 'Run `hermes-bar doctor` to see who owns it.',
  });
}

export async function ensureLogFolder(ctx: StepContext): Promise<void> {
  const created = await mkdir(logPaths(ctx.home).dir, { recursive: true, mode: 0o755 }).catch(() => undefined);
  if (created) ctx.actions.push(`Created ${created}`);
}

/** Start and restart never add a gateway beside one that runs (DESIGN.md rule 1). */
export function secondGatewayRefused(what: string, supervisor: string): ServiceError {
  return new ServiceError({
    code: 'duplicate-gateways',
    message: `Not starting a second gateway: ${what}`,
    explanation: 'Two gateways for one home fight over the bot tokens; Hermes Bar never starts one while another runs.',
    nextStep: `Run \`hermes-bar repair\`: it stops the gateways ${supervisor} does not own and starts one under ${supervisor}.`,
  });
}

/** Nothing to run: no launcher found, or the one the service file names is gone and no other exists. */
export function launcherMissing(program: string | null): ServiceError {
  return new ServiceError({
    code: 'launcher-missing',
    message: program ? `The gateway's program ${program} does not exist` : 'Hermes is not installed',
    explanation: 'No Hermes launcher was found at ~/.hermes/bin/hermes, in HERMES_BAR_HERMES or on PATH, so there is nothing to run.',
    nextStep: 'Install (or reinstall) Hermes Agent, then run `hermes-bar repair`.',
  });
}

/** The message of a start, repair or restart that ended with a gateway running. */
export function convergedMessage(operation: 'start' | 'repair' | 'restart', pid: number, wasRunning: boolean, didSomething: boolean): string {
  if (operation === 'repair') return didSomething ? `Repaired: the gateway runs (pid ${pid})` : `Nothing to repair: the gateway runs (pid ${pid})`;
  if (wasRunning) return `The gateway is already running (pid ${pid})`;
  return `The gateway ${operation === 'restart' ? 'restarted' : 'started'} (pid ${pid})`;
}

/** stop's answer: whether it had anything to stop. */
export function stoppedMessage(acted: boolean): string {
  return acted ? 'The gateway stopped' : 'The gateway was not running';
}

/** uninstall's answer, in the backend's words for its service file and for taking it down. */
export function uninstalledMessage(backup: string | null, acted: boolean, words: { file: string; missingFile: string; takenDown: string }): string {
  if (backup) return `The gateway service is uninstalled; the ${words.file} is kept as ${backup}`;
  return acted ? `The gateway service is ${words.takenDown} (there was no ${words.missingFile} to keep)` : 'There was no gateway service to uninstall';
}
