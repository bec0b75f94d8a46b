/** Hermes's rule for telling a gateway process by its command line (HERMES.md). */
import path from 'node:path';
import type { Launcher } from './install.js';
import { defaultHome, isValidProfile, profileHome } from './homes.js';

/** Flags that do not change what a supervised gateway command means. */
const INSIGNIFICANT_FLAGS = new Set(['--external-supervisor']);

export function normalizeGatewayArguments(argv: readonly string[]): string[] {
  return argv.filter((arg) => !INSIGNIFICANT_FLAGS.has(arg));
}

export interface GatewayCommand {
  launcher: Launcher;
  profile: string | null;
}

function isPython(program: string): boolean {
  return /^python[0-9.]*$/.test(path.basename(program));
}

/**
 * Recognises a gateway command line: a Hermes launcher followed by `[--profile X] gateway run`.
 * Interpreter prefixes (a shebang's `node`/`python`) before the launcher are skipped.
 */
export function parseGatewayCommand(argv: readonly string[]): GatewayCommand | null {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] ?? '';
    let launcher: Launcher | null = null;
    let next = i + 1;
    if (path.basename(arg) === 'hermes') {
      launcher = { program: arg, prefix: [] };
    } else if (isPython(arg) && argv[i + 1] === '-m' && argv[i + 2] === 'hermes_cli.main') {
      launcher = { program: arg, prefix: ['-m', 'hermes_cli.main'] };
      next = i + 3;
    }
    if (!launcher) continue;
    let profile: string | null = null;
    if (argv[next] === '--profile') {
      profile = argv[next + 1] ?? null;
      next += 2;
    }
    if (argv[next] === 'gateway' && argv[next + 1] === 'run') return { launcher, profile };
  }
  return null;
}

/**
 * The home a gateway's service definition serves: its HERMES_HOME, else its profile's, else the
 * default home (what the gateway itself would use).
 */
export function homeOfGatewayCommand(argv: readonly string[], env: Record<string, string>, userHome: string): string | null {
  const command = parseGatewayCommand(argv);
  if (!command) return null;
  if (env.HERMES_HOME) return path.resolve(env.HERMES_HOME);
  if (command.profile === null) return defaultHome(userHome);
  return isValidProfile(command.profile) ? profileHome(userHome, command.profile) : null;
}
