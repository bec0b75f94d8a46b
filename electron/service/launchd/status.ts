/**
 * Turns an observation into the status DESIGN.md defines: a state, the problems with what
 * Repair would do about each, and the plist changes Repair would make. Pure: no I/O.
 */
import { existsSync } from 'node:fs';
import { EXIT_CONFIG_ERROR, EXIT_PLANNED_RESTART, HERMES_INSTALL_STEP, exitMeaning } from '../hermes.js';
import type { GatewayReport } from '../hermes.js';
import type { PlistDifference } from '../plist-file.js';
import { hasSafePermissions, plistDifferences, programArguments } from '../plist-file.js';
import type { GatewayState, GatewayStatus, Problem } from '../types.js';
import type { Observation } from './observe.js';

/** runs at or above this with the job down after a failure is a crash loop. */
const CRASH_LOOP_RUNS = 3;

export function launchdPid(obs: Observation): number | null {
  return obs.job?.record.pid ?? null;
}

/** Gateway processes of this home that launchd does not own. */
export function unownedGateways(obs: Observation): number[] {
  const owned = launchdPid(obs);
  return obs.gateways.map((g) => g.pid).filter((pid) => pid !== owned);
}

export type PlistVerdict =
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'launcher-missing'; program: string }
  | { kind: 'stale'; differences: PlistDifference[] }
  | { kind: 'current' };

export function plistVerdict(obs: Observation): PlistVerdict {
  if (!obs.plist.exists) return { kind: 'missing' };
  if (!obs.plist.parsed.ok) return { kind: 'invalid', reason: obs.plist.parsed.reason };
  const program = programArguments(obs.plist.parsed.dict)[0] ?? '';
  if (!program || !existsSync(program)) return { kind: 'launcher-missing', program };
  const differences = obs.wanted ? plistDifferences(obs.plist.parsed.dict, obs.wanted) : [];
  return differences.length > 0 ? { kind: 'stale', differences } : { kind: 'current' };
}

/** launchd keeps the copy it loaded: a job loaded from another file or program runs an old definition. */
export function jobOutdated(obs: Observation): boolean {
  const record = obs.job?.record;
  if (!record || !obs.plist.exists || !obs.plist.parsed.ok) return false;
  const program = programArguments(obs.plist.parsed.dict)[0] ?? null;
  return (record.path !== null && record.path !== obs.target.plistPath) || (record.program !== null && program !== null && record.program !== program);
}

function deriveState(obs: Observation): GatewayState {
  const job = obs.job;
  if (!job) return obs.plist.exists ? 'stopped' : 'not-installed';
  const { record } = job;
  if (record.state === 'SIGTERMed') return 'stopping';
  if (record.pid !== null) {
    const ours = obs.pidFile?.pid === record.pid;
    if (ours && obs.report?.state === 'starting') return 'starting';
    if (ours && obs.report?.state === 'draining') return 'stopping';
    return 'running';
  }
  if (record.state === 'spawning') return 'starting';
  const failed = record.lastSignal !== null || (record.lastExitCode !== null && record.lastExitCode !== 0 && record.lastExitCode !== EXIT_PLANNED_RESTART);
  if (failed || record.state === 'spawn failed') return 'crashed';
  if (record.state === 'spawn scheduled') return 'starting';
  return 'stopped';
}

function plistProblems(obs: Observation, verdict: PlistVerdict): Problem[] {
  const path = obs.target.plistPath;
  const launcher = obs.launcher?.program;
  switch (verdict.kind) {
    case 'missing':
      return [
        obs.wanted
          ? { code: 'plist-missing', severity: obs.job ? 'warning' : 'error', message: `There is no plist at ${path}.`, fix: 'Write the plist Hermes expects and load it.' }
          : {
              code: 'launcher-missing',
              severity: 'error',
              message: 'Hermes is not installed: no launcher at ~/.hermes/bin/hermes or on PATH.',
              fix: null,
              nextStep: `${HERMES_INSTALL_STEP} Then run \`hermes-bar repair\`.`,
            },
      ];
    case 'invalid':
      return [{ code: 'plist-invalid', severity: 'error', message: `The plist cannot be read: ${verdict.reason}.`, fix: obs.wanted ? 'Keep a backup and write a fresh plist.' : null }];
    case 'launcher-missing':
      return [
        {
          code: 'launcher-missing',
          severity: 'error',
          message: `The plist runs ${verdict.program || '(nothing)'}, which no longer exists (an upgrade may have moved it).`,
          fix: launcher && launcher !== verdict.program ? `Point the plist at ${launcher} (keeping a backup).` : null,
          ...(launcher && launcher !== verdict.program ? {} : { nextStep: 'Reinstall Hermes Agent, then run `hermes-bar repair`.' }),
        },
      ];
    case 'stale':
      return [
        {
          code: 'plist-stale',
          severity: 'warning',
          message: `The plist differs from what Hermes expects: ${verdict.differences.map((d) => d.field).join(', ')}.`,
          fix: 'Keep a backup, rewrite the plist and reload the job once.',
        },
      ];
    case 'current':
      return [];
  }
}

