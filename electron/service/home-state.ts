/**
 * What a Hermes home shows whoever supervises its gateway (launchd or systemd): the gateway
 * processes serving it, the gateway's pid and state files, who holds its lock, and whether its
 * logs can be opened; and, from those, which process is the supervised gateway (HERMES.md "The
 * processes"): not the supervisor's pid, which may be Hermes's stderr wrapper.
 */
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';
import { homeOfCommand } from './hermes/definitions.js';
import type { GatewayPidFile, GatewayReport } from './hermes/gateway-files.js';
import { lockFilePath, logPaths, readGatewayStateFile, readPidFile } from './hermes/gateway-files.js';
import type { GatewayProcess } from './processes.js';
import { findGatewayProcesses, flockHolder, startMatches } from './processes.js';

export interface HomeState {
  /** Gateway processes serving this home, whoever started them. */
  gateways: GatewayProcess[];
  pidFile: GatewayPidFile | null;
  report: GatewayReport | null;
  /** gateway_state.json is there but cannot be read (damaged: Hermes writes it atomically). */
  stateUnreadable: boolean;
  /** The pid holding gateway.lock; null when none does, undefined when this system cannot tell. */
  lockHolder: number | null | undefined;
  logsWritable: boolean;
}

/** The home a gateway process serves: Hermes's rule on its argv and its own environment. */
export function homeOfProcess(proc: GatewayProcess, userHome: string): string | null {
  const env: Record<string, string> = proc.hermesHome ? { HERMES_HOME: proc.hermesHome } : {};
  return homeOfCommand(proc.argv, env, proc.userHome ?? userHome);
}

/** The gateways of `home` among `table` (every gateway process; read now when not given). */
export async function gatewaysOfHome(home: string, userHome: string, table?: Promise<GatewayProcess[]>): Promise<GatewayProcess[]> {
  const resolved = path.resolve(home);
  return (await (table ?? findGatewayProcesses())).filter((proc) => homeOfProcess(proc, userHome) === resolved);
}

