/**
 * systemd unit files: read any unit the way systemd does (sections, quoting, escapes, specifiers)
 * and say what it means in the terms both backends judge definitions by. Reading and writing the
 * file is service-file.ts's; the text Hermes writes is hermes/layouts.ts's.
 */
import type { DefinitionFacts } from '../hermes/definitions.js';
import type { ServiceFile } from '../service-file.js';
import { readServiceFile } from '../service-file.js';

/** systemd refuses unit files larger than this anyway; refusing early keeps hostile files cheap. */
const MAX_UNIT_BYTES = 256 * 1024;

/** What the specifiers of a user unit stand for (%h, %u, %U, %t). */
export interface Specifiers {
  userHome: string;
  user: string;
  uid: number;
  runtimeDir: string | null;
}

/** What a unit says about the service it runs, with quoting, escapes and specifiers resolved. */
export interface UnitMeaning {
  /** The program and its arguments; empty when the unit has no ExecStart. */
  execStart: string[];
  workingDirectory: string | null;
  environment: Record<string, string>;
  type: string | null;
  restart: string | null;
  successExitStatus: string[];
  restartForceExitStatus: string[];
  restartPreventExitStatus: string[];
}

export type ParsedUnit = { ok: true; unit: UnitMeaning } | { ok: false; reason: string };
export type UnitFile = ServiceFile<ParsedUnit>;

// --- reading ------------------------------------------------------------------------------

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', s: ' ', '\\': '\\', '"': '"', "'": "'", ' ': ' ' };

/**
 * Splits a value into words as systemd does for command lines and Environment=: whitespace
 * separates, single or double quotes group, a backslash escapes. Null when a quote is left open.
 */
export function splitWords(value: string): string[] | null {
  const words: string[] = [];
  let i = 0;
  while (i < value.length) {
    while (i < value.length && /\s/.test(value[i] ?? '')) i += 1;
    if (i >= value.length) break;
    let word = '';
    let quote: string | null = null;
    for (; i < value.length; i += 1) {
      const c = value[i] ?? '';
      if (c === '\\' && i + 1 < value.length) {
        i += 1;
        const next = value[i] ?? '';
        word += ESCAPES[next] ?? next;
      } else if (quote) {
        if (c === quote) quote = null;
        else word += c;
      } else if (/\s/.test(c)) {
        break;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else {
        word += c;
      }
    }
    if (quote) return null;
    words.push(word);
  }
  return words;
}

export function expandSpecifiers(value: string, spec: Specifiers): string {
  return value.replace(/%(.)/g, (match, letter: string) => {
    switch (letter) {
      case '%':
        return '%';
      case 'h':
        return spec.userHome;
      case 'u':
        return spec.user;
      case 'U':
        return String(spec.uid);
      case 't':
        return spec.runtimeDir ?? match;
      default:
        return match;
    }
  });
}

/** Sections of key → values in order; an empty assignment resets the key, as in systemd. */
type Sections = Map<string, Map<string, string[]>>;

function sectionsOf(text: string): Sections | string {
  const sections: Sections = new Map();
  let current: Map<string, string[]> | null = null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const number = i + 1;
    let line = (lines[i] ?? '').replace(/\r$/, '');
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i += 1;
      line = `${line.slice(0, -1)} ${(lines[i] ?? '').replace(/\r$/, '')}`;
    }
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[')) {
      const name = trimmed.match(/^\[([^[\]]+)\]$/)?.[1];
      if (!name) return `line ${number}: invalid section header ${JSON.stringify(trimmed.slice(0, 40))}`;
      current = sections.get(name) ?? new Map<string, string[]>();
      sections.set(name, current);
      continue;
    }
    const at = trimmed.indexOf('=');
    // systemd ignores (with a warning) lines without "=" and assignments outside a section.
    if (at <= 0 || !current) continue;
    const key = trimmed.slice(0, at).trim();
    const value = trimmed.slice(at + 1).trim();
    current.set(key, value === '' ? [] : [...(current.get(key) ?? []), value]);
  }
  return sections;
}

function words(values: string[]): string[] {
  return values.flatMap((value) => value.split(/\s+/).filter(Boolean));
}

