import { lstatSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentJob } from '../../electron/service/hermes/definitions.js';
import type { PlistDict } from '../../electron/service/launchd/plist-file.js';
import { parsePlist, plistDifferences, readPlistFile, renderPlist } from '../../electron/service/launchd/plist-file.js';
import { writeFileAtomically } from '../../electron/service/service-file.js';

const launcher = { program: '/u/.hermes/bin/hermes', prefix: [] };
const wanted = agentJob('ai.hermes.gateway', '/u/.hermes', null, launcher);

function dictOf(text: string): PlistDict {
  const parsed = parsePlist(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.dict;
}

function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'hb-plist-'));
}

describe('render and parse', () => {
  it('round-trips the job, escaping XML special characters', () => {
    const job = agentJob('ai.hermes.gateway', '/u/<&"\'>/.hermes', null, launcher);
    const dict = dictOf(renderPlist(job));
    expect(dict).toEqual(job);
    expect(renderPlist(job)).toContain('&lt;&amp;');
  });

  it('reports malformed and non-dictionary plists instead of throwing', () => {
    expect(parsePlist('<plist><dict><key>a</key>').ok).toBe(false);
    expect(parsePlist('').ok).toBe(false);
    expect(parsePlist('<?xml version="1.0"?><plist version="1.0"><string>x</string></plist>').ok).toBe(false);
  });
});

describe('"current" means the same job', () => {
  it('ignores PATH, VIRTUAL_ENV, key order and --external-supervisor', () => {
    const dict = dictOf(renderPlist(wanted)) as PlistDict & { EnvironmentVariables: PlistDict };
    const reordered: PlistDict = Object.fromEntries(Object.entries(dict).reverse());
    reordered.EnvironmentVariables = { ...dict.EnvironmentVariables, PATH: '/somewhere/else', VIRTUAL_ENV: '/v' };
    reordered.ProgramArguments = ['/u/.hermes/bin/hermes', 'gateway', 'run'];
    expect(plistDifferences(reordered, wanted)).toEqual([]);
  });

  it('tolerates the older KeepAlive {SuccessfulExit: false}', () => {
    const dict = { ...dictOf(renderPlist(wanted)), KeepAlive: { SuccessfulExit: false } };
    delete (dict as Partial<PlistDict>).RunAtLoad;
    expect(plistDifferences(dict, wanted)).toEqual([]);
  });

  it('names each difference that changes the meaning', () => {
    const dict: PlistDict = {
      ...dictOf(renderPlist(wanted)),
      ProgramArguments: ['/old/venv/bin/hermes', 'gateway', 'run', '--replace'],
      StandardErrorPath: '/tmp/err.log',
      KeepAlive: false,
      RunAtLoad: false,
    };
    expect(plistDifferences(dict, wanted).map((d) => d.field)).toEqual(['Program', 'ProgramArguments', 'StandardErrorPath', 'KeepAlive']);
    expect(plistDifferences(dict, wanted)[0]).toEqual({ field: 'Program', current: '/old/venv/bin/hermes', wanted: '/u/.hermes/bin/hermes' });
  });

  it('sees another home or label', () => {
    const dict = { ...dictOf(renderPlist(wanted)), Label: 'ai.hermes.gateway-x', EnvironmentVariables: { HERMES_HOME: '/other' } };
    expect(plistDifferences(dict, wanted).map((d) => d.field)).toEqual(['Label', 'EnvironmentVariables.HERMES_HOME', 'EnvironmentVariables.HERMES_SUPERVISED_CHILD']);
  });
});

describe('atomic write', () => {
  it('writes mode 0644 with no temporary file left', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ai.hermes.gateway.plist');
    const { backup } = await writeFileAtomically(file, renderPlist(wanted));
    expect(backup).toBeNull();
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(dir)).toEqual(['ai.hermes.gateway.plist']);
  });

  it('keeps the old file as a backup before replacing it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ai.hermes.gateway.plist');
    writeFileSync(file, 'old content', { mode: 0o666 });
    const { backup } = await writeFileAtomically(file, renderPlist(wanted));
    expect(backup).not.toBeNull();
    expect(readFileSync(backup as string, 'utf8')).toBe('old content');
    expect(dictOf(readFileSync(file, 'utf8'))).toEqual(wanted);
    expect(statSync(file).mode & 0o777).toBe(0o644);
  });

  it('replaces a symlinked plist with a file instead of writing through the link', async () => {
    const dir = tempDir();
    const elsewhere = path.join(tempDir(), 'victim.plist');
    writeFileSync(elsewhere, 'not yours');
    const file = path.join(dir, 'ai.hermes.gateway.plist');
    symlinkSync(elsewhere, file);
    expect((await readPlistFile(file)).exists && (await readPlistFile(file))).toMatchObject({ isSymlink: true, parsed: { ok: false } });
    await writeFileAtomically(file, renderPlist(wanted));
    expect(readFileSync(elsewhere, 'utf8')).toBe('not yours');
    expect(lstatSync(file).isSymbolicLink()).toBe(false);
  });
});
