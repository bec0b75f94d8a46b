/**
 * Every sample of ../shared/real-output/, one row each: what the parser reads, and the status and
 * problems derived from it. Each row also has variants (another label, other numbers, other reason
 * names, lines of another macOS version) that must read the same: the files are a sample of what
 * real Macs print, not the whole of it. A new file in the folder fails the first test until it has
 * a row here.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Launchctl } from '../../electron/service/launchd/launchctl.js';
import { bootoutAccepted, isNotLoaded, isTransientBootstrapFailure, launchctlError } from '../../electron/service/launchd/launchctl-errors.js';
import type { JobRecord, ListRow } from '../../electron/service/launchd/print-record.js';
import { listedRecord, parseDisabled, parseList, parsePrint } from '../../electron/service/launchd/print-record.js';
import type { UnitRecord } from '../../electron/service/systemd/unit-record.js';
import { parseShow } from '../../electron/service/systemd/unit-record.js';
import type { GatewayState, GatewayStatus, ProblemCode } from '../../electron/service/types.js';
import { readRealCommand, readRealOutput, realOutputFiles } from '../support/real-output.js';
import { gatewayProcess, launchdStatus, systemdStatus } from '../support/status-fixtures.js';

/** The state and the problem codes a status shows. */
interface Verdict {
  state: GatewayState;
  problems: ProblemCode[];
}

const verdict = (status: GatewayStatus): Verdict => ({ state: status.state, problems: status.problems.map((p) => p.code) });

