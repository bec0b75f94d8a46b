/** The diagnostics report's systemd facts: the unit file as text and `systemctl --user show`. Only reads. */
import { lstat, readFile } from 'node:fs/promises';
import type { ServiceFileFacts } from '../diagnostics.js';
import type { DiagnosticSources } from '../gather-diagnostics.js';
import type { GatewayStatus } from '../types.js';
import type { SystemdDeps } from './operations.js';
import { status as statusOf } from './operations.js';

const MAX_UNIT_TEXT = 16 * 1024;

/** The unit file as text: its Environment= lines are redacted with the rest of the report. */
async function unitText(file: string): Promise<string> {
  const stat = await lstat(file).catch(() => null);
  if (!stat) return '(no unit file)';
  if (stat.isSymbolicLink()) return '(a symbolic link: not followed)';
  return stat.size <= MAX_UNIT_TEXT ? await readFile(file, 'utf8').catch(() => '') : '(too large to include)';
}

export async function unitFileFacts(file: string): Promise<ServiceFileFacts> {
  return { path: file, noun: 'Unit', text: await unitText(file) };
}

export function systemdDiagnosticSources(deps: SystemdDeps): DiagnosticSources {
  return {
    status: (target) => statusOf(deps, target),
    serviceFile: (target) => unitFileFacts(target.plistPath),
    async record(status: GatewayStatus) {
      const args = ['show', status.label];
      const result = await deps.systemctl.run(args);
      return { command: `systemctl --user ${args.join(' ')}`, exitCode: result.exitCode, output: [result.stdout, result.stderr].filter(Boolean).join('\n') };
    },
  };
}
