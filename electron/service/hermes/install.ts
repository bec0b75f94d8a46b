/** A Hermes install on this machine: where its launcher is, and what it says of itself (HERMES.md). */
import { statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { defaultHome } from './homes.js';

/** How a user installs Hermes Agent (its one-line installer, then its set-up wizard), in words with `code`. */
export const HERMES_INSTALL_STEP =
  'Install Hermes Agent in Terminal with `curl -fsSL https://raw.githubusercontent.com/NousResearch/hermes-agent/main/scripts/install.sh | bash`, then run `hermes setup`.';

/** How the gateway program is invoked: a `hermes` launcher, or an old venv's python -m. */
export interface Launcher {
  program: string;
  /** Arguments between the program and `[--profile X] gateway run` (e.g. `-m hermes_cli.main`). */
  prefix: string[];
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isFile(candidate)) return candidate;
  }
  return null;
}

/**
 * HERMES_BAR_HERMES, else the stable ~/.hermes/bin/hermes, else `hermes` on PATH. The path is
 * kept as found, never resolved to its target: an upgrade replaces the target, not the path.
 */
export function findLauncher(env: NodeJS.ProcessEnv, userHome: string): Launcher | null {
  const override = env.HERMES_BAR_HERMES?.trim();
  if (override) return { program: path.resolve(override), prefix: [] };
  const stable = path.join(defaultHome(userHome), 'bin', 'hermes');
  if (isFile(stable)) return { program: stable, prefix: [] };
  const found = onPath('hermes', env);
  return found ? { program: found, prefix: [] } : null;
}

/** The launcher a service file's command names (its program, and `-m hermes_cli.main` for an old venv). */
export function launcherOfArguments(argv: readonly string[]): Launcher | null {
  const [program, ...rest] = argv;
  if (!program) return null;
  return rest[0] === '-m' && rest[1] === 'hermes_cli.main' ? { program, prefix: ['-m', 'hermes_cli.main'] } : { program, prefix: [] };
}

/** What `<launcher> --version` prints (its first line), or null when it does not answer in time. */
export async function hermesVersion(launcher: Launcher, env: NodeJS.ProcessEnv): Promise<string | null> {
  const result = await execa(launcher.program, [...launcher.prefix, '--version'], {
    reject: false,
    stdin: 'ignore',
    timeout: 5_000,
    env,
    extendEnv: false,
  });
  const line = result.exitCode === 0 ? (result.stdout.split('\n')[0]?.trim() ?? '') : '';
  return line || null;
}