/** Replaces the value of a record's top-level line (`\t<key> = <value>`). */
const set = (key: string, value: string) => (text: string): string => {
  const line = new RegExp(`^\\t${key.replace(/[()]/g, '\\$&')} = .*$`, 'm');
  if (!line.test(text)) throw new Error(`no ${key} line to change`);
  return text.replace(line, `\t${key} = ${value}`);
};
/** Adds a top-level line after another, as another macOS version prints it. */
const addAfter = (after: string, line: string) => (text: string): string => {
  const at = new RegExp(`^\\t${after} = .*$`, 'm');
  if (!at.test(text)) throw new Error(`no ${after} line`);
  return text.replace(at, (found) => `${found}\n\t${line}`);
};
/** The same record as a web page or another terminal passes it on: spaces for tabs, CRLF line ends. */
const AS_COPIED: Array<(text: string) => string> = [(t) => t.replace(/\t/g, '    '), (t) => t.replace(/\t/g, '  '), (t) => t.replace(/\n/g, '\r\n')];
/** Another job in another session: the first line's target. */
const relabel = (text: string): string => text.replace(/^\S+ = \{$/m, 'gui/502/ai.hermes.gateway-work = {');

interface PrintRow {
  kind: 'print';
  reads: Partial<JobRecord>;
  status: Verdict;
  variants: Array<(text: string) => string>;
}
interface CommandRow {
  kind: 'command';
  code: string;
  /** What the message says after the status: launchctl's informative line. */
  says: RegExp;
  /** What the engine does with the answer. */
  then: 'retry' | 'not-loaded' | 'no-domain' | 'fail';
  variants: Array<(stderr: string) => string>;
}
interface DisabledRow {
  kind: 'disabled';
  /** How many overrides the `disabled services` block holds, and some of them. */
  overrides: number;
  reads: Array<[label: string, disabled: boolean]>;
  /** Labels in other blocks (login item associations): not overrides. */
  elsewhere: string[];
}
interface ListFileRow {
  kind: 'list';
  rows: number;
  withoutProcess: number;
  reads: ListRow[];
  /** A row of a running job: it reads as running, with no problem. */
  running: string;
}
interface SystemdRow {
  kind: 'systemd';
  reads: Partial<UnitRecord>;
  status: Verdict;
  variants: Array<(text: string) => string>;
}
type Row = PrintRow | CommandRow | DisabledRow | ListFileRow | SystemdRow;

const ROWS: Record<string, Row> = {
  'print-01-restic-user503-not-running.txt': {
    kind: 'print',
    reads: { state: 'not running', pid: null, runs: 1, lastExitCode: 0, lastSignal: null, lastExitReason: null, jobState: null, successiveCrashes: null },
    status: { state: 'stopped', problems: [] },
    variants: [relabel, set('runs', '5'), addAfter('last exit code', 'job state = exited')],
  },
  'print-02-mimi-running.txt': {
    kind: 'print',
    reads: { state: 'running', pid: 1478, runs: 1, lastExitCode: null, lastSignal: null, jobState: null },
    status: { state: 'running', problems: [] },
    variants: [relabel, set('pid', '90210'), (t) => set('last exit code', '75: EX_TEMPFAIL')(set('runs', '4')(t)), set('immediate reason', 'inefficient')],
  },
  'print-03-mimi-spawn-scheduled-exit1.txt': {
    kind: 'print',
    reads: { state: 'spawn scheduled', pid: null, runs: 17169, lastExitCode: 1, jobState: null },
    status: { state: 'crashed', problems: ['crash-loop'] },
    variants: [relabel, set('runs', '6'), set('last exit code', '70: EX_SOFTWARE'), addAfter('runs', 'successive crashes = 0'), addAfter('last exit code', 'job state = exited')],
  },
  'print-04-sshd-system-macos26-never-exited.txt': {
    kind: 'print',
    reads: { state: 'not running', pid: null, runs: 0, lastExitCode: null, lastSignal: null, program: '/usr/libexec/sshd-keygen-wrapper' },
    status: { state: 'stopped', problems: [] },
    variants: [relabel, set('domain', 'gui/501 [100005]')],
  },
  'print-09-chorus-killed9-nested-exit.txt': {
    kind: 'print',
    // The nested `last exit code = 0` (in endpoints) is not the job's.
    reads: { state: 'running', pid: 38837, runs: 48, lastExitCode: null, lastSignal: 'Killed: 9' },
    status: { state: 'running', problems: ['crash-loop'] },
    variants: [relabel, set('runs', '12'), set('pid', '512'), set('last terminating signal', 'Segmentation fault: 11'), addAfter('runs', 'successive crashes = 0')],
  },
  'print-12-wsp-running-nested-coalitions.txt': {
    kind: 'print',
    // `pid` comes after the resource coalition; the jetsam coalition repeats `state` and `pid`.
    reads: { state: 'running', pid: 36019, runs: 2, successiveCrashes: 0, lastExitCode: null, lastSignal: null, lastExitReason: null },
    status: { state: 'running', problems: [] },
    variants: [relabel, set('pid', '4242'), set('successive crashes', '2'), set('runs', '40')],
  },
  'print-14-btm-spawn-failed-78.tabs.txt': {
    kind: 'print',
    reads: { state: 'spawn scheduled', pid: null, runs: 54, lastExitCode: 78, jobState: 'spawn failed', path: null },
    status: { state: 'crashed', problems: ['spawn-failed'] },
    variants: [relabel, set('runs', '1'), set('state', 'not running'), set('type', 'LaunchAgent')],
  },
  'print-18-clipulse-codesigning-exit-reason.txt': {
    kind: 'print',
    reads: { state: 'spawn scheduled', pid: null, runs: 6, lastExitCode: null, lastSignal: null, lastExitReason: 'OS_REASON_CODESIGNING', jobState: 'spawn failed' },
    status: { state: 'crashed', problems: ['spawn-refused'] },
    variants: [
      relabel,
      set('runs', '1'),
      set('state', 'not running'),
      set('last exit reason', 'OS_REASON_DYLD'),
      set('last exit reason', 'OS_REASON_EXEC'),
      set('last exit reason', 'OS_REASON_TCC'),
      addAfter('runs', 'successive crashes = 6'),
    ],
  },
  'print-19-clipulse-xpcproxy.txt': {
    kind: 'print',
    reads: { state: 'xpcproxy', pid: null, runs: 1, lastExitCode: null, jobState: null },
    status: { state: 'starting', problems: [] },
    variants: [relabel, set('parent bundle version', '7'), (t) => set('last exit code', '75: EX_TEMPFAIL')(set('runs', '3')(t))],
  },
  'err-01-bootstrap-5-noclamshell-25.json': {
    kind: 'command',
    code: 'job-busy',
    says: /^Bootstrap failed: 5: Input\/output error$/,
    then: 'retry',
    variants: [(s) => s.replace('\nTry re-running the command as root for richer errors.', '')],
  },
  'err-02-bootout-3-home-manager-9585.json': {
    kind: 'command',
    code: 'not-loaded',
    says: /^Boot-out failed: 3: No such process$/,
    then: 'not-loaded',
    variants: [],
  },
  'err-05-bootout-wait-64-t3code-11995.json': {
    kind: 'command',
    code: 'launchctl-usage',
    says: /^Unrecognized target specifier\.$/,
    then: 'fail',
    variants: [],
  },
  'err-06-print-113-bad-request-user-gui.json': {
    kind: 'command',
    code: 'not-loaded',
    says: /^Could not find service "[^"]+" in domain for user gui: \d+$/,
    then: 'not-loaded',
    variants: [(s) => s.replace('airc-join', 'ai.hermes.gateway').replace('501', '502'), (s) => s.replace('Bad request.\n', '')],
  },
  'err-08-print-112-no-domain.json': {
    kind: 'command',
    code: 'no-gui-session',
    says: /^Could not find domain for user gui: \d+$/,
    then: 'no-domain',
    variants: [(s) => s.replace('99', '501')],
  },
  'disabled-01-user501-true-false-ninehills-85.txt': {
    kind: 'disabled',
    overrides: 15,
    reads: [
      ['com.docker.helper', false],
      ['com.apple.Siri.agent', true],
    ],
    elsewhere: ['version.com.docker.helper'],
  },
  'list-01-elcapitan-lunchy-go-7.txt': {
    kind: 'list',
    rows: 34,
    withoutProcess: 25,
    reads: [{ label: 'com.apple.Finder', pid: 279, status: 0 }],
    running: 'com.apple.Finder',
  },
  'systemd-02-auto-restart-observed.txt': {
    kind: 'systemd',
    // ExecMainCode is missing: the exit is read from Result.
    reads: { activeState: 'activating', subState: 'auto-restart', result: 'exit-code', mainPid: null, lastExitCode: 1, lastSignal: null, restarts: 672 },
    // An auto-restart after failures is a crash loop.
    status: { state: 'crashed', problems: ['crash-loop'] },
    variants: [
      (t) => t.replace(/^NRestarts=\d+$/m, 'NRestarts=5'),
      (t) => t.replace(/^ExecMainStatus=1$/m, 'ExecMainStatus=2'),
      (t) => `ExecMainCode=1\n${t}`,
      (t) => t.split('\n').reverse().join('\n'),
      (t) => t.replace('Result=exit-code', 'Result=signal').replace(/^ExecMainStatus=\d+$/m, 'ExecMainStatus=9'),
      (t) => t.replace('SubState=auto-restart', 'SubState=auto-restart-queued'),
      (t) => t.replace(/\n/g, '\r\n'),
    ],
  },
};

