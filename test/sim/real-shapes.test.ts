/**
 * The simulator against real Macs: for every sample in ../shared/real-output/, the simulator is
 * brought to the same state and what it prints is compared by shape (which lines, their order,
 * tab indentation, the forms of values), never by one sample's text.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../support/simulator.js';
import { createSimulator } from '../support/simulator.js';
import {
  MODELLED_KEYS,
  NOT_MODELLED_KEYS,
  nestedKeys,
  printShape,
  readRealCommand,
  readRealOutput,
  realOutputFiles,
  shapeDifferences,
  structureErrors,
  textShape,
} from '../support/real-output.js';
import type { CommandResult } from './types.js';
import { printFields, waitFor, writeJobPlist, type JobPlistOptions } from './testkit.js';

let sim: Simulator;
let noSession: Simulator;
beforeAll(async () => {
  [sim, noSession] = await Promise.all([createSimulator(), createSimulator({ guiSession: false })]);
});
afterAll(async () => {
  await Promise.all([sim?.stop(), noSession?.stop()]);
});

const gui = (): string => `gui/${sim.uid}`;
const user = (): string => `user/${sim.uid}`;

async function load(domain: string, options: JobPlistOptions): Promise<string> {
  const path = await writeJobPlist(sim.agentsDir, options);
  const loaded = await sim.launchctl(['bootstrap', domain, path]);
  expect(loaded.exit, loaded.stderr).toBe(0);
  return `${domain}/${options.label}`;
}

/** The record printed once `ready` holds for its fields. */
async function printedWhen(target: string, ready: (fields: Map<string, string>) => boolean): Promise<string> {
  return waitFor(`${target} to reach the sample's state`, async () => {
    const printed = await sim.launchctl(['print', target]);
    return printed.exit === 0 && ready(printFields(printed.stdout)) ? printed.stdout : undefined;
  });
}

const logs = (label: string): Record<string, string> => ({
  StandardOutPath: join(sim.root, `${label}.out.log`),
  StandardErrorPath: join(sim.root, `${label}.err.log`),
});

/** The job's own lines that nested blocks repeat (LAUNCHD.md): a reader taking any of them is wrong. */
const REPEATED_STATE_KEYS = ['state', 'pid', 'last exit code'];

/** How to bring the simulator to each sample's state; its record is then printed. */
const PRINTS: Record<string, () => Promise<string>> = {
  'print-01-restic-user503-not-running.txt': async () => {
    const target = await load(user(), { label: 'shape.exited', job: ['exit', '0'], keys: { RunAtLoad: true, WorkingDirectory: sim.root, ...logs('exited') } });
    return printedWhen(target, (f) => f.get('state') === 'not running' && f.get('last exit code') === '0');
  },
  'print-02-mimi-running.txt': async () => {
    const target = await load(gui(), { label: 'shape.running', keys: { RunAtLoad: true } });
    return printedWhen(target, (f) => f.has('pid'));
  },
  'print-03-mimi-spawn-scheduled-exit1.txt': async () => {
    const target = await load(gui(), { label: 'shape.looping', job: ['exit', '1'], keys: { KeepAlive: true, ThrottleInterval: 30 } });
    return printedWhen(target, (f) => f.get('state') === 'spawn scheduled' && f.get('last exit code') === '1');
  },
  'print-04-sshd-system-macos26-never-exited.txt': async () => {
    const target = await load(gui(), { label: 'shape.idle', keys: { StandardErrorPath: '/dev/null' } });
    return printedWhen(target, (f) => f.get('runs') === '0');
  },
  'print-09-chorus-killed9-nested-exit.txt': async () => {
    const target = await load(gui(), { label: 'shape.killed', keys: { KeepAlive: true, ThrottleInterval: 1, MachServices: { 'shape.killed.xpc': true } } });
    const first = await printedWhen(target, (f) => f.has('pid'));
    expect((await sim.launchctl(['kill', 'KILL', target])).exit).toBe(0);
    const pid = printFields(first).get('pid');
    return printedWhen(target, (f) => f.has('pid') && f.get('pid') !== pid && f.has('last terminating signal'));
  },
  'print-12-wsp-running-nested-coalitions.txt': async () => {
    const target = await load(gui(), { label: 'shape.host', keys: { RunAtLoad: true, KeepAlive: true, EnvironmentVariables: { HOME: sim.home }, ...logs('host') } });
    return printedWhen(target, (f) => f.has('pid'));
  },
  'print-14-btm-spawn-failed-78.tabs.txt': async () => {
    const target = await load(gui(), { label: 'shape.missing', programArguments: [join(sim.root, 'no-such-program')], keys: { KeepAlive: true, ThrottleInterval: 30 } });
    return printedWhen(target, (f) => f.get('state') === 'spawn scheduled' && f.get('job state') === 'spawn failed');
  },
  'print-18-clipulse-codesigning-exit-reason.txt': async () => {
    await sim.inject({ command: 'spawn', match: 'shape.unsigned', exitReason: 'OS_REASON_CODESIGNING', times: 1000 });
    const target = await load(gui(), { label: 'shape.unsigned', keys: { KeepAlive: true, ThrottleInterval: 30 } });
    return printedWhen(target, (f) => f.get('state') === 'spawn scheduled' && f.get('job state') === 'spawn failed');
  },
  'print-19-clipulse-xpcproxy.txt': async () => {
    await sim.inject({ command: 'spawn', match: 'shape.exec', delayMs: 30_000 });
    const target = await load(gui(), { label: 'shape.exec', keys: { RunAtLoad: true } });
    return printedWhen(target, (f) => f.get('state') === 'xpcproxy');
  },
};

