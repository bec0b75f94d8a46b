import { chmod, chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimulator, runProgram, type Simulator } from '../support/simulator.js';
import { isPidAlive } from './pid.js';
import { readPidFile } from './pid-file.js';
import { simPaths } from './paths.js';
import { printFields, waitFor, writeJobPlist, type JobPlistOptions } from './testkit.js';
import type { ExitEvent, SimEvent, SpawnEvent, SpawnFailedEvent } from './types.js';

const sims: Simulator[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.stop()));
});

async function simulator(opts: Parameters<typeof createSimulator>[0] = {}): Promise<Simulator> {
  const sim = await createSimulator(opts);
  sims.push(sim);
  return sim;
}

const gui = (sim: Simulator): string => `gui/${sim.uid}`;
const plistFor = (sim: Simulator, options: JobPlistOptions): Promise<string> => writeJobPlist(sim.agentsDir, options);

async function fields(sim: Simulator, target: string): Promise<Map<string, string>> {
  const printed = await sim.launchctl(['print', target]);
  expect(printed.exit, printed.stderr).toBe(0);
  return printFields(printed.stdout);
}

async function waitForPid(sim: Simulator, target: string, notPid: number | null = null): Promise<number> {
  return waitFor(`a pid for ${target}`, async () => {
    const pid = (await fields(sim, target)).get('pid');
    return pid !== undefined && Number(pid) !== notPid ? Number(pid) : undefined;
  });
}

/** A pid whose job has logged its start line (after installing its signal handlers) to `out`. */
async function waitForReadyPid(sim: Simulator, target: string, out: string): Promise<number> {
  const pid = await waitForPid(sim, target);
  await waitFor(`job ${pid} to be ready`, () => existsSync(out) && readFileSync(out, 'utf8').includes(`job ${pid} `));
  return pid;
}

const spawns = (events: SimEvent[], label?: string): SpawnEvent[] =>
  events.filter((e): e is SpawnEvent => e.type === 'spawn' && (label === undefined || e.label === label));
const exits = (events: SimEvent[], label?: string): ExitEvent[] =>
  events.filter((e): e is ExitEvent => e.type === 'exit' && (label === undefined || e.label === label));
const failures = (events: SimEvent[]): SpawnFailedEvent[] =>
  events.filter((e): e is SpawnFailedEvent => e.type === 'spawn-failed');

async function waitForEvents(sim: Simulator, what: string, check: (events: SimEvent[]) => boolean): Promise<SimEvent[]> {
  return waitFor(what, async () => {
    const events = await sim.events();
    return check(events) ? events : undefined;
  });
}

/** A Node job that knows which run it is (`n`, from 1: a file it appends to each run) and does `body`. */
async function countedRuns(sim: Simulator, name: string, body: string): Promise<string> {
  const counter = join(sim.root, `${name}.count`);
  await writeFile(counter, '');
  const script = join(sim.root, `${name}.mjs`);
  await writeFile(
    script,
    `import { appendFileSync, readFileSync } from 'node:fs';\n` +
      `appendFileSync(${JSON.stringify(counter)}, 'x');\n` +
      `const n = readFileSync(${JSON.stringify(counter)}, 'utf8').length;\n` +
      body,
  );
  return script;
}

