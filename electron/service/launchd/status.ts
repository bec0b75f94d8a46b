/**
 * Turns an observation into the status DESIGN.md defines: a state, the problems with what
 * Repair would do about each, and the plist changes Repair would make. Pure: no I/O.
 */
import type { DefinitionVerdict } from '../definition.js';
import { definitionProblems, definitionVerdict } from '../definition.js';
import type { CrashWords, FailedRun } from '../gateway-problems.js';
import { crashProblems, logPathProblems, permissionProblems, strayGatewayProblems } from '../gateway-problems.js';
import { EXIT_CONFIG_ERROR, EXIT_PLANNED_RESTART, exitMeaning } from '../hermes/exits.js';
import type { SupervisedGateway } from '../home-state.js';
import { gatewayPhase, liveReport, otherGateways, supervisedGateway, uptimeMs } from '../home-state.js';
import { exitReasonEnd } from './exit-reasons.js';
import { plistFacts } from './plist-file.js';
import type { JobRecord } from './print-record.js';
import type { GatewayState, GatewayStatus, Problem } from '../types.js';
import type { Observation } from './observe.js';

/** launchd's process for the job: Hermes's stderr wrapper under a 0.21 plist, the gateway under 0.18's. */
export function launchdPid(obs: Observation): number | null {
  return obs.job?.record.pid ?? null;
}

/** The gateway launchd's job runs (its pid, or the wrapper's child). */
export function gatewayOf(obs: Observation): SupervisedGateway | null {
  return supervisedGateway(obs, launchdPid(obs));
}

/** Gateway processes of this home other than the one launchd runs. */
export function unownedGateways(obs: Observation): number[] {
  return otherGateways(obs, gatewayOf(obs));
}

export type PlistVerdict = DefinitionVerdict;

export function plistVerdict(obs: Observation): PlistVerdict {
  return definitionVerdict(obs.plist, (parsed) => plistFacts(parsed.dict), { home: obs.target.home, label: obs.target.label }, obs.userHome);
}

/** launchd keeps the copy it loaded: a job loaded from another file or program runs an old definition. */
export function jobOutdated(obs: Observation): boolean {
  const record = obs.job?.record;
  if (!record || !obs.plist.exists || !obs.plist.parsed.ok) return false;
  const program = plistFacts(obs.plist.parsed.dict).argv[0] ?? null;
  return (record.path !== null && record.path !== obs.target.plistPath) || (record.program !== null && program !== null && record.program !== program);
}

/** How the job's last run failed, from launchd's record; null when it did not (never ran, exit 0, a planned restart). */
export function lastRunFailure(record: JobRecord): FailedRun | null {
  const exit = record.lastExitCode;
  const end = exitReasonEnd(record.lastExitReason);
  const spawnFailed = record.jobState === 'spawn failed';
  const failedExit = exit !== null && exit !== 0 && exit !== EXIT_PLANNED_RESTART;
  return end || spawnFailed || failedExit || record.lastSignal !== null ? { exit, signal: record.lastSignal, end, spawnFailed } : null;
}

/**
 * How the job's last run failed, from launchd's record and, where the record cannot say, the
 * gateway's own files: Hermes 0.21's stderr wrapper turns the gateway's 78 into 0 (HERMES.md), so
 * a configuration error reads as a clean exit that KeepAlive respawns every ThrottleInterval. A
 * clean exit whose gateway left `startup_failed` behind (its writer gone) was that 78: a gateway
 * that stops cleanly writes `stopped`.
 */
function jobFailure(obs: Observation): FailedRun | null {
  const record = obs.job?.record;
  if (!record) return null;
  const failure = lastRunFailure(record);
  if (failure || record.pid !== null || record.lastExitCode !== 0) return failure;
  const report = liveReport(obs);
  return report?.state === 'startup_failed' && report.stale ? { exit: EXIT_CONFIG_ERROR, signal: null, end: null, spawnFailed: false } : null;
}

/** launchd's `state` (and `job state`, exit forms) as DESIGN.md's states; LAUNCHD.md lists the forms. */
function deriveState(obs: Observation): GatewayState {
  const job = obs.job;
  if (!job) return obs.plist.exists ? 'stopped' : 'not-installed';
  const { record } = job;
  if (record.state === 'SIGTERMed') return 'stopping';
  if (record.pid !== null) {
    // launchd's process may be the wrapper, whose gateway child has not appeared yet.
    const gateway = gatewayOf(obs);
    return gateway ? gatewayPhase(obs, gateway, obs.checkedAt) : 'starting';
  }
  // Being exec'd: spawned, no pid yet.
  if (record.state === 'xpcproxy') return 'starting';
  // A failed spawn keeps `state = spawn scheduled` while launchd retries: it is down, not starting.
  if (jobFailure(obs)) return 'crashed';
  if (record.state === 'spawn scheduled' || record.state === 'running') return 'starting';
  // A record with no state line, or a word LAUNCHD.md does not list, says nothing certain.
  return record.state === 'not running' ? 'stopped' : 'unknown';
}

