/**
 * Agent plist files: parse with `plist` and say what a plist means in the terms both backends
 * judge definitions by. Reading and writing the file is service-file.ts's; the text Hermes writes
 * is hermes/layouts.ts's.
 */
import * as plist from 'plist';
import type { PlistValue } from 'plist';
import type { DefinitionFacts } from '../hermes/definitions.js';
import type { ServiceFile } from '../service-file.js';
import { readServiceFile } from '../service-file.js';

export type PlistDict = { [key: string]: PlistValue };

/** launchd refuses plists larger than this anyway; refusing early keeps hostile files cheap. */
const MAX_PLIST_BYTES = 256 * 1024;

export function renderDict(dict: PlistDict): string {
  return plist.build(dict);
}

export type ParsedPlist = { ok: true; dict: PlistDict } | { ok: false; reason: string };

/** xmldom reports fatal errors on the console before throwing; keep them out of our output. */
function quietly<T>(fn: () => T): T {
  const { error, warn } = console;
  console.error = () => undefined;
  console.warn = () => undefined;
  try {
    return fn();
  } finally {
    console.error = error;
    console.warn = warn;
  }
}

export function parsePlist(text: string): ParsedPlist {
  let value: PlistValue;
  try {
    value = quietly(() => plist.parse(text));
  } catch (error) {
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    return { ok: false, reason: first.replace(/^\[xmldom[^\]]*\]\s*/, '') || 'not a property list' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Date || value instanceof Uint8Array) {
    return { ok: false, reason: 'the top-level value is not a dictionary' };
  }
  return { ok: true, dict: value };
}

export type PlistFile = ServiceFile<ParsedPlist>;

export function readPlistFile(file: string): Promise<PlistFile> {
  return readServiceFile(file, MAX_PLIST_BYTES, parsePlist, (reason) => ({ ok: false, reason }));
}

// --- meaning ------------------------------------------------------------------------------

function text(value: PlistValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value)) return value.map((v) => text(v) ?? '').join(' ');
  if (typeof value === 'object' && !(value instanceof Date) && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return String(value);
}

function stringArray(value: PlistValue | undefined): string[] {
  return Array.isArray(value) ? value.map((v) => String(v)) : [];
}

function envOf(dict: PlistDict): Record<string, string> {
  const env = dict.EnvironmentVariables;
  if (typeof env !== 'object' || env === null || Array.isArray(env) || env instanceof Date || env instanceof Uint8Array) return {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

/** KeepAlive true, or the older {SuccessfulExit: false}, both keep a crashed gateway alive. */
function keepsAlive(value: PlistValue | undefined): boolean {
  if (value === true) return true;
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && !(value instanceof Uint8Array)) {
    return value.SuccessfulExit === false;
  }
  return false;
}

/** What a plist means: its label, command, environment, and whether launchd keeps the gateway running. */
export function plistFacts(dict: PlistDict): DefinitionFacts {
  const args = stringArray(dict.ProgramArguments);
  return {
    label: typeof dict.Label === 'string' ? dict.Label : null,
    // launchd runs Program, when a plist has one, whatever argv[0] says.
    argv: typeof dict.Program === 'string' ? [dict.Program, ...args.slice(1)] : args,
    env: envOf(dict),
    keepsRunning: keepsAlive(dict.KeepAlive),
  };
}

export function programArguments(dict: PlistDict): string[] {
  return stringArray(dict.ProgramArguments);
}

export function environment(dict: PlistDict): Record<string, string> {
  return envOf(dict);
}