describe('launchctl simulator: bootstrap', () => {
  it('loads a job, spawns it at load with launchd\'s minimal environment, and refuses a second load', async () => {
    const sim = await simulator();
    const envFile = join(sim.root, 'env.json');
    const path = await plistFor(sim, {
      label: 'test.env',
      job: ['env', envFile],
      keys: { RunAtLoad: true, WorkingDirectory: sim.home, EnvironmentVariables: { HERMES_HOME: sim.hermesHome, FOO: 'bar' } },
    });
    const loaded = await sim.launchctl(['bootstrap', gui(sim), path]);
    expect(loaded).toEqual({ exit: 0, stdout: '', stderr: '' });
    const pid = await waitForPid(sim, `${gui(sim)}/test.env`);
    const { env, cwd } = JSON.parse(await waitFor('env file', () => existsSync(envFile) && readFile(envFile, 'utf8'))) as {
      env: Record<string, string>;
      cwd: string;
    };
    expect(env).toEqual({
      HOME: sim.home,
      PATH: '/usr/bin:/bin:/usr/sbin:/sbin',
      HERMES_HOME: sim.hermesHome,
      FOO: 'bar',
      XPC_SERVICE_NAME: 'test.env',
    });
    expect(cwd).toBe(sim.home);
    const spawn = spawns(await sim.events())[0];
    expect(spawn).toMatchObject({ domain: gui(sim), label: 'test.env', pid, home: sim.hermesHome });

    const again = await sim.launchctl(['bootstrap', gui(sim), path]);
    expect(again).toEqual({ exit: 5, stdout: '', stderr: 'Bootstrap failed: 5: Input/output error\nTry re-running the command as root for richer errors.\n' });
  });

  it('refuses a group- or world-writable plist and one owned by another user with 122', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.perm', mode: 0o664 });
    const expected = { exit: 122, stdout: '', stderr: 'Bootstrap failed: 122: Path had bad ownership/permissions\n' };
    expect(await sim.launchctl(['bootstrap', gui(sim), path])).toEqual(expected);
    await chmod(path, 0o646);
    expect(await sim.launchctl(['bootstrap', gui(sim), path])).toEqual(expected);
    await chmod(path, 0o644);
    if (sim.uid === 0) {
      await chown(path, 4242, 4242);
      expect(await sim.launchctl(['bootstrap', gui(sim), path])).toEqual(expected);
      await chown(path, 0, 0);
    }
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
  });

  it('answers 5 with "Invalid property list" for a malformed plist, and 2 for a missing one', async () => {
    const sim = await simulator();
    const path = join(sim.agentsDir, 'broken.plist');
    await writeFile(path, '<?xml version="1.0"?><plist><dict><key>Label</key>', { mode: 0o644 });
    const result = await sim.launchctl(['bootstrap', gui(sim), path]);
    expect(result.exit).toBe(5);
    expect(result.stderr).toContain('Invalid property list');
    const noLabel = join(sim.agentsDir, 'nolabel.plist');
    await writeFile(noLabel, '<?xml version="1.0"?><plist version="1.0"><dict><key>RunAtLoad</key><true/></dict></plist>', {
      mode: 0o644,
    });
    expect((await sim.launchctl(['bootstrap', gui(sim), noLabel])).stderr).toContain('Invalid property list');
    expect((await sim.launchctl(['bootstrap', gui(sim), join(sim.agentsDir, 'missing.plist')])).exit).toBe(2);
  });

  it('keeps a disabled job from loading until it is enabled; disable does not unload', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.disabled', keys: { RunAtLoad: true } });
    const target = `${gui(sim)}/test.disabled`;
    expect((await sim.launchctl(['disable', target])).exit).toBe(0);
    const refused = await sim.launchctl(['bootstrap', gui(sim), path]);
    expect(refused.exit).toBe(5);
    expect(refused.stderr).toBe('Bootstrap failed: 5: Input/output error\nService is disabled\n');
    const disabled = await sim.launchctl(['print-disabled', gui(sim)]);
    expect(disabled.stdout).toContain('"test.disabled" => disabled');
    expect(JSON.parse(await readFile(simPaths(sim.simDir).overrides, 'utf8'))).toEqual({ [target]: true });

    expect((await sim.launchctl(['enable', target])).exit).toBe(0);
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const pid = await waitForPid(sim, target);
    expect((await sim.launchctl(['disable', target])).exit).toBe(0);
    expect(await waitForPid(sim, target)).toBe(pid);
  });

  it('without a GUI session: gui/ answers 125 and 112, user/ works, legacy commands use user/', async () => {
    const sim = await simulator({ guiSession: false });
    const path = await plistFor(sim, { label: 'test.nogui', keys: { RunAtLoad: true } });
    expect(await sim.launchctl(['bootstrap', gui(sim), path])).toEqual({
      exit: 125,
      stdout: '',
      stderr: 'Bootstrap failed: 125: Domain does not support specified action\n',
    });
    expect(await sim.launchctl(['print', `${gui(sim)}/test.nogui`])).toEqual({
      exit: 112,
      stdout: '',
      stderr: `Bad request.\nCould not find domain for user gui: ${sim.uid}\n`,
    });
    expect((await sim.launchctl(['print', gui(sim)])).exit).toBe(112);
    expect((await sim.launchctl(['load', path])).exit).toBe(0);
    await waitForPid(sim, `user/${sim.uid}/test.nogui`);
    expect(spawns(await sim.events())[0]?.domain).toBe(`user/${sim.uid}`);
  });

  it('loads the same label in gui/ and user/ as two jobs (how duplicates happen)', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.twice', keys: { RunAtLoad: true } });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    expect((await sim.launchctl(['bootstrap', `user/${sim.uid}`, path])).exit).toBe(0);
    const a = await waitForPid(sim, `${gui(sim)}/test.twice`);
    const b = await waitForPid(sim, `user/${sim.uid}/test.twice`);
    expect(a).not.toBe(b);
  });
});

