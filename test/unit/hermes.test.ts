import { mkdtempSync, mkdirSync, writeFileSync, chmodSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { agentJob, gatewayArguments } from '../../electron/service/hermes/definitions.js';
import { findLauncher } from '../../electron/service/hermes/install.js';
import { isValidProfile, launchdLabel, systemdUnitName } from '../../electron/service/hermes/homes.js';
import { parseGatewayCommand } from '../../electron/service/hermes/gateway-process.js';
import { parseGatewayState, parsePidFile } from '../../electron/service/hermes/gateway-files.js';

function tempHome(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'hb-hermes-'));
}

describe('labels', () => {
  const home = tempHome();
  it('uses ai.hermes.gateway for ~/.hermes', () => {
    expect(launchdLabel(path.join(home, '.hermes'), home)).toBe('ai.hermes.gateway');
    expect(systemdUnitName(path.join(home, '.hermes'), home)).toBe('hermes-gateway.service');
  });
  it('uses the profile name for a profile home', () => {
    expect(launchdLabel(path.join(home, '.hermes', 'profiles', 'work'), home)).toBe('ai.hermes.gateway-work');
    expect(systemdUnitName(path.join(home, '.hermes', 'profiles', 'work'), home)).toBe('hermes-gateway-work.service');
  });
  it('uses 8 hex digits of the SHA-256 of the resolved path for any other home', () => {
    const other = path.join(home, 'elsewhere');
    mkdirSync(other);
    const hash = createHash('sha256').update(other).digest('hex').slice(0, 8);
    expect(launchdLabel(other, home)).toBe(`ai.hermes.gateway-${hash}`);
  });
  it('resolves symlinks before hashing', () => {
    const real = path.join(home, 'real-home');
    mkdirSync(real);
    const link = path.join(home, 'link-home');
    symlinkSync(real, link);
    expect(launchdLabel(link, home)).toBe(launchdLabel(real, home));
  });
  it('checks profile names against the pattern', () => {
    for (const good of ['a', 'work', 'w0rk_2-x', 'x'.repeat(64)]) expect(isValidProfile(good)).toBe(true);
    for (const bad of ['', '-a', '_a', 'Work', '../x', 'a/b', 'x'.repeat(65), 'a b', 'a;rm', 'é']) expect(isValidProfile(bad)).toBe(false);
  });
});

describe('the launcher', () => {
  it('prefers HERMES_BAR_HERMES, then ~/.hermes/bin/hermes, then PATH, keeping the path not its target', () => {
    const home = tempHome();
    const bin = path.join(home, '.hermes', 'bin');
    mkdirSync(bin, { recursive: true });
    const onPath = path.join(home, 'pathdir');
    mkdirSync(onPath);
    writeFileSync(path.join(onPath, 'hermes'), '#!/bin/sh\n');
    chmodSync(path.join(onPath, 'hermes'), 0o755);
    const env = { PATH: onPath };
    expect(findLauncher(env, home)?.program).toBe(path.join(onPath, 'hermes'));
    const target = path.join(home, 'venv-hermes');
    writeFileSync(target, '#!/bin/sh\n');
    symlinkSync(target, path.join(bin, 'hermes'));
    expect(findLauncher(env, home)?.program).toBe(path.join(bin, 'hermes'));
    expect(findLauncher({ ...env, HERMES_BAR_HERMES: '/opt/h/hermes' }, home)?.program).toBe('/opt/h/hermes');
    expect(findLauncher({ PATH: '' }, tempHome())).toBeNull();
  });

  it('builds the supervised gateway command without --replace', () => {
    const args = gatewayArguments({ program: '/h/bin/hermes', prefix: [] }, 'work');
    expect(args).toEqual(['/h/bin/hermes', '--profile', 'work', 'gateway', 'run', '--external-supervisor']);
    expect(args).not.toContain('--replace');
  });
});

describe('gateway command lines', () => {
  it('recognises launchers, interpreter prefixes, profiles and old venv installs', () => {
    expect(parseGatewayCommand(['/u/.hermes/bin/hermes', 'gateway', 'run'])?.profile).toBeNull();
    expect(parseGatewayCommand(['/usr/bin/node', '/u/.hermes/bin/hermes', '--profile', 'w', 'gateway', 'run', '--external-supervisor'])?.profile).toBe('w');
    expect(parseGatewayCommand(['/v/bin/python3.11', '-m', 'hermes_cli.main', 'gateway', 'run'])?.launcher.prefix).toEqual(['-m', 'hermes_cli.main']);
    expect(parseGatewayCommand(['/u/.hermes/bin/hermes', 'gateway', 'status'])).toBeNull();
    expect(parseGatewayCommand(['vim', 'gateway', 'run'])).toBeNull();
    expect(parseGatewayCommand(['grep', 'hermes gateway run'])).toBeNull();
  });
});

describe('the agent plist layout', () => {
  it('follows HERMES.md', () => {
    const job = agentJob('ai.hermes.gateway', '/u/.hermes', null, { program: '/u/.hermes/bin/hermes', prefix: [] });
    expect(job).toMatchObject({
      Label: 'ai.hermes.gateway',
      WorkingDirectory: '/u/.hermes',
      RunAtLoad: true,
      KeepAlive: true,
      ThrottleInterval: 30,
      ExitTimeOut: 25,
      StandardOutPath: '/u/.hermes/logs/gateway.log',
      StandardErrorPath: '/u/.hermes/logs/gateway.error.log',
    });
    expect(job.EnvironmentVariables.HERMES_HOME).toBe('/u/.hermes');
    expect(job.EnvironmentVariables.HERMES_SUPERVISED_CHILD).toBe('1');
    expect(job.EnvironmentVariables.PATH?.split(':')[0]).toBe('/u/.hermes/bin');
  });
});

describe("the gateway's files", () => {
  it('reads JSON and bare-number pid files, refusing nonsense', () => {
    expect(parsePidFile('{"pid": 42, "kind": "hermes-gateway", "argv": ["a"], "start_time": 1.5}')).toEqual({ pid: 42, startTime: 1.5, argv: ['a'] });
    expect(parsePidFile('4242\n')?.pid).toBe(4242);
    expect(parsePidFile('{"pid": -1}')).toBeNull();
    expect(parsePidFile('not json')).toBeNull();
  });

  it('reads gateway_state.json with its platforms and staleness', () => {
    const now = 1_800_000_000_000;
    const report = parseGatewayState(
      JSON.stringify({
        gateway_state: 'running',
        exit_reason: null,
        active_agents: 2,
        updated_at: now / 1000 - 10,
        platforms: { telegram: { state: 'connected' }, discord: { state: 'fatal', error_code: 'auth', error_message: 'bad token' } },
      }),
      now,
    );
    expect(report).toMatchObject({ state: 'running', activeAgents: 2, stale: false });
    expect(report?.platforms).toEqual([
      { name: 'telegram', state: 'connected', errorCode: null, errorMessage: null },
      { name: 'discord', state: 'fatal', errorCode: 'auth', errorMessage: 'bad token' },
    ]);
    expect(parseGatewayState(JSON.stringify({ gateway_state: 'running', updated_at: now / 1000 - 121 }), now)?.stale).toBe(true);
    expect(parseGatewayState(JSON.stringify({ gateway_state: 'weird' }), now)?.state).toBe('unknown');
    expect(parseGatewayState('{{{', now)).toBeNull();
    expect(parseGatewayState('[1,2]', now)).toBeNull();
  });
});
