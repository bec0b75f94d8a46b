/** The diagnostics report's systemd facts: the unit file as text and `systemctl --user show`. Only reads. */
import { lstat, readFile } from 'node:fs/promises';
import type { PlistFacts } from '../diagnostics.js';
import type { DiagnosticSources } from '../gather-diagnostics.js';
import type { GatewayStatus } from '../types.js';
import type { SystemdDeps } from './operations.js';
import { status as statusOf } from './operations.js';

const MAX_UNIT_TEXT = 16 * 1024;

async function unitFacts(file: string): Promise<PlistFacts> {
  const stat = await lstat(file).catch(() => null);
  if (!stat) return { path: file, kind: 'missing' };
  if (stat.isSymbolicLink()) return { path: file, kind: 'symlink' };
  const text = stat.size <= MAX_UNIT_TEXT ? await readFile(file, 'utf8').catch(() => '') : '(too large to include)';
  return { path: file, kind: 'unit', text };
}

export function systemdDiagnosticSources(deps: SystemdDeps): DiagnosticSources {
  return {
    status: (target) => statusOf(deps, target),
    serviceFile: (target) => unitFacts(target.plistPath),
    async record(status: GatewayStatus) {
      const args = ['show', status.label];
      const result = await deps.systemctl.run(args);
      return { command: `systemctl --user ${args.join(' ')}`, exitCode: result.exitCode, output: [result.stdout, result.stderr].filter(Boolean).join('\n') };
    },
  };
}