describe('launchctl simulator: spawn failures (78)', () => {
  it('answers 0 for a missing program, then the spawn fails with 78; KeepAlive retries obey the throttle', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, {
      label: 'test.missing',
      programArguments: [join(sim.root, 'no-such-program')],
      keys: { KeepAlive: true, ThrottleInterval: 5 },
    });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const events = await waitForEvents(sim, 'three failed spawns', (e) => failures(e).length >= 3);
    const times = failures(events).map((e) => e.t);
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(5 * 0.02 * 1e6 * 0.95);
    }
    const f = await fields(sim, `${gui(sim)}/test.missing`);
    expect(f.get('last exit code')).toBe('78: EX_CONFIG');
    expect(f.has('pid')).toBe(false);
    expect(f.get('state')).toBe('spawn scheduled');
  });

  it('fails the spawn with 78 and writes no log when a log path cannot be opened', async () => {
    const sim = await simulator();
    const errLog = join(sim.hermesHome, 'logs', 'err.log');
    const path = await plistFor(sim, {
      label: 'test.badlog',
      keys: {
        RunAtLoad: true,
        StandardOutPath: join(sim.root, 'no', 'such', 'dir', 'out.log'),
        StandardErrorPath: errLog,
      },
    });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    await waitForEvents(sim, 'a failed spawn', (e) => failures(e).length === 1);
    const f = await fields(sim, `${gui(sim)}/test.badlog`);
    expect(f.get('last exit code')).toBe('78: EX_CONFIG');
    expect(f.get('state')).toBe('not running');
    expect(f.get('job state')).toBe('spawn failed');
    expect(spawns(await sim.events())).toEqual([]);
    expect(existsSync(errLog)).toBe(false);
  });

  it('opens existing log paths for append and creates missing files', async () => {
    const sim = await simulator();
    const out = join(sim.root, 'out.log');
    await writeFile(out, 'before\n');
    const path = await plistFor(sim, { label: 'test.log', job: ['exit', '0'], keys: { RunAtLoad: true, StandardOutPath: out } });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    await waitForEvents(sim, 'the exit', (e) => exits(e).length === 1);
    expect(await readFile(out, 'utf8')).toMatch(/^before\njob \d+ exit 0\n$/);
  });
});

describe('launchctl simulator: xpcproxy, refused spawns, crash counts', () => {
  it('between the spawn and the exec the job is in xpcproxy: counted, active, no pid yet', async () => {
    const sim = await simulator();
    await sim.inject({ command: 'spawn', match: 'test.xpc', delayMs: 600 });
    const path = await plistFor(sim, { label: 'test.xpc', keys: { RunAtLoad: true } });
    const target = `${gui(sim)}/test.xpc`;
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const during = await fields(sim, target);
    expect(Object.fromEntries([...during].filter(([key]) => ['state', 'active count', 'runs', 'last exit code'].includes(key)))).toEqual({
      state: 'xpcproxy',
      'active count': '1',
      runs: '1',
      'last exit code': '(never exited)',
    });
    expect(during.has('pid')).toBe(false);
    expect(during.has('job state')).toBe(false);
    // kickstart waits for the exec, as for any spawn.
    const pid = Number((await sim.launchctl(['kickstart', '-p', target])).stdout.trim());
    expect(pid).toBeGreaterThan(0);
    const after = await fields(sim, target);
    expect([after.get('state'), after.get('pid'), after.get('job state'), after.get('runs')]).toEqual(['running', String(pid), 'running', '1']);
  });

  it('a bootout during xpcproxy removes the job and nothing is exec\'d', async () => {
    const sim = await simulator({ teardownMs: 0 });
    await sim.inject({ command: 'spawn', match: 'test.xpcgone', delayMs: 400 });
    const path = await plistFor(sim, { label: 'test.xpcgone', keys: { RunAtLoad: true } });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    expect((await sim.launchctl(['bootout', `${gui(sim)}/test.xpcgone`])).exit).toBe(0);
    expect((await sim.launchctl(['print', `${gui(sim)}/test.xpcgone`])).exit).toBe(113);
    await sleep(600);
    expect(spawns(await sim.events())).toEqual([]);
  });

  it('a spawn macOS refuses: `last exit reason`, no exit code, `job state = spawn failed`, retried under the throttle until it is allowed', async () => {
    const sim = await simulator();
    await sim.inject({ command: 'spawn', match: 'test.unsigned', exitReason: 'OS_REASON_CODESIGNING', times: 3 });
    const path = await plistFor(sim, { label: 'test.unsigned', keys: { KeepAlive: true, ThrottleInterval: 20 } });
    const target = `${gui(sim)}/test.unsigned`;
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const refused = await waitFor('two refusals', async () => {
      const f = await fields(sim, target);
      return f.get('runs') === '2' && f.get('state') === 'spawn scheduled' ? f : undefined;
    });
    expect(refused.get('last exit reason')).toBe('OS_REASON_CODESIGNING');
    expect(refused.get('job state')).toBe('spawn failed');
    expect(refused.get('successive crashes')).toBe('2');
    expect(refused.has('last exit code')).toBe(false);
    expect(refused.has('pid')).toBe(false);
    expect((await sim.launchctl(['list'])).stdout).toContain('-\t-9\ttest.unsigned\n');
    expect(failures(await sim.events()).map((e) => e.reason)).toEqual(['OS_REASON_CODESIGNING', 'OS_REASON_CODESIGNING']);
    // The fourth spawn is allowed: a process runs, and the record keeps the last refusal.
    const pid = await waitForPid(sim, target);
    const running = await fields(sim, target);
    expect(running.get('runs')).toBe('4');
    expect(running.get('job state')).toBe('running');
    expect(running.get('last exit reason')).toBe('OS_REASON_CODESIGNING');
    expect(spawns(await sim.events()).map((e) => e.pid)).toEqual([pid]);
  });

  it('an injected spawn exit fails the spawn as launchd\'s own 78 does', async () => {
    const sim = await simulator();
    await sim.inject({ command: 'spawn', match: 'test.nospawn', exit: 78, times: 1000 });
    const path = await plistFor(sim, { label: 'test.nospawn', keys: { RunAtLoad: true } });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const f = await waitFor('the failed spawn', async () => ((await fields(sim, `${gui(sim)}/test.nospawn`)).get('job state') === 'spawn failed' ? fields(sim, `${gui(sim)}/test.nospawn`) : undefined));
    expect(f.get('state')).toBe('not running');
    expect(f.get('last exit code')).toBe('78: EX_CONFIG');
    expect(f.get('successive crashes')).toBe('0');
  });

  it('successive crashes counts deaths by signal in a row; an exit with a code ends the run', async () => {
    const sim = await simulator();
    // Two crashes (SIGSEGV), then exit 1, then it stays up.
    const script = await countedRuns(
      sim,
      'crashy',
      `if (n <= 2) process.kill(process.pid, 'SIGSEGV');\n` +
        `else if (n === 3) process.exit(1);\n` +
        `else { process.on('SIGTERM', () => process.exit(0)); setInterval(() => {}, 60000); }\n`,
    );
    // A throttle longer than a Node start on a busy machine, so the record is seen between two runs.
    const path = await plistFor(sim, { label: 'test.crashy', programArguments: [process.execPath, script], keys: { KeepAlive: true, ThrottleInterval: 100 } });
    const target = `${gui(sim)}/test.crashy`;
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const afterTwo = await waitFor('two crashes', async () => {
      const f = await fields(sim, target);
      return f.get('last terminating signal') === 'Segmentation fault: 11' && f.get('runs') === '2' && !f.has('pid') ? f : undefined;
    }, 20_000);
    expect(afterTwo.get('successive crashes')).toBe('2');
    const up = await waitFor('the run after the exit 1', async () => {
      const f = await fields(sim, target);
      return f.get('runs') === '4' && f.has('pid') ? f : undefined;
    }, 20_000);
    expect(up.get('last exit code')).toBe('1');
    expect(up.get('successive crashes')).toBe('0');
    const pid = Number(up.get('pid'));
    expect((await sim.launchctl(['kill', 'SIGKILL', target])).exit).toBe(0);
    await waitForPid(sim, target, pid);
    expect((await fields(sim, target)).get('successive crashes')).toBe('1');
  });
});

