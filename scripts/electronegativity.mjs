#!/usr/bin/env node
/**
 * Runs @doyensec/electronegativity over the app and fails on every finding that
 * security/electronegativity-allow.json does not accept with a reason (DESIGN.md rule 7, issue 4).
 *
 *   node scripts/electronegativity.mjs [--allow FILE] [--json] [PATH ...]
 *
 * PATH defaults to the app's sources: electron/ (main, preload, service, cli), renderer/ (the
 * popover's HTML, with its CSP, and React code) and package.json (the Electron version and the
 * scripts' Electron flags). Electronegativity parses TypeScript itself (Babel's TS plugin), so the
 * sources are analysed as written, with their own line numbers, and without a build; dist/ holds
 * the same code compiled, minus the renderer's HTML source.
 *
 * Electronegativity's CLI exits 0 whatever it finds, and its reports (SARIF, CSV) leave out the
 * files it could not parse. This script calls its programmatic API instead, which returns the same
 * findings plus the parse errors; a file that could not be parsed was not checked, so it fails the
 * run too. The paths are copied into one temporary folder first (keeping their paths relative to
 * the repository) so that one run sees them all: its global checks (CSP, navigation limits,
 * permission handler) correlate findings across files.
 *
 * Offline only: electronegativity fetches translations and Electron's release list with `got`;
 * here `got` is replaced before it loads by one that refuses every request, and the one check that
 * needs the release list (AvailableSecurityFixesGlobalCheck) is not run.
 *
 * The allow-list: { "allow": [ { "check": "AUXCLICK_JS_CHECK", "file": "electron/main/popover.ts",
 * "reason": "…" } ] }. `check` is electronegativity's id, `file` a path or glob (`*`, `**`, `?`)
 * relative to the repository. Every entry needs a non-empty reason, and an entry that matches no
 * finding is itself a failure, so the list cannot rot. Inline `eng-disable` comments (which make
 * electronegativity hide findings) are failures too: the allow-list is the one place to accept one.
 *
 * Exit status: 0 clean, 1 findings (or stale entries, unparsed files, inline disables), 2 bad usage,
 * a malformed allow-list, or electronegativity failing to run.
 */
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_INPUTS = ['electron', 'renderer', 'package.json'];
const DEFAULT_ALLOW = path.join('security', 'electronegativity-allow.json');
/** Needs the network (Electron's release list, cached in the system temp folder): not offline, not deterministic. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
/** The files electronegativity's directory loader parses (util/file.js list_files). */
const ANALYSED = /\.(?:js|jsx|ts|tsx|html|htm)$|(?:^|\/)package(?:-lock)?\.json$/i;
const INLINE_DISABLE = /eng-disable/i;

/**
 * @typedef {{ check: string, file: string, reason: string }} AllowEntry
 * @typedef {{ check: string, file: string, line: number, column: number, severity: string,
 *   confidence: string, manualReview: boolean, description: string, sample: string | null }} Finding
 * @typedef {{ file: string, message: string }} ParseError
 */

class UsageError extends Error {}

function parseArgs(argv) {
  const options = { allow: path.join(ROOT, DEFAULT_ALLOW), json: false, inputs: /** @type {string[]} */ ([]) };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--json') options.json = true;
    else if (arg === '--allow') {
      const value = argv[(i += 1)];
      if (!value) throw new UsageError('--allow needs a file');
      options.allow = path.resolve(value);
    } else if (arg === '--help' || arg === '-h') {
      throw new UsageError('');
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
    else options.inputs.push(arg);
  }
  if (options.inputs.length === 0) options.inputs = DEFAULT_INPUTS.map((input) => path.join(ROOT, input));
  return options;
}

// --- the allow-list ---------------------------------------------------------------------------

