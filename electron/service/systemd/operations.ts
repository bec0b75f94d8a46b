/**
 * start, stop, restart, repair and doctor under systemd, following DESIGN.md's rules. Each looks
 * first, changes only what needs changing, and reports success only after observing it.
 */
import { changesFor, describeDefinition, ensureDefinition, mayWrite, planDefinition } from '../definition.js';
import { doctorReport } from '../doctor.js';
import { ServiceError } from '../errors.js';
import {
  assertNoGatewayLeft,
  convergedMessage,
  ensureLogFolder,
  markPlannedStop,
  secondGatewayRefused,
  stoppedMessage,
  stopTarget,
  terminateGateways,
  uninstalledMessage,
} from '../gateway-steps.js';
import { RESTART_SEC, renderUnitText } from '../hermes/layouts.js';
import { supervisedGateway } from '../home-state.js';
import { moveToBackup } from '../service-file.js';
import type { Settings } from '../settings.js';
import type { GatewayTarget } from '../target.js';
import type { Timing } from '../timing.js';
import type { DoctorReport, GatewayStatus, Operation, OperationResult, PlistChange } from '../types.js';
import type { Systemctl } from './systemctl.js';
import { unitFacts } from './unit-file.js';
import type { UnitRecord } from './unit-record.js';
import { hitStartLimit } from './unit-record.js';
import type { UnitObservation } from './observe.js';
import { observe } from './observe.js';
import { gatewayOf, legacyPid, mainPid, statusOf, strayGateways, unitOutdated, unitVerdict } from './status.js';
import type { UnitContext } from './unit-steps.js';
import { awaitMainPid, awaitRunning, awaitUnitDown, noProcessError, reload, stopUnit } from './unit-steps.js';

export interface SystemdDeps {
  settings: Settings;
  systemctl: Systemctl;
  timing: Timing;
}

function contextFor(deps: SystemdDeps, target: GatewayTarget): UnitContext {
  return { systemctl: deps.systemctl, timing: deps.timing, unit: target.label, home: target.home, userHome: deps.settings.userHome, actions: [] };
}

/** An observation with systemd's record: the user bus answered. */
type LiveObservation = UnitObservation & { record: UnitRecord };

/** Without a user bus nothing can be done: say so before changing anything. */
async function look(deps: SystemdDeps, target: GatewayTarget): Promise<LiveObservation> {
  const obs = await observe(deps.settings, deps.systemctl, target);
  if (!obs.bus.ok || !obs.record) {
    const reason = obs.bus.ok ? 'systemd did not answer' : obs.bus.reason;
    throw new ServiceError({
      code: 'no-user-bus',
      message: `systemctl --user cannot reach your user manager: ${reason}`,
      explanation: 'Hermes Bar runs the gateway as a systemd user unit, and talks to the user manager over its bus.',
      nextStep: obs.bus.ok ? 'Run `systemctl --user status` to see what systemd says.' : obs.bus.nextStep,
    });
  }
  return { ...obs, record: obs.record };
}

async function result(deps: SystemdDeps, target: GatewayTarget, operation: Operation, message: string, ctx: UnitContext): Promise<OperationResult> {
  const status = statusOf(await observe(deps.settings, deps.systemctl, target));
  return { operation, ok: true, message, actions: ctx.actions, status };
}

function refuseWithOtherGateways(obs: UnitObservation): void {
  const legacy = legacyPid(obs);
  const strays = strayGateways(obs);
  if (legacy === null && strays.length === 0) return;
  const what = legacy !== null ? `${obs.legacy?.name} runs gateway ${legacy}` : `gateway ${strays.join(', ')} runs outside systemd`;
  throw secondGatewayRefused(what, 'Stopped gateway processes outside systemd');
}

/** The real time systemd waits before a restart: the unit's own, not scaled like the engine's deadlines. */
function restartDelayMs(obs: LiveObservation): number {
  return obs.record.restartDelayMs ?? RESTART_SEC * 1000;
}

/** Stops a unit the way `hermes gateway stop` does: its gateway told first that the SIGTERM is a planned stop. */
async function stopServedUnit(ctx: UnitContext, obs: UnitObservation, unit: string, pid: number | null): Promise<void> {
  const gateway = supervisedGateway(obs, pid);
  if (gateway) await markPlannedStop(ctx, stopTarget(gateway, obs.pidFile));
  await stopUnit(ctx, unit, pid);
}