describe('launchctl simulator: KeepAlive and ThrottleInterval', () => {
  it('KeepAlive true respawns after every exit, never more than once per ThrottleInterval', async () => {
    const sim = await simulator();
    // A throttle longer than a Node job's start and exit on a busy machine, so the job waits for it.
    const path = await plistFor(sim, { label: 'test.ka', job: ['exit', '0'], keys: { KeepAlive: true, ThrottleInterval: 50 } });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const events = await waitForEvents(sim, 'three spawns', (e) => spawns(e).length >= 3);
    const times = spawns(events).map((e) => e.t);
    for (let i = 1; i < times.length; i += 1) {
      expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(50 * 0.02 * 1e6 * 0.95);
    }
    await waitFor('spawn scheduled', async () => (await fields(sim, `${gui(sim)}/test.ka`)).get('state') === 'spawn scheduled');
  });

  it('KeepAlive {SuccessfulExit: false} implies RunAtLoad, respawns after a failure, not after exit 0', async () => {
    const sim = await simulator();
    // the job exits 1 twice, then 0
    const script = await countedRuns(sim, 'flaky', 'process.exit(n < 3 ? 1 : 0);\n');
    const path = await plistFor(sim, {
      label: 'test.se',
      programArguments: [process.execPath, script],
      keys: { KeepAlive: { SuccessfulExit: false }, ThrottleInterval: 1 },
    });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const events = await waitForEvents(sim, 'exit 0', (e) => exits(e).some((x) => x.code === 0));
    expect(exits(events).map((e) => e.code)).toEqual([1, 1, 0]);
    await sleep(200);
    expect(spawns(await sim.events())).toHaveLength(3);
    expect((await fields(sim, `${gui(sim)}/test.se`)).get('state')).toBe('not running');
  });

  it('KeepAlive {Crashed: true} respawns after a crash signal, not after SIGKILL', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, {
      label: 'test.crash',
      job: ['signal', 'SIGABRT', '50'],
      keys: { RunAtLoad: true, KeepAlive: { Crashed: true }, ThrottleInterval: 1 },
    });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    await waitForEvents(sim, 'a respawn after SIGABRT', (e) => spawns(e).length >= 2);
    const target = `${gui(sim)}/test.crash`;
    expect((await fields(sim, target)).get('last terminating signal')).toBe('Abort trap: 6');
    const pid = await waitForPid(sim, target);
    expect((await sim.launchctl(['kill', 'KILL', target])).exit).toBe(0);
    const events = await waitForEvents(sim, 'the SIGKILL exit', (e) => exits(e).some((x) => x.pid === pid));
    const count = spawns(events).length;
    await sleep(200);
    expect(spawns(await sim.events())).toHaveLength(count);
    expect((await fields(sim, target)).get('last terminating signal')).toBe('Killed: 9');
  });

  it('a job without RunAtLoad or KeepAlive is loaded but not spawned', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.idle' });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const f = await fields(sim, `${gui(sim)}/test.idle`);
    expect(f.get('state')).toBe('not running');
    expect(f.get('last exit code')).toBe('(never exited)');
    expect(f.get('runs')).toBe('0');
  });
});