/** @returns {{ entries: AllowEntry[], problems: string[] }} */
function validateAllowList(value) {
  const problems = [];
  const list = typeof value === 'object' && value !== null && !Array.isArray(value) ? value.allow : undefined;
  if (!Array.isArray(list)) return { entries: [], problems: ['the file must be an object with an "allow" array'] };
  const known = new Set(['check', 'file', 'reason']);
  const entries = [];
  list.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${where}: not an object`);
      return;
    }
    const label = `${where} (${typeof entry.check === 'string' ? entry.check : '?'} in ${typeof entry.file === 'string' ? entry.file : '?'})`;
    const before = problems.length;
    for (const key of Object.keys(entry)) if (!known.has(key)) problems.push(`${label}: unknown field "${key}"`);
    for (const key of known) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '') {
        problems.push(key === 'reason' ? `${label}: has no reason; every accepted finding needs one` : `${label}: "${key}" must be a non-empty string`);
      }
    }
    if (problems.length === before) entries.push({ check: entry.check.trim(), file: entry.file.trim(), reason: entry.reason.trim() });
  });
  return { entries, problems };
}

async function loadAllowList(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { entries: [], problems: [`cannot read it: ${error.message}`] };
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { entries: [], problems: [`not JSON: ${error.message}`] };
  }
  return validateAllowList(value);
}

/** A path or a glob (`**` any folders, `*` and `?` within one name), relative to the repository. */
function globToRegExp(glob) {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i += 1;
      if (glob[i + 1] === '/') {
        i += 1;
        source += '(?:.*/)?';
      } else source += '.*';
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** @param {AllowEntry} entry @param {Finding} finding */
function allows(entry, finding) {
  return entry.check.toUpperCase() === finding.check.toUpperCase() && globToRegExp(entry.file.replace(/^\.\//, '')).test(finding.file);
}

// --- electronegativity, offline ---------------------------------------------------------------

function electronegativity() {
  const fromRoot = createRequire(path.join(ROOT, 'package.json'));
  const require = createRequire(fromRoot.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = require.resolve('got');
  const refuse = () => Promise.reject(new Error('electronegativity runs offline here: no network requests'));
  const offline = Object.assign(refuse, { head: refuse, get: refuse, post: refuse, stream: refuse, extend: () => offline });
  const stub = new Module(gotPath);
  stub.filename = gotPath;
  stub.loaded = true;
  stub.exports = offline;
  require.cache[gotPath] = stub;
  return { run: require('./dist/runner.js'), version: electronVersion(fromRoot) };
}

/** The Electron the app builds with: the installed one, else the lowest version package.json allows. */
function electronVersion(fromRoot) {
  try {
    return fromRoot('electron/package.json').version;
  } catch {
    const pkg = fromRoot('./package.json');
    const range = pkg.devDependencies?.electron ?? pkg.dependencies?.electron ?? '';
    return /\d+\.\d+\.\d+/.exec(range)?.[0];
  }
}

function posix(file) {
  return file.split(path.sep).join('/');
}

async function filesUnder(dir, base = dir) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.name === 'node_modules') continue;
    if (entry.isDirectory()) found.push(...(await filesUnder(full, base)));
    else if (entry.isFile()) found.push(posix(path.relative(base, full)));
  }
  return found;
}

/** Copies the inputs into one folder, each at its path relative to the repository. */
async function stage(inputs) {
  const dir = await mkdtemp(path.join(tmpdir(), 'hermes-bar-electronegativity-'));
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const relative = path.relative(ROOT, absolute);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
      await rm(dir, { recursive: true, force: true });
      throw new UsageError(`${input} is not inside the repository (${ROOT})`);
    }
    await cp(absolute, path.join(dir, relative), { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
  }
  return dir;
}

async function inlineDisables(dir, files) {
  const found = [];
  for (const file of files) {
    const lines = (await readFile(path.join(dir, file), 'utf8')).split('\n');
    lines.forEach((line, index) => {
      if (INLINE_DISABLE.test(line)) found.push({ file, line: index + 1, text: line.trim() });
    });
  }
  return found;
}

async function analyse(inputs) {
  const { run, version } = electronegativity();
  const dir = await stage(inputs);
  try {
    const files = (await filesUnder(dir)).filter((file) => ANALYSED.test(file));
    if (files.length === 0) throw new UsageError(`nothing to analyse in ${inputs.join(', ')}`);
    const { log } = console;
    const lang = process.env.LANG;
    console.log = () => undefined; // "Could not retrieve updated translations": expected offline
    process.env.LANG = 'en-US';
    let result;
    try {
      result = await run({
        input: dir,
        isRelative: true,
        customScan: [],
        excludeFromScan: EXCLUDED_CHECKS.map((check) => check.toLowerCase()),
        electronVersionOverride: version,
        parserPlugins: [],
      });
    } finally {
      console.log = log;
      if (lang === undefined) delete process.env.LANG;
      else process.env.LANG = lang;
    }
    /** @type {Finding[]} */
    const findings = result.issues.map((issue) => ({
      check: issue.id,
      file: posix(issue.file),
      line: issue.location?.line ?? 0,
      column: issue.location?.column ?? 0,
      severity: issue.severity?.name ?? '?',
      confidence: issue.confidence?.name ?? '?',
      manualReview: Boolean(issue.manualReview),
      description: issue.description ?? '',
      sample: issue.sample ?? null,
    }));
    const relative = (file) => posix(path.relative(dir, path.resolve(dir, file)));
    /** @type {ParseError[]} */
    const notAnalysed = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: relative(e.file), message: e.message }));
    const warnings = result.errors.filter((e) => e.tolerable).map((e) => ({ file: relative(e.file), message: e.message }));
    return { files, version, findings, notAnalysed, warnings, inlineDisables: await inlineDisables(dir, files.filter((f) => !f.endsWith('.json'))) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// --- report ---------------------------------------------------------------------------------

function describe(finding) {
  const sample = finding.sample ? `\n      ${finding.sample.length > 160 ? `${finding.sample.slice(0, 157)}...` : finding.sample}` : '';
  return `${finding.check}  ${finding.file}:${finding.line}:${finding.column}  ${finding.severity}/${finding.confidence}${finding.manualReview ? ' (review)' : ''}\n      ${finding.description}${sample}`;
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const fromRoot = path.relative(ROOT, options.allow);
  const allowFile = fromRoot.startsWith('..') || path.isAbsolute(fromRoot) ? options.allow : posix(fromRoot);
  const { entries, problems } = await loadAllowList(options.allow);
  if (problems.length > 0) {
    const report = { ok: false, allowListProblems: problems.map((p) => `${allowFile}: ${p}`) };
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else for (const problem of report.allowListProblems) process.stderr.write(`electronegativity: ${problem}\n`);
    return 2;
  }

  const started = Date.now();
  const result = await analyse(options.inputs);
  const used = new Set();
  const findings = [];
  const allowed = [];
  for (const finding of result.findings) {
    const entry = entries.find((candidate) => allows(candidate, finding));
    if (entry) {
      used.add(entry);
      allowed.push({ ...finding, reason: entry.reason });
    } else findings.push(finding);
  }
  const unusedEntries = entries.filter((entry) => !used.has(entry));
  const ok = findings.length === 0 && unusedEntries.length === 0 && result.notAnalysed.length === 0 && result.inlineDisables.length === 0;
  const report = {
    ok,
    electronVersion: result.version ?? null,
    filesAnalysed: result.files.length,
    durationMs: Date.now() - started,
    findings,
    allowed,
    unusedEntries,
    notAnalysed: result.notAnalysed,
    inlineDisables: result.inlineDisables,
    warnings: result.warnings,
  };
  if (options.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return ok ? 0 : 1;
  }

  const out = [];
  out.push(`electronegativity: ${result.files.length} files, Electron ${result.version ?? 'unknown'}, ${result.findings.length} findings, ${allowed.length} accepted by ${allowFile}`);
  for (const warning of result.warnings) out.push(`  warning: ${warning.file}: ${warning.message}`);
  if (findings.length > 0) {
    out.push(`\n${findings.length} finding(s) not in ${allowFile}:`);
    for (const finding of findings) out.push(`  ${describe(finding)}`);
  }
  if (unusedEntries.length > 0) {
    out.push(`\n${unusedEntries.length} entr${unusedEntries.length === 1 ? 'y' : 'ies'} in ${allowFile} match no finding (remove them):`);
    for (const entry of unusedEntries) out.push(`  ${entry.check} in ${entry.file}`);
  }
  if (result.notAnalysed.length > 0) {
    out.push(`\n${result.notAnalysed.length} file(s) electronegativity could not parse, so did not check:`);
    for (const error of result.notAnalysed) out.push(`  ${error.file}: ${error.message}`);
  }
  if (result.inlineDisables.length > 0) {
    out.push(`\n${result.inlineDisables.length} inline eng-disable comment(s); accept findings in ${allowFile} instead:`);
    for (const found of result.inlineDisables) out.push(`  ${found.file}:${found.line}: ${found.text}`);
  }
  if (ok) out.push('electronegativity: no findings outside the allow-list');
  (ok ? process.stdout : process.stderr).write(`${out.join('\n')}\n`);
  return ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError) {
      if (error.message) process.stderr.write(`electronegativity: ${error.message}\n`);
      process.stderr.write('usage: node scripts/electronegativity.mjs [--allow FILE] [--json] [PATH ...]\n');
    } else process.stderr.write(`electronegativity: could not run: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
