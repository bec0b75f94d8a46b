import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { monotonicMicros } from './clock.js';
import type { JobSpec } from './job-spec.js';

export const DEFAULT_JOB_PATH = '/usr/bin:/bin:/usr/sbin:/sbin';

export type SpawnResult =
  | { ok: true; child: ChildProcess; pid: number; t: number }
  | { ok: false; reason: string };

/** launchd's minimal environment: HOME, a default PATH, the plist's variables, XPC_SERVICE_NAME. */
export function jobEnvironment(spec: JobSpec, home: string): Record<string, string> {
  return {
    HOME: home,
    PATH: DEFAULT_JOB_PATH,
    ...spec.environment,
    XPC_SERVICE_NAME: spec.label,
  };
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** execvp(3): a program without a slash is searched for in the job's PATH. */
function resolveProgram(program: string, path: string): string | null {
  if (program.includes('/')) return isExecutableFile(program) ? program : null;
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    if (isExecutableFile(candidate)) return candidate;
  }
  return null;
}

function openLog(path: string | null, cwd: string | null): number | 'ignore' {
  if (path === null) return 'ignore';
  const absolute = isAbsolute(path) || cwd === null ? path : join(cwd, path);
  return openSync(absolute, 'a', 0o644);
}

function closeFd(fd: number | 'ignore'): void {
  if (fd !== 'ignore') closeSync(fd);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Spawns the job's process in its own process group with its log files opened for append.
 * Any failure to do so is a spawn failure (launchd reports it as exit 78).
 */
export function spawnJob(spec: JobSpec, home: string): SpawnResult {
  const env = jobEnvironment(spec, home);
  const program = resolveProgram(spec.program, env['PATH'] ?? DEFAULT_JOB_PATH);
  if (program === null) return { ok: false, reason: `${spec.program}: not found or not executable` };
  const cwd = spec.workingDirectory;
  if (cwd !== null && !isDirectory(cwd)) return { ok: false, reason: `${cwd}: no such directory` };

  let stdout: number | 'ignore' = 'ignore';
  let stderr: number | 'ignore' = 'ignore';
  try {
    stdout = openLog(spec.stdoutPath, cwd);
    stderr = openLog(spec.stderrPath, cwd);
  } catch (error) {
    closeFd(stdout);
    return { ok: false, reason: `cannot open log: ${(error as Error).message}` };
  }

  const t = monotonicMicros();
  let child: ChildProcess;
  try {
    child = spawn(program, spec.programArguments.slice(1), {
      argv0: spec.programArguments[0] ?? program,
      cwd: cwd ?? '/',
      env,
      detached: true,
      stdio: ['ignore', stdout, stderr],
    });
  } catch (error) {
    return { ok: false, reason: `spawn: ${(error as Error).message}` };
  } finally {
    closeFd(stdout);
    closeFd(stderr);
  }
  child.on('error', () => {
    // reported through the missing pid below, or through the exit event
  });
  if (child.pid === undefined) return { ok: false, reason: `${program}: exec failed` };
  return { ok: true, child, pid: child.pid, t };
}