describe('launchctl simulator: bootout', () => {
  it('answers 0 before the process exits, keeps the record as SIGTERMed, then a teardown window', async () => {
    const sim = await simulator({ teardownMs: 15_000 });
    const path = await plistFor(sim, {
      label: 'test.bo',
      job: ['ignore-term'],
      keys: { RunAtLoad: true, KeepAlive: true, ExitTimeOut: 25, StandardOutPath: join(sim.root, 'bo.out') },
    });
    const target = `${gui(sim)}/test.bo`;
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const pid = await waitForReadyPid(sim, target, join(sim.root, 'bo.out'));
    expect(await sim.launchctl(['bootout', target])).toEqual({ exit: 0, stdout: '', stderr: '' });
    expect(isPidAlive(pid)).toBe(true);
    const during = await fields(sim, target);
    expect(during.get('state')).toBe('SIGTERMed');
    expect(during.get('pid')).toBe(String(pid));
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(5);

    await waitFor('the record to go', async () => (await sim.launchctl(['print', target])).exit === 113);
    expect(isPidAlive(pid)).toBe(false);
    expect(await sim.launchctl(['bootstrap', gui(sim), path])).toEqual({
      exit: 5,
      stdout: '',
      stderr: 'Bootstrap failed: 5: Input/output error\nTry re-running the command as root for richer errors.\n',
    });
    await waitFor('the teardown window to end', async () => (await sim.launchctl(['bootstrap', gui(sim), path])).exit === 0);

    const events = await sim.events();
    const order = events
      .filter((e) => (e.type === 'command' && e.argv[0] === 'bootout') || ((e.type === 'signal' || e.type === 'exit') && e.pid === pid))
      .map((e) => (e.type === 'signal' ? `signal ${e.signal}` : e.type));
    expect(order).toEqual(['signal SIGTERM', 'command', 'signal SIGKILL', 'exit']);
    expect(spawns(events, 'test.bo').filter((e) => e.t < (exits(events, 'test.bo')[0]?.t ?? 0))).toHaveLength(1);
  });

  it('answers 3 when the job is not loaded; bootout by domain and plist path works', async () => {
    const sim = await simulator();
    expect(await sim.launchctl(['bootout', `${gui(sim)}/test.none`])).toEqual({
      exit: 3,
      stdout: '',
      stderr: 'Boot-out failed: 3: No such process\n',
    });
    const path = await plistFor(sim, { label: 'test.bypath', keys: { RunAtLoad: true } });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const pid = await waitForPid(sim, `${gui(sim)}/test.bypath`);
    expect((await sim.launchctl(['bootout', gui(sim), path])).exit).toBe(0);
    await waitFor('exit', () => !isPidAlive(pid));
  });

  it('removes a job that is not running at once, and never respawns it', async () => {
    const sim = await simulator({ teardownMs: 0 });
    // A throttle longer than a Node job's start and exit on a busy machine, so the respawn waits for it.
    const path = await plistFor(sim, { label: 'test.gone', job: ['exit', '1'], keys: { KeepAlive: true, ThrottleInterval: 100 } });
    const target = `${gui(sim)}/test.gone`;
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    await waitFor('spawn scheduled', async () => (await fields(sim, target)).get('state') === 'spawn scheduled');
    expect((await sim.launchctl(['bootout', target])).exit).toBe(0);
    expect((await sim.launchctl(['print', target])).exit).toBe(113);
    await sleep(100 * 20 + 100);
    expect(spawns(await sim.events())).toHaveLength(1);
  });
});

