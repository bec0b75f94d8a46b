/**
 * Parses `systemctl --user show <unit> -p …`: systemd's record of one unit, as `Key=value` lines
 * in any order. A unit systemd does not know still answers (LoadState=not-found).
 */
import { constants } from 'node:os';
import { parseTimespan } from './unit-file.js';

/** The properties the engine reads; asking for these alone keeps the answer small. */
export const SHOW_PROPERTIES = [
  'LoadState',
  'ActiveState',
  'SubState',
  'Result',
  'MainPID',
  'ExecMainPID',
  'ExecMainCode',
  'ExecMainStatus',
  'NRestarts',
  'FragmentPath',
  'UnitFileState',
  'NeedDaemonReload',
  'RestartUSec',
] as const;

export interface UnitRecord {
  /** loaded, not-found, bad-setting, error, masked. */
  loadState: string;
  /** active, reloading, inactive, failed, activating, deactivating. */
  activeState: string;
  /** running, auto-restart, start, stop-sigterm, dead, failed, … */
  subState: string;
  /** success, exit-code, signal, core-dump, timeout, start-limit-hit, … */
  result: string;
  /** The gateway process systemd runs for the unit; null when none. */
  mainPid: number | null;
  /** The last main process systemd started, running or not; null when none. */
  lastMainPid: number | null;
  /** How the last main process ended: null while one runs, or when none ever exited. */
  lastExitCode: number | null;
  lastSignal: string | null;
  restarts: number | null;
  /** The file systemd loaded the unit from. */
  fragmentPath: string | null;
  /** enabled, disabled, static, masked, … (empty when systemd has no file for it). */
  unitFileState: string | null;
  /** The file changed on disk since systemd loaded it: a daemon-reload is due. */
  needsReload: boolean;
  /** How long systemd waits before it starts the unit again (RestartSec in effect), in ms. */
  restartDelayMs: number | null;
}

/** waitid()'s si_code for the main process: it exited, was killed, or dumped core. */
const CLD_EXITED = 1;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;

function signalName(number: number): string {
  const entry = Object.entries(constants.signals).find(([, value]) => value === number);
  return entry ? entry[0] : `signal ${number}`;
}

function integer(value: string | undefined): number | null {
  return value !== undefined && /^\d+$/.test(value) ? Number(value) : null;
}

/**
 * How the last main process ended. ExecMainCode (waitid's si_code) says whether ExecMainStatus is
 * an exit status or a signal; when a record lacks it, Result says the same (exit-code, or signal
 * and core-dump). While a process runs both describe it, not an exit.
 */
function lastExit(code: number | null, status: number | null, result: string): { lastExitCode: number | null; lastSignal: string | null } {
  const kind = code ?? (result === 'exit-code' ? CLD_EXITED : result === 'signal' || result === 'core-dump' ? CLD_KILLED : null);
  return {
    lastExitCode: kind === CLD_EXITED ? status : null,
    lastSignal: (kind === CLD_KILLED || kind === CLD_DUMPED) && status !== null ? signalName(status) : null,
  };
}

export function parseShow(stdout: string): UnitRecord {
  const fields = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !fields.has(line.slice(0, at))) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const text = (key: string): string | null => fields.get(key) || null;
  const pid = integer(fields.get('MainPID'));
  const lastPid = integer(fields.get('ExecMainPID'));
  const result = text('Result') ?? 'success';
  const activeState = text('ActiveState') ?? 'inactive';
  return {
    // A record without LoadState: a unit systemd is running, starting or has seen fail is loaded.
    loadState: text('LoadState') ?? (activeState === 'inactive' ? 'not-found' : 'loaded'),
    activeState,
    subState: text('SubState') ?? 'dead',
    result,
    mainPid: pid === null || pid === 0 ? null : pid,
    lastMainPid: lastPid === null || lastPid === 0 ? null : lastPid,
    ...lastExit(integer(fields.get('ExecMainCode')), integer(fields.get('ExecMainStatus')), result),
    restarts: integer(fields.get('NRestarts')),
    fragmentPath: text('FragmentPath'),
    unitFileState: text('UnitFileState'),
    needsReload: fields.get('NeedDaemonReload') === 'yes',
    restartDelayMs: parseTimespan(fields.get('RestartUSec') ?? ''),
  };
}

/**
 * systemd refused another start because the unit started too often in a short time, as its
 * record says it: Result=start-limit-hit. After a crash loop systemd keeps the crash's result
 * (exit-code) instead; that unit shows as failed after repeated restarts, a crash loop.
 */
export function hitStartLimit(record: UnitRecord): boolean {
  return record.result === 'start-limit-hit';
}

export function isRunning(record: UnitRecord): boolean {
  return (record.activeState === 'active' || record.activeState === 'reloading') && record.mainPid !== null;
}