/** ExecStart's prefixes (-, @, :, +, !) come before the program; `@` adds an argv[0] to drop. */
function commandOf(value: string, spec: Specifiers): string[] | null {
  const prefix = value.match(/^[-@:+!]*/)?.[0] ?? '';
  const split = splitWords(value.slice(prefix.length));
  if (!split) return null;
  const argv = prefix.includes('@') ? [split[0] ?? '', ...split.slice(2)] : split;
  return argv.map((word) => expandSpecifiers(word, spec).replace(/\$\$/g, '$'));
}

function environmentOf(values: string[], spec: Specifiers): Record<string, string> | null {
  const env: Record<string, string> = {};
  for (const value of values) {
    const assignments = splitWords(value);
    if (!assignments) return null;
    for (const assignment of assignments) {
      const at = assignment.indexOf('=');
      if (at > 0) env[assignment.slice(0, at)] = expandSpecifiers(assignment.slice(at + 1), spec);
    }
  }
  return env;
}

function directoryOf(value: string | undefined, spec: Specifiers): string | null {
  if (value === undefined) return null;
  const path = value.replace(/^-/, '');
  return path === '~' ? spec.userHome : expandSpecifiers(path, spec);
}

const TIME_UNITS: Record<string, number> = { us: 0.001, usec: 0.001, ms: 1, msec: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000 };

/** A systemd time span ("5", "5s", "500ms", "1min 30s") in milliseconds; null when unreadable. */
export function parseTimespan(value: string): number | null {
  let total = 0;
  let rest = value.trim();
  if (rest === '') return null;
  while (rest !== '') {
    const match = rest.match(/^(\d+(?:\.\d+)?)\s*([a-z]*)\s*/);
    const factor = match ? TIME_UNITS[match[2] || 's'] : undefined;
    if (!match || factor === undefined) return null;
    total += Number(match[1]) * factor;
    rest = rest.slice(match[0].length);
  }
  return total;
}

export function parseUnit(text: string, spec: Specifiers): ParsedUnit {
  const sections = sectionsOf(text);
  if (typeof sections === 'string') return { ok: false, reason: sections };
  const service = sections.get('Service') ?? new Map<string, string[]>();
  const last = (key: string): string | undefined => service.get(key)?.at(-1);
  const first = service.get('ExecStart')?.[0];
  // systemd refuses a service without ExecStart (bad-setting).
  if (first === undefined) return { ok: false, reason: 'the unit has no ExecStart=' };
  const execStart = commandOf(first, spec);
  if (!execStart || execStart.length === 0) return { ok: false, reason: 'ExecStart= cannot be read (an unclosed quote?)' };
  const environment = environmentOf(service.get('Environment') ?? [], spec);
  if (!environment) return { ok: false, reason: 'Environment= cannot be read (an unclosed quote?)' };
  return {
    ok: true,
    unit: {
      execStart,
      workingDirectory: directoryOf(last('WorkingDirectory'), spec),
      environment,
      type: last('Type') ?? null,
      restart: last('Restart') ?? null,
      successExitStatus: words(service.get('SuccessExitStatus') ?? []),
      restartForceExitStatus: words(service.get('RestartForceExitStatus') ?? []),
      restartPreventExitStatus: words(service.get('RestartPreventExitStatus') ?? []),
    },
  };
}

export function readUnitFile(file: string, spec: Specifiers): Promise<UnitFile> {
  return readServiceFile(file, MAX_UNIT_BYTES, (text) => parseUnit(text, spec), (reason) => ({ ok: false, reason }));
}

// --- meaning ------------------------------------------------------------------------------

/** Both keep the gateway running after a crash; "always" also after exit 0. */
const KEEPS_RUNNING = new Set(['always', 'on-failure']);

/** What a unit means: its command, environment, and whether systemd keeps the gateway running. */
export function unitFacts(unit: UnitMeaning): DefinitionFacts {
  return { label: null, argv: unit.execStart, env: unit.environment, keepsRunning: KEEPS_RUNNING.has(unit.restart ?? 'no') };
}