/** launchd printed a record whose state cannot be read: said, with what launchd printed. */
function unreadableStateProblems(obs: Observation): Problem[] {
  const record = obs.job?.record;
  if (!record || deriveState(obs) !== 'unknown') return [];
  const printed = record.state === null ? 'a record with no `state` line' : `the state "${record.state}", which Hermes Bar does not know`;
  return [
    {
      code: 'unknown-job-state',
      severity: 'warning',
      message: `launchd printed ${printed} for the gateway's job, so Hermes Bar cannot tell whether it runs.`,
      fix: null,
      nextStep: `Run \`launchctl print ${obs.job?.domain}/${obs.target.label}\` to see the whole record; Copy Diagnostics includes it for a report.`,
    },
  ];
}

const LAUNCHD_WORDS: CrashWords = {
  supervisor: 'launchd',
  configCauses: 'for example a bot token in use by another gateway, or a log path launchd cannot open',
  spawnCauses: 'its program is missing or not executable, or a log path cannot be opened',
};

function lastExitMeaning(record: JobRecord): string | null {
  const end = exitReasonEnd(record.lastExitReason);
  if (end) return `${end.reason}: ${end.what}`;
  if (record.lastSignal) return `killed by a signal (${record.lastSignal})`;
  if (record.jobState === 'spawn failed' && record.lastExitCode !== null) return `launchd could not start the program (exit ${record.lastExitCode})`;
  return exitMeaning(record.lastExitCode);
}

function plistProblems(obs: Observation, verdict: PlistVerdict): Problem[] {
  const words = { noun: 'plist', path: obs.target.plistPath, thenRun: 'load it' };
  return definitionProblems(verdict, words, obs.install, obs.job !== null);
}

function processProblems(obs: Observation): Problem[] {
  const problems: Problem[] = [];
  if (obs.otherJob) {
    problems.push({
      code: 'duplicate-gateways',
      severity: 'error',
      message: `The job is loaded in both ${obs.domain} and ${obs.otherJob.domain}.`,
      fix: `Boot out the copy in ${obs.otherJob.domain}.`,
    });
  }
  return [...problems, ...strayGatewayProblems(unownedGateways(obs), gatewayOf(obs)?.process.pid ?? null, 'launchd')];
}

function jobProblems(obs: Observation): Problem[] {
  const problems: Problem[] = [];
  const record = obs.job?.record;
  if (obs.disabled) {
    problems.push({ code: 'job-disabled', severity: 'error', message: 'A disabled override keeps launchd from loading the gateway.', fix: 'Enable the job.' });
  }
  // A plist in place, nothing loaded and no gateway is a gateway stopped on purpose: calm, no
  // problem. Only a gateway running while launchd has no job is left unkept.
  if (!obs.job && obs.plist.exists && unownedGateways(obs).length > 0) {
    problems.push({ code: 'not-loaded', severity: 'warning', message: 'The gateway job is not loaded in launchd, so nothing keeps it running.', fix: 'Load the job.' });
  }
  if (jobOutdated(obs)) {
    problems.push({ code: 'job-outdated', severity: 'warning', message: 'launchd still runs an older definition of the job than the plist on disk.', fix: 'Reload the job once.' });
  }
  problems.push(...unreadableStateProblems(obs));
  const failure = jobFailure(obs);
  if (record && failure) {
    const count = {
      value: record.runs,
      word: 'starts',
      successiveCrashes: record.successiveCrashes,
      live: record.pid !== null || record.state === 'xpcproxy',
      upMs: uptimeMs(gatewayOf(obs), obs.checkedAt),
      respawning: record.state === 'spawn scheduled',
    };
    problems.push(...crashProblems(failure, count, LAUNCHD_WORDS));
  }
  return problems;
}

function fileProblems(obs: Observation): Problem[] {
  const problems: Problem[] = [
    ...permissionProblems(obs.plist, obs.uid, obs.target.plistPath, { noun: 'plist', why: 'launchd refuses the plist' }),
    ...logPathProblems(obs.logsWritable, `launchd cannot open the gateway's logs in ${obs.target.home}/logs, so the job exits 78 with no log.`),
  ];
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

export function problemsOf(obs: Observation): Problem[] {
  return [...plistProblems(obs, plistVerdict(obs)), ...fileProblems(obs), ...jobProblems(obs), ...processProblems(obs)];
}

export function statusOf(obs: Observation): GatewayStatus {
  const state = deriveState(obs);
  const record = obs.job?.record ?? null;
  const gateway = gatewayOf(obs);
  const pid = gateway?.process.pid ?? null;
  // The gateway's own exit where the wrapper passed on another (its 78 as 0).
  const failure = jobFailure(obs);
  const behindWrapper = failure !== null && failure.exit !== (record?.lastExitCode ?? null);
  const lastExitCode = behindWrapper ? failure.exit : (record?.lastExitCode ?? null);
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
    lastExitMeaning: behindWrapper ? exitMeaning(lastExitCode) : record ? lastExitMeaning(record) : null,
    lastSignal: record?.lastSignal ?? null,
    runs: record?.runs ?? null,
    uptimeMs: uptimeMs(gateway, obs.checkedAt),
    gateway: liveReport(obs),
    problems: problemsOf(obs),
    duplicates: unownedGateways(obs),
    checkedAt: obs.checkedAt,
  };
}