const rowsOf = <K extends Row['kind']>(kind: K): Array<[string, Extract<Row, { kind: K }>]> =>
  Object.entries(ROWS).filter((entry): entry is [string, Extract<Row, { kind: K }>] => entry[1].kind === kind);

it('has a row for every file in ../shared/real-output/, and no row without a file', () => {
  expect(realOutputFiles().filter((name) => !(name in ROWS))).toEqual([]);
  expect(Object.keys(ROWS).filter((name) => !realOutputFiles().includes(name))).toEqual([]);
});

describe('launchctl print, as real Macs print it', () => {
  it.each(rowsOf('print'))('%s: what the parser reads', (name, row) => {
    expect(parsePrint(readRealOutput(name))).toMatchObject(row.reads);
  });

  it.each(rowsOf('print'))('%s: the status and problems derived', (name, row) => {
    expect(verdict(launchdStatus(parsePrint(readRealOutput(name))))).toEqual(row.status);
  });

  it.each(rowsOf('print'))('%s: its variants read the same', (name, row) => {
    const text = readRealOutput(name);
    for (const variant of [...row.variants, ...AS_COPIED]) {
      const changed = variant(text);
      expect(changed).not.toBe(text);
      expect(verdict(launchdStatus(parsePrint(changed))), changed).toEqual(row.status);
    }
  });
});

