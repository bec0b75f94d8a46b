/**
 * The app's windowless command-line mode: the main entry (index.ts) started with the switch the
 * installed `hermes-bar` passes runs electron/cli against the launchd simulator, prints what
 * `npx hermes-bar` prints, exits with its status and creates no window, tray or IPC handler.
 * Electron is replaced at its boundary; the engine, the simulator and the stand-in Hermes are real.
 */
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('./fake-electron.js'));

import { CLI_SWITCH, cliArguments, runCliMode } from '../../electron/main/cli-mode.js';
import { fixture } from '../integration/fixture.js';
import type { Fixture } from '../integration/fixture.js';
import { cli, cliEnv } from '../support/cli.js';
import { app, fake } from './fake-electron.js';
import { tempDir } from './fake-engine.js';
import { until } from './harness.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const EXE = '/Applications/Hermes Bar.app/Contents/MacOS/Hermes Bar';

let world: Fixture;
const savedEnv = { ...process.env };

beforeAll(async () => {
  world = await fixture();
  await world.loadByHand(await world.hermesPlist());
  // Until the gateway has booted, so both looks below see the same settled state.
  for (let i = 0; i < 200 && ((await world.run(['status', '--json'])).json as { state?: string } | undefined)?.state !== 'running'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The command line reads its settings from the environment, as it does in a terminal.
  for (const key of Object.keys(process.env)) if (key.startsWith('HERMES_')) delete process.env[key];
  Object.assign(process.env, cliEnv(world.sim.env));
});

afterAll(async () => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  await world.finish();
});

/** stdout and stderr while `run` goes, as the terminal would see them. */
async function captured<T>(run: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const fakeWrite = (into: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(String(chunk));
      const callback = rest.find((r): r is () => void => typeof r === 'function');
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(fakeWrite(out));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(fakeWrite(err));
  try {
    return { value: await run(), out: out.join(''), err: err.join('') };
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
}

describe("the app's command-line mode", () => {
  it('index.ts started as `hermes-bar status --json`: the same JSON as npx hermes-bar, exit 0, no window, tray or IPC', async () => {
    const argv = process.argv;
    process.argv = [EXE, CLI_SWITCH, 'status', '--json'];
    const { out, err } = await captured(async () => {
      await import('../../electron/main/index.js');
      await until(() => app.exitCode !== null, 20_000);
    }).finally(() => {
      process.argv = argv;
    });
    expect(app.exitCode, err).toBe(0);
    expect(fake.windows).toEqual([]);
    expect(fake.trays).toEqual([]);
    expect(fake.ipcHandlers.size).toBe(0);
    expect(app.quits).toBe(0);

    const fromApp = JSON.parse(out) as Record<string, unknown>;
    const fromNpx = (await cli(['status', '--json'], world.sim.env)).json as Record<string, unknown>;
    expect(Object.keys(fromApp).sort()).toEqual(Object.keys(fromNpx).sort());
    expect(fromApp).toMatchObject({ label: 'ai.hermes.gateway', state: 'running', pid: fromNpx.pid, plistPath: world.plistPath, problems: [] });
  });

  it('exit statuses and --json as npx hermes-bar: 2 for bad usage, 1 for a failed operation, 0 for help', async () => {
    const cases: Array<[string[], number]> = [
      [['frobnicate'], 2],
      [['status', '--profile', 'no/such'], 2],
      [['uninstall', '--json'], 2],
      [['restart', '--profile', 'ghost', '--json'], 1],
      [['--help'], 0],
      [['--version'], 0],
    ];
    for (const [args, expected] of cases) {
      const exit = { code: null as number | null };
      const inApp = await captured(() => runCliMode(args, { exit: (code) => (exit.code = code) }));
      const viaNpx = await cli(args, world.sim.env);
      expect(inApp.value, `${args.join(' ')}: ${inApp.err}`).toBe(expected);
      expect(exit.code).toBe(expected);
      expect(viaNpx.exitCode, args.join(' ')).toBe(expected);
      expect(inApp.out.trim() === '', args.join(' ')).toBe(viaNpx.stdout.trim() === '');
      if (args.includes('--json')) expect(JSON.parse(inApp.out)).toMatchObject({ ok: false, error: { code: (viaNpx.json as { error: { code: string } }).error.code } });
    }
    const version = await captured(() => runCliMode(['--version'], { exit: () => undefined }));
    expect(version.out.trim()).toBe((await cli(['--version'], world.sim.env)).stdout.trim());
  });

  it('recognises only the switch the installed command passes', () => {
    expect(cliArguments([EXE, CLI_SWITCH, 'status', '--json'])).toEqual(['status', '--json']);
    expect(cliArguments(['/usr/bin/electron', '.', CLI_SWITCH, 'list'])).toEqual(['list']);
    expect(cliArguments([EXE])).toBeNull();
    expect(cliArguments([EXE, '--no-sandbox'])).toBeNull();
    expect(cliArguments([CLI_SWITCH])).toBeNull();
  });
});

describe('the installed hermes-bar command (build/cli/hermes-bar)', () => {
  /** A stand-in app binary that prints the arguments it was started with. */
  function standInApp(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\nprintf "%s|" "$0" "$@"\n', { mode: 0o755 });
  }

  it.each([
    ['the macOS app', 'Hermes Bar.app/Contents/Resources', 'Hermes Bar.app/Contents/MacOS/Hermes Bar'],
    ['the Linux install', 'Hermes Bar/resources', 'Hermes Bar/hermes-bar-app'],
  ])('through a link on PATH, runs %s binary with the CLI switch and every argument', async (_what, resources, binary) => {
    const root = tempDir('hb-cli-script-');
    mkdirSync(path.join(root, resources, 'bin'), { recursive: true });
    copyFileSync(path.join(ROOT, 'build', 'cli', 'hermes-bar'), path.join(root, resources, 'bin', 'hermes-bar'));
    standInApp(path.join(root, binary));
    mkdirSync(path.join(root, 'usr-local-bin'));
    symlinkSync(path.join(root, resources, 'bin', 'hermes-bar'), path.join(root, 'usr-local-bin', 'hermes-bar'));
    const result = await execa(path.join(root, 'usr-local-bin', 'hermes-bar'), ['status', '--profile', 'my work', '--json'], { reject: false });
    expect(result.exitCode, result.stderr).toBe(0);
    const [program, ...args] = result.stdout.split('|').slice(0, -1);
    expect(path.resolve(program ?? '')).toBe(path.join(root, binary));
    expect(args).toEqual([CLI_SWITCH, 'status', '--profile', 'my work', '--json']);
  });
});