/** The same commands as each `err-*` sample, answered by the simulator. */
const COMMANDS: Record<string, () => Promise<CommandResult>> = {
  'err-01-bootstrap-5-noclamshell-25.json': async () => {
    const path = await writeJobPlist(sim.agentsDir, { label: 'shape.twice', keys: { RunAtLoad: true } });
    expect((await sim.launchctl(['bootstrap', gui(), path])).exit).toBe(0);
    return sim.launchctl(['bootstrap', gui(), path]);
  },
  'err-02-bootout-3-home-manager-9585.json': () => sim.launchctl(['bootout', `${user()}/shape.nonexistent`]),
  'err-05-bootout-wait-64-t3code-11995.json': () => sim.launchctl(['bootout', '--wait', `${gui()}/shape.running`]),
  'err-06-print-113-bad-request-user-gui.json': () => sim.launchctl(['print', `${gui()}/shape.never-loaded`]),
  'err-08-print-112-no-domain.json': () => noSession.launchctl(['print', `gui/${noSession.uid}`]),
};

/** Samples the simulator has nothing to do with, and where they are checked instead. */
const ELSEWHERE: Record<string, string> = {
  'systemd-02-auto-restart-observed.txt': 'systemctl output: test/unit/real-output.test.ts and the real systemd in test/systemd',
};

const OTHERS = ['disabled-01-user501-true-false-ninehills-85.txt', 'list-01-elcapitan-lunchy-go-7.txt'];

describe('the simulator prints what real Macs print', () => {
  it('has a case for every sample in ../shared/real-output/', () => {
    const covered = new Set([...Object.keys(PRINTS), ...Object.keys(COMMANDS), ...Object.keys(ELSEWHERE), ...OTHERS]);
    expect(realOutputFiles().filter((name) => !covered.has(name))).toEqual([]);
    expect([...covered].filter((name) => !realOutputFiles().includes(name))).toEqual([]);
  });

  it('knows every key the real records print: the simulator prints it, or it is listed with why not', () => {
    for (const name of Object.keys(PRINTS)) {
      const unknown = printShape(readRealOutput(name)).filter((line) => !MODELLED_KEYS.has(line.key) && !NOT_MODELLED_KEYS.has(line.key));
      expect(unknown, name).toEqual([]);
    }
  });

  it.each(Object.keys(PRINTS))('print: %s', async (name) => {
    const simulated = await PRINTS[name]!();
    expect(structureErrors(simulated)).toEqual([]);
    expect(shapeDifferences(readRealOutput(name), simulated)).toEqual([]);
    // Nested blocks repeat the job's own state keys, as on a real Mac: always `state` and `pid`, and
    // `last exit code` where the sample repeats it.
    const repeated = nestedKeys(readRealOutput(name)).filter((key) => REPEATED_STATE_KEYS.includes(key));
    expect(nestedKeys(simulated)).toEqual(expect.arrayContaining(['state', 'pid', ...repeated]));
  });

  it.each(Object.keys(COMMANDS))('answer: %s', async (name) => {
    const real = readRealCommand(name);
    const answer = await COMMANDS[name]!();
    expect(answer.exit).toBe(real.exitCode);
    expect(textShape(answer.stderr)).toBe(textShape(real.stderr));
  });

  it('print-disabled: the `disabled services` block at the margin, one override a line, then the login item associations', async () => {
    await sim.launchctl(['disable', `${gui()}/shape.off`]);
    await sim.launchctl(['enable', `${gui()}/shape.on`]);
    const simulated = (await sim.launchctl(['print-disabled', gui()])).stdout;
    const blockOf = (text: string, name: string): string[] => {
      const lines = text.split('\n');
      const start = lines.indexOf(`${name} = {`);
      return start < 0 ? [] : lines.slice(start, lines.indexOf('}', start) + 1);
    };
    // Each override as `"label" => <word>`: macOS 26 says disabled/enabled, older systems true/false.
    const overrides = (text: string): string[] => [...new Set(blockOf(text, 'disabled services').map((line) => textShape(line).replace(/=> \w+$/, '=> WORD')))];
    const real = readRealOutput('disabled-01-user501-true-false-ninehills-85.txt');
    expect(overrides(simulated)).toEqual(overrides(real));
    expect(simulated).toMatch(/"shape\.off" => disabled\n/);
    expect(simulated).toMatch(/"shape\.on" => enabled\n/);
    expect(blockOf(simulated, 'login item associations')).not.toEqual([]);
    expect(simulated.indexOf('login item associations')).toBeGreaterThan(simulated.indexOf('disabled services'));
  });

  it('list: a `PID Status Label` header, then one tab-separated row a job, `-` without a process', async () => {
    await load(gui(), { label: 'list.running', keys: { RunAtLoad: true } });
    const done = await load(gui(), { label: 'list.done', job: ['exit', '0'], keys: { RunAtLoad: true } });
    await printedWhen(done, (f) => f.get('last exit code') === '0');
    const simulated = (await sim.launchctl(['list'])).stdout;
    const real = readRealOutput('list-01-elcapitan-lunchy-go-7.txt');
    const rowForms = (text: string): string[] => [...new Set(text.trim().split('\n').slice(1).map((line) => textShape(line.replace(/\t[^\t]+$/, '\tLABEL'))))].sort();
    expect(simulated.split('\n')[0]).toBe(real.split('\n')[0]);
    expect(rowForms(simulated)).toEqual(expect.arrayContaining(rowForms(real)));
    for (const line of simulated.trim().split('\n').slice(1)) expect(line).toMatch(/^(\d+|-)\t-?\d+\t\S+$/);
  });
});
