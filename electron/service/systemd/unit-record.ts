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
  'Restart',
  'RestartUSec',
  'RestartPreventExitStatus',
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
  /** The unit's Restart= in effect (drop-ins included): always, on-failure, no, … */
  restart: string | null;
  /** How long systemd waits before it starts the unit again (RestartSec in effect), in ms. */
  restartDelayMs: number | null;
  /** Exit statuses (and signal names) after which systemd does not restart the unit. */
  restartPreventExitStatus: string[];
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

export function parseShow(stdout: string): UnitRecord {
  const fields = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0 && !fields.has(line.slice(0, at))) fields.set(line.slice(0, at), line.slice(at + 1).trim());
  }
  const text = (key: string): string | null => fields.get(key) || null;
  const pid = integer(fields.get('MainPID'));
  const lastPid = integer(fields.get('ExecMainPID'));
  const code = integer(fields.get('ExecMainCode'));
  const status = integer(fields.get('ExecMainStatus'));
  return {
    loadState: text('LoadState') ?? 'not-found',
    activeState: text('ActiveState') ?? 'inactive',
    subState: text('SubState') ?? 'dead',
    result: text('Result') ?? 'success',
    mainPid: pid === null || pid === 0 ? null : pid,
    lastMainPid: lastPid === null || lastPid === 0 ? null : lastPid,
    lastExitCode: code === CLD_EXITED ? status : null,
    lastSignal: (code === CLD_KILLED || code === CLD_DUMPED) && status !== null ? signalName(status) : null,
    restarts: integer(fields.get('NRestarts')),
    fragmentPath: text('FragmentPath'),
    unitFileState: text('UnitFileState'),
    needsReload: fields.get('NeedDaemonReload') === 'yes',
    restart: text('Restart'),
    restartDelayMs: parseTimespan(fields.get('RestartUSec') ?? ''),
    restartPreventExitStatus: (fields.get('RestartPreventExitStatus') ?? '').split(/\s+/).filter(Boolean),
  };
}

/** Failures a unit that restarts on failure would restart after (not a stop's timeout). */
const RESTARTABLE_RESULTS = new Set(['exit-code', 'signal', 'core-dump', 'watchdog']);

/**
 * systemd gave up restarting the unit: its start limit was hit. Result=start-limit-hit says so
 * only when the run before had succeeded; after a crash loop systemd keeps the crash's result,
 * so a unit that restarts on failure yet sits failed after a restartable failure hit the limit.
 */
export function hitStartLimit(record: UnitRecord): boolean {
  if (record.result === 'start-limit-hit') return true;
  if (record.activeState !== 'failed' || !RESTARTABLE_RESULTS.has(record.result)) return false;
  if (record.restart !== 'always' && record.restart !== 'on-failure') return false;
  const prevented = record.lastExitCode !== null && record.restartPreventExitStatus.includes(String(record.lastExitCode));
  return !prevented;
}

export function isRunning(record: UnitRecord): boolean {
  return (record.activeState === 'active' || record.activeState === 'reloading') && record.mainPid !== null;
}
