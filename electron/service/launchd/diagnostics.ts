/** The diagnostics report's launchd facts: the plist and `launchctl print` of the job. Only reads. */
import { lstat, readFile } from 'node:fs/promises';
import type { PlistFacts } from '../diagnostics.js';
import type { DiagnosticSources } from '../gather-diagnostics.js';
import { readPlistFile } from './plist-file.js';
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

export function launchdDiagnosticSources(deps: LaunchdDeps): DiagnosticSources {
  return {
    status: (target) => statusOf(deps, target),
    serviceFile: (target) => plistFacts(target.plistPath),
    async record(status: GatewayStatus) {
      const args = ['print', `${status.domain}/${status.label}`];
      const result = await deps.launchctl.run(args);
      return { command: `launchctl ${args.join(' ')}`, exitCode: result.exitCode, output: [result.stdout, result.stderr].filter(Boolean).join('\n') };
    },
  };
}
