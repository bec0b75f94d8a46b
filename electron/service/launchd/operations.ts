/**
 * start, stop, restart, repair and doctor on launchd, following DESIGN.md's rules. Each looks
 * first, changes only what needs changing, and reports success only after observing it. The
 * gateway is judged, signalled and timed itself: launchd's pid may be Hermes's stderr wrapper.
 */
import { changesFor, describeDefinition, ensureDefinition, mayWrite, planDefinition } from '../definition.js';
import { doctorReport } from '../doctor.js';
import { assertNoGatewayLeft, convergedMessage, ensureLogFolder, gatewaysLeftByTheirJob, markPlannedStop, secondGatewayRefused, stoppedMessage, stopTarget, terminateGateways, uninstalledMessage } from '../gateway-steps.js';
import { renderPlistText } from '../hermes/layouts.js';
import { supervisedGateway } from '../home-state.js';
import { isAlive } from '../processes.js';
import { moveToBackup } from '../service-file.js';
import type { Settings } from '../settings.js';
import type { GatewayTarget } from '../target.js';
import type { Timing } from '../timing.js';
import { plistSeconds } from '../timing.js';
import { pollUntil } from '../wait.js';
import type { DoctorReport, GatewayStatus, Operation, OperationResult, PlistChange } from '../types.js';
import type { JobContext } from './job.js';
import { awaitPid, awaitRunning, enable, load, noProcessError, serviceTarget, unload } from './job.js';
import type { Domain, Launchctl } from './launchctl.js';
import type { LoadedJob, Observation } from './observe.js';
import { observe, observeAll, reobserveHome } from './observe.js';
import type { PlistDict } from './plist-file.js';
import { plistFacts } from './plist-file.js';
import { gatewayOf, jobOutdated, launchdPid, plistVerdict, statusOf, unownedGateways } from './status.js';

export interface LaunchdDeps {
  settings: Settings;
  launchctl: Launchctl;
  timing: Timing;
}

/** launchd's own defaults, for a plist that sets neither key (0.18's). */
const LAUNCHD_EXIT_TIMEOUT_S = 5;
const LAUNCHD_THROTTLE_INTERVAL_S = 10;

const STOPPED_OUTSIDE = 'Stopped gateway processes outside launchd';

function contextFor(deps: LaunchdDeps, target: GatewayTarget): JobContext {
  return { launchctl: deps.launchctl, timing: deps.timing, label: target.label, home: target.home, userHome: deps.settings.userHome, plistPath: target.plistPath, actions: [] };
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
  return plistSeconds(deps.timing, seconds(obs, 'ExitTimeOut', LAUNCHD_EXIT_TIMEOUT_S));
}

function succeeded(operation: Operation, message: string, ctx: JobContext, status: GatewayStatus): OperationResult {
  return { operation, ok: true, message, actions: ctx.actions, status };
}

/**
 * Boots a job out the way `hermes gateway stop` does: the planned-stop marker for its gateway
 * first (it then exits 0 and says "stopped"), and waits until every process of the job has exited.
 * launchd SIGKILLs only its own process after ExitTimeOut: a gateway under the stderr wrapper that
 * is still draining outlives it, holding the bot token, so it is stopped here. That includes a
 * gateway the look did not see: one a respawn was starting while the bootout went out.
 */
async function stopJob(deps: LaunchdDeps, ctx: JobContext, obs: Observation, job: LoadedJob): Promise<void> {
  const launchd = job.record.pid;
  const gateway = supervisedGateway(obs, launchd);
  if (gateway) await markPlannedStop(ctx, stopTarget(gateway, obs.pidFile));
  const others = gateway && gateway.process.pid !== launchd ? [gateway.process.pid] : [];
  const outlived = await unload(ctx, job.domain, launchd, others, exitTimeoutMs(deps, obs));
  const left = new Set([...outlived, ...(await gatewaysLeftByTheirJob(ctx))]);
  await terminateGateways(ctx, [...left], `${STOPPED_OUTSIDE} (it outlived its job)`);
}

/**
 * Waits for the job's gateway to report running (awaitRunning: start-timeout at the boot
 * deadline, the exit when it dies) and meanwhile looks at launchd: once it runs, only the home is
 * looked at again, so the result costs no launchctl call after the gateway is up.
 */