describe('launchctl simulator: kickstart, kill, print, list', () => {
  it('kickstart: 113 when not loaded, spawns a job that does not run (-p prints the pid), nothing when running', async () => {
    const sim = await simulator();
    const target = `${gui(sim)}/test.ks`;
    expect(await sim.launchctl(['kickstart', target])).toEqual({
      exit: 113,
      stdout: '',
      stderr: `Could not find service "test.ks" in domain for user gui: ${sim.uid}\n`,
    });
    const path = await plistFor(sim, { label: 'test.ks' });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const started = await sim.launchctl(['kickstart', '-p', target]);
    expect(started.exit).toBe(0);
    const pid = Number(started.stdout.trim());
    expect(isPidAlive(pid)).toBe(true);
    expect(await sim.launchctl(['kickstart', target])).toEqual({ exit: 0, stdout: '', stderr: '' });
    expect((await sim.launchctl(['kickstart', '-p', target])).stdout).toBe(`${pid}\n`);
    expect(spawns(await sim.events())).toHaveLength(1);
  });

  it('kickstart -k: SIGTERM, SIGKILL after ExitTimeOut, then one new spawn after the throttle; blocks only its own client', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, {
      label: 'test.kk',
      job: ['ignore-term'],
      keys: { RunAtLoad: true, KeepAlive: true, ExitTimeOut: 20, ThrottleInterval: 30, StandardOutPath: join(sim.root, 'kk.out') },
    });
    const target = `${gui(sim)}/test.kk`;
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const oldPid = await waitForReadyPid(sim, target, join(sim.root, 'kk.out'));
    const restart = sim.launchctl(['kickstart', '-k', '-p', target]);
    await waitFor('SIGTERMed', async () => (await fields(sim, target)).get('state') === 'SIGTERMed');
    const done = await restart;
    expect(done.exit).toBe(0);
    const newPid = Number(done.stdout.trim());
    expect(newPid).not.toBe(oldPid);
    const events = await sim.events();
    const old = spawns(events)[0];
    const next = spawns(events)[1];
    const oldExit = exits(events).find((e) => e.pid === oldPid);
    expect(oldExit?.signal).toBe('SIGKILL');
    expect(spawns(events)).toHaveLength(2);
    expect(next?.t ?? 0).toBeGreaterThan(oldExit?.t ?? Infinity);
    expect((next?.t ?? 0) - (old?.t ?? 0)).toBeGreaterThanOrEqual(30 * 0.02 * 1e6 * 0.95);
  });

  it('kill sends the signal and KeepAlive decides; signal names and numbers both work', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.kill', keys: { RunAtLoad: true, KeepAlive: true, ThrottleInterval: 1 } });
    const target = `${gui(sim)}/test.kill`;
    expect((await sim.launchctl(['kill', 'TERM', target])).exit).toBe(113);
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const first = await waitForPid(sim, target);
    expect((await sim.launchctl(['kill', 'SIGTERM', target])).exit).toBe(0);
    const second = await waitForPid(sim, target, first);
    expect((await sim.launchctl(['kill', '15', target])).exit).toBe(0);
    await waitForPid(sim, target, second);
    expect((await sim.launchctl(['kill', 'NOPE', target])).exit).toBe(64);
    const signals = (await sim.events()).filter((e) => e.type === 'signal' && e.pid > 0);
    expect(signals.map((e) => (e.type === 'signal' ? e.signal : ''))).toEqual(['SIGTERM', 'SIGTERM']);
  });

  it('print shows the record (one-tab keys, nested blocks repeating keys) and the exit line forms', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, {
      label: 'test.print',
      job: ['exit', '75'],
      keys: { RunAtLoad: true, EnvironmentVariables: { HERMES_HOME: sim.hermesHome } },
    });
    const target = `${gui(sim)}/test.print`;
    expect((await sim.launchctl(['print', target])).exit).toBe(113);
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    await waitForEvents(sim, 'the exit', (e) => exits(e).length === 1);
    const printed = await sim.launchctl(['print', target]);
    expect(printed.stdout.startsWith(`${target} = {\n`)).toBe(true);
    expect(printed.stdout.endsWith('}\n')).toBe(true);
    expect(printed.stdout).toContain('\tjetsam coalition = {\n');
    expect(printed.stdout).toMatch(/^\t\tstate = active$/m);
    expect(printed.stdout).toContain(`\t\tXPC_SERVICE_NAME => test.print\n`);
    const f = printFields(printed.stdout);
    expect(f.get('path')).toBe(path);
    expect(f.get('state')).toBe('not running');
    expect(f.get('program')).toBe(process.execPath);
    expect(f.get('runs')).toBe('1');
    expect(f.get('last exit code')).toBe('75: EX_TEMPFAIL');
    expect(f.get('job state')).toBe('exited');
    expect(f.get('exit timeout')).toBe('5');
    expect(f.has('pid')).toBe(false);

    const listed = await sim.launchctl(['list', 'test.print']);
    expect(listed.stdout).toContain('"LastExitStatus" = 19200;');
    expect(listed.stdout).not.toContain('"PID"');
    const table = await sim.launchctl(['list']);
    expect(table.stdout).toBe('PID\tStatus\tLabel\n-\t75\ttest.print\n');
    expect((await sim.launchctl(['list', 'test.none'])).exit).toBe(113);
  });

  it('launchd keeps its copy of the plist: editing the file changes nothing until a reload', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.copy', keys: { RunAtLoad: true } });
    const target = `${gui(sim)}/test.copy`;
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    await writeJobPlist(sim.agentsDir, { label: 'test.copy', programArguments: ['/bin/true'] });
    expect((await fields(sim, target)).get('program')).toBe(process.execPath);
  });

  it('an unknown subcommand answers 64 with a usage line; no LAUNCHD_SIM_DIR answers 64', async () => {
    const sim = await simulator();
    const result = await sim.launchctl(['frobnicate']);
    expect(result.exit).toBe(64);
    expect(result.stderr).toMatch(/Usage: launchctl/);
    const { LAUNCHD_SIM_DIR: _unused, ...env } = sim.env;
    const bare = await runProgram(sim.launchctlPath, ['list'], env);
    expect(bare.exit).toBe(64);
    expect(bare.stderr).toMatch(/LAUNCHD_SIM_DIR/);
  });
});