/**
 * The same forms as other public records show them (launchctl print excerpts quoted in public
 * repositories' tests and notes): other reasons, counts and layouts than the folder's samples.
 */
const OTHER_RECORDS: Array<[string, string, Verdict]> = [
  ['a refused spawn without KeepAlive', 'state = not running\nruns = 1\nlast exit reason = OS_REASON_CODESIGNING\njob state = spawn failed', { state: 'crashed', problems: ['spawn-refused'] }],
  ['a refusal loop caught while a process runs', 'state = running\nruns = 24991\npid = 77880\nlast exit reason = OS_REASON_CODESIGNING', { state: 'running', problems: ['spawn-refused'] }],
  ['an idle exit for memory', 'state = not running\nactive count = 0\nruns = 23\nlast exit reason = JETSAM_REASON_MEMORY_IDLE_EXIT\njob state = exited', { state: 'crashed', problems: ['killed-for-memory'] }],
  ['a dyld loop', 'runs = 18\nsuccessive crashes = 18\nlast exit reason = OS_REASON_DYLD\njob state = exited', { state: 'crashed', problems: ['spawn-refused'] }],
  ['a signal loop, throttled', 'state = spawn scheduled\nminimum runtime = 80\nruns = 105\nsuccessive crashes = 98\nlast terminating signal = Bus error: 10', { state: 'crashed', problems: ['crash-loop'] }],
  ['a signal loop caught while a process runs', 'state = running\nruns = 10\npid = 4242\nsuccessive crashes = 9\nlast terminating signal = Illegal instruction: 4', { state: 'running', problems: ['crash-loop'] }],
  ['a privacy refusal loop', 'state = spawn scheduled\nruns = 15\nsuccessive crashes = 15\nlast exit reason = OS_REASON_TCC', { state: 'crashed', problems: ['spawn-refused'] }],
  ['an unknown reason, once', 'state = not running\nruns = 2\nlast exit reason = OS_REASON_GUARD', { state: 'crashed', problems: ['gateway-crashed'] }],
  ['an unknown reason, looping', 'state = spawn scheduled\nruns = 9\nsuccessive crashes = 9\nlast exit reason = OS_REASON_GUARD', { state: 'crashed', problems: ['crash-loop'] }],
  ['one crash, respawned and running', 'state = running\nruns = 3\npid = 4242\nsuccessive crashes = 1\nlast exit code = 1\njob state = running', { state: 'running', problems: [] }],
  ['one crash, waiting for the throttle', 'state = spawn scheduled\nruns = 2\nlast exit code = 1', { state: 'crashed', problems: ['gateway-crashed'] }],
  ['a few planned restarts, then one crash', 'state = spawn scheduled\nruns = 4\nlast exit code = 1\njob state = exited', { state: 'crashed', problems: ['gateway-crashed'] }],
  ['killed once, launchd counting one crash', 'state = spawn scheduled\nruns = 3\nsuccessive crashes = 1\nlast terminating signal = Killed: 9', { state: 'crashed', problems: ['gateway-crashed'] }],
  ['one crash, respawning (xpcproxy)', 'state = xpcproxy\nruns = 3\nlast exit code = 1\njob state = exited', { state: 'starting', problems: [] }],
  ['a crash loop, respawning (xpcproxy)', 'state = xpcproxy\nruns = 40\nlast exit code = 1\njob state = exited', { state: 'starting', problems: ['crash-loop'] }],
  ['a planned restart, waiting for the throttle', 'state = spawn scheduled\nruns = 7\nlast exit code = 75: EX_TEMPFAIL\njob state = exited', { state: 'starting', problems: [] }],
  ['being stopped', 'state = SIGTERMed\nruns = 1\npid = 4242\nlast exit code = (never exited)', { state: 'stopping', problems: [] }],
  ['a token conflict (78) that launchd did spawn', 'state = spawn scheduled\nruns = 5\nlast exit code = 78: EX_CONFIG\njob state = exited', { state: 'crashed', problems: ['config-error'] }],
  ['a state word Hermes Bar does not know', 'state = exiting\nruns = 1\nlast exit code = 0', { state: 'unknown', problems: ['unknown-job-state'] }],
  ['a record with no state line', 'runs = 1\nlast exit code = 0', { state: 'unknown', problems: ['unknown-job-state'] }],
];