function processProblems(obs: Observation): Problem[] {
  const unowned = unownedGateways(obs);
  const problems: Problem[] = [];
  if (obs.otherJob) {
    problems.push({
      code: 'duplicate-gateways',
      severity: 'error',
      message: `The job is loaded in both ${obs.domain} and ${obs.otherJob.domain}.`,
      fix: `Boot out the copy in ${obs.otherJob.domain}.`,
    });
  }
  if (unowned.length === 0) return problems;
  const list = unowned.join(', ');
  if (launchdPid(obs) !== null || unowned.length > 1) {
    problems.push({
      code: 'duplicate-gateways',
      severity: 'error',
      message: `More than one gateway runs for this home (launchd's: ${launchdPid(obs) ?? 'none'}; others: ${list}); they fight over the bot tokens.`,
      fix: `Stop the gateways launchd does not own (${list}).`,
    });
  } else {
    problems.push({
      code: 'unsupervised-gateway',
      severity: 'warning',
      message: `A gateway runs outside launchd (pid ${list}): nothing restarts it if it dies.`,
      fix: `Stop it and let launchd run the gateway.`,
    });
  }
  return problems;
}

function jobProblems(obs: Observation, state: GatewayState): Problem[] {
  const problems: Problem[] = [];
  const record = obs.job?.record;
  if (obs.disabled) {
    problems.push({ code: 'job-disabled', severity: 'error', message: 'A disabled override keeps launchd from loading the gateway.', fix: 'Enable the job.' });
  }
  if (!obs.job && obs.plist.exists) {
    problems.push({ code: 'not-loaded', severity: 'warning', message: 'The gateway job is not loaded in launchd, so nothing keeps it running.', fix: 'Load the job.' });
  }
  if (jobOutdated(obs)) {
    problems.push({ code: 'job-outdated', severity: 'warning', message: 'launchd still runs an older definition of the job than the plist on disk.', fix: 'Reload the job once.' });
  }
  if (record && state === 'crashed') {
    if (record.lastExitCode === EXIT_CONFIG_ERROR) {
      problems.push({
        code: 'config-error',
        severity: 'error',
        message: 'The gateway exits with 78: a configuration error (for example a bot token in use by another gateway, or a log path launchd cannot open).',
        fix: null,
        nextStep: 'Read the gateway\'s error log; check for another gateway using the same token.',
      });
    } else if ((record.runs ?? 0) >= CRASH_LOOP_RUNS) {
      problems.push({
        code: 'crash-loop',
        severity: 'error',
        message: `The gateway keeps crashing (${record.runs} starts, last: ${record.lastSignal ?? `exit ${record.lastExitCode}`}).`,
        fix: null,
        nextStep: 'Read the gateway\'s error log for the cause.',
      });
    }
  }
  return problems;
}

function fileProblems(obs: Observation): Problem[] {
  const problems: Problem[] = [];
  if (obs.plist.exists && !obs.plist.isSymlink && !hasSafePermissions(obs.plist, obs.uid)) {
    problems.push({
      code: 'bad-permissions',
      severity: 'error',
      message: `launchd refuses the plist: mode ${obs.plist.mode.toString(8).padStart(4, '0')}, owner ${obs.plist.uid}.`,
      fix: obs.plist.uid === obs.uid ? 'Set the plist to mode 0644.' : null,
      ...(obs.plist.uid === obs.uid ? {} : { nextStep: `Run \`sudo chown ${obs.uid} ${obs.target.plistPath}\`.` }),
    });
  }
  if (!obs.logsWritable) {
    problems.push({
      code: 'log-path-unwritable',
      severity: 'error',
      message: `launchd cannot open the gateway's logs in ${obs.target.home}/logs, so the job exits 78 with no log.`,
      fix: null,
      nextStep: 'Make the logs folder writable (an external volume may be unmounted or read-only).',
    });
  }
  if (!obs.guiSession) {
    problems.push({
      code: 'no-gui-session',
      severity: 'info',
      message: `No login session: the gateway runs in the background domain ${obs.domain}.`,
      fix: null,
    });
  }
  return problems;
}

export function problemsOf(obs: Observation, state: GatewayState): Problem[] {
  return [...plistProblems(obs, plistVerdict(obs)), ...fileProblems(obs), ...jobProblems(obs, state), ...processProblems(obs)];
}

/**
 * The gateway's own view is only live while the process that wrote it runs: a gateway killed
 * with SIGKILL leaves "running" and "connected" behind.
 */
function gatewayReport(obs: Observation): GatewayReport | null {
  if (!obs.report) return null;
  const writer = obs.pidFile?.pid;
  const live = writer !== undefined && obs.gateways.some((g) => g.pid === writer);
  return live ? obs.report : { ...obs.report, stale: true };
}

function uptimeMs(obs: Observation, pid: number | null): number | null {
  if (pid === null || obs.pidFile?.pid !== pid || obs.pidFile.startTime === null) return null;
  return Math.max(0, obs.checkedAt - obs.pidFile.startTime * 1000);
}

export function statusOf(obs: Observation): GatewayStatus {
  const state = deriveState(obs);
  const record = obs.job?.record ?? null;
  const pid = launchdPid(obs);
  const lastExitCode = record?.lastExitCode ?? null;
  return {
    backend: 'launchd',
    label: obs.target.label,
    profile: obs.target.profile,
    home: obs.target.home,
    plistPath: obs.target.plistPath,
    domain: obs.domain,
    state,
    pid,
    lastExitCode,
    lastExitMeaning: record?.lastSignal ? `killed by a signal (${record.lastSignal})` : exitMeaning(lastExitCode),
    lastSignal: record?.lastSignal ?? null,
    runs: record?.runs ?? null,
    uptimeMs: uptimeMs(obs, pid),
    gateway: gatewayReport(obs),
    problems: problemsOf(obs, state),
    duplicates: unownedGateways(obs),
    checkedAt: obs.checkedAt,
  };
}
