/** Helpers for the simulator's own tests (not used by the simulator). */
import { chmod, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as plist from 'plist';
import { repoRoot } from './repo-paths.js';

export const JOB_SCRIPT = join(repoRoot(), 'test', 'sim', 'fixtures', 'job.mjs');

type PlistDict = { [key: string]: plist.PlistValue };

export interface JobPlistOptions {
  label: string;
  /** Arguments of fixtures/job.mjs, e.g. ['exit', '1']. */
  job?: string[];
  /** Overrides ProgramArguments entirely. */
  programArguments?: string[];
  keys?: PlistDict;
  mode?: number;
}

/** Writes `<dir>/<label>.plist` for a job running fixtures/job.mjs; returns its path. */
export async function writeJobPlist(dir: string, options: JobPlistOptions): Promise<string> {
  const dict: PlistDict = {
    Label: options.label,
    ProgramArguments: options.programArguments ?? [process.execPath, JOB_SCRIPT, ...(options.job ?? ['run'])],
    ...options.keys,
  };
  const path = join(dir, `${options.label}.plist`);
  await writeFile(path, plist.build(dict));
  await chmod(path, options.mode ?? 0o644);
  return path;
}

/** Polls `check` until it returns a value other than undefined/false. */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** Top-level fields of `launchctl print` (lines indented by exactly one tab). */
export function printFields(stdout: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^\t([^\t=][^=]*?) = (.*)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined && !fields.has(match[1])) fields.set(match[1], match[2]);
  }
  return fields;
}
