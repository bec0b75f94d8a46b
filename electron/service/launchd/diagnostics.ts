/** The diagnostics report's launchd facts: the plist and `launchctl print` of the job. Only reads. */
import { lstat, readFile } from 'node:fs/promises';
import type { ServiceFileFacts } from '../diagnostics.js';
import type { DiagnosticSources } from '../gather-diagnostics.js';
import { redactEnvironment } from '../redact.js';
import type { PlistDict, PlistFile } from './plist-file.js';
import { environment, readPlistFile, renderDict } from './plist-file.js';
import type { GatewayStatus } from '../types.js';
import type { LaunchdDeps } from './operations.js';
import { status as statusOf } from './operations.js';

/** An unparsable plist goes into the report as text, up to this much of it. */
const MAX_PLIST_TEXT = 16 * 1024;

/** A parsed plist as the report shows it: rendered again, its environment's secrets redacted by name and value. */
export function plistReportText(dict: PlistDict): string {
  const shown: PlistDict = { ...dict };
  if (shown.EnvironmentVariables !== undefined) shown.EnvironmentVariables = redactEnvironment(environment(dict));
  return renderDict(shown);
}

/** The plist as the report shows it, or what stands for one not there, not followed or not parsed (its text, redacted later with the rest). */
async function plistText(file: string, plist: PlistFile): Promise<string> {
  if (!plist.exists) return '(no plist)';
  if (plist.isSymlink) return '(a symbolic link: not followed)';
  if (plist.parsed.ok) return plistReportText(plist.parsed.dict);
  const size = (await lstat(file).catch(() => null))?.size ?? 0;
  const text = size <= MAX_PLIST_TEXT ? await readFile(file, 'utf8').catch(() => '') : '(too large to include)';
  return `(cannot be parsed: ${plist.parsed.reason})\n${text}`;
}

export async function plistFileFacts(file: string): Promise<ServiceFileFacts> {
  return { path: file, noun: 'Plist', text: await plistText(file, await readPlistFile(file)) };
}

export function launchdDiagnosticSources(deps: LaunchdDeps): DiagnosticSources {
  return {
    status: (target) => statusOf(deps, target),
    serviceFile: (target) => plistFileFacts(target.plistPath),
    async record(status: GatewayStatus) {
      const args = ['print', `${status.domain}/${status.label}`];
      const result = await deps.launchctl.run(args);
      return { command: `launchctl ${args.join(' ')}`, exitCode: result.exitCode, output: [result.stdout, result.stderr].filter(Boolean).join('\n') };
    },
  };
}
