/**
 * What a Hermes home shows whoever supervises its gateway (launchd or systemd): the gateway
 * processes serving it, the gateway's pid and state files, and whether its logs can be opened.
 */
import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GatewayPidFile, GatewayReport } from './hermes/gateway-files.js';
import { defaultHome, profileHome } from './hermes/homes.js';
import { logPaths, readGatewayState, readPidFile } from './hermes/gateway-files.js';
import type { GatewayProcess } from './processes.js';
import { findGatewayProcesses } from './processes.js';

export interface HomeState {
  /** Gateway processes serving this home, whoever started them. */
  gateways: GatewayProcess[];
  pidFile: GatewayPidFile | null;
  report: GatewayReport | null;
  logsWritable: boolean;
}

/** The home a gateway process uses: its HERMES_HOME, else the ~/.hermes (or profile) of its own HOME. */
export function homeOfProcess(proc: GatewayProcess, userHome: string): string {
  if (proc.hermesHome) return path.resolve(proc.hermesHome);
  const home = proc.userHome ?? userHome;
  return proc.profile ? profileHome(home, proc.profile) : defaultHome(home);
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

/** What `home` shows; `table`, when given, is one process table shared by several homes' looks. */
export async function observeHome(home: string, userHome: string, table?: Promise<GatewayProcess[]>): Promise<HomeState> {
  const [gateways, pidFile, report, writable] = await Promise.all([
    gatewaysOfHome(home, userHome, table),
    readPidFile(home),
    readGatewayState(home),
    logsWritable(home),
  ]);
  return { gateways, pidFile, report, logsWritable: writable };
}

/** Gateway processes of this home other than the one the supervisor owns. */
export function otherGateways(state: HomeState, owned: number | null): number[] {
  return state.gateways.map((g) => g.pid).filter((pid) => pid !== owned);
}

/**
 * The gateway's own view is only live while the process that wrote it runs: a gateway killed
 * with SIGKILL leaves "running" and "connected" behind.
 */
export function liveReport(state: HomeState): GatewayReport | null {
  if (!state.report) return null;
  const writer = state.pidFile?.pid;
  const live = writer !== undefined && state.gateways.some((g) => g.pid === writer);
  return live ? state.report : { ...state.report, stale: true };
}

export function uptimeMs(state: HomeState, pid: number | null, now: number): number | null {
  if (pid === null || state.pidFile?.pid !== pid || state.pidFile.startTime === null) return null;
  return Math.max(0, now - state.pidFile.startTime * 1000);
}

/**
 * The gateway's state as it reports it, for a pid the supervisor runs. A gateway writes its pid
 * file as it starts (an old Hermes too, as a bare number): until the file names this pid, the
 * process is still starting, as the operations judge it (awaitGatewayBoot).
 */
export function reportedPhase(state: HomeState, pid: number): 'starting' | 'stopping' | null {
  if (state.pidFile?.pid !== pid) return 'starting';
  if (state.report?.state === 'starting') return 'starting';
  if (state.report?.state === 'draining') return 'stopping';
  return null;
}
