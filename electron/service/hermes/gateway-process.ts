/**
 * Hermes's own rule for "is this a gateway process" (HERMES.md; gateway/status.py's
 * `_gateway_command_subcommand`), and what a gateway command line says: its profile, and for a
 * `python -I -c '<bootstrap>'` command the home and install root the bootstrap is bound to.
 */
import path from 'node:path';

/** The module of Hermes's stderr wrapper: a line that runs it is the wrapper, not a gateway. */
export const STDERR_WRAPPER_MODULE = 'hermes_cli.stderr_timestamp';

/** Tokens as Hermes compares them: quotes stripped, backslashes as slashes, lower case. */
function normalized(tokens: readonly string[]): string[] {
  return tokens.map((token) => token.replace(/^["']+|["']+$/g, '').replace(/\\/g, '/').toLowerCase());
}

/** The arguments with every profile selector (`--profile X`, `-p X`, `--profile=X`, `-p=X`) removed. */
function withoutProfile(tokens: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    if (token === '--profile' || token === '-p') i += 1;
    else if (!token.startsWith('--profile=') && !token.startsWith('-p=')) kept.push(token);
  }
  return kept;
}

/**
 * The gateway subcommand a command line runs (`run`, `start`, `status`…), or null when it is no
 * Hermes gateway command: a Hermes entry point (`hermes_cli.main`, also inside a `-c` script;
 * `hermes_cli/main.py`; a token named `hermes`) and then, profile selectors skipped, the token
 * after `gateway` (a bare `hermes gateway` runs it). Gateway-only entry points are `run`.
 */
export function gatewaySubcommand(argv: readonly string[]): string | null {
  const tokens = normalized(argv);
  const basenames = tokens.map((token) => token.slice(token.lastIndexOf('/') + 1));
  if (tokens.some((t) => t === 'gateway/run.py' || t.endsWith('/gateway/run.py'))) return 'run';
  if (basenames.some((b) => b === 'hermes-gateway' || b === 'hermes-gateway.exe')) return 'run';
  const joined = tokens.join(' ');
  const entry = joined.includes('hermes_cli.main') || joined.includes('hermes_cli/main.py') || basenames.some((b) => b === 'hermes' || b === 'hermes.exe');
  if (!entry) return null;
  const filtered = withoutProfile(tokens);
  const at = filtered.indexOf('gateway');
  if (at < 0) return null;
  return filtered[at + 1] ?? 'run';
}

/** Hermes's stderr wrapper (`… hermes_cli.stderr_timestamp --error-log F -- <gateway>`): part of a supervised job, never a gateway. */
export function isStderrWrapper(argv: readonly string[]): boolean {
  return argv.some((token) => token.includes(STDERR_WRAPPER_MODULE));
}

/** A command line that runs a gateway (`gateway run`), the stderr wrapper excluded. */
export function isGatewayCommand(argv: readonly string[]): boolean {
  return !isStderrWrapper(argv) && gatewaySubcommand(argv) === 'run';
}

/** The profile a gateway command names (`--profile X`, `-p X`, `--profile=X`, `-p=X`), else null. */
export function profileOfCommand(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i += 1) {
    const token = argv[i] ?? '';
    if (token === '--profile' || token === '-p') return argv[i + 1] ?? null;
    const inline = /^(?:--profile|-p)=(.*)$/.exec(token);
    if (inline) return inline[1] ?? null;
  }
  return null;
}

/** The interpreter options before a Python command's code string: `-c`, or combined like `-Ic`. */
const CODE_OPTION = /^-[A-Za-z]*c$/;

/** The code of a `python [-I] -c '<script>' …` command (Hermes's bootstrap), if it is one. */
export function bootstrapScript(argv: readonly string[]): string | null {
  const at = argv.findIndex((arg, i) => i >= 1 && i <= 2 && CODE_OPTION.test(arg));
  return at >= 1 ? (argv[at + 1] ?? null) : null;
}

function pythonLiteral(script: string, pattern: RegExp): string | null {
  const match = pattern.exec(script);
  return match?.[1] ?? match?.[2] ?? null;
}

/** The home a bootstrap falls back to without HERMES_HOME: `os.environ.get('HERMES_HOME') or '<home>'`. */
export function bootstrapHome(script: string): string | null {
  return pythonLiteral(script, /os\.environ\.get\(\s*['"]HERMES_HOME['"]\s*\)\s*or\s*(?:'([^']+)'|"([^"]+)")/);
}

/** The install root a bootstrap puts first on sys.path: `sys.path.insert(0, '<root>')`. */
export function bootstrapRoot(script: string): string | null {
  return pythonLiteral(script, /sys\.path\.insert\(\s*0\s*,\s*(?:'([^']+)'|"([^"]+)")\s*\)/);
}

/** The module a bootstrap runs: `runpy.run_module('<module>', …)`. */
export function bootstrapModule(script: string): string | null {
  return pythonLiteral(script, /run_module\(\s*(?:'([^']+)'|"([^"]+)")/);
}

/** A `python … -m <module>` command's module. */
export function moduleOfCommand(argv: readonly string[]): string | null {
  const at = argv.indexOf('-m');
  return at >= 1 ? (argv[at + 1] ?? null) : null;
}

export function isPython(program: string): boolean {
  return /^python[0-9.]*$/.test(path.basename(program));
}
