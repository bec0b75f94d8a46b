/**
 * Turns an observation under systemd into the status DESIGN.md defines: a state, the problems
 * with what Repair would do about each, and the unit changes Repair would make. Pure: no I/O.
 */
import type { DefinitionVerdict } from '../definition.js';
import { definitionProblems, definitionVerdict } from '../definition.js';
import type { CrashWords, FailedRun } from '../gateway-problems.js';
import { crashProblems, logPathProblems, permissionProblems, strayGatewayProblems } from '../gateway-problems.js';
import { exitMeaning } from '../hermes/exits.js';
import type { SupervisedGateway } from '../home-state.js';
import { gatewayPhase, liveReport, otherGateways, supervisedGateway, uptimeMs } from '../home-state.js';
import type { GatewayState, GatewayStatus, Problem } from '../types.js';
import { unitFacts } from './unit-file.js';
import { hitStartLimit, isRunning } from './unit-record.js';
import type { UnitRecord } from './unit-record.js';
import type { UnitObservation } from './observe.js';
import { lingerCommand } from './user-bus.js';

export const DOMAIN = 'systemd --user';

/** The process systemd runs for the unit: the gateway itself (Hermes's unit runs no wrapper). */
export function mainPid(obs: UnitObservation): number | null {
  return obs.record && isRunning(obs.record) ? obs.record.mainPid : null;
}

export function gatewayOf(obs: UnitObservation): SupervisedGateway | null {
  return supervisedGateway(obs, mainPid(obs));
}

export function legacyPid(obs: UnitObservation): number | null {
  return obs.legacy?.record && isRunning(obs.legacy.record) ? obs.legacy.record.mainPid : null;
}

/** Gateway processes of this home other than the unit's (the legacy unit's included). */
export function unownedGateways(obs: UnitObservation): number[] {
  return otherGateways(obs, gatewayOf(obs));
}

/** Gateway processes of this home that no unit supervises. */
export function strayGateways(obs: UnitObservation): number[] {
  const legacy = legacyPid(obs);
  return unownedGateways(obs).filter((pid) => pid !== legacy);
}

export function unitVerdict(obs: UnitObservation): DefinitionVerdict {
  return definitionVerdict(obs.unit, (parsed) => unitFacts(parsed.unit), { home: obs.target.home, label: null }, obs.userHome);
}

/** systemd keeps the definition it loaded: a unit file changed since then is not what runs. */
export function unitOutdated(obs: UnitObservation): boolean {
  return obs.record !== null && obs.unit.exists && obs.record.needsReload;
}

/** systemd's own exit statuses (systemd.exec(5)): it could not set the process up, the program never ran. */
const SETUP_FAILURES = { first: 200, last: 245 };

/** How the last run failed, from systemd's record; null when Result says it did not (a planned restart is a success). */
export function lastRunFailure(record: UnitRecord): FailedRun | null {
  if (record.result === 'success') return null;
  const exit = record.lastExitCode;
  const end = record.result === 'oom-kill'
    ? { kind: 'memory' as const, reason: 'oom-kill', what: 'was ended by the kernel to free memory', nextStep: "Free memory on this machine (or raise the unit's memory limit); if it happens again, read the gateway's log for what grows." }
    : null;
  const spawnFailed = exit !== null && exit >= SETUP_FAILURES.first && exit <= SETUP_FAILURES.last;
  return { exit, signal: record.lastSignal, end, spawnFailed };
}

/** ActiveState and SubState as DESIGN.md's states; Result tells a restart after a failure from a planned one. */
function deriveState(obs: UnitObservation): GatewayState {
  const record = obs.record;
  if (!record) return 'unknown';
  switch (record.activeState) {
    case 'active':
    case 'reloading': {
      if (record.mainPid === null) return 'unknown';
      const gateway = gatewayOf(obs);
      return gateway ? gatewayPhase(obs, gateway, obs.checkedAt) : 'starting';
    }
    case 'activating':
      return record.subState.startsWith('auto-restart') && lastRunFailure(record) ? 'crashed' : 'starting';
    case 'deactivating':
      return 'stopping';
    case 'failed':
      return 'crashed';
    default:
      return obs.unit.exists || record.loadState === 'loaded' ? 'stopped' : 'not-installed';
  }
}

function busProblems(obs: UnitObservation): Problem[] {
  if (obs.bus.ok) return [];
  return [{ code: 'no-user-bus', severity: 'error', message: `systemctl --user cannot reach your user manager: ${obs.bus.reason}.`, fix: null, nextStep: obs.bus.nextStep }];
}

function fileProblems(obs: UnitObservation): Problem[] {
  const problems: Problem[] = [
    ...permissionProblems(obs.unit, obs.uid, obs.target.plistPath, { noun: 'unit file', why: 'Others can change what the unit file runs as you' }),
    ...logPathProblems(obs.logsWritable, `systemd cannot open the gateway's logs in ${obs.target.home}/logs, so the gateway exits 209 with no log.`),
  ];
  if (!obs.lingering) {
    problems.push({
      code: 'linger-off',
      severity: 'warning',
      message: `Lingering is off for ${obs.user}: systemd stops the gateway when you log out, and starts it only at your next login.`,
      fix: null,
      nextStep: `Run \`${lingerCommand(obs.user)}\`.`,
    });
  }
  return problems;
}

