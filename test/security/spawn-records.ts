/**
 * The child processes the CLI started, as test/security/record-spawns.mjs records them, and the
 * checks every watched run must pass: the recorder saw them, and none went through a shell.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect } from 'vitest';
import { CLI } from '../support/cli.js';

const RECORDER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'record-spawns.mjs');

export interface SpawnRecord {
  pid: number;
  script: string | null;
  api: string;
  file: string;
  args: string[];
  shell: boolean | string;
}

/** Environment that makes the CLI (and every Node process it starts) record its child processes in `log`. */
export function watchedEnv(log: string): Record<string, string> {
  return { NODE_OPTIONS: `--import=${pathToFileURL(RECORDER).href}`, HERMES_BAR_SPAWN_LOG: log };
}

/** The CLI's own child processes from `log`, after checking none of them went through a shell. */
export async function cliSpawnsWithoutShell(log: string): Promise<SpawnRecord[]> {
  const records = (await readFile(log, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as SpawnRecord);
  const fromCli = records.filter((record) => record.script === CLI);
  expect(fromCli.some((record) => record.file === 'ps')).toBe(true);
  expect(fromCli.filter((record) => record.shell !== false)).toEqual([]);
  expect(fromCli.filter((record) => record.api === 'exec' || record.api === 'execSync')).toEqual([]);
  return fromCli;
}
