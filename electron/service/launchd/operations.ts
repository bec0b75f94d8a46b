/**
 * start, stop, restart, repair and doctor on launchd, following DESIGN.md's rules. Each looks
 * first, changes only what needs changing, and reports success only after observing it.
 */
import { chmod, mkdir } from 'node:fs/promises';
import { ServiceError } from '../errors.js';
import { EXIT_TIMEOUT_S, THROTTLE_INTERVAL_S, logPaths } from '../hermes.js';
import type { Domain, Launchctl } from '../launchctl.js';
import type { PlistDict } from '../plist-file.js';
import { hasSafePermissions, renderPlist, writePlistAtomically } from '../plist-file.js';
import { findGatewayProcesses } from '../processes.js';
import type { Settings } from '../settings.js';
import type { GatewayTarget } from '../target.js';
import type { Timing } from '../timing.js';
import { plistSeconds } from '../timing.js';
import type { DoctorReport, GatewayStatus, Operation, OperationResult, PlistChange } from '../types.js';
import type { JobContext } from './job.js';
import { awaitPid, awaitRunning, enable, load, noProcessError, serviceTarget, terminate, unload } from './job.js';
import type { Observation } from './observe.js';
import { homeOfProcess, observe, observeAll, rereadGatewayFiles } from './observe.js';
import { jobOutdated, launchdPid, plistVerdict, statusOf, unownedGateways } from './status.js';

export interface LaunchdDeps {
  settings: Settings;
  launchctl: Launchctl;
  timing: Timing;
}

function contextFor(deps: LaunchdDeps, target: GatewayTarget): JobContext {
  return { launchctl: deps.launchctl, timing: deps.timing, label: target.label, home: target.home, plistPath: target.plistPath, actions: [] };
}

function look(deps: LaunchdDeps, target: GatewayTarget): Promise<Observation> {
  return observe(deps.settings, deps.launchctl, target, { thorough: true });
}

function seconds(obs: Observation, key: 'ExitTimeOut' | 'ThrottleInterval', fallback: number): number {
  const dict: PlistDict | null = obs.plist.exists && obs.plist.parsed.ok ? obs.plist.parsed.dict : null;
  const value = dict?.[key];
  return typeof value === 'number' && value >= 0 ? value : fallback;
}

function exitTimeoutMs(deps: LaunchdDeps, obs: Observation): number {
  return plistSeconds(deps.timing, seconds(obs, 'ExitTimeOut', EXIT_TIMEOUT_S));
}

function succeeded(operation: Operation, message: string, ctx: JobContext, status: GatewayStatus): OperationResult {
  return { operation, ok: true, message, actions: ctx.actions, status };
}

/**
 * Waits for a new gateway to report running and meanwhile looks at launchd and the process
 * table: once it runs, only its own files are read again, so the result costs no launchctl call
 * after the gateway is up.
 */
async function statusOnceRunning(deps: LaunchdDeps, target: GatewayTarget, ctx: JobContext, domain: Domain, pid: number): Promise<GatewayStatus> {
  const [look, running] = await Promise.allSettled([observe(deps.settings, deps.launchctl, target, { thorough: false }), awaitRunning(ctx, domain, pid)]);
  if (running.status === 'rejected') throw running.reason;
  if (look.status === 'rejected') throw look.reason;
  return statusOf(await rereadGatewayFiles(look.value));
}

function refuseWithOtherGateways(obs: Observation): void {
  const unowned = unownedGateways(obs);
  if (unowned.length === 0 && !obs.otherJob) return;
  const what = obs.otherJob ? `the job is also loaded in ${obs.otherJob.domain}` : `gateway ${unowned.join(', ')} runs outside launchd`;
  throw new ServiceError({
    code: 'duplicate-gateways',
    message: `Not starting a second gateway: ${what}`,
    explanation: 'Two gateways for one home fight over the bot tokens; Hermes Bar never starts one while another runs.',
    nextStep: 'Run `hermes-bar repair`: it stops the gateways launchd does not own and starts one under launchd.',
  });
}

/**
 * Makes the plist what Hermes expects. Returns whether launchd's loaded copy (if any) now means
 * something else than the file: a rewritten stale file does; a missing file rewritten with the
 * program launchd already runs does not.
 */
