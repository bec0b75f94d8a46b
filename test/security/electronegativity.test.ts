/**
 * Issue 4: electronegativity over the app fails on every finding the one allow-list file does not
 * accept with a reason. Drives scripts/electronegativity.mjs as `npm test` and CI do.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'scripts', 'electronegativity.mjs');
const UNSAFE = 'test/security/fixtures/unsafe-window';
const UNSAFE_FILE = `${UNSAFE}/main.js`;
const INLINE = 'test/security/fixtures/inline-disable';

interface Finding {
  check: string;
  file: string;
  line: number;
  column: number;
  severity: string;
  confidence: string;
  manualReview: boolean;
  description: string;
  sample: string | null;
}

interface AllowEntry {
  check: string;
  file: string;
  reason: string;
}

interface Report {
  ok: boolean;
  electronVersion: string | null;
  filesAnalysed: number;
  durationMs: number;
  findings: Finding[];
  allowed: Array<Finding & { reason: string }>;
  unusedEntries: AllowEntry[];
  notAnalysed: Array<{ file: string; message: string }>;
  inlineDisables: Array<{ file: string; line: number; text: string }>;
}

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

async function check(args: string[], node: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const result = await execa(process.execPath, [...node, SCRIPT, ...args], { cwd: ROOT, reject: false, env });
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

async function report(args: string[]): Promise<{ run: Run; report: Report }> {
  const run = await check(['--json', ...args]);
  let parsed: Report;
  try {
    parsed = JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`not a JSON report (exit ${run.exitCode}):\n${run.stdout}\n${run.stderr}`);
  }
  return { run, report: parsed };
}

let dir: string;
/** An allow-list with no entries, for the fixtures (the app's list would be all stale there). */
let empty: string;
const allowFile = async (name: string, allow: unknown[]): Promise<string> => {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify({ allow }, null, 2));
  return file;
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hermes-bar-security-'));
  empty = await allowFile('empty.json', []);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Each run is one electronegativity process (about a second); they are independent.