describe('launchctl simulator: legacy commands', () => {
  it('load/unload always exit 0 and report failures as text; start/stop act on the loaded job', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.legacy', keys: { KeepAlive: { SuccessfulExit: false }, ThrottleInterval: 1, StandardOutPath: join(sim.root, 'legacy.out') } });
    expect(await sim.launchctl(['start', 'test.legacy'])).toEqual({ exit: 3, stdout: '', stderr: 'No such process\n' });
    expect(await sim.launchctl(['load', path])).toEqual({ exit: 0, stdout: '', stderr: '' });
    const again = await sim.launchctl(['load', path]);
    expect(again).toEqual({ exit: 0, stdout: '', stderr: 'Load failed: 5: Input/output error\nTry running `launchctl bootstrap` as root for richer errors.\n' });
    const target = `${gui(sim)}/test.legacy`;
    const pid = await waitForReadyPid(sim, target, join(sim.root, 'legacy.out'));
    // stop: SIGTERM; the job exits 0 so SuccessfulExit: false does not respawn it
    expect((await sim.launchctl(['stop', 'test.legacy'])).exit).toBe(0);
    await waitFor('not running', async () => (await fields(sim, target)).get('state') === 'not running');
    expect((await sim.launchctl(['start', 'test.legacy'])).exit).toBe(0);
    const restarted = await waitForPid(sim, target, pid);
    expect((await sim.launchctl(['unload', path])).exit).toBe(0);
    await waitFor('the exit', () => !isPidAlive(restarted));
    // The job stays in its domain until the teardown is over; only then is there nothing to unload.
    await waitFor('the teardown', async () => (await sim.launchctl(['print', target])).exit !== 0);
    expect(await sim.launchctl(['unload', path])).toEqual({ exit: 0, stdout: '', stderr: 'Unload failed: 3: No such process\n' });
    const bad = join(sim.agentsDir, 'bad.plist');
    await writeFile(bad, 'nope', { mode: 0o644 });
    expect((await sim.launchctl(['load', bad])).exit).toBe(0);
  });

  it('stop on a KeepAlive true job respawns it', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.stop', keys: { KeepAlive: true, ThrottleInterval: 1 } });
    expect((await sim.launchctl(['load', path])).exit).toBe(0);
    const target = `${gui(sim)}/test.stop`;
    const pid = await waitForPid(sim, target);
    expect((await sim.launchctl(['stop', 'test.stop'])).exit).toBe(0);
    await waitForPid(sim, target, pid);
  });
});