describe('the same forms in other real records', () => {
  it.each(OTHER_RECORDS)('%s', (_name, lines, expected) => {
    const text = `gui/501/ai.hermes.gateway = {\n${lines
      .split('\n')
      .map((line) => `\t${line}`)
      .join('\n')}\n}\n`;
    expect(verdict(launchdStatus(parsePrint(text)))).toEqual(expected);
  });

  it('the counts and the last exit are lifetime fields: on a gateway that has stayed up they are history', () => {
    // As a public record shows a healthy daemon a week after a repair (its runs still climbing).
    const text = 'gui/501/ai.hermes.gateway = {\n\tstate = running\n\truns = 24991\n\tpid = 77880\n\tlast exit reason = OS_REASON_CODESIGNING\n}\n';
    const upAnHour = { gateways: [{ ...gatewayProcess(77880), startedAt: Date.now() - 3_600_000 }] };
    expect(verdict(launchdStatus(parsePrint(text), upAnHour))).toEqual({ state: 'running', problems: [] });
    const looping = readRealOutput('print-09-chorus-killed9-nested-exit.txt');
    const pid = parsePrint(looping).pid ?? 0;
    expect(verdict(launchdStatus(parsePrint(looping), { gateways: [{ ...gatewayProcess(pid), startedAt: Date.now() - 3_600_000 }] }))).toEqual({ state: 'running', problems: [] });
  });

  it('says what the system did in the status and its problem, with a next step', () => {
    const refused = launchdStatus(parsePrint(readRealOutput('print-18-clipulse-codesigning-exit-reason.txt')));
    expect(refused.lastExitMeaning).toMatch(/code signature/);
    expect(refused.lastExitMeaning).toContain('OS_REASON_CODESIGNING');
    expect(refused.problems[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('OS_REASON_CODESIGNING') });
    expect(refused.problems[0]?.nextStep).toMatch(/codesign|Reinstall/);
    const memory = launchdStatus(parsePrint('x = {\n\tstate = not running\n\truns = 2\n\tlast exit reason = JETSAM_REASON_MEMORY_PERPROCESSLIMIT\n}\n'));
    expect(memory.problems[0]).toMatchObject({ code: 'killed-for-memory', message: expect.stringMatching(/memory/) });
  });
});

/** A launchctl that answers as the sample did. */
function fakeLaunchctl(exitCode: number, stderr: string): Launchctl {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-fake-launchctl-'));
  const binary = path.join(dir, 'launchctl');
  writeFileSync(binary, `#!${process.execPath}\nprocess.stderr.write(${JSON.stringify(stderr)});\nprocess.exitCode = ${exitCode};\n`);
  chmodSync(binary, 0o755);
  return new Launchctl(binary, {});
}

describe('launchctl failures, as real Macs answer', () => {
  it.each(rowsOf('command'))('%s: its meaning, and a message made of the informative line', (name, row) => {
    const real = readRealCommand(name);
    for (const stderr of [real.stderr, ...row.variants.map((variant) => variant(real.stderr))]) {
      const error = launchctlError(real.args, real.exitCode, stderr);
      expect(error.code).toBe(row.code);
      const said = error.message.replace(`launchctl ${real.args[0]} failed with ${real.exitCode}: `, '');
      expect(said).toMatch(row.says);
      expect(error.message).not.toMatch(/Bad request\.?$/);
      expect(error.explanation.length).toBeGreaterThan(20);
      expect(error.nextStep.length).toBeGreaterThan(10);
    }
  });

  it.each(rowsOf('command'))('%s: what the engine does with it', async (name, row) => {
    const real = readRealCommand(name);
    const { exitCode, stderr } = real;
    expect(isTransientBootstrapFailure(exitCode, stderr)).toBe(row.then === 'retry');
    if (real.args[0] === 'bootout') expect(isNotLoaded(exitCode) || bootoutAccepted(exitCode)).toBe(row.then === 'not-loaded');
    if (real.args[0] === 'print') {
      const result = await fakeLaunchctl(exitCode, stderr).print(real.args[1] ?? '');
      expect(result).toEqual({ loaded: false, reason: row.then });
    }
  });

  it('a status launchctl does not know says what launchctl printed, never only `Bad request.`', () => {
    const error = launchctlError(['print', 'gui/501/l'], 150, 'Bad request.\nOperation not permitted while System Integrity Protection is engaged\n');
    expect(error.code).toBe('launchctl-failed');
    expect(error.message).toBe('launchctl print failed with 150: Operation not permitted while System Integrity Protection is engaged');
    expect(error.explanation).toContain('Operation not permitted while System Integrity Protection is engaged');
    expect(launchctlError(['print', 'gui/501/l'], 150, 'Bad request.\n').message).toBe('launchctl print failed with 150');
  });

  it('a bootout answering 36 is waited out like a 0', () => {
    expect(bootoutAccepted(36)).toBe(true);
    expect(bootoutAccepted(0)).toBe(true);
    expect(bootoutAccepted(5)).toBe(false);
  });
});

