/**
 * The launchd steps operations are made of, each one waiting until it has observed its result
 * (DESIGN.md rule 2): unload and wait for the old process, load with retries, wait for a pid,
 * wait for the gateway to say it runs.
 */
import { ServiceError } from '../errors.js';
import type { ErrorInfo } from '../errors.js';
import { exitMeaning } from '../hermes/exits.js';
import type { StepContext } from '../gateway-steps.js';
import { awaitGatewayBoot, awaitJobGateway, gatewayExited, gatewayFiles, logHint } from '../gateway-steps.js';
import type { Domain, Launchctl } from './launchctl.js';
import { exitReasonEnd } from './exit-reasons.js';
import { bootoutAccepted, isNotLoaded, isTransientBootstrapFailure, launchctlError } from './launchctl-errors.js';
import type { JobRecord } from './print-record.js';
import { isAlive } from '../processes.js';
import { pollUntil, sleep } from '../wait.js';

export interface JobContext extends StepContext {
  launchctl: Launchctl;
  label: string;
  plistPath: string;
}

export function serviceTarget(domain: Domain, label: string): string {
  return `${domain}/${label}`;
}

async function record(ctx: JobContext, domain: Domain): Promise<JobRecord | null> {
  const result = await ctx.launchctl.print(serviceTarget(domain, ctx.label));
  return result.loaded ? result.record : null;
}

/**
 * Sends the bootout. "Not loaded" is believed only when launchd's record agrees: a job booted out
 * by someone else since the look is gone (its process is then waited for like ours), while a job
 * still listed was either loaded again in between or wrongly answered for, and gets the bootout
 * once more. Without this, the wait below would run to ExitTimeOut for a job nobody stopped.
 */
async function bootOut(ctx: JobContext, domain: Domain, target: string): Promise<void> {
  for (let sent = 1; ; sent += 1) {
    const result = await ctx.launchctl.bootout(target);
    if (bootoutAccepted(result.exitCode)) return;
    const error = launchctlError(result.args, result.exitCode, result.stderr);
    if (!isNotLoaded(result.exitCode)) throw new ServiceError(error);
    const listed = await record(ctx, domain);
    if (listed === null) return;
    if (sent === BOOTOUTS_WHILE_LISTED) {
      throw new ServiceError({
        ...error,
        code: 'launchctl-failed',
        explanation: `launchctl answered twice that the job is not loaded, yet launchd still lists it${listed.pid !== null ? ` with pid ${listed.pid}` : ''}: the gateway was not stopped.`,
        nextStep: `Check \`launchctl print ${target}\`; if it is still listed, run \`launchctl bootout ${target}\` and try again.`,
      });
    }
  }
}

const BOOTOUTS_WHILE_LISTED = 2;

/**
 * Boots the job out and waits until launchd has forgotten it and its processes have exited: a 0
 * from bootout comes before the process is gone (LAUNCHD.md). `launchdPid` must exit; the job's
 * other processes (the gateway under Hermes's stderr wrapper) are waited for as long, and those
 * still alive at the deadline are returned.
 */