describe('launchctl simulator: fault injection and the event log', () => {
  it('an injected failure replaces the command once, matching by substring', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.inject', keys: { RunAtLoad: true } });
    await sim.inject({ command: 'bootstrap', match: 'other.plist', exit: 5, stderr: 'never' });
    await sim.inject({ command: 'bootstrap', exit: 37, stderr: 'Bootstrap failed: 37: Operation already in progress' });
    expect(await sim.launchctl(['bootstrap', gui(sim), path])).toEqual({
      exit: 37,
      stdout: '',
      stderr: 'Bootstrap failed: 37: Operation already in progress\n',
    });
    expect(spawns(await sim.events())).toEqual([]);
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const left = JSON.parse(await readFile(simPaths(sim.simDir).inject, 'utf8')) as unknown[];
    expect(left).toEqual([{ command: 'bootstrap', match: 'other.plist', exit: 5, stderr: 'never' }]);
  });

  it('an `executed` answer: the command runs and only its answer is replaced (bootout answering 36)', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.36', keys: { RunAtLoad: true } });
    const target = `${gui(sim)}/test.36`;
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const pid = await waitForPid(sim, target);
    await sim.inject({ command: 'bootout', exit: 36, executed: true, stderr: 'Boot-out failed: 36: Operation now in progress' });
    expect(await sim.launchctl(['bootout', target])).toEqual({ exit: 36, stdout: '', stderr: 'Boot-out failed: 36: Operation now in progress\n' });
    await waitFor('the exit', () => !isPidAlive(pid));
    await waitFor('the record to go', async () => (await sim.launchctl(['print', target])).exit === 113);
  });

  it('times, delayMs without exit, and a slow bootout (teardownMs)', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.slow', keys: { RunAtLoad: true } });
    const target = `${gui(sim)}/test.slow`;
    await sim.inject({ command: 'print', exit: 113, times: 2 });
    expect((await sim.launchctl(['print', target])).exit).toBe(113);
    expect((await sim.launchctl(['print', target])).exit).toBe(113);
    await sim.inject({ command: 'bootstrap', delayMs: 300 });
    const t0 = Date.now();
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    const pid = await waitForPid(sim, target);

    await sim.inject({ command: 'bootout', teardownMs: 600 });
    expect((await sim.launchctl(['bootout', target])).exit).toBe(0);
    const f = await fields(sim, target);
    expect(f.get('pid')).toBe(String(pid));
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(5);
    await waitFor('the exit', () => !isPidAlive(pid));
    const events = await sim.events();
    const bootoutAt = events.find((e) => e.type === 'command' && e.argv[0] === 'bootout')?.t ?? 0;
    const termAt = events.find((e) => e.type === 'signal' && e.pid === pid)?.t ?? 0;
    expect(termAt - bootoutAt).toBeGreaterThanOrEqual(600 * 1000 * 0.9);
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(5);
    await waitFor('the teardown window to end', async () => (await sim.launchctl(['bootstrap', gui(sim), path])).exit === 0);
  });

  it('logs commands when answered, spawns before the process starts, exits when reaped, in time order', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.log', job: ['exit', '3', '50'], keys: { RunAtLoad: true } });
    expect((await sim.launchctl(['bootstrap', gui(sim), path])).exit).toBe(0);
    const events = await waitForEvents(sim, 'the exit', (e) => exits(e).length === 1);
    expect(events.map((e) => e.type)).toEqual(['spawn', 'command', 'exit']);
    const ts = events.map((e) => e.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(events[2]).toMatchObject({ type: 'exit', label: 'test.log', code: 3, signal: null });
    expect(events[1]).toMatchObject({ type: 'command', argv: ['bootstrap', gui(sim), path], exit: 0 });
  });
});

describe('launchctl simulator: processes', () => {
  it('SIGTERMs the process group when the main process exits, unless AbandonProcessGroup', async () => {
    const sim = await simulator();
    const pidFile = (name: string): string => join(sim.root, `${name}.pid`);
    const grouped = await plistFor(sim, { label: 'test.group', job: ['child', pidFile('group')], keys: { RunAtLoad: true } });
    const abandoned = await plistFor(sim, {
      label: 'test.abandon',
      job: ['child', pidFile('abandon')],
      keys: { RunAtLoad: true, AbandonProcessGroup: true },
    });
    expect((await sim.launchctl(['bootstrap', gui(sim), grouped])).exit).toBe(0);
    expect((await sim.launchctl(['bootstrap', gui(sim), abandoned])).exit).toBe(0);
    await waitForEvents(sim, 'both exits', (e) => exits(e).length === 2);
    const groupChild = Number(await readFile(pidFile('group'), 'utf8'));
    const abandonChild = Number(await readFile(pidFile('abandon'), 'utf8'));
    await waitFor('the grouped child to die', () => !isPidAlive(groupChild));
    expect(isPidAlive(abandonChild)).toBe(true);
    process.kill(abandonChild, 'SIGKILL');
  });

  it('starts one daemon for concurrent first clients, and it exits, killing its jobs, when its folder goes', async () => {
    const sim = await simulator();
    const path = await plistFor(sim, { label: 'test.daemon', job: ['ignore-term'], keys: { RunAtLoad: true } });
    const results = await Promise.all([
      sim.launchctl(['bootstrap', gui(sim), path]),
      sim.launchctl(['list']),
      sim.launchctl(['list']),
      sim.launchctl(['list']),
    ]);
    expect(results.map((r) => r.exit)).toEqual([0, 0, 0, 0]);
    const pid = await waitForPid(sim, `${gui(sim)}/test.daemon`);
    const daemon = readPidFile(simPaths(sim.simDir).pidFile);
    expect(daemon).not.toBeNull();
    const out = await readFile(simPaths(sim.simDir).daemonOut, 'utf8');
    expect(out.match(/listening on/g)).toHaveLength(1);
    const { rm } = await import('node:fs/promises');
    await rm(sim.simDir, { recursive: true, force: true });
    await waitFor('the daemon to exit', () => !isPidAlive(daemon ?? 0), 5_000);
    await waitFor('the job to die', () => !isPidAlive(pid), 5_000);
    await mkdir(sim.simDir, { recursive: true });
  });
});