describe.concurrent('electronegativity', () => {
  it('passes on the app: every finding is in security/electronegativity-allow.json with a reason', async () => {
    const { run, report: app } = await report([]);
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(app.ok).toBe(true);
    expect(app.findings).toEqual([]);
    expect(app.unusedEntries).toEqual([]);
    expect(app.notAnalysed).toEqual([]);
    // It really looked at the app: main, preload, service, renderer and its CSP.
    expect(app.filesAnalysed).toBeGreaterThan(40);
    expect(app.electronVersion).toMatch(/^\d+\.\d+\.\d+$/);
    expect(app.allowed.map((f) => `${f.check} ${f.file}`)).toContain('CSP_GLOBAL_CHECK renderer/index.html');
    for (const accepted of app.allowed) expect(accepted.reason.length).toBeGreaterThan(20);
    // The app's BrowserWindow passes the checks the fixture below fails.
    const accepted = new Set(app.allowed.map((f) => f.check));
    for (const id of ['NODE_INTEGRATION_JS_CHECK', 'CONTEXT_ISOLATION_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
      expect(accepted.has(id), id).toBe(false);
    }
  });

  it('fails on a deliberately unsafe BrowserWindow and names each finding', async () => {
    const { run, report: unsafe } = await report(['--allow', empty, UNSAFE]);
    expect(run.exitCode).toBe(1);
    expect(unsafe.ok).toBe(false);
    const at = (id: string): Finding | undefined => unsafe.findings.find((f) => f.check === id && f.file === UNSAFE_FILE);
    expect(at('NODE_INTEGRATION_JS_CHECK')).toMatchObject({ line: 10, sample: 'nodeIntegration: true,' });
    expect(at('CONTEXT_ISOLATION_JS_CHECK')).toMatchObject({ line: 11, sample: 'contextIsolation: false,' });
    expect(at('WEB_SECURITY_JS_CHECK')).toMatchObject({ line: 12, sample: 'webSecurity: false,' });

    // What a person sees: the check, the file and line, and why.
    const human = await check(['--allow', empty, UNSAFE]);
    expect(human.exitCode).toBe(1);
    expect(human.stderr).toContain(`CONTEXT_ISOLATION_JS_CHECK  ${UNSAFE_FILE}:11:`);
    expect(human.stderr).toContain(`WEB_SECURITY_JS_CHECK  ${UNSAFE_FILE}:12:`);
    expect(human.stderr).toMatch(/NODE_INTEGRATION_JS_CHECK .*\n.*Disable nodeIntegration/);
  });

  it('accepts the same findings once each is allow-listed with a reason (globs match)', async () => {
    const { report: unsafe } = await report(['--allow', empty, UNSAFE]);
    const entries = [...new Set(unsafe.findings.map((f) => f.check))].map((check) => ({
      check,
      file: unsafe.findings.find((f) => f.check === check)?.file === 'N/A' ? 'N/A' : 'test/security/fixtures/**/*.js',
      reason: 'fixture: accepted to show that entries match',
    }));
    const { run, report: accepted } = await report(['--allow', await allowFile('all.json', entries), UNSAFE]);
    expect(run.exitCode, run.stdout).toBe(0);
    expect(accepted.findings).toEqual([]);
    expect(accepted.allowed.length).toBe(unsafe.findings.length);
  });

  it('runs offline: no connection and no host-name lookup, though electronegativity would make some', async () => {
    const log = path.join(dir, 'network.log');
    const blocker = pathToFileURL(path.join(ROOT, 'test', 'security', 'no-network.mjs')).href;
    const run = await check([], [`--import=${blocker}`], { HERMES_BAR_NETWORK_LOG: log });
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(await readFile(log, 'utf8').catch(() => '')).toBe('');
  });

  it('rejects an allow-list entry without a reason before running anything', async () => {
    for (const [index, reason] of [undefined, '', '   '].entries()) {
      const entry = { check: 'AUXCLICK_JS_CHECK', file: 'electron/main/popover.ts', ...(reason === undefined ? {} : { reason }) };
      const run = await check(['--allow', await allowFile(`no-reason-${index}.json`, [entry])]);
      expect(run.exitCode, run.stdout).toBe(2);
      expect(run.stderr).toMatch(/entry 1 \(AUXCLICK_JS_CHECK in electron\/main\/popover\.ts\): has no reason/);
    }
  });

  it('fails on an allow-list entry that matches no finding, so the list cannot rot', async () => {
    const entries = [{ check: 'WEB_SECURITY_JS_CHECK', file: 'electron/main/popover.ts', reason: 'there is no such finding in the app' }];
    const { report: app } = await report(['--allow', empty]);
    const stale = [...entries, ...app.findings.map((f) => ({ check: f.check, file: f.file, reason: 'accepted for this test' }))];
    const { run, report: result } = await report(['--allow', await allowFile('stale.json', stale)]);
    expect(run.exitCode).toBe(1);
    expect(result.findings).toEqual([]);
    expect(result.unusedEntries).toEqual(entries);
  });

  it('refuses inline eng-disable comments, which would hide findings outside the allow-list', async () => {
    const { report: first } = await report(['--allow', empty, INLINE]);
    // electronegativity itself dropped the finding the comment names …
    expect(first.findings.map((f) => f.check)).not.toContain('NODE_INTEGRATION_JS_CHECK');
    // … so with every other finding accepted, the comment alone must fail the run.
    const others = first.findings.map((f) => ({ check: f.check, file: f.file, reason: 'fixture: accepted, so that only the comment is left' }));
    const { run, report: inline } = await report(['--allow', await allowFile('inline-others.json', others), INLINE]);
    expect(run.exitCode, run.stdout).toBe(1);
    expect(inline.findings).toEqual([]);
    expect(inline.unusedEntries).toEqual([]);
    expect(inline.inlineDisables).toEqual([{ file: `${INLINE}/main.js`, line: 9, text: 'nodeIntegration: true, // eng-disable NODE_INTEGRATION_JS_CHECK' }]);
  });
});
