import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiagnosticFacts } from '../../electron/service/diagnostics.js';
import { renderDiagnostics } from '../../electron/service/diagnostics.js';
import { plistFileFacts, plistReportText } from '../../electron/service/launchd/diagnostics.js';
import { unitFileFacts } from '../../electron/service/systemd/diagnostics.js';
import { parsePlist } from '../../electron/service/launchd/plist-file.js';
import type { PlistDict } from '../../electron/service/launchd/plist-file.js';
import { handPlist } from '../support/hand-plist.js';
import type { GatewayStatus } from '../../electron/service/types.js';

const TELEGRAM = '7312456789:AAHk3xQ-9zLmN0pQrStUvWxYz_ABCdefGhI';
const OPAQUE = 'q8Rz2LmN5pQ7sT9vW1xY3zA6bC8dE0fG2hJ4kM6nP8rS0tU2';
const PLAIN_SECRET = 'hunter2';

const parsed = parsePlist(handPlist('ai.hermes.gateway', '/Users/alice/.hermes', null, '/Users/alice/.hermes/bin/hermes'));
if (!parsed.ok) throw new Error(parsed.reason);
const job = parsed.dict as PlistDict & { EnvironmentVariables: PlistDict };

const status: GatewayStatus = {
  backend: 'launchd',
  label: 'ai.hermes.gateway',
  profile: null,
  home: '/Users/alice/.hermes',
  plistPath: '/Users/alice/Library/LaunchAgents/ai.hermes.gateway.plist',
  domain: 'gui/501',
  state: 'crashed',
  pid: null,
  lastExitCode: 78,
  lastExitMeaning: 'configuration error',
  lastSignal: null,
  runs: 4,
  uptimeMs: null,
  gateway: null,
  problems: [{ code: 'config-error', severity: 'error', message: 'The gateway exits with 78.', fix: null, nextStep: "Read the gateway's error log." }],
  duplicates: [],
  checkedAt: 0,
};

function facts(overrides: Partial<DiagnosticFacts> = {}): DiagnosticFacts {
  const dict = { ...job, EnvironmentVariables: { ...job.EnvironmentVariables, TELEGRAM_BOT_TOKEN: TELEGRAM, DB_PASSWORD: PLAIN_SECRET, EXTRA: OPAQUE } } as unknown as PlistDict;
  return {
    generatedAt: new Date('2026-03-01T12:00:00Z'),
    versions: { app: '1.2.3', hermes: 'hermes 0.9.1 (/Users/alice/.hermes/bin/hermes)', os: 'macOS 14.5 (Darwin 23.5.0, arm64)', runtime: 'Electron 45.4.1, Node 22.20.0' },
    error: null,
    status,
    serviceFile: { path: status.plistPath, noun: 'Plist', text: plistReportText(dict) },
    job: {
      command: 'launchctl print gui/501/ai.hermes.gateway',
      exitCode: 0,
      output: `gui/501/ai.hermes.gateway = {\n\tstate = spawn scheduled\n\tlast exit code = 78: EX_CONFIG\n\tenvironment = {\n\t\tTELEGRAM_BOT_TOKEN => ${TELEGRAM}\n\t\tDB_PASSWORD => ${PLAIN_SECRET}\n\t}\n}`,
    },
    errorLog: {
      path: '/Users/alice/.hermes/logs/gateway.error.log',
      exists: true,
      lines: [`telegram: token ${TELEGRAM} rejected`, 'http: Authorization: Bearer abcdefghijklmnop1234', 'fatal: lock held by another gateway'],
    },
    ...overrides,
  };
}