async function ensurePlist(ctx: JobContext, obs: Observation): Promise<boolean> {
  const verdict = plistVerdict(obs);
  if (verdict.kind === 'current') {
    if (obs.plist.exists && !hasSafePermissions(obs.plist, obs.uid) && obs.plist.uid === obs.uid) {
      await chmod(obs.target.plistPath, 0o644);
      ctx.actions.push(`Set ${obs.target.plistPath} to mode 0644`);
    }
    return false;
  }
  const wanted = obs.wanted;
  if (!wanted || (verdict.kind === 'launcher-missing' && wanted.ProgramArguments[0] === verdict.program)) {
    throw new ServiceError({
      code: 'launcher-missing',
      message: verdict.kind === 'launcher-missing' ? `The gateway's program ${verdict.program} does not exist` : 'Hermes is not installed',
      explanation: 'No Hermes launcher was found at ~/.hermes/bin/hermes, in HERMES_BAR_HERMES or on PATH, so there is nothing to run.',
      nextStep: 'Install (or reinstall) Hermes Agent, then run `hermes-bar repair`.',
    });
  }
  const { backup } = await writePlistAtomically(obs.target.plistPath, renderPlist(wanted));
  ctx.actions.push(`Wrote ${obs.target.plistPath} (${verdict.kind}${backup ? `; backup ${backup}` : ''})`);
  return verdict.kind !== 'missing' || obs.job?.record.program !== wanted.ProgramArguments[0];
}

async function ensureLogFolder(ctx: JobContext, home: string): Promise<void> {
  const created = await mkdir(logPaths(home).dir, { recursive: true, mode: 0o755 }).catch(() => undefined);
  if (created) ctx.actions.push(`Created ${created}`);
}

/**
 * The self-heal shared by start and repair: plist, logs, enable, load, and then launchd starts
 * the gateway. After a load of a job that runs at load, nothing starts it again; only when no pid
 * appears within the spawn deadline does a plain kickstart (a no-op on a running job) follow.
 */
async function converge(deps: LaunchdDeps, target: GatewayTarget, obs: Observation, operation: 'start' | 'repair' | 'restart'): Promise<OperationResult> {
  const ctx = contextFor(deps, target);
  if (operation === 'repair') {
    if (obs.otherJob) await unload(ctx, obs.otherJob.domain, obs.otherJob.record.pid, exitTimeoutMs(deps, obs));
    await terminate(ctx, unownedGateways(obs));
  } else {
    refuseWithOtherGateways(obs);
  }
  const changed = await ensurePlist(ctx, obs);
  await ensureLogFolder(ctx, target.home);
  const { domain } = obs;
  let job = obs.job;
  if (job && (changed || jobOutdated(obs))) {
    await unload(ctx, domain, job.record.pid, exitTimeoutMs(deps, obs));
    job = null;
  }
  let pid: number | null;
  // The look read the overrides: enable only a job that is disabled, or when launchctl could not say.
  if (obs.disabled !== false) {
    await enable(ctx, domain);
    if (obs.disabled) ctx.actions.push(`Enabled ${serviceTarget(domain, target.label)}`);
  }
  if (!job) {
    await load(ctx, domain);
    pid = await awaitPid(ctx, domain, null, deps.timing.spawnMs);
  } else {
    pid = job.record.pid;
  }
  if (pid === null) {
    await deps.launchctl.kickstart(serviceTarget(domain, target.label));
    ctx.actions.push('No gateway appeared: kickstarted the job (plain, no -k)');
    pid = await awaitPid(ctx, domain, null, deps.timing.spawnMs);
  }
  if (pid === null) throw await noProcessError(ctx, domain, 'spawn-failed');
  const wasRunning = job?.record.pid === pid;
  const current = wasRunning ? await status(deps, target) : await statusOnceRunning(deps, target, ctx, domain, pid);
  const message =
    operation === 'repair'
      ? ctx.actions.length > 0
        ? `Repaired: the gateway runs (pid ${pid})`
        : `Nothing to repair: the gateway runs (pid ${pid})`
      : wasRunning
        ? `The gateway is already running (pid ${pid})`
        : `The gateway ${operation === 'restart' ? 'restarted' : 'started'} (pid ${pid})`;
  return succeeded(operation, message, ctx, current);
}

export async function start(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  return converge(deps, target, await look(deps, target), 'start');
}

export async function repair(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  return converge(deps, target, await look(deps, target), 'repair');
}

/**
 * A gateway under a current, loaded job restarts the Hermes way: SIGUSR1, it drains and exits 75,
 * launchd respawns it. A job that needs reloading restarts through the reload itself.
 */