async function statusOnceRunning(deps: LaunchdDeps, target: GatewayTarget, ctx: JobContext, domain: Domain, pid: number): Promise<{ gateway: number; status: GatewayStatus }> {
  const [looked, running] = await Promise.allSettled([observe(deps.settings, deps.launchctl, target, { thorough: false }), awaitRunning(ctx, domain, pid)]);
  if (running.status === 'rejected') throw running.reason;
  if (looked.status === 'rejected') throw looked.reason;
  return { gateway: running.value, status: statusOf(await reobserveHome(looked.value)) };
}

function refuseWithOtherGateways(obs: Observation): void {
  const unowned = unownedGateways(obs);
  if (unowned.length === 0 && !obs.otherJob) return;
  const what = obs.otherJob ? `the job is also loaded in ${obs.otherJob.domain}` : `gateway ${unowned.join(', ')} runs outside launchd`;
  throw secondGatewayRefused(what, 'launchd');
}

/**
 * The self-heal shared by start and repair: plist, logs, enable, load, and then launchd starts
 * the gateway. After a load of a job that runs at load, nothing starts it again; only when no pid
 * appears within the spawn deadline does a plain kickstart (a no-op on a running job) follow.
 */
async function converge(deps: LaunchdDeps, target: GatewayTarget, obs: Observation, operation: 'start' | 'repair' | 'restart'): Promise<OperationResult> {
  const ctx = contextFor(deps, target);
  if (operation === 'repair') {
    if (obs.otherJob) await stopJob(deps, ctx, obs, obs.otherJob);
    await terminateGateways(ctx, unownedGateways(obs), STOPPED_OUTSIDE);
  } else {
    refuseWithOtherGateways(obs);
  }
  const ensured = await ensureDefinition({
    verdict: plistVerdict(obs),
    file: obs.plist,
    uid: obs.uid,
    target,
    install: obs.install,
    settings: deps.settings,
    render: renderPlistText,
    actions: ctx.actions,
  });
  const now = ensured.target;
  Object.assign(ctx, { label: now.label, plistPath: now.plistPath });
  // launchd's loaded copy means something else now, unless a missing file came back with the program it runs.
  const changed = ensured.written && (plistVerdict(obs).kind !== 'missing' || obs.job?.record.program !== ensured.plan.launchdArguments[0]);
  await ensureLogFolder(ctx);
  const { domain } = obs;
  let job = now.label === target.label ? obs.job : null;
  if (job && (changed || jobOutdated(obs))) {
    await stopJob(deps, ctx, obs, job);
    job = null;
  }
  let pid: number | null;
  // The look read the overrides: enable only a job that is disabled, or when launchctl could not say.
  if (obs.disabled !== false) {
    await enable(ctx, domain);
    if (obs.disabled) ctx.actions.push(`Enabled ${serviceTarget(domain, ctx.label)}`);
  }
  if (!job) {
    await load(ctx, domain);
    pid = await awaitPid(ctx, domain, null, deps.timing.spawnMs);
  } else {
    pid = job.record.pid;
  }
  if (pid === null) {
    await deps.launchctl.kickstart(serviceTarget(domain, ctx.label));
    ctx.actions.push('No gateway appeared: kickstarted the job (plain, no -k)');
    pid = await awaitPid(ctx, domain, null, deps.timing.spawnMs);
  }
  if (pid === null) throw await noProcessError(ctx, domain, 'spawn-failed');
  // A pid launchd already had may belong to a gateway still booting (a respawn after a crash):
  // it counts as running only once it says so.
  const wasRunning = job?.record.pid === pid;
  const { gateway, status } = await statusOnceRunning(deps, now, ctx, domain, pid);
  return succeeded(operation, convergedMessage(operation, gateway, wasRunning, ctx.actions.length > 0), ctx, status);
}

export async function start(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  return converge(deps, target, await look(deps, target), 'start');
}

export async function repair(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  return converge(deps, target, await look(deps, target), 'repair');
}

/**
 * A gateway under a current, loaded job restarts the Hermes way: SIGUSR1 to the gateway itself
 * (never to launchd's pid, which under a 0.21 plist is the stderr wrapper, which SIGUSR1 kills), it
 * drains and exits 75, launchd respawns the job. A gateway that does not drain is stopped as stop
 * stops it before launchd starts the next. A job that needs reloading restarts through the reload
 * itself.
 */
