/**
 * The systemd steps operations are made of, each one waiting until it has observed its result
 * (DESIGN.md rule 2): stop and wait for the old process, wait for a main pid, wait for the
 * gateway to say it runs.
 */
import { ServiceError } from '../errors.js';
import type { StepContext } from '../gateway-steps.js';
import { awaitGatewayBoot, awaitJobGateway, gatewayExited, gatewayFiles, logHint } from '../gateway-steps.js';
import { exitMeaning } from '../hermes/exits.js';
import { isAlive } from '../processes.js';
import type { Systemctl } from './systemctl.js';
import type { UnitRecord } from './unit-record.js';
import { hitStartLimit } from './unit-record.js';
import { pollUntil } from '../wait.js';

export interface UnitContext extends StepContext {
  systemctl: Systemctl;
  /** The unit's name, e.g. hermes-gateway.service. */
  unit: string;
}

export async function reload(ctx: UnitContext): Promise<void> {
  await ctx.systemctl.daemonReload();
  ctx.actions.push('Reloaded systemd (daemon-reload)');
}

/**
 * Stops `unit` (ours or another serving the same home): `systemctl stop` waits for the stop job,
 * and the stop is only done when nothing of it runs.
 */
export async function stopUnit(ctx: UnitContext, unit: string, oldPid: number | null): Promise<void> {
  await ctx.systemctl.stop(unit);
  ctx.actions.push(`Stopped ${unit}`);
  await awaitUnitDown(ctx, unit, oldPid);
}

/** Waits until systemd reports `unit` inactive (or failed) and `oldPid` has exited. */
export async function awaitUnitDown(ctx: UnitContext, unit: string, oldPid: number | null): Promise<void> {
  const gone = await pollUntil(
    async () => {
      const record = await ctx.systemctl.show(unit);
      const down = record.activeState === 'inactive' || record.activeState === 'failed';
      return down && (oldPid === null || !isAlive(oldPid)) ? true : undefined;
    },
    ctx.timing.teardownMs,
    ctx.timing.pollMs,
  );
  if (!gone) {
    throw new ServiceError({
      code: 'stop-timeout',
      message: `The gateway${oldPid ? ` (pid ${oldPid})` : ''} did not exit after ${unit} was stopped`,
      explanation: 'systemd should have sent SIGTERM, then SIGKILL after TimeoutStopSec; the unit or its process is still there.',
      nextStep: `Check \`systemctl --user status ${unit}\`; if the process hangs, end it with \`kill -9 ${oldPid ?? '<pid>'}\`.`,
    });
  }
}

/**
 * Waits for systemd to report a live main pid other than `notPid`. A new gateway writes its pid
 * file as it starts: systemd is asked then, and otherwise only at the safety poll.
 */
export async function awaitMainPid(ctx: UnitContext, notPid: number | null, withinMs: number): Promise<number | null> {
  const pid = await pollUntil(
    async () => {
      const { mainPid } = await ctx.systemctl.show(ctx.unit);
      return mainPid !== null && mainPid !== notPid && isAlive(mainPid) ? mainPid : undefined;
    },
    withinMs,
    ctx.timing.safetyPollMs,
    gatewayFiles(ctx.home),
  );
  return pid ?? null;
}

/** systemd's own exit statuses (200–245) mean it could not set up the process at all. */
function setupFailure(exit: number): string | null {
  if (exit === 203) return 'the program does not exist or cannot be run (203/EXEC)';
  if (exit === 209 || exit === 210) return 'a log path cannot be opened (for example HERMES_HOME on an unmounted volume)';
  if (exit === 200) return 'the working folder does not exist (200/CHDIR)';
  return exit > 200 && exit <= 245 ? `systemd could not set up the process (status ${exit})` : null;
}

/**
 * Why a unit that should run has no process, from systemd's record: it gave up (start-limit-hit),
 * it could not set the process up (200–245), the gateway ran and exited, or nothing appeared.
 */
export async function noProcessError(ctx: UnitContext, code: 'spawn-failed' | 'restart-timeout', notPid: number | null = null): Promise<ServiceError> {
  const last: UnitRecord = await ctx.systemctl.show(ctx.unit);
  const exit = last.lastExitCode;
  const setup = exit === null ? null : setupFailure(exit);
  if (hitStartLimit(last)) {
    return new ServiceError({
      code: 'start-limit-hit',
      message: 'systemd gave up starting the gateway (start-limit-hit)',
      explanation: 'The gateway failed too often in a short time, so systemd stopped trying.',
      nextStep: logHint(ctx.home),
    });
  }
  if (setup !== null) {
    return new ServiceError({
      code: 'spawn-failed',
      message: `systemd could not start the gateway (exit ${exit})`,
      explanation: `The gateway never ran: ${setup}.`,
      nextStep: logHint(ctx.home),
      ...(exit !== null ? { exitCode: exit } : {}),
    });
  }
  const ran = last.lastMainPid;
  if (ran !== null && ran !== notPid && (exit !== null || last.lastSignal !== null)) return gatewayExited(ctx.home, ran, exit, last.lastSignal);
  return new ServiceError({
    code,
    message: `systemd reports no running gateway${exit !== null ? ` (last exit ${exit}: ${exitMeaning(exit)})` : last.lastSignal ? ` (last: ${last.lastSignal})` : ''}`,
    explanation: `The unit is ${last.activeState} (${last.subState}), and no gateway process appeared in time.`,
    nextStep: logHint(ctx.home),
    ...(exit !== null ? { exitCode: exit } : {}),
  });
}

/**
 * After a main pid appeared: the gateway (Hermes's unit runs it as the main process), once it says
 * it runs (awaitGatewayBoot throws start-timeout at the boot deadline); fails with systemd's record
 * of the exit when the process dies first.
 */
export async function awaitRunning(ctx: UnitContext, pid: number): Promise<number> {
  const gateway = await awaitJobGateway(ctx, pid);
  if (gateway !== null && gateway !== 'died' && (await awaitGatewayBoot(ctx, gateway)) === 'running') return gateway.process.pid;
  // Let systemd reap it, so its record holds the exit status.
  const last = await pollUntil(
    async () => {
      const record = await ctx.systemctl.show(ctx.unit);
      return record.mainPid === pid ? undefined : record;
    },
    ctx.timing.spawnMs,
    ctx.timing.pollMs,
  );
  throw gatewayExited(ctx.home, pid, last?.lastExitCode ?? null, last?.lastSignal ?? null);
}
