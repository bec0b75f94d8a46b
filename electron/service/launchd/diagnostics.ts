/** Gathers the diagnostics report's facts on launchd. Only reads: files, `launchctl print`, `hermes --version`. */
import { lstat, readFile } from 'node:fs/promises';
import type { DiagnosticFacts, PlistFacts } from '../diagnostics.js';
import { ERROR_LOG_LINES } from '../diagnostics.js';
import { toErrorInfo } from '../errors.js';
import { findLauncher, hermesVersion, logPaths } from '../hermes.js';
import { readPlistFile } from '../plist-file.js';
import { tailFile } from '../log-tail.js';
import { osDescription, runtimeDescription } from '../system-info.js';
import type { GatewayTarget } from '../target.js';
import type { GatewayStatus } from '../types.js';
import type { LaunchdDeps } from './operations.js';
import { status as statusOf } from './operations.js';

/** An unparsable plist goes into the report as text, up to this much of it. */
const MAX_PLIST_TEXT = 16 * 1024;

async function plistFacts(file: string): Promise<PlistFacts> {
  const plist = await readPlistFile(file);
  if (!plist.exists) return { path: file, kind: 'missing' };
  if (plist.isSymlink) return { path: file, kind: 'symlink' };
  if (plist.parsed.ok) return { path: file, kind: 'parsed', dict: plist.parsed.dict };
  const size = (await lstat(file).catch(() => null))?.size ?? 0;
  const text = size <= MAX_PLIST_TEXT ? await readFile(file, 'utf8').catch(() => '') : '(too large to include)';
  return { path: file, kind: 'unparsable', reason: plist.parsed.reason, text };
}

async function jobRecord(deps: LaunchdDeps, status: GatewayStatus): Promise<DiagnosticFacts['job']> {
  const args = ['print', `${status.domain}/${status.label}`];
  const result = await deps.launchctl.run(args);
  return { command: `launchctl ${args.join(' ')}`, exitCode: result.exitCode, output: [result.stdout, result.stderr].filter(Boolean).join('\n') };
}

/** Everything the report shows; a gateway that cannot be looked at still yields the versions and why. */
export async function gatherDiagnostics(deps: LaunchdDeps, resolve: () => GatewayTarget, appVersion: string): Promise<DiagnosticFacts> {
  const { settings } = deps;
  const launcher = findLauncher(settings.env, settings.userHome);
  const [hermes, os] = await Promise.all([launcher ? hermesVersion(launcher, settings.env) : null, osDescription()]);
  const facts: DiagnosticFacts = {
    generatedAt: new Date(),
    versions: { app: appVersion, hermes: hermes && launcher ? `${hermes} (${launcher.program})` : null, os, runtime: runtimeDescription() },
    error: null,
    status: null,
    plist: null,
    job: null,
    errorLog: null,
  };
  let target: GatewayTarget;
  try {
    target = resolve();
    facts.status = await statusOf(deps, target);
  } catch (error) {
    return { ...facts, error: toErrorInfo(error) };
  }
  const errorLog = logPaths(target.home).stderr;
  const [plist, job, tail] = await Promise.all([plistFacts(target.plistPath), jobRecord(deps, facts.status), tailFile(errorLog, ERROR_LOG_LINES)]);
  return { ...facts, plist, job, errorLog: { path: errorLog, ...tail } };
}