export async function unload(ctx: JobContext, domain: Domain, launchdPid: number | null, others: number[], exitTimeoutMs: number): Promise<number[]> {
  const target = serviceTarget(domain, ctx.label);
  await bootOut(ctx, domain, target);
  ctx.actions.push(`Booted out ${target}`);
  const withinMs = exitTimeoutMs + ctx.timing.teardownMs;
  const deadline = Date.now() + withinMs;
  const left = (): number => Math.max(0, deadline - Date.now());
  const pids = [...(launchdPid === null ? [] : [launchdPid]), ...others];
  // First the processes (checking a pid spawns nothing), then launchd's record of the job.
  await pollUntil(() => (pids.some(isAlive) ? undefined : true), left(), ctx.timing.livenessMs);
  const launchdDone = launchdPid === null || !isAlive(launchdPid);
  const gone = launchdDone && (await pollUntil(async () => ((await record(ctx, domain)) === null ? true : undefined), left(), ctx.timing.pollMs));
  if (!gone) {
    throw new ServiceError({
      code: 'stop-timeout',
      message: `The gateway${launchdPid !== null ? ` (launchd's pid ${launchdPid})` : ''} did not exit after the job was booted out`,
      explanation: `launchd should have sent SIGTERM, then SIGKILL after ExitTimeOut; the process or the job record is still there after ${Math.round(withinMs / 1000)} s.`,
      nextStep: `Check \`launchctl print ${target}\`; if the process hangs, end it with \`kill -9 ${launchdPid ?? '<pid>'}\`.`,
    });
  }
  return others.filter(isAlive);
}

/** Loads the plist, retrying the answers launchd gives while an earlier bootout finishes. */
export async function load(ctx: JobContext, domain: Domain): Promise<void> {
  const deadline = Date.now() + ctx.timing.teardownMs;
  for (;;) {
    const result = await ctx.launchctl.bootstrap(domain, ctx.plistPath);
    if (result.exitCode === 0) {
      ctx.actions.push(`Bootstrapped ${ctx.plistPath} into ${domain}`);
      return;
    }
    const error = launchctlError(result.args, result.exitCode, result.stderr);
    if (!isTransientBootstrapFailure(result.exitCode, result.stderr) || Date.now() >= deadline) {
      throw new ServiceError(error);
    }
    await sleep(ctx.timing.pollMs);
  }
}

export async function enable(ctx: JobContext, domain: Domain): Promise<void> {
  const result = await ctx.launchctl.enable(serviceTarget(domain, ctx.label));
  if (result.exitCode !== 0) throw new ServiceError(launchctlError(result.args, result.exitCode, result.stderr));
}

/**
 * Waits for launchd to report a pid other than `notPid`. A new gateway writes its pid file as it
 * starts: launchd is asked then, and otherwise only at the safety poll.
 */
export async function awaitPid(ctx: JobContext, domain: Domain, notPid: number | null, withinMs: number): Promise<number | null> {
  const pid = await pollUntil(
    async () => {
      const pid = (await record(ctx, domain))?.pid ?? null;
      return pid !== null && pid !== notPid && isAlive(pid) ? pid : undefined;
    },
    withinMs,
    ctx.timing.safetyPollMs,
    gatewayFiles(ctx.home),
  );
  return pid ?? null;
}

/** Why a job that should run has no process, from launchd's record. */
export async function noProcessError(ctx: JobContext, domain: Domain, code: 'spawn-failed' | 'start-timeout' | 'restart-timeout'): Promise<ServiceError> {
  const last = await record(ctx, domain);
  const exit = last?.lastExitCode ?? null;
  const end = exitReasonEnd(last?.lastExitReason ?? null);
  const info: ErrorInfo = end
    ? {
        // Refused: it never ran. Ended (for memory, …): it ran and was stopped from outside.
        code: end.kind === 'refused' ? 'spawn-failed' : 'gateway-exited',
        message: `The gateway ${end.what} (${end.reason})`,
        explanation: `launchd printed \`last exit reason = ${end.reason}\`: macOS itself ${end.kind === 'refused' ? 'refused to run' : 'ended'} the process, so it left no exit code and no log.`,
        nextStep: end.nextStep,
      }
    : exit === 78
      ? {
          code: 'spawn-failed',
          message: 'launchd could not start the gateway (exit 78: configuration error)',
          explanation:
            last?.jobState === 'spawn failed'
              ? 'launchd could not spawn the program (`job state = spawn failed`): the program is missing or not executable, or a log path cannot be opened (for example HERMES_HOME on an unmounted volume).'
              : 'Exit 78 means the program is missing, a log path cannot be opened (for example HERMES_HOME on an unmounted volume), or a bot token is already in use by another gateway.',
          nextStep: logHint(ctx.home),
          exitCode: 78,
        }
      : {
          code,
          message: `launchd reports no running gateway${exit !== null ? ` (last exit ${exit}: ${exitMeaning(exit)})` : last?.lastSignal ? ` (last: ${last.lastSignal})` : ''}`,
          explanation: 'The job is loaded, but no gateway process appeared in time.',
          nextStep: logHint(ctx.home),
          ...(exit !== null ? { exitCode: exit } : {}),
        };
  return new ServiceError(info);
}

/**
 * After launchd's pid appeared: the gateway of the job (that pid, or its child under Hermes's
 * stderr wrapper), once it says it runs (awaitGatewayBoot throws start-timeout at the boot
 * deadline). Fails with launchd's record of the exit when the job's process dies first.
 */
export async function awaitRunning(ctx: JobContext, domain: Domain, launchdPid: number): Promise<number> {
  const gateway = await awaitJobGateway(ctx, launchdPid);
  if (gateway === null) throw await noProcessError(ctx, domain, 'start-timeout');
  if (gateway !== 'died' && (await awaitGatewayBoot(ctx, gateway)) === 'running') return gateway.process.pid;
  // Let launchd reap its process, so its record holds the exit code.
  await pollUntil(async () => ((await record(ctx, domain))?.pid === launchdPid ? undefined : true), ctx.timing.spawnMs, ctx.timing.pollMs);
  const last = await record(ctx, domain);
  throw gatewayExited(ctx.home, gateway === 'died' ? launchdPid : gateway.process.pid, last?.lastExitCode ?? null, last?.lastSignal ?? null);
}
