import { lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as plist from 'plist';
import { describe, expect, it } from 'vitest';
import { renderPlistText } from '../../electron/service/hermes/layouts.js';
import type { PlistDict } from '../../electron/service/launchd/plist-file.js';
import { parsePlist, plistFacts, readPlistFile } from '../../electron/service/launchd/plist-file.js';
import { writeFileAtomically } from '../../electron/service/service-file.js';
import { handPlist } from '../support/hand-plist.js';

const wanted = handPlist('ai.hermes.gateway', '/u/.hermes', null, '/u/.hermes/bin/hermes');

function dictOf(text: string): PlistDict {
  const parsed = parsePlist(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.dict;
}

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'hb-plist-'));
}

describe('render and parse', () => {
  it("Hermes's text escapes XML special characters and reads back the same values", () => {
    const home = `/u/<&"'>/.hermes`;
    const args = ['/u/.hermes/hermes-agent/.hermes/bin/hermes', '--run-module', 'hermes_cli.stderr_timestamp', '--error-log', `${home}/logs/gateway.error.log`, '--', '/h', 'gateway', 'run'];
    const text = renderPlistText({ generation: '0.21', version: null, home, profile: null, launchdArguments: args, unitCommand: [], cleanupCommand: [], path: '/usr/bin', virtualEnv: null }, 'ai.hermes.gateway');
    expect(text).toContain('&lt;&amp;&quot;&#x27;&gt;');
    const dict = dictOf(text);
    expect(dict.ProgramArguments).toEqual(args);
    expect(dict.WorkingDirectory).toBe(home);
    expect(dict).toMatchObject({ Label: 'ai.hermes.gateway', RunAtLoad: true, KeepAlive: true, ThrottleInterval: 30, ExitTimeOut: 25 });
  });

  it('reports malformed and non-dictionary plists instead of throwing', () => {
    expect(parsePlist('<plist><dict><key>a</key>').ok).toBe(false);
    expect(parsePlist('').ok).toBe(false);
    expect(parsePlist('<?xml version="1.0"?><plist version="1.0"><string>x</string></plist>').ok).toBe(false);
  });
});

describe('what a plist means', () => {
  it('KeepAlive true, or the older {SuccessfulExit: false}, keeps the gateway running; false does not', () => {
    expect(plistFacts(dictOf(wanted)).keepsRunning).toBe(true);
    expect(plistFacts({ ...dictOf(wanted), KeepAlive: { SuccessfulExit: false } }).keepsRunning).toBe(true);
    expect(plistFacts({ ...dictOf(wanted), KeepAlive: false }).keepsRunning).toBe(false);
  });

  it('launchd runs Program over ProgramArguments[0]', () => {
    const dict = dictOf(plist.build({ Label: 'x', Program: '/bin/sh', ProgramArguments: ['/h/hermes', 'gateway', 'run'] }));
    expect(plistFacts(dict).argv).toEqual(['/bin/sh', 'gateway', 'run']);
  });
});

describe('atomic write', () => {
  it('writes mode 0644 with no temporary file left', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ai.hermes.gateway.plist');
    const { backup } = await writeFileAtomically(file, wanted);
    expect(backup).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['ai.hermes.gateway.plist']);
  });

  it('keeps the old file as a backup before replacing it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ai.hermes.gateway.plist');
    writeFileSync(file, 'old content', { mode: 0o666 });
    const { backup } = await writeFileAtomically(file, wanted);
    expect(backup).not.toBeNull();
    expect(readFileSync(backup as string, 'utf8')).toBe('old content');
    expect(readFileSync(file, 'utf8')).toBe(wanted);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('replaces a symlinked plist with a file instead of writing through the link', async () => {
    const dir = tempDir();
    const elsewhere = path.join(tempDir(), 'victim.plist');
    writeFileSync(elsewhere, 'not yours');
    const file = path.join(dir, 'ai.hermes.gateway.plist');
    symlinkSync(elsewhere, file);
    expect((await readPlistFile(file)).exists && (await readPlistFile(file))).toMatchObject({ isSymlink: true, parsed: { ok: false } });
    await writeFileAtomically(file, wanted);
    expect(readFileSync(elsewhere, 'utf8')).toBe('not yours');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
  });
});
