/**
 * The gateway's service definition (a plist, a unit file) judged the same way on every backend:
 * missing, unreadable, naming a launcher that is gone, stale, or current; and the problems each
 * verdict is, with what Repair does about it.
 */
import { existsSync } from 'node:fs';
import { HERMES_INSTALL_STEP } from './hermes/install.js';
import type { Launcher } from './hermes/install.js';
import type { ServiceFile } from './service-file.js';
import type { PlistChange, Problem } from './types.js';

export type DefinitionVerdict =
  | { kind: 'missing' }
  | { kind: 'invalid'; reason: string }
  | { kind: 'launcher-missing'; program: string }
  | { kind: 'stale'; differences: PlistChange[] }
  | { kind: 'current' };

type Parsed<T> = { ok: true } & T;

/**
 * `program` reads the program a parsed file runs; `differences` compares it with the wanted
 * definition (none when no launcher is known, so nothing can be wanted).
 */
export function definitionVerdict<T>(
  file: ServiceFile<Parsed<T> | { ok: false; reason: string }>,
  program: (parsed: Parsed<T>) => string | undefined,
  differences: (parsed: Parsed<T>) => PlistChange[],
): DefinitionVerdict {
  if (!file.exists) return { kind: 'missing' };
  if (!file.parsed.ok) return { kind: 'invalid', reason: file.parsed.reason };
  const runs = program(file.parsed) ?? '';
  if (!runs || !existsSync(runs)) return { kind: 'launcher-missing', program: runs };
  const changes = differences(file.parsed);
  return changes.length > 0 ? { kind: 'stale', differences: changes } : { kind: 'current' };
}

/** How a backend names its file and what Repair does after writing it. */
export interface DefinitionWords {
  /** "plist", "unit file". */
  noun: string;
  path: string;
  /** After writing a missing file: "load it", "start it". */
  thenRun: string;
  /** After rewriting a file the service manager uses: "reload the job once". */
  thenReload: string;
}

export function definitionProblems(
  verdict: DefinitionVerdict,
  words: DefinitionWords,
  launcher: Launcher | null,
  hasWanted: boolean,
  supervised: boolean,
): Problem[] {
  const { noun, path } = words;
  const current = launcher?.program;
  switch (verdict.kind) {
    case 'missing':
      return [
        hasWanted
          ? { code: 'plist-missing', severity: supervised ? 'warning' : 'error', message: `There is no ${noun} at ${path}.`, fix: `Write the ${noun} Hermes expects and ${words.thenRun}.` }
          : {
              code: 'launcher-missing',
              severity: 'error',
              message: 'Hermes is not installed: no launcher at ~/.hermes/bin/hermes or on PATH.',
              fix: null,
              nextStep: `${HERMES_INSTALL_STEP} Then run \`hermes-bar repair\`.`,
            },
      ];
    case 'invalid':
      return [{ code: 'plist-invalid', severity: 'error', message: `The ${noun} cannot be read: ${verdict.reason}.`, fix: hasWanted ? `Keep a backup and write a fresh ${noun}.` : null }];
    case 'launcher-missing': {
      const fixable = current !== undefined && current !== verdict.program;
      return [
        {
          code: 'launcher-missing',
          severity: 'error',
          message: `The ${noun} runs ${verdict.program || '(nothing)'}, which no longer exists (an upgrade may have moved it).`,
          fix: fixable ? `Point the ${noun} at ${current} (keeping a backup).` : null,
          ...(fixable ? {} : { nextStep: 'Reinstall Hermes Agent, then run `hermes-bar repair`.' }),
        },
      ];
    }
    case 'stale':
      return [
        {
          code: 'plist-stale',
          severity: 'warning',
          message: `The ${noun} differs from what Hermes expects: ${verdict.differences.map((d) => d.field).join(', ')}.`,
          fix: `Keep a backup, rewrite the ${noun} and ${words.thenReload}.`,
        },
      ];
    case 'current':
      return [];
  }
}