describe('print-disabled and list, as real Macs print them', () => {
  it.each(rowsOf('disabled'))('%s: the overrides of the `disabled services` block only, in both spellings', (name, row) => {
    const text = readRealOutput(name);
    const disabled = parseDisabled(text);
    expect(disabled.size).toBe(row.overrides);
    for (const [label, off] of row.reads) expect(disabled.get(label), label).toBe(off);
    for (const label of row.elsewhere) expect(disabled.has(label), label).toBe(false);
    const macos26 = text.replace(/=> true$/gm, '=> disabled').replace(/=> false$/gm, '=> enabled');
    for (const variant of [macos26, ...AS_COPIED.map((copy) => copy(text))]) expect(parseDisabled(variant)).toEqual(disabled);
    // A label with an override reads as disabled in the status (and, stopped with its definition in place, not as unloaded).
    const label = [...disabled].find(([, off]) => off)?.[0] ?? '';
    expect(verdict(launchdStatus(null, { disabled: disabled.get(label) ?? null }))).toEqual({ state: 'stopped', problems: ['job-disabled'] });
  });

  it.each(rowsOf('list'))('%s: a row a job, `-` without a process; a listed running job reads as running', (name, row) => {
    const rows = parseList(readRealOutput(name));
    expect(rows).toHaveLength(row.rows);
    expect(rows.filter((listed) => listed.pid === null)).toHaveLength(row.withoutProcess);
    for (const expected of row.reads) expect(rows.find((listed) => listed.label === expected.label)).toEqual(expected);
    expect(parseList(readRealOutput(name).replace(/\n/g, '\r\n'))).toEqual(rows);
    const running = rows.find((listed) => listed.label === row.running);
    expect(verdict(launchdStatus(listedRecord(running!)))).toEqual({ state: 'running', problems: [] });
  });

  it('list: minus the signal after a kill, still one process running', () => {
    const [killed] = parseList('PID\tStatus\tLabel\n4242\t-9\tai.hermes.gateway\n');
    expect(listedRecord(killed!)).toMatchObject({ pid: 4242, lastSignal: 'signal 9', lastExitCode: null });
    expect(verdict(launchdStatus(listedRecord(killed!)))).toEqual({ state: 'running', problems: [] });
  });
});

describe('systemctl show, as a real systemd printed it', () => {
  it.each(rowsOf('systemd'))('%s: what the parser reads', (name, row) => {
    expect(parseShow(readRealOutput(name))).toMatchObject(row.reads);
  });

  it.each(rowsOf('systemd'))('%s: the status and problems derived, and its variants read the same', (name, row) => {
    const text = readRealOutput(name);
    expect(verdict(systemdStatus(parseShow(text)))).toEqual(row.status);
    for (const variant of row.variants) {
      const changed = variant(text);
      expect(changed).not.toBe(text);
      expect(verdict(systemdStatus(parseShow(changed))), changed).toEqual(row.status);
    }
  });

  it('a signal is read from ExecMainStatus when Result says signal', () => {
    const text = readRealOutput('systemd-02-auto-restart-observed.txt').replace('Result=exit-code', 'Result=signal').replace(/^ExecMainStatus=\d+$/m, 'ExecMainStatus=9');
    expect(parseShow(text)).toMatchObject({ lastExitCode: null, lastSignal: 'SIGKILL' });
  });
});