/** Stops and disables a legacy hermes.service serving this home, and moves its file to a backup. */
async function retireLegacy(ctx: UnitContext, obs: UnitObservation): Promise<boolean> {
  const legacy = obs.legacy;
  if (!legacy) return false;
  const gateway = supervisedGateway(obs, legacyPid(obs));
  if (gateway) await markPlannedStop(ctx, stopTarget(gateway, obs.pidFile));
  await ctx.systemctl.disableNow(legacy.name);
  await awaitUnitDown(ctx, legacy.name, legacyPid(obs));
  const backup = await moveToBackup(legacy.path);
  ctx.actions.push(`Disabled ${legacy.name} and moved it to ${backup ?? '(already gone)'}`);
  return true;
}

/**
 * The self-heal shared by start, repair and a restart that needs more than a signal: unit file,
 * logs, daemon-reload, enable, then exactly one of restart (a running gateway whose definition
 * changed, or a restart asked for) or start (a gateway that does not run). Never both.
 */
async function converge(deps: SystemdDeps, target: GatewayTarget, obs: LiveObservation, operation: 'start' | 'repair' | 'restart'): Promise<OperationResult> {
  const ctx = contextFor(deps, target);
  const { record } = obs;
  let retired = false;
  if (operation === 'repair') {
    retired = await retireLegacy(ctx, obs);
    await terminateGateways(ctx, strayGateways(obs), 'Stopped gateway processes outside systemd');
  } else {
    refuseWithOtherGateways(obs);
  }
  const ensured = await ensureDefinition({
    verdict: unitVerdict(obs),
    file: obs.unit,
    uid: obs.uid,
    target,
    install: obs.install,
    settings: deps.settings,
    render: (plan) => renderUnitText(plan),
    actions: ctx.actions,
  });
  const { written, target: now } = ensured;
  ctx.unit = now.label;
  await ensureLogFolder(ctx);
  if (written || retired || record.needsReload || record.loadState !== 'loaded') await reload(ctx);
  if (record.activeState === 'failed') {
    await deps.systemctl.resetFailed(ctx.unit);
    ctx.actions.push(`Reset the failed state of ${ctx.unit}${hitStartLimit(record) ? ' (start-limit-hit)' : ''}`);
  }
  // A new file, or one systemd has as not enabled (or unreadable): enable, so it starts at login.
  if (written || record.unitFileState === null || record.unitFileState === 'disabled' || record.unitFileState === 'bad') {
    await deps.systemctl.enable(ctx.unit);
    ctx.actions.push(`Enabled ${ctx.unit}`);
  }
  const oldPid = now.label === target.label ? mainPid(obs) : null;
  const running = oldPid !== null;
  // A unit written back where one was missing runs what the loaded unit ran; a replaced one does not.
  const definitionChanged = written && unitVerdict(obs).kind !== 'missing';
  let pid: number | null;
  if (running && (operation === 'restart' || definitionChanged)) {
    const gateway = gatewayOf(obs);
    if (gateway) await markPlannedStop(ctx, stopTarget(gateway, obs.pidFile));
    await deps.systemctl.restart(ctx.unit);
    ctx.actions.push(`Restarted ${ctx.unit} (stop, then start)`);
    pid = await awaitMainPid(ctx, oldPid, deps.timing.spawnMs);
  } else if (running) {
    pid = oldPid;
  } else {
    await deps.systemctl.start(ctx.unit);
    ctx.actions.push(`Started ${ctx.unit}`);
    pid = await awaitMainPid(ctx, null, deps.timing.spawnMs);
  }
  if (pid === null) throw await noProcessError(ctx, 'spawn-failed', oldPid);
  const wasRunning = pid === oldPid;
  // A MainPID systemd already had may be a restart still booting: running only once it says so.
  const gateway = await awaitRunning(ctx, pid);
  return result(deps, now, operation, convergedMessage(operation, gateway, wasRunning, ctx.actions.length > 0), ctx);
}

export async function start(deps: SystemdDeps, target: GatewayTarget): Promise<OperationResult> {
  return converge(deps, target, await look(deps, target), 'start');
}

export async function repair(deps: SystemdDeps, target: GatewayTarget): Promise<OperationResult> {
  return converge(deps, target, await look(deps, target), 'repair');
}

/**
 * A gateway under a current unit restarts the Hermes way: SIGUSR1, it drains and exits 75,
 * systemd starts it again after RestartSec. Anything else goes through converge.
 */