function lastExitMeaning(record: UnitRecord): string | null {
  const end = lastRunFailure(record)?.end;
  if (end) return `${end.reason}: ${end.what}`;
  return record.lastSignal ? `killed by a signal (${record.lastSignal})` : exitMeaning(record.lastExitCode);
}

const SYSTEMD_WORDS: CrashWords = {
  supervisor: 'systemd',
  configCauses: 'for example a bot token in use by another gateway; systemd does not restart it',
  spawnCauses: 'it could not set the process up (its folder, log files or program)',
};

function unitProblems(obs: UnitObservation): Problem[] {
  const record = obs.record;
  if (!record) return [];
  const problems: Problem[] = [];
  const installed = obs.unit.exists;
  if (installed && record.loadState === 'loaded' && record.unitFileState === 'disabled') {
    problems.push({ code: 'job-disabled', severity: 'warning', message: 'The unit is not enabled, so it does not start when you log in.', fix: 'Enable the unit.' });
  }
  // A loaded unit, inactive, with no gateway is a gateway stopped on purpose: calm, no problem.
  // A file systemd has not read, or a gateway running beside the inactive unit, is left unkept.
  const unkept = record.loadState !== 'loaded' || (record.activeState === 'inactive' && strayGateways(obs).length > 0);
  if (installed && unkept) {
    problems.push({
      code: 'not-loaded',
      severity: 'warning',
      message: record.loadState === 'loaded' ? 'The gateway unit is stopped, so nothing keeps the gateway running.' : 'systemd has not loaded the unit file, so nothing keeps the gateway running.',
      fix: 'Start the unit.',
    });
  }
  if (unitOutdated(obs)) {
    problems.push({ code: 'job-outdated', severity: 'warning', message: 'systemd still runs an older definition of the unit than the file on disk.', fix: 'Reload systemd, and restart the gateway once.' });
  }
  if (hitStartLimit(record)) {
    problems.push({
      code: 'start-limit-hit',
      severity: 'error',
      message: 'systemd gave up starting the gateway: it failed too often in a short time (start-limit-hit).',
      fix: "Reset the unit's failure counter and start it once.",
      nextStep: "Read the gateway's error log for why it keeps failing.",
    });
  } else {
    const failure = lastRunFailure(record);
    const count = {
      value: record.restarts,
      word: 'restarts',
      successiveCrashes: null,
      live: mainPid(obs) !== null,
      upMs: uptimeMs(gatewayOf(obs), obs.checkedAt),
      respawning: record.activeState === 'activating' && record.subState.startsWith('auto-restart'),
    };
    if (failure) problems.push(...crashProblems(failure, count, { ...SYSTEMD_WORDS, gaveUp: record.activeState === 'failed' }));
  }
  return problems;
}

function processProblems(obs: UnitObservation): Problem[] {
  // Without systemd's record nobody knows which gateway is the unit's: only a second one is certain.
  if (!obs.record) {
    const pids = obs.gateways.map((g) => g.pid);
    return pids.length > 1
      ? [{ code: 'duplicate-gateways', severity: 'error', message: `More than one gateway runs for this home (pids ${pids.join(', ')}).`, fix: null, nextStep: 'Make the user bus reachable, then run `hermes-bar repair`.' }]
      : [];
  }
  const problems: Problem[] = [];
  if (obs.legacy) {
    const pid = legacyPid(obs);
    problems.push({
      code: 'legacy-unit',
      severity: pid !== null ? 'error' : 'warning',
      message:
        pid !== null
          ? `An older unit, ${obs.legacy.name}, runs a second gateway for this home (pid ${pid}); they fight over the bot tokens.`
          : `An older unit, ${obs.legacy.name}, also runs a gateway for this home whenever it is started.`,
      fix: `Stop and disable ${obs.legacy.name}, and move its file to a backup.`,
    });
  }
  return [...problems, ...strayGatewayProblems(strayGateways(obs), gatewayOf(obs)?.process.pid ?? null, 'systemd')];
}

export function problemsOf(obs: UnitObservation): Problem[] {
  const words = { noun: 'unit file', path: obs.target.plistPath, thenRun: 'start it' };
  const supervised = obs.record !== null && isRunning(obs.record);
  return [
    ...busProblems(obs),
    ...definitionProblems(unitVerdict(obs), words, obs.install, supervised),
    ...fileProblems(obs),
    ...unitProblems(obs),
    ...processProblems(obs),
  ];
}

export function statusOf(obs: UnitObservation): GatewayStatus {
  const state = deriveState(obs);
  const record = obs.record;
  const gateway = gatewayOf(obs);
  const pid = gateway?.process.pid ?? null;
  const lastExitCode = record?.lastExitCode ?? null;
  return {
    backend: 'systemd',
    label: obs.target.label,
    profile: obs.target.profile,
    home: obs.target.home,
    plistPath: obs.target.plistPath,
    domain: DOMAIN,
    state,
    pid,
    lastExitCode,
    lastExitMeaning: record ? lastExitMeaning(record) : null,
    lastSignal: record?.lastSignal ?? null,
    runs: record && record.loadState !== 'not-found' ? record.restarts : null,
    uptimeMs: uptimeMs(gateway, obs.checkedAt),
    gateway: liveReport(obs),
    problems: problemsOf(obs),
    duplicates: record ? unownedGateways(obs) : [],
    checkedAt: obs.checkedAt,
  };
}
