/** Parses the hermes-bar command line (DESIGN.md's contract); never exits by itself. */
import { OPERATIONS } from '../service/types.js';
import type { Operation } from '../service/types.js';

export type Command = Operation | 'status' | 'doctor' | 'list' | 'help' | 'version';

export interface Invocation {
  command: Command;
  profile: string | null;
  json: boolean;
  /** doctor --report: the redacted diagnostics report for a bug report. */
  report: boolean;
}

export class UsageError extends Error {
  /** The word the user probably meant, when one is close to what they typed. */
  constructor(
    message: string,
    readonly suggestion: string | null = null,
  ) {
    super(message);
  }
}

const COMMANDS: readonly Command[] = ['status', ...OPERATIONS, 'doctor', 'list', 'help', 'version'];
const OPTIONS: readonly string[] = ['--profile', '--json', '--report', '--yes', '--help', '--version'];

/** Edit distance (insertions, deletions, substitutions, and a swap of two neighbours counts one). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}

/** The known word the user probably meant: the only one it begins, else one a typo away, else null. */
export function closest(word: string, known: readonly string[]): string | null {
  const typed = word.toLowerCase();
  const begun = typed.length >= 3 ? known.filter((candidate) => candidate.startsWith(typed)) : [];
  if (begun.length === 1) return begun[0] ?? null;
  let best: { word: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(typed, candidate);
    if (best === null || distance < best.distance) best = { word: candidate, distance };
  }
  return best !== null && best.distance <= Math.max(1, Math.floor(best.word.length / 3)) ? best.word : null;
}

export const USAGE = `Usage:
  hermes-bar status  [--profile NAME] [--json]
  hermes-bar start | stop | restart | repair  [--profile NAME] [--json]
  hermes-bar uninstall --yes  [--profile NAME] [--json]   stop the gateway, unload it, move its plist to a backup
  hermes-bar doctor  [--profile NAME] [--json]   what is wrong and what repair would do; changes nothing
  hermes-bar doctor --report  [--profile NAME]   diagnostics for a bug report, secrets redacted; changes nothing
  hermes-bar list    [--json]                    every Hermes gateway found (default home and profiles)

Exit status: 0 done, 1 the operation failed, 2 bad usage.`;

function isCommand(word: string): word is Command {
  return (COMMANDS as readonly string[]).includes(word);
}

export function parseArgs(argv: readonly string[]): Invocation {
  let command: Command | null = null;
  let profile: string | null = null;
  let json = false;
  let report = false;
  let yes = false;
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    if (arg === '--json') json = true;
    else if (arg === '--report') report = true;
    else if (arg === '--yes') yes = true;
    else if (arg === '--help' || arg === '-h') command = 'help';
    else if (arg === '--version') command = 'version';
    else if (arg === '--profile' || arg.startsWith('--profile=')) {
      const value = arg === '--profile' ? argv[++i] : arg.slice('--profile='.length);
      if (value === undefined || value === '') throw new UsageError('--profile needs a name');
      if (profile !== null) throw new UsageError('--profile given twice');
      profile = value;
    } else if (arg.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(arg.slice(0, 60))}`, closest(arg.split('=')[0] ?? arg, OPTIONS));
    else if (command === null && isCommand(arg)) command = arg;
    else if (command === null) throw new UsageError(`unknown command ${JSON.stringify(arg.slice(0, 60))}`, closest(arg, COMMANDS));
    else throw new UsageError(`unexpected argument ${JSON.stringify(arg.slice(0, 60))}`);
  }
  if (command === null) throw new UsageError('no command given');
  if (command === 'list' && profile !== null) throw new UsageError('list takes no --profile');
  if (report && command !== 'doctor') throw new UsageError('--report goes with doctor only');
  if (report && json) throw new UsageError('doctor --report prints text for a bug report; use doctor --json for the data');
  if (yes && command !== 'uninstall') throw new UsageError('--yes goes with uninstall only');
  if (command === 'uninstall' && !yes) {
    throw new UsageError(
      'uninstall needs --yes: it stops the gateway, unloads it from launchd and moves its plist to a backup (run `hermes-bar repair` to set it up again)',
    );
  }
  return { command, profile, json, report };
}