export async function restart(deps: SystemdDeps, target: GatewayTarget): Promise<OperationResult> {
  const obs = await look(deps, target);
  const oldPid = mainPid(obs);
  const old = gatewayOf(obs);
  if (oldPid === null || old === null || unitVerdict(obs).kind !== 'current' || unitOutdated(obs)) return converge(deps, target, obs, 'restart');
  refuseWithOtherGateways(obs);
  const ctx = contextFor(deps, target);
  const signalled = await deps.systemctl.signalMain(target.label, 'SIGUSR1');
  ctx.actions.push(signalled.exitCode === 0 ? `Sent SIGUSR1 to pid ${oldPid} (drain and exit 75)` : `SIGUSR1 failed (${signalled.exitCode})`);
  const respawnMs = deps.timing.drainMs + restartDelayMs(obs) + deps.timing.spawnMs;
  let pid = signalled.exitCode === 0 ? await awaitMainPid(ctx, oldPid, respawnMs) : null;
  if (pid === null) {
    await markPlannedStop(ctx, stopTarget(old, obs.pidFile));
    await deps.systemctl.restart(target.label);
    ctx.actions.push('No new gateway after SIGUSR1: systemctl --user restart');
    pid = await awaitMainPid(ctx, oldPid, deps.timing.spawnMs);
  }
  if (pid === null) throw await noProcessError(ctx, 'restart-timeout', oldPid);
  const gateway = await awaitRunning(ctx, pid);
  return result(deps, target, 'restart', `The gateway restarted (pid ${old.process.pid} → ${gateway})`, ctx);
}

/** Stops the unit (and a legacy unit serving the same home) and returns once no gateway of this home runs. */
async function stopEverything(deps: SystemdDeps, obs: LiveObservation, ctx: UnitContext): Promise<void> {
  const legacy = obs.legacy;
  if (legacy?.record && legacy.record.activeState !== 'inactive' && legacy.record.activeState !== 'failed') {
    await stopServedUnit(ctx, obs, legacy.name, legacyPid(obs));
  }
  if (obs.record.activeState !== 'inactive' && obs.record.activeState !== 'failed') {
    await stopServedUnit(ctx, obs, obs.target.label, mainPid(obs));
  }
  await terminateGateways(ctx, strayGateways(obs), 'Stopped gateway processes outside systemd');
  await assertNoGatewayLeft(ctx);
}

export async function stop(deps: SystemdDeps, target: GatewayTarget): Promise<OperationResult> {
  const ctx = contextFor(deps, target);
  await stopEverything(deps, await look(deps, target), ctx);
  return result(deps, target, 'stop', stoppedMessage(ctx.actions.length > 0), ctx);
}

/**
 * Removes the gateway service: stops it as stop does, disables it, moves the unit file aside to a
 * timestamped backup (never deleted) and reloads systemd. Afterwards the gateway is
 * `not-installed`; Repair (or Start) sets it up again.
 */
export async function uninstall(deps: SystemdDeps, target: GatewayTarget): Promise<OperationResult> {
  const ctx = contextFor(deps, target);
  const obs = await look(deps, target);
  await stopEverything(deps, obs, ctx);
  if (obs.record.unitFileState === 'enabled') {
    await deps.systemctl.must(['disable', target.label]);
    ctx.actions.push(`Disabled ${target.label}`);
  }
  const backup = await moveToBackup(target.plistPath);
  if (backup) {
    ctx.actions.push(`Moved ${target.plistPath} to ${backup}`);
    await reload(ctx);
  }
  const message = uninstalledMessage(backup, ctx.actions.length > 0, { file: 'unit', missingFile: 'unit file', takenDown: 'stopped' });
  return result(deps, target, 'uninstall', message, ctx);
}

/** The unit Repair would write, field by field; nothing for Hermes's own unit. */
async function unitChanges(deps: SystemdDeps, obs: UnitObservation): Promise<PlistChange[]> {
  const verdict = unitVerdict(obs);
  if (!mayWrite(verdict) || !obs.install) return [];
  const { settings } = deps;
  const plan = await planDefinition(obs.install, null, obs.target.home, settings.userHome, settings.env).catch(() => null);
  if (!plan) return [];
  const current = obs.unit.exists && obs.unit.parsed.ok ? unitFacts(obs.unit.parsed.unit) : null;
  return changesFor(verdict, current, { layout: `what Hermes ${plan.version ?? plan.generation} writes`, argv: plan.unitCommand, label: null, home: obs.target.home });
}

export async function doctor(deps: SystemdDeps, target: GatewayTarget): Promise<DoctorReport> {
  const obs = await observe(deps.settings, deps.systemctl, target);
  return doctorReport(statusOf(obs), await unitChanges(deps, obs), describeDefinition(unitVerdict(obs), 'unit file'));
}

export async function status(deps: SystemdDeps, target: GatewayTarget): Promise<GatewayStatus> {
  return statusOf(await observe(deps.settings, deps.systemctl, target));
}