export async function restart(deps: LaunchdDeps, target: GatewayTarget): Promise<OperationResult> {
  const obs = await look(deps, target);
  const needsReload = !obs.job || plistVerdict(obs).kind !== 'current' || jobOutdated(obs);
  const oldLaunchdPid = launchdPid(obs);
  const old = gatewayOf(obs);
  if (needsReload || oldLaunchdPid === null || old === null) return converge(deps, target, obs, 'restart');
  refuseWithOtherGateways(obs);
  const ctx = contextFor(deps, target);
  const { domain } = obs;
  const oldPid = old.process.pid;
  let signalled = true;
  try {
    process.kill(oldPid, 'SIGUSR1');
    ctx.actions.push(`Sent SIGUSR1 to gateway ${oldPid} (drain and exit 75)`);
  } catch (error) {
    signalled = false;
    ctx.actions.push(`SIGUSR1 to gateway ${oldPid} failed (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const throttleMs = plistSeconds(deps.timing, seconds(obs, 'ThrottleInterval', LAUNCHD_THROTTLE_INTERVAL_S));
  const respawnMs = deps.timing.drainMs + throttleMs + deps.timing.spawnMs;
  let pid = signalled ? await awaitPid(ctx, domain, oldLaunchdPid, respawnMs) : null;
  if (pid === null) {
    // Stopped here, not with `kickstart -k`: launchd's escalation kills only its own process (the
    // stderr wrapper) and spawns the job again beside a gateway still stopping. Once the job's
    // process has exited KeepAlive respawns it; the plain kickstart covers a job that would not.
    await terminateGateways(ctx, [stopTarget(old, obs.pidFile)], 'No new gateway after SIGUSR1: stopped the gateway (planned stop)', exitTimeoutMs(deps, obs));
    await pollUntil(() => (isAlive(oldLaunchdPid) ? undefined : true), deps.timing.spawnMs, deps.timing.livenessMs);
    await deps.launchctl.kickstart(serviceTarget(domain, target.label));
    pid = await awaitPid(ctx, domain, oldLaunchdPid, deps.timing.spawnMs + throttleMs);
  }
  if (pid === null) throw await noProcessError(ctx, domain, 'restart-timeout');
  const { gateway, status } = await statusOnceRunning(deps, target, ctx, domain, pid);
  return succeeded('restart', `The gateway restarted (pid ${oldPid} → ${gateway})`, ctx, status);
}

/**
 * Boots the job out of every domain it is loaded in (each gateway told first that the stop is
 * planned), stops gateways launchd does not own, and returns once no gateway of this home runs.
 */
async function stopEverything(deps: LaunchdDeps, obs: Observation, ctx: JobContext): Promise<void> {
  for (const job of [obs.job, obs.otherJob]) {
    if (job) await stopJob(deps, ctx, obs, job);
  }
  await terminateGateways(ctx, unownedGateways(obs), STOPPED_OUTSIDE);
  await assertNoGatewayLeft(ctx);
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

/** The plist Repair would write, field by field; nothing for Hermes's own plist. */
async function plistChanges(deps: LaunchdDeps, obs: Observation): Promise<PlistChange[]> {
  const verdict = plistVerdict(obs);
  if (!mayWrite(verdict) || !obs.install) return [];
  const { settings } = deps;
  const plan = await planDefinition(obs.install, null, obs.target.home, settings.userHome, settings.env).catch(() => null);
  if (!plan) return [];
  const current = obs.plist.exists && obs.plist.parsed.ok ? plistFacts(obs.plist.parsed.dict) : null;
  return changesFor(verdict, current, { layout: `what Hermes ${plan.version ?? plan.generation} writes`, argv: plan.launchdArguments, label: obs.target.label, home: obs.target.home });
}

export async function doctor(deps: LaunchdDeps, target: GatewayTarget): Promise<DoctorReport> {
  const obs = await look(deps, target);
  return doctorReport(statusOf(obs), await plistChanges(deps, obs), describeDefinition(plistVerdict(obs), 'plist'));
}

export async function status(deps: LaunchdDeps, target: GatewayTarget): Promise<GatewayStatus> {
  return statusOf(await observe(deps.settings, deps.launchctl, target, { thorough: false }));
}

export async function list(deps: LaunchdDeps, targets: GatewayTarget[]): Promise<GatewayStatus[]> {
  return (await observeAll(deps.settings, deps.launchctl, targets)).map(statusOf);
}
