/**
 * The steps of an operation that do not depend on the supervisor: waiting for a gateway to say
 * it runs, stopping gateways the supervisor does not own, the logs folder, and the errors every
 * backend raises the same way.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { ServiceError } from './errors.js';
import type { StartFingerprint } from './hermes/gateway-files.js';
import { logPaths, pidFilePath, stateFilePath, writePlannedStop } from './hermes/gateway-files.js';
import { EXIT_CONFIG_ERROR, exitMeaning } from './hermes/exits.js';
import { gatewayPhase, gatewaysOfHome, observeHome, pidFileNames, readGatewayFiles, supervisedGateway } from './home-state.js';
import type { SupervisedGateway } from './home-state.js';
import { isAlive, procStartTicks } from './processes.js';
import type { Timing } from './timing.js';
import type { WatchedFiles } from './wait.js';
import { pollUntil } from './wait.js';

/** What an operation carries from step to step. */
export interface StepContext {
  timing: Timing;
  home: string;
  /** The user's home: whose ~/.hermes a gateway without HERMES_HOME serves. */
  userHome: string;
  /** What was done, in order, in words, for the operation's result. */
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
 * After the supervisor's pid appeared: the gateway of its job (that pid itself, or its child under
 * Hermes's stderr wrapper), once its process exists; 'died' when the supervisor's process exits
 * first; null at the deadline. Woken by the gateway's own files.
 */
export async function awaitJobGateway(ctx: StepContext, supervisorPid: number, withinMs = ctx.timing.bootMs): Promise<SupervisedGateway | 'died' | null> {
  const found = await pollUntil(
    async () => {
      if (!isAlive(supervisorPid)) return 'died' as const;
      return (await supervisedGatewayOf(ctx, supervisorPid)) ?? undefined;
    },
    withinMs,
    ctx.timing.pollMs,
    gatewayFiles(ctx.home),
  );
  return found ?? null;
}

export async function supervisedGatewayOf(ctx: StepContext, supervisorPid: number): Promise<SupervisedGateway | null> {
  return supervisedGateway(await observeHome(ctx.home, ctx.userHome), supervisorPid);
}

/**
 * After the gateway's process appeared: 'running' once it is, by the rule the status follows
 * (gatewayPhase: its own state file, or, known only by its process, its lock held past the grace);
 * 'died' when the process dies (or reports startup_failed) first. An old Hermes that writes only a
 * bare pid counts once it has stayed alive for the settle time. Throws start-timeout at the boot
 * deadline: a gateway still starting is never reported as started. Woken by the gateway's own
 * files; the poll is the safety net.
 */
export async function awaitGatewayBoot(ctx: StepContext, gateway: SupervisedGateway): Promise<'running' | 'died'> {
  const { pid, startedAt } = gateway.process;
  let namedSince: number | null = null;
  const outcome = await pollUntil(
    async () => {
      if (!isAlive(pid)) return 'died' as const;
      const files = await readGatewayFiles(ctx.home, [pid]);
      if (files.report?.writer?.pid === pid && files.report.state === 'startup_failed') return 'died' as const;
      const byPidFile = pidFileNames(files, pid, startedAt);
      const legacy = byPidFile && files.pidFile?.startTime === null && (files.report === null || files.report.writer === null);
      if (!legacy) return gatewayPhase(files, { process: gateway.process, byPidFile }, Date.now()) === 'running' ? ('running' as const) : undefined;
      namedSince ??= Date.now();
      return Date.now() - namedSince >= ctx.timing.settleMs ? ('running' as const) : undefined;
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

/** A gateway to stop, with the start its pid record gave (null: the kernel's is read). */
export interface StopTarget {
  pid: number;
  startTime: StartFingerprint | null;
}

/** The start fingerprint to put in a planned-stop marker: the pid record's, else the kernel's (Linux). */
function startOf(pid: number, recorded: StartFingerprint | null): StartFingerprint | null {
  return recorded ?? procStartTicks(pid);
}

/**
 * Tells a gateway that the SIGTERM its supervisor (or Hermes Bar) is about to send is a planned
 * stop, as `hermes gateway stop` does: it then exits 0 and says "stopped", instead of exiting 1
 * as for a crash (which systemd records as a failure).
 */
export async function markPlannedStop(ctx: StepContext, gateway: StopTarget): Promise<void> {
  await writePlannedStop(ctx.home, { pid: gateway.pid, startTime: startOf(gateway.pid, gateway.startTime) });
}

/** The pid and recorded start of a supervised gateway, for its planned-stop marker. */
export function stopTarget(gateway: SupervisedGateway, pidFile: StopTarget | null): StopTarget {
  const pid = gateway.process.pid;
  return { pid, startTime: pidFile?.pid === pid ? pidFile.startTime : null };
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

/**
 * Stops gateways the way Hermes stops one: the planned-stop marker, SIGTERM, then SIGKILL after
 * the grace period. `action` says what was done, for the operation's result ("…: pid, pid").
 */
export async function terminateGateways(ctx: StepContext, gateways: Array<number | StopTarget>, action: string, graceMs = ctx.timing.killGraceMs): Promise<void> {
  const targets = gateways.map((g): StopTarget => (typeof g === 'number' ? { pid: g, startTime: null } : g));
  const pids = targets.map((t) => t.pid);
  const alive = (): number[] => pids.filter(isAlive);
  if (alive().length === 0) return;
  for (const target of targets.filter((t) => isAlive(t.pid))) {
    await markPlannedStop(ctx, target);
    try {
      process.kill(target.pid, 'SIGTERM');
    } catch {
      // exited meanwhile
    }
    // The marker is one file per home: the next one is written once this gateway has read it.
    await pollUntil(() => (isAlive(target.pid) ? undefined : true), graceMs, ctx.timing.livenessMs);
  }
  for (const pid of alive()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  const done = await pollUntil(() => (alive().length === 0 ? true : undefined), ctx.timing.spawnMs, ctx.timing.pollMs);
  if (!done) {
    throw new ServiceError({
      code: 'stop-timeout',
      message: `Gateway processes ${alive().join(', ')} did not exit`,
      explanation: 'They ignored SIGTERM and SIGKILL (they may belong to another user).',
      nextStep: `End them by hand: \`kill -9 ${alive().join(' ')}\`.`,
    });
  }
  ctx.actions.push(`${action}: ${pids.join(', ')}`);
}

/**
 * Gateways of the home whose process group has lost its leader: what is left of a job whose main
 * process is gone. launchd SIGTERMs the group then, but a gateway draining under Hermes's stderr
 * wrapper lives on past it, holding gateway.lock and the bot token (LAUNCHD.md, HERMES.md).
 */
export async function gatewaysLeftByTheirJob(ctx: StepContext): Promise<number[]> {
  return (await gatewaysOfHome(ctx.home, ctx.userHome)).filter((g) => g.pgid !== g.pid && !isAlive(g.pgid)).map((g) => g.pid);
}

/** After a stop: fails when a gateway of this home still runs (something started it again). */
export async function assertNoGatewayLeft(ctx: StepContext): Promise<void> {
  const home = ctx.home;
  const left = await gatewaysOfHome(home, ctx.userHome);
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
