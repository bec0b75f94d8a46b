/**
 * start, stop, restart, repair and doctor on launchd, following DESIGN.md's rules. Each looks
 * first, changes only what needs changing, and reports success only after observing it.
 */
import { chmod } from 'node:fs/promises';
import { doctorReport } from '../doctor.js';
import { EXIT_TIMEOUT_S, THROTTLE_INTERVAL_S } from '../hermes/definitions.js';
import { assertNoGatewayLeft, convergedMessage, ensureLogFolder, launcherMissing, secondGatewayRefused, stoppedMessage, terminateGateways, uninstalledMessage } from '../gateway-steps.js';
import type { Domain, Launchctl } from './launchctl.js';
import type { PlistDict } from './plist-file.js';
import { renderPlist } from './plist-file.js';
import { hasSafePermissions, moveToBackup, writeFileAtomically } from '../service-file.js';
import type { Settings } from '../settings.js';
import type { GatewayTarget } from '../target.js';
import type { Timing } from '../timing.js';
import { plistSeconds } from '../timing.js';
import type { DoctorReport, GatewayStatus, Operation, OperationResult, PlistChange } from '../types.js';
import type { JobContext } from './job.js';
import { awaitPid, awaitRunning, enable, load, noProcessError, serviceTarget, unload } from './job.js';
import type { Observation } from './observe.js';
import { observe, observeAll, rereadGatewayFiles } from './observe.js';
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
 * Waits for the gateway to report running (awaitRunning: start-timeout at the boot deadline, the
 * exit when it dies) and meanwhile looks at launchd and the process table: once it runs, only its
 * own files are read again, so the result costs no launchctl call after the gateway is up. The
 * look is used only once the pid has said it runs.
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
  throw secondGatewayRefused(what, 'launchd');
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
    throw launcherMissing(verdict.kind === 'launcher-missing' ? verdict.program : null);
  }
  const { backup } = await writeFileAtomically(obs.target.plistPath, renderPlist(wanted));
  ctx.actions.push(`Wrote ${obs.target.plistPath} (${verdict.kind}${backup ? `; backup ${backup}` : ''})`);
  return verdict.kind !== 'missing' || obs.job?.record.program !== wanted.ProgramArguments[0];
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
    await terminateGateways(ctx, unownedGateways(obs), 'launchd');
  } else {
    refuseWithOtherGateways(obs);
  }
  const changed = await ensurePlist(ctx, obs);
  await ensureLogFolder(ctx);
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
  // A pid launchd already had may belong to a gateway still booting (a respawn after a crash):
  // it counts as running only once it says so.
  const wasRunning = job?.record.pid === pid;
  const current = await statusOnceRunning(deps, target, ctx, domain, pid);
  return succeeded(operation, convergedMessage(operation, pid, wasRunning, ctx.actions.length > 0), ctx, current);
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

/**
 * Boots the job out of every domain it is loaded in, stops gateways launchd does not own, and
 * returns once no gateway of this home runs.
 */
async function stopEverything(deps: LaunchdDeps, obs: Observation, ctx: JobContext): Promise<void> {
  for (const job of [obs.job, obs.otherJob]) {
    if (job) await unload(ctx, job.domain, job.record.pid, exitTimeoutMs(deps, obs));
  }
  await terminateGateways(ctx, unownedGateways(obs), 'launchd');
  await assertNoGatewayLeft(obs.target.home, deps.settings.userHome);
}

export async function stop(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  const ctx = contextFor(deps, target);
  await stopEverything(deps, await look(deps, target), ctx);
  return succeeded('stop', stoppedMessage(ctx.actions.length > 0), ctx, await status(deps, target));
}

/**
 * Removes the gateway service: stops it as stop does, then moves the plist aside to a timestamped
 * backup (never deleted), so launchd will not load it at the next login. Afterwards the gateway is
 * `not-installed`; Repair (or Start) sets it up again.
 */
export async function uninstall(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  const ctx = contextFor(deps, target);
  await stopEverything(deps, await look(deps, target), ctx);
  const backup = await moveToBackup(target.plistPath);
  if (backup) ctx.actions.push(`Moved ${target.plistPath} to ${backup}`);
  const message = uninstalledMessage(backup, ctx.actions.length > 0, { file: 'plist', missingFile: 'plist', takenDown: 'unloaded' });
  return succeeded('uninstall', message, ctx, await status(deps, target));
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
  return doctorReport(statusOf(obs), plistChanges(obs));
}

export async function status(deps: LaunchdDeps, target: GatewayTarget): Promise<GatewayStatus> {
  return statusOf(await observe(deps.settings, deps.launchctl, target, { thorough: false }));
}

export async function list(deps: LaunchdDeps, targets: GatewayTarget[]): Promise<GatewayStatus[]> {
  return (await observeAll(deps.settings, deps.launchctl, targets)).map(statusOf);
}
