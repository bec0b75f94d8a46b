/**
 * Every definition Hermes writes (real-hermes/), of any version and shape, is recognised as
 * Hermes's own definition of its home, so it is never rewritten; the same file is not usable once
 * a program it runs is gone, or for another home or label.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as plist from 'plist';
import { describe, expect, it } from 'vitest';
import { definitionVerdict } from '../../../electron/service/definition.js';
import { commandOfDefinition, homeOfCommand, judgeDefinition, programsOf } from '../../../electron/service/hermes/definitions.js';
import { parsePlist, plistFacts } from '../../../electron/service/launchd/plist-file.js';
import { parseUnit, unitFacts } from '../../../electron/service/systemd/unit-file.js';
import type { ServiceFile } from '../../../electron/service/service-file.js';
import { installAnsweringHermes } from '../../support/answering-hermes.js';
import { handPlist } from '../../support/hand-plist.js';
import { localized, realHermesDefinitions } from '../../support/real-hermes.js';

function place(): { userHome: string; customHome: string } {
  const userHome = mkdtempSync(path.join(os.tmpdir(), 'hb-def-'));
  return { userHome, customHome: path.join(userHome, 'Volumes', 'data', 'hermes') };
}

function facts(kind: 'plist' | 'unit', text: string, userHome: string) {
  if (kind === 'plist') {
    const parsed = parsePlist(text);
    if (!parsed.ok) throw new Error(parsed.reason);
    return plistFacts(parsed.dict);
  }
  const parsed = parseUnit(text, { userHome, user: 'u', uid: 501, runtimeDir: null });
  if (!parsed.ok) throw new Error(parsed.reason);
  return unitFacts(parsed.unit);
}

function file<T>(parsed: T): ServiceFile<T> {
  return { exists: true, parsed, mode: 0o644, uid: 501, isSymlink: false };
}

describe("real Hermes definitions are Hermes's", () => {
  it.each(realHermesDefinitions().map((d) => [d.name, d] as const))('%s', (_name, definition) => {
    const at = place();
    const install = installAnsweringHermes(definition.shape, at);
    const real = localized(definition, at);
    const label = definition.kind === 'plist' ? real.serviceName : null;
    const parsed = definition.kind === 'plist' ? parsePlist(real.text) : parseUnit(real.text, { userHome: at.userHome, user: 'u', uid: 501, runtimeDir: null });
    const verdict = definitionVerdict(file(parsed), () => facts(definition.kind, real.text, at.userHome), { home: real.home, label }, at.userHome);
    expect(verdict.kind).toBe('current');
    if (verdict.kind !== 'current') return;
    expect(verdict.generation).toBe(definition.generation);
    // launchd runs 0.21's stderr wrapper around the gateway; systemd runs the gateway itself.
    expect(verdict.command.wrapped).toBe(definition.kind === 'plist' && definition.generation === '0.21');

    // Another home's, another label: not this gateway's definition.
    const elsewhere = judgeDefinition(facts(definition.kind, real.text, at.userHome), { home: path.join(at.userHome, 'other'), label }, at.userHome);
    expect(elsewhere).toMatchObject({ ok: false, otherHome: real.home });
    if (label) expect(judgeDefinition(facts('plist', real.text, at.userHome), { home: real.home, label: 'ai.hermes.gateway-x' }, at.userHome).ok).toBe(false);

    // An upgrade or reinstall that moved the install leaves a definition whose programs are gone.
    rmSync(install.root, { recursive: true, force: true });
    const gone = definitionVerdict(file(parsed), () => facts(definition.kind, real.text, at.userHome), { home: real.home, label }, at.userHome);
    expect(gone.kind).toBe('launcher-missing');
  });

  it('the gateway of a 0.21 plist is the command after the wrapper, its programs both halves and the bootstrap root', () => {
    const at = place();
    const definition = realHermesDefinitions().find((d) => d.name === '0.21/a-default-nostore.ai.hermes.gateway.plist');
    if (!definition) throw new Error('missing real file');
    const args = (plist.parse(localized(definition, at).text) as { ProgramArguments: string[] }).ProgramArguments;
    const command = commandOfDefinition(args);
    expect(command?.wrapped).toBe(true);
    expect(command?.gateway.slice(-3)).toEqual(['gateway', 'run', '--external-supervisor']);
    expect(command?.gateway[0]).toBe(path.join(at.userHome, '.hermes/hermes-agent/venv/bin/python'));
    expect(command && programsOf(command)).toEqual([path.join(at.userHome, '.hermes/hermes-agent/venv/bin/python'), path.join(at.userHome, '.hermes/hermes-agent')]);
  });
});

describe('what is not a usable Hermes definition', () => {
  const userHome = '/u';
  const home = '/u/.hermes';
  const base = { label: 'ai.hermes.gateway', env: { HERMES_HOME: home }, keepsRunning: true };
  it.each([
    ['a command that is no gateway', { ...base, argv: ['/u/.hermes/hermes-agent/.hermes/bin/hermes', 'gateway', 'status'] }, /does not run a Hermes gateway/],
    ['a wrapper with nothing after --', { ...base, argv: ['/h', '--run-module', 'hermes_cli.stderr_timestamp', '--error-log', '/e'] }, /does not run a Hermes gateway/],
    ['a gateway that is not kept running', { ...base, keepsRunning: false, argv: ['/h/hermes', 'gateway', 'run'] }, /does not keep the gateway running/],
    ['another label', { ...base, label: 'ai.hermes.gateway-work', argv: ['/h/hermes', 'gateway', 'run'] }, /label/],
    ['an invalid profile', { ...base, env: {}, argv: ['/h/hermes', '--profile', '../x', 'gateway', 'run'] }, /invalid profile/],
  ])('%s', (_name, facts, reason) => {
    const judged = judgeDefinition(facts, { home, label: 'ai.hermes.gateway' }, userHome);
    expect(judged.ok).toBe(false);
    if (!judged.ok) expect(judged.reason).toMatch(reason);
  });

  it("an older Hermes Bar's plist (the launcher path, --external-supervisor) is still a Hermes definition", () => {
    const parsed = parsePlist(handPlist('ai.hermes.gateway', home, null, '/u/.hermes/bin/hermes'));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(judgeDefinition(plistFacts(parsed.dict), { home, label: 'ai.hermes.gateway' }, userHome).ok).toBe(true);
  });

  it('launchd runs Program over argv[0]: a plist whose Program is not Hermes runs no gateway', () => {
    const parsed = parsePlist(plist.build({ Label: 'ai.hermes.gateway', Program: '/bin/sh', ProgramArguments: ['/u/.hermes/bin/hermes', 'gateway', 'run'], KeepAlive: true }));
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(commandOfDefinition(plistFacts(parsed.dict).argv)).toBeNull();
  });
});

describe('the home a gateway command serves', () => {
  it('is HERMES_HOME, else the profile, else the bootstrap default, else ~/.hermes', () => {
    const bootstrap = "import os; os.environ['HERMES_HOME'] = os.environ.get('HERMES_HOME') or '/data/h'; import runpy; runpy.run_module('hermes_cli.main')";
    expect(homeOfCommand(['/h/hermes', 'gateway', 'run'], { HERMES_HOME: '/x/' }, '/u')).toBe('/x');
    expect(homeOfCommand(['/h/hermes', '-p', 'work', 'gateway', 'run'], {}, '/u')).toBe('/u/.hermes/profiles/work');
    expect(homeOfCommand(['/py', '-I', '-c', bootstrap, 'gateway', 'run'], {}, '/u')).toBe('/data/h');
    expect(homeOfCommand(['/py', '-m', 'hermes_cli.main', 'gateway', 'run'], {}, '/u')).toBe('/u/.hermes');
  });
});
