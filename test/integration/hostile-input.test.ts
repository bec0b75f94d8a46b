/**
 * Hostile values that are shaped right reach the real engine, over IPC dispatch and the CLI: each
 * gets a clear error and changes nothing (no launchctl command that changes state, no file written).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatch } from '../../electron/main/dispatch.js';
import type { Platform } from '../../electron/main/dispatch.js';
import { createEngine } from '../../electron/service/engine.js';
import { ServiceError } from '../../electron/service/errors.js';
import { StatusMonitor } from '../../electron/service/monitor.js';
import { readSettings } from '../../electron/service/settings.js';
import type { OperationResponse } from '../../electron/service/types.js';
import { cli, cliEnv } from '../support/cli.js';
import { HOSTILE_STRINGS } from '../support/hostile.js';
import type { Fixture } from './fixture.js';
import { fixture, footprint } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

const noPlatform: Platform = {
  confirm: async () => true,
  loginItemState: () => 'unsupported',
  setOpenAtLogin: () => undefined,
  openLoginItemsSettings: async () => undefined,
  openPaths: async () => undefined,
  writeClipboard: () => undefined,
  keepRunning: () => false,
  setKeepRunning: () => undefined,
  revealPath: () => undefined,
  resizePopover: () => undefined,
  hidePopover: () => undefined,
  quit: () => undefined,
  installCommandLineTool: async () => undefined,
};

describe('hostile values reach the engine and change nothing', () => {
  it('over IPC: every operation, doctor, status and the log tail refuse each hostile profile', async () => {
    fx = await fixture();
    mkdirSync(path.join(fx.sim.hermesHome, 'profiles', 'work'), { recursive: true });
    const engine = createEngine(readSettings(cliEnv(fx.sim.env)));
    const monitor = new StatusMonitor(engine);
    const dispatch = createDispatch({ engine, monitor, platform: noPlatform, appLogFile: null, appVersion: '0.0.0-test' });
    const before = await footprint(fx);
    // Longer ones are refused by the contract already (test/unit/ipc-fuzz.test.ts).
    for (const profile of HOSTILE_STRINGS.filter((p) => p.length <= 64)) {
      for (const operation of ['start', 'stop', 'restart', 'repair'] as const) {
        const response = (await dispatch('operation:run', { operation, profile })) as OperationResponse;
        expect(response.ok, `${operation} ${JSON.stringify(profile)}`).toBe(false);
        if (!response.ok) expect(['invalid-profile', 'home-missing']).toContain(response.error.code);
      }
      const doctor = (await dispatch('doctor:run', { profile })) as { ok: boolean };
      expect(doctor.ok).toBe(false);
      await expect(dispatch('log:tail', { profile, stream: 'stderr', lines: 10 })).rejects.toBeInstanceOf(ServiceError);
    }
    monitor.stop();
    expect(await footprint(fx)).toBe(before);
  });

  it('over the CLI: each hostile profile is refused with a clear error', async () => {
    fx = await fixture();
    const before = await footprint(fx);
    for (const profile of HOSTILE_STRINGS.filter((p) => !p.includes('\u0000'))) {
      const result = await fx.run(['repair', '--profile', profile, '--json']);
      expect([1, 2], JSON.stringify(profile)).toContain(result.exitCode);
      const error = (result.json as { error: { code: string; nextStep: string } }).error;
      expect(['invalid-profile', 'usage', 'home-missing']).toContain(error.code);
      expect(error.nextStep).not.toBe('');
    }
    expect(await footprint(fx)).toBe(before);
  });

  it('a HERMES_HOME full of XML and shell characters runs a gateway like any other', async () => {
    fx = await fixture();
    const odd = path.join(fx.sim.home, `odd <home> & "quotes" 'and' $(x) ;`);
    mkdirSync(odd);
    const env = { ...fx.sim.env, HERMES_HOME: odd };
    const started = await cli(['start', '--json'], env);
    expect(started.exitCode, started.stderr + started.stdout).toBe(0);
    const status = (await cli(['status', '--json'], env)).json as { state: string; problems: unknown[]; home: string };
    expect(status).toMatchObject({ state: 'running', problems: [], home: odd });
    expect((await cli(['stop'], env)).exitCode).toBe(0);
  });

  it('a plist of non-UTF-8 bytes is reported, not parsed into nonsense, and repair replaces it', async () => {
    fx = await fixture();
    writeFileSync(fx.plistPath, Buffer.from([0xff, 0xfe, 0x3c, 0x70, 0x00, 0xc3, 0x28, 0x80]), { mode: 0o644 });
    expect((await fx.status()).problems.map((p) => p.code)).toContain('plist-invalid');
    expect((await fx.ok('repair')).status.state).toBe('running');
  });

  it('a huge gateway log is tailed from its end', async () => {
    fx = await fixture();
    const logs = path.join(fx.sim.hermesHome, 'logs');
    mkdirSync(logs, { recursive: true });
    const line = 'x'.repeat(99);
    writeFileSync(path.join(logs, 'gateway.error.log'), `${`${line}\n`.repeat(500_000)}last line\n`);
    const engine = createEngine(readSettings(cliEnv(fx.sim.env)));
    const tail = await engine.tailLog(null, 'stderr', 3);
    expect(tail.lines).toEqual([line, line, 'last line']);
  });
});
