/**
 * Real launchctl and systemctl output (../shared/real-output/, beside the repository, with its
 * README naming the sources) and what tests compare with it: the files, and the shape of a
 * printed record (which lines, their order, tab indentation, the forms of values) so the
 * simulator's output can be held against a real Mac's without matching one sample's text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../sim/repo-paths.js';

export const REAL_OUTPUT_DIR = path.join(repoRoot(), '..', 'shared', 'real-output');

/** Every sample file (the README aside), sorted. */
export function realOutputFiles(): string[] {
  return readdirSync(REAL_OUTPUT_DIR)
    .filter((name) => name !== 'README.md')
    .sort();
}

export function readRealOutput(name: string): string {
  return readFileSync(path.join(REAL_OUTPUT_DIR, name), 'utf8');
}

/** An `err-*.json` sample: one launchctl command and its answer. */
export interface RealCommand {
  args: string[];
  exitCode: number;
  stderr: string;
}

export function readRealCommand(name: string): RealCommand {
  return JSON.parse(readRealOutput(name)) as RealCommand;
}

/**
 * Text with its particulars taken out: quoted names become `"…"` and numbers `N`, so two answers
 * of the same form (another label, another uid) compare equal.
 */
export function textShape(text: string): string {
  return text.replace(/"[^"\n]*"/g, '"…"').replace(/\d+/g, 'N');
}

/** One `key = value` line of a printed record, with the form of its value. */
export interface ShapeLine {
  key: string;
  form: string;
}

/** Values whose words are the meaning itself (LAUNCHD.md's states). */
const LITERAL_KEYS = new Set(['state', 'job state', 'active count']);

/** The form of a value: what kind of thing it is, not which one. */
export function valueForm(key: string, value: string): string {
  if (value === '{') return '{';
  if (LITERAL_KEYS.has(key)) return value;
  if (/^-?\d+$/.test(value)) return 'N';
  if (value === '(never exited)') return value;
  if (/^\d+: [A-Z_]+$/.test(value)) return 'N: NAME';
  if (/^[A-Z][A-Za-z /]*: \d+$/.test(value)) return 'Signal text: N';
  // One reason, or a namespace and its code: `OS_REASON_JETSAM | JETSAM_REASON_MEMORY_IDLE_EXIT`.
  if (/^(OS|JETSAM)_REASON_[A-Z_]+( \| (OS|JETSAM)_REASON_[A-Z_]+)*$/.test(value)) return 'REASON';
  if (/^(system|(gui|user)\/\d+)( \[\d+\])?$/.test(value)) return 'domain';
  return 'text';
}