async function canWrite(p: string): Promise<boolean> {
  try {
    await access(p, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The supervisor opens both logs for append before it starts the gateway, creating them (not
 * their folder) when missing; if it cannot, the gateway never runs and no log appears.
 */
async function logsWritable(home: string): Promise<boolean> {
  const logs = logPaths(home);
  const dir = await stat(logs.dir).catch(() => null);
  if (!dir) return canWrite(home);
  if (!dir.isDirectory() || !(await canWrite(logs.dir))) return false;
  for (const file of [logs.stdout, logs.stderr]) {
    const info = await stat(file).catch(() => null);
    if (info && (!info.isFile() || !(await canWrite(file)))) return false;
  }
  return true;
}

/** macOS has no /proc/locks: the process that has gateway.lock open (only a gateway opens it). */
async function lockOpenedBy(file: string): Promise<number | null | undefined> {
  const result = await execa('lsof', ['-t', '--', file], { reject: false, timeout: 5_000 }).catch(() => null);
  if (!result || (result.exitCode !== 0 && result.exitCode !== 1)) return undefined;
  const pids = result.stdout.split('\n').map(Number).filter((pid) => Number.isInteger(pid) && pid > 0);
  return pids.length === 1 ? (pids[0] ?? null) : pids.length === 0 ? null : undefined;
}

/**
 * Who holds gateway.lock. Linux reads it from /proc/locks; elsewhere it costs an lsof, asked only
 * when the pid file cannot be trusted (it names none of `gateways`) while one of them runs.
 */
async function lockHolderOf(home: string, gateways: readonly number[], pidFile: GatewayPidFile | null): Promise<number | null | undefined> {
  const file = lockFilePath(home);
  const info = await stat(file).catch(() => null);
  if (!info) return null;
  const holder = await flockHolder(info.ino);
  if (holder !== undefined) return holder;
  const trusted = pidFile !== null && gateways.includes(pidFile.pid);
  return trusted || gateways.length === 0 ? undefined : lockOpenedBy(file);
}

/** The gateway's own files: what it recorded, what it reports, who holds its lock. */
export type GatewayFiles = Pick<HomeState, 'pidFile' | 'report' | 'stateUnreadable' | 'lockHolder'>;

/** The files of `home`, read for the gateway processes `gateways` (the lock's holder is asked about only when the pid file names none of them). */
export async function readGatewayFiles(home: string, gateways: readonly number[]): Promise<GatewayFiles> {
  const [pidFile, state] = await Promise.all([readPidFile(home), readGatewayStateFile(home)]);
  return { pidFile, report: state.report, stateUnreadable: state.unreadable, lockHolder: await lockHolderOf(home, gateways, pidFile) };
}

/** What `home` shows; `table`, when given, is one process table shared by several homes' looks. */
export async function observeHome(home: string, userHome: string, table?: Promise<GatewayProcess[]>): Promise<HomeState> {
  const [gateways, writable] = await Promise.all([gatewaysOfHome(home, userHome, table), logsWritable(home)]);
  return { gateways, ...(await readGatewayFiles(home, gateways.map((g) => g.pid))), logsWritable: writable };
}

/** The gateway a supervisor runs, and how it was told apart. */
export interface SupervisedGateway {
  process: GatewayProcess;
  /** Its pid file names it (alive, in the job, same start, holding the lock where that can be seen). */
  byPidFile: boolean;
}

/** A gateway that is the supervisor's process or one of its descendants (under the stderr wrapper). */
function inJob(proc: GatewayProcess, supervisorPid: number): boolean {
  return proc.pid === supervisorPid || proc.ancestors.includes(supervisorPid);
}

/**
 * Whether the pid record names this process: the same pid, started when the record says, and
 * (where that can be seen) holding gateway.lock. A reused pid, or a record another gateway wrote
 * over, does not.
 */
export function pidFileNames(files: GatewayFiles, pid: number, startedAt: number | null): boolean {
  const record = files.pidFile;
  if (record?.pid !== pid) return false;
  const sameStart = record.startTime === null ? null : startMatches(record.startTime, pid, startedAt);
  return sameStart !== false && (files.lockHolder === undefined || files.lockHolder === pid);
}

/**
 * The gateway of the supervisor's job: the one `gateway.pid` names when that checks out
 * (pidFileNames); otherwise the job's own gateway process, found by its command line. Null when
 * the job runs no gateway (yet).
 */
export function supervisedGateway(state: HomeState, supervisorPid: number | null): SupervisedGateway | null {
  if (supervisorPid === null) return null;
  const job = state.gateways.filter((proc) => inJob(proc, supervisorPid));
  const named = job.find((proc) => pidFileNames(state, proc.pid, proc.startedAt));
  if (named) return { process: named, byPidFile: true };
  const first = job[0];
  return first ? { process: first, byPidFile: false } : null;
}

/** Gateway processes of this home other than the supervised one: each is a second gateway. */
export function otherGateways(state: HomeState, supervised: SupervisedGateway | null): number[] {
  return state.gateways.map((g) => g.pid).filter((pid) => pid !== supervised?.process.pid);
}

/** The pid of the gateway the state file's pid record names; a very old file without one is the pid file's. */
function reportWriter(files: GatewayFiles): number | null {
  return files.report?.writer?.pid ?? files.pidFile?.pid ?? null;
}

/**
 * The gateway's own view is only live while the process that wrote it runs: a gateway killed
 * with SIGKILL, or one stopped without a planned-stop marker, leaves "running" behind. Liveness is
 * the process, never the age of `updated_at` (an idle gateway does not touch it).
 */
export function liveReport(state: HomeState): GatewayReport | null {
  if (!state.report) return null;
  const writer = reportWriter(state);
  const live = writer !== null && state.gateways.some((g) => g.pid === writer);
  return live ? state.report : { ...state.report, stale: true };
}

/**
 * A gateway takes gateway.lock and writes gateway.pid and gateway_state.json as it starts, a few
 * milliseconds apart. Past this grace a missing file is no longer "not written yet": a state file
 * that is still unreadable is damaged (the gateway runs all the same), and a gateway holding the
 * lock while its pid file names another process (or none) had that file written over or removed.
 */
export const STARTUP_FILES_GRACE_MS = 2_000;

/** A state file's word for the phase. */
function phaseOf(report: GatewayReport): 'starting' | 'running' | 'stopping' {
  switch (report.state) {
    case 'starting':
      return 'starting';
    case 'draining':
    case 'stopped':
    case 'startup_failed':
      return 'stopping';
    default:
      return 'running';
  }
}

/**
 * The supervised gateway's phase. Its own word first: the state file its pid record names (a very
 * old file without one counts as its pid file's). Without it: a damaged state file, or a very old
 * Hermes that writes none, is no sign of a start in progress; otherwise the gateway is starting
 * until the grace has passed, and running after it unless another process holds gateway.lock (then
 * it lost the lock and is on its way out). So a gateway whose pid file was written over or removed,
 * or whose lock file was deleted under it, is running.
 */
export function gatewayPhase(files: GatewayFiles, gateway: SupervisedGateway, now: number): 'starting' | 'running' | 'stopping' {
  const { pid, startedAt } = gateway.process;
  const report = files.report;
  const writer = report?.writer ?? null;
  const ownReport = report !== null && (writer === null ? gateway.byPidFile : writer.pid === pid && (writer.startTime === null || startMatches(writer.startTime, pid, startedAt) !== false));
  if (ownReport) return phaseOf(report);
  if (gateway.byPidFile && (files.stateUnreadable || (report === null && files.pidFile?.startTime === null))) return 'running';
  const settled = startedAt !== null && now - startedAt >= STARTUP_FILES_GRACE_MS;
  const lostLock = files.lockHolder !== null && files.lockHolder !== undefined && files.lockHolder !== pid;
  return settled && !lostLock ? 'running' : 'starting';
}

export function uptimeMs(gateway: SupervisedGateway | null, now: number): number | null {
  const started = gateway?.process.startedAt ?? null;
  return started === null ? null : Math.max(0, now - started);
}