export async function restart(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  const obs = await look(deps, target);
  const needsReload = !obs.job || plistVerdict(obs).kind !== 'current' || jobOutdated(obs);
  const oldPid = launchdPid(obs);
  if (needsReload || oldPid === null) return converge(deps, target, obs, 'restart');
  refuseWithOtherGateways(obs);
  const ctx = contextFor(deps, target);
  const { domain } = obs;
  const service = serviceTarget(domain, target.label);
  const signalled = await deps.launchctl.kill('SIGUSR1', service);
  ctx.actions.push(signalled.exitCode === 0 ? `Sent SIGUSR1 to pid ${oldPid} (drain and exit 75)` : `SIGUSR1 failed (${signalled.exitCode})`);
  const respawnMs = deps.timing.drainMs + plistSeconds(deps.timing, seconds(obs, 'ThrottleInterval', THROTTLE_INTERVAL_S)) + deps.timing.spawnMs;
  let pid = signalled.exitCode === 0 ? await awaitPid(ctx, domain, oldPid, respawnMs) : null;
  if (pid === null) {
    const kicked = await deps.launchctl.kickstart(service, { kill: true });
    ctx.actions.push(`No new gateway after SIGUSR1: kickstart -k (${kicked.exitCode})`);
    pid = await awaitPid(ctx, domain, oldPid, deps.timing.spawnMs + exitTimeoutMs(deps, obs));
  }
  if (pid === null) throw await noProcessError(ctx, domain, 'restart-timeout');
  const current = await statusOnceRunning(deps, target, ctx, domain, pid);
  return succeeded('restart', `The gateway restarted (pid ${oldPid} → ${pid})`, ctx, current);
}

/** Boots the job out of every domain it is loaded in and waits until no gateway of this home runs. */
export async function stop(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  const obs = await look(deps, target);
  const ctx = contextFor(deps, target);
  for (const job of [obs.job, obs.otherJob]) {
    if (job) await unload(ctx, job.domain, job.record.pid, exitTimeoutMs(deps, obs));
  }
  await terminate(ctx, unownedGateways(obs));
  const left = (await findGatewayProcesses()).filter((g) => homeOfProcess(g, deps.settings.userHome) === obs.target.home);
  if (left.length > 0) {
    throw new ServiceError({
      code: 'stop-timeout',
      message: `A gateway still runs for ${target.home} (pid ${left.map((g) => g.pid).join(', ')})`,
      explanation: 'Something started a gateway again while Hermes Bar was stopping it (another supervisor or a script).',
      nextStep: 'Run `hermes-bar doctor` to see who owns it.',
    });
  }
  const message = ctx.actions.length > 0 ? 'The gateway stopped' : 'The gateway was not running';
  return succeeded('stop', message, ctx, await status(deps, target));
}

function plistChanges(obs: Observation): PlistChange[] {
  const verdict = plistVerdict(obs);
  if (verdict.kind === 'stale') return verdict.differences;
  if (verdict.kind === 'current' || !obs.wanted) return [];
  const wanted = obs.wanted;
  const current = verdict.kind === 'launcher-missing' ? verdict.program : null;
  return [
    { field: 'Program', current, wanted: wanted.ProgramArguments[0] ?? '' },
    { field: 'ProgramArguments', current: null, wanted: wanted.ProgramArguments.slice(1).join(' ') },
    { field: 'StandardOutPath', current: null, wanted: wanted.StandardOutPath },
    { field: 'StandardErrorPath', current: null, wanted: wanted.StandardErrorPath },
  ];
}

export async function doctor(deps: LaunchdDeps, target: GatewayTarget): Promise<DoctorReport> {
  const obs = await look(deps, target);
  const status = statusOf(obs);
  const fixable = status.problems.filter((p) => p.fix !== null);
  const repairPlan = fixable.map((p) => p.fix as string);
  if (repairPlan.length > 0) repairPlan.push('Verify that exactly one gateway runs.');
  return { status, plistChanges: plistChanges(obs), repairPlan, needsRepair: fixable.length > 0 };
}

export async function status(deps: LaunchdDeps, target: GatewayTarget): Promise<GatewayStatus> {
  return statusOf(await observe(deps.settings, deps.launchctl, target, { thorough: false }));
}

export async function list(deps: LaunchdDeps, targets: GatewayTarget[]): Promise<GatewayStatus[]> {
  return (await observeAll(deps.settings, deps.launchctl, targets)).map(statusOf);
}
