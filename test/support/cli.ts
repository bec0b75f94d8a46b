/** Runs the real hermes-bar command line (the user's path) against a simulator or a real systemd. */
import path from 'node:path';
import { execa } from 'execa';
import type { ResultPromise } from 'execa';
import { repoRoot } from '../sim/repo-paths.js';

export const CLI = path.join(repoRoot(), 'bin', 'hermes-bar.js');

/** Engine deadlines in tests: shorter than real ones, still generous against the simulator. */
export const ENGINE_TIME_SCALE = '0.2';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  json: unknown;
}

/** The simulator's launchd and the tests' deadlines, unless `env` names others (the systemd tests). */
export function cliEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { HERMES_BAR_BACKEND: 'launchd', HERMES_BAR_TIME_SCALE: ENGINE_TIME_SCALE, ...env };
}

export function spawnCli(args: string[], env: NodeJS.ProcessEnv): ResultPromise<{ reject: false; env: NodeJS.ProcessEnv; extendEnv: false }> {
  return execa(process.execPath, [CLI, ...args], { reject: false, env: cliEnv(env), extendEnv: false });
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  const result = await spawnCli(args, env);
  return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr, json: parseJson(result.stdout) };
}
