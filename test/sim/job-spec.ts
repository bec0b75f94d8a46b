import type { PlistValue } from 'plist';

/** What decides a respawn after an exit. */
export type KeepAlive =
  | { kind: 'never' }
  | { kind: 'always' }
  /** A KeepAlive dictionary: the job is kept alive when any present condition holds. */
  | { kind: 'conditions'; successfulExit: boolean | null; crashed: boolean | null };

/** The parts of a launchd job plist the simulator acts on (launchd's copy, never re-read). */
export interface JobSpec {
  label: string;
  program: string;
  programArguments: string[];
  workingDirectory: string | null;
  environment: Record<string, string>;
  stdoutPath: string | null;
  stderrPath: string | null;
  runAtLoad: boolean;
  keepAlive: KeepAlive;
  /** Seconds, unscaled. */
  throttleInterval: number;
  /** Seconds, unscaled; 0 means never SIGKILL. */
  exitTimeOut: number;
  abandonProcessGroup: boolean;
  /** The plist's own `Disabled` key (an override wins over it). */
  disabled: boolean;
  /** The names in the plist's MachServices: launchd prints them as the job's `endpoints`. */
  machServices: string[];
}

export const DEFAULT_THROTTLE_INTERVAL = 10;
/** launchd's default when the plist sets no ExitTimeOut (`exit timeout = 5`, LAUNCHD.md). */
export const DEFAULT_EXIT_TIMEOUT = 5;

type Dict = { [key: string]: PlistValue };

function isDict(value: PlistValue | undefined): value is Dict {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Date) &&
    !(value instanceof Uint8Array)
  );
}

class InvalidPlist extends Error {}

function optionalString(dict: Dict, key: string): string | null {
  const value = dict[key];
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new InvalidPlist(`${key} must be a string`);
  return value;
}

function optionalBoolean(dict: Dict, key: string): boolean | null {
  const value = dict[key];
  if (value === undefined) return null;
  if (typeof value !== 'boolean') throw new InvalidPlist(`${key} must be a boolean`);
  return value;
}

function optionalSeconds(dict: Dict, key: string, fallback: number): number {
  const value = dict[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || value < 0) throw new InvalidPlist(`${key} must be a number`);
  return value;
}

function stringArray(dict: Dict, key: string): string[] | null {
  const value = dict[key];
  if (value === undefined) return null;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new InvalidPlist(`${key} must be an array of strings`);
  }
  return value as string[];
}

function environment(dict: Dict): Record<string, string> {
  const value = dict['EnvironmentVariables'];
  if (value === undefined) return {};
  if (!isDict(value)) throw new InvalidPlist('EnvironmentVariables must be a dictionary');
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw new InvalidPlist(`EnvironmentVariables.${key} must be a string`);
    out[key] = item;
  }
  return out;
}

function keepAlive(dict: Dict): KeepAlive {
  const value = dict['KeepAlive'];
  if (value === undefined) return { kind: 'never' };
  if (typeof value === 'boolean') return value ? { kind: 'always' } : { kind: 'never' };
  if (!isDict(value)) throw new InvalidPlist('KeepAlive must be a boolean or a dictionary');
  return {
    kind: 'conditions',
    successfulExit: optionalBoolean(value, 'SuccessfulExit'),
    crashed: optionalBoolean(value, 'Crashed'),
  };
}

function machServices(dict: Dict): string[] {
  const value = dict.MachServices;
  if (value === undefined) return [];
  if (!isDict(value)) throw new InvalidPlist('MachServices must be a dictionary');
  return Object.keys(value);
}

/** Turns a parsed plist into a job spec, or returns why it is not a valid job. */
export function jobSpecFromPlist(value: PlistValue): JobSpec | { error: string } {
  try {
    if (!isDict(value)) throw new InvalidPlist('the top level must be a dictionary');
    const label = optionalString(value, 'Label');
    if (label === null || label === '') throw new InvalidPlist('Label is missing');
    const programArguments = stringArray(value, 'ProgramArguments');
    const program = optionalString(value, 'Program') ?? programArguments?.[0] ?? null;
    if (program === null) throw new InvalidPlist('Program and ProgramArguments are missing');
    return {
      label,
      program,
      programArguments: programArguments ?? [program],
      workingDirectory: optionalString(value, 'WorkingDirectory'),
      environment: environment(value),
      stdoutPath: optionalString(value, 'StandardOutPath'),
      stderrPath: optionalString(value, 'StandardErrorPath'),
      runAtLoad: optionalBoolean(value, 'RunAtLoad') ?? false,
      keepAlive: keepAlive(value),
      throttleInterval: optionalSeconds(value, 'ThrottleInterval', DEFAULT_THROTTLE_INTERVAL),
      exitTimeOut: optionalSeconds(value, 'ExitTimeOut', DEFAULT_EXIT_TIMEOUT),
      abandonProcessGroup: optionalBoolean(value, 'AbandonProcessGroup') ?? false,
      disabled: optionalBoolean(value, 'Disabled') ?? false,
      machServices: machServices(value),
    };
  } catch (error) {
    if (error instanceof InvalidPlist) return { error: error.message };
    throw error;
  }
}