/** Why a printed record is not shaped as launchctl prints one: braces, tabs, the first line. */
export function structureErrors(text: string): string[] {
  const errors: string[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  if (!/^(system|(gui|user)\/\d+)\/\S+ = \{$/.test(lines[0] ?? '')) errors.push(`first line: ${lines[0]}`);
  let depth = 0;
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    const tabs = /^\t*/.exec(line)?.[0].length ?? 0;
    if (/^\t* /.test(line)) errors.push(`line ${index + 1} is indented with spaces`);
    if (/^\t*[}\]]$/.test(line)) {
      depth -= 1;
      if (tabs !== depth) errors.push(`line ${index + 1} closes a block at depth ${tabs}, not ${depth}`);
      continue;
    }
    if (index > 0 && tabs !== depth) errors.push(`line ${index + 1} is at depth ${tabs}, not ${depth}`);
    if (/ =>? [{[]$/.test(line)) depth += 1;
  }
  if (depth !== 0) errors.push(`${depth} block(s) left open`);
  return errors;
}

/** The record's own lines (one tab deep), each with the form of its value. */
export function printShape(text: string): ShapeLine[] {
  const shape: ShapeLine[] = [];
  for (const line of text.split('\n')) {
    const match = /^\t([^\t=][^=]*?) = (.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) shape.push({ key: match[1], form: valueForm(match[1], match[2].trim()) });
  }
  return shape;
}

/** Keys nested blocks repeat (LAUNCHD.md): a reader that takes more than one-tab lines meets these. */
export function nestedKeys(text: string): string[] {
  const keys = new Set<string>();
  for (const match of text.matchAll(/^\t{2,}([^\t=\n][^=\n]*?) = /gm)) if (match[1]) keys.add(match[1]);
  return [...keys];
}

/** The record's keys the simulator prints for a LaunchAgent like the gateway's. */
export const MODELLED_KEYS: ReadonlySet<string> = new Set([
  'endpoints',
  'active count',
  'path',
  'type',
  'state',
  'program',
  'arguments',
  'working directory',
  'stdout path',
  'stderr path',
  'default environment',
  'environment',
  'domain',
  'asid',
  'minimum runtime',
  'exit timeout',
  'runs',
  'pid',
  'immediate reason',
  'successive crashes',
  'last exit code',
  'last terminating signal',
  'last exit reason',
  'job state',
  'resource coalition',
  'jetsam coalition',
  'spawn type',
  'jetsam priority',
  'jetsam memory limit (active)',
  'jetsam memory limit (inactive)',
  'jetsamproperties category',
  'jetsam thread limit',
  'cpumon',
  'properties',
]);

/** Keys real records carry that a job like the gateway's does not have, each with why. */
export const NOT_MODELLED_KEYS: ReadonlyMap<string, string> = new Map([
  ['event triggers', 'no LaunchEvents, StartCalendarInterval or sockets in the plist'],
  ['event channels', 'no LaunchEvents, StartCalendarInterval or sockets in the plist'],
  ['sockets', 'no Sockets in the plist'],
  ['inherited environment', "the login session's SSH_AUTH_SOCK"],
  ['nice', 'no Nice in the plist'],
  ['forks', 'process accounting'],
  ['execs', 'process accounting'],
  ['initialized', 'process accounting'],
  ['trampolined', 'process accounting'],
  ['started suspended', 'process accounting'],
  ['proxy started suspended', 'process accounting'],
  ['checked allocations', 'process accounting'],
  ['checked allocations reason', 'process accounting'],
  ['program identifier', 'jobs registered through SMAppService'],
  ['parent bundle version', 'jobs registered through SMAppService'],
  ['managed_by', 'jobs registered through SMAppService'],
  ['jetsam memory limit (active, soft)', "system daemons' memory limits"],
  ['jetsam memory limit (inactive, soft)', "system daemons' memory limits"],
  ['probabilistic guard malloc policy', 'a per-process malloc setting'],
]);

/** Lines whose presence tells the job's state: the simulator prints one exactly when the real record does. */
const STATE_LINES = ['pid', 'last exit code', 'last terminating signal', 'last exit reason'];
/** Lines whose place differs between macOS versions (one sample prints `pid` after the coalitions). */
const UNORDERED = new Set(['pid', 'immediate reason']);

/**
 * How a simulated record differs in shape from a real one of the same state: a modelled line of
 * the real record missing or of another form, a state line the real one lacks, another order.
 * Lines newer macOS adds (`job state`, `successive crashes`) may be printed where an older sample
 * has none.
 */
export function shapeDifferences(real: string, simulated: string): string[] {
  const realShape = printShape(real).filter((line) => MODELLED_KEYS.has(line.key));
  const simShape = printShape(simulated);
  const simForms = new Map(simShape.map((line) => [line.key, line.form]));
  const realKeys = new Set(realShape.map((line) => line.key));
  const differences: string[] = [];
  for (const line of realShape) {
    const form = simForms.get(line.key);
    if (form === undefined) differences.push(`missing: ${line.key} = <${line.form}>`);
    else if (form !== line.form) differences.push(`${line.key} = <${form}>, real <${line.form}>`);
  }
  for (const key of STATE_LINES) if (simForms.has(key) && !realKeys.has(key)) differences.push(`extra: ${key}`);
  const order = (shape: ShapeLine[]): string => shape.map((line) => line.key).filter((key) => realKeys.has(key) && simForms.has(key) && !UNORDERED.has(key)).join(' | ');
  if (order(realShape) !== order(simShape)) differences.push(`order: ${order(simShape)}; real: ${order(realShape)}`);
  return differences;
}
