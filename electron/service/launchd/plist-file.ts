/**
 * Agent plist files: render and parse with `plist`, and judge "current" by meaning (DESIGN.md
 * rule 5). Reading and writing the file is service-file.ts's.
 */
import * as plist from 'plist';
import type { PlistValue } from 'plist';
import type { AgentJob } from '../hermes/definitions.js';
import { INSIGNIFICANT_ENV } from '../hermes/definitions.js';
import { normalizeGatewayArguments } from '../hermes/gateway-process.js';
import type { ServiceFile } from '../service-file.js';
import { readServiceFile } from '../service-file.js';
import type { PlistChange } from '../types.js';

export type PlistDict = { [key: string]: PlistValue };

/** launchd refuses plists larger than this anyway; refusing early keeps hostile files cheap. */
const MAX_PLIST_BYTES = 256 * 1024;

export function renderPlist(job: AgentJob): string {
  return renderDict(job as unknown as PlistDict);
}

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

/**
 * A plist is current when it means the same job as the wanted one: label, program, arguments,
 * home, working folder, log paths and keep-alive. PATH, VIRTUAL_ENV and key order do not count.
 */
export function plistDifferences(current: PlistDict, wanted: AgentJob): PlistChange[] {
  const differences: PlistChange[] = [];
  const compare = (field: string, have: string | null, want: string): void => {
    if (have !== want) differences.push({ field, current: have, wanted: want });
  };
  compare('Label', text(current.Label), wanted.Label);
  const args = stringArray(current.ProgramArguments);
  compare('Program', args[0] ?? text(current.Program), wanted.ProgramArguments[0] ?? '');
  compare(
    'ProgramArguments',
    normalizeGatewayArguments(args.slice(1)).join(' '),
    normalizeGatewayArguments(wanted.ProgramArguments.slice(1)).join(' '),
  );
  compare('WorkingDirectory', text(current.WorkingDirectory), wanted.WorkingDirectory);
  compare('StandardOutPath', text(current.StandardOutPath), wanted.StandardOutPath);
  compare('StandardErrorPath', text(current.StandardErrorPath), wanted.StandardErrorPath);
  const env = envOf(current);
  for (const [key, value] of Object.entries(wanted.EnvironmentVariables)) {
    if (!INSIGNIFICANT_ENV.has(key)) compare(`EnvironmentVariables.${key}`, env[key] ?? null, value);
  }
  const runsAtLoad = current.RunAtLoad === true || keepsAlive(current.KeepAlive);
  if (!keepsAlive(current.KeepAlive) || !runsAtLoad) {
    differences.push({ field: 'KeepAlive', current: text(current.KeepAlive), wanted: 'true' });
  }
  return differences;
}

export function programArguments(dict: PlistDict): string[] {
  return stringArray(dict.ProgramArguments);
}

export function environment(dict: PlistDict): Record<string, string> {
  return envOf(dict);
}