describe('the diagnostics report', () => {
  it('has the versions, status, problems, plist, launchd record and the error log', () => {
    const text = renderDiagnostics(facts());
    expect(text).toContain('Hermes Bar: 1.2.3');
    expect(text).toContain('Hermes: hermes 0.9.1');
    expect(text).toContain('System: macOS 14.5');
    expect(text).toContain('"state": "crashed"');
    expect(text).toContain('- config-error (error): The gateway exits with 78.');
    expect(text).toContain('## Plist /Users/alice/Library/LaunchAgents/ai.hermes.gateway.plist');
    expect(text).toContain('<string>/Users/alice/.hermes/bin/hermes</string>');
    expect(text).toContain('## launchctl print gui/501/ai.hermes.gateway (exit 0)');
    expect(text).toContain('last exit code = 78: EX_CONFIG');
    expect(text).toContain('fatal: lock held by another gateway');
  });

  it('a token-looking value in the plist environment (or anywhere else) never appears', () => {
    const text = renderDiagnostics(facts());
    for (const secret of [TELEGRAM, PLAIN_SECRET, OPAQUE, 'abcdefghijklmnop1234']) expect(text).not.toContain(secret);
    expect(text).toContain('<key>TELEGRAM_BOT_TOKEN</key>');
    expect(text).toMatch(/<key>TELEGRAM_BOT_TOKEN<\/key>\s*<string>\[redacted\]<\/string>/);
  });

  it('redacts a plist it cannot parse as text', () => {
    const broken = `<plist><dict><key>TELEGRAM_BOT_TOKEN</key><string>${PLAIN_SECRET}</string><key>X</key><string>${TELEGRAM}`;
    const text = renderDiagnostics(facts({ serviceFile: { path: status.plistPath, noun: 'Plist', text: `(cannot be parsed: unclosed tag)\n${broken}` } }));
    expect(text).toContain('cannot be parsed: unclosed tag');
    expect(text).not.toContain(PLAIN_SECRET);
    expect(text).not.toContain(TELEGRAM);
  });

  it('without a gateway to look at, says why and still gives the versions', () => {
    const text = renderDiagnostics(
      facts({
        status: null,
        serviceFile: null,
        job: null,
        errorLog: null,
        error: { code: 'home-missing', message: '/Users/alice/.hermes does not exist', explanation: 'Hermes is not installed.', nextStep: 'Install Hermes Agent.' },
      }),
    );
    expect(text).toContain('home-missing: /Users/alice/.hermes does not exist');
    expect(text).toContain('Hermes Bar: 1.2.3');
    expect(text).not.toContain('## Status');
  });
});

describe('the service file, as each backend shows it', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hb-diag-'));
  const file = (name: string, text: string): string => {
    const at = path.join(dir, name);
    writeFileSync(at, text);
    return at;
  };

  it('launchd: the plist rendered with its environment redacted, or what stands for it', async () => {
    const good = await plistFileFacts(file('good.plist', handPlist('ai.hermes.gateway', '/Users/alice/.hermes', null, '/Users/alice/.hermes/bin/hermes').replace('<key>HERMES_HOME</key>', `<key>DB_PASSWORD</key><string>${PLAIN_SECRET}</string><key>HERMES_HOME</key>`)));
    expect(good.noun).toBe('Plist');
    expect(good.text).toContain('<key>DB_PASSWORD</key>');
    expect(good.text).not.toContain(PLAIN_SECRET);
    const broken = await plistFileFacts(file('broken.plist', '<plist><dict><key>X</key>'));
    expect(broken.text).toMatch(/^\(cannot be parsed: .+\)\n<plist><dict><key>X<\/key>$/);
    expect((await plistFileFacts(path.join(dir, 'none.plist'))).text).toBe('(no plist)');
    symlinkSync(path.join(dir, 'good.plist'), path.join(dir, 'link.plist'));
    expect((await plistFileFacts(path.join(dir, 'link.plist'))).text).toBe('(a symbolic link: not followed)');
  });

  it('systemd: the unit file as text, or what stands for it in its own words', async () => {
    expect(await unitFileFacts(file('hermes-gateway.service', '[Service]\nExecStart=/bin/true\n'))).toEqual({ path: path.join(dir, 'hermes-gateway.service'), noun: 'Unit', text: '[Service]\nExecStart=/bin/true\n' });
    expect((await unitFileFacts(path.join(dir, 'none.service'))).text).toBe('(no unit file)');
  });
});
