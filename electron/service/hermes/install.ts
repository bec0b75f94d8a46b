/**
 * The Hermes install on this machine (HERMES.md "The install and its launcher"): where its
 * `hermes` is, its version (declared in its code, else `--version`), how it runs a module
 * (`--print-runtime-command`), and the gateway command the installed version would put in its
 * plist or unit.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { defaultHome, profileOf } from './homes.js';
import { logPaths } from './gateway-files.js';
import type { Generation, GatewayPlan } from './layouts.js';
import { bootstrapRoot, bootstrapScript, isPython, moduleOfCommand } from './gateway-process.js';

/** How a user installs Hermes Agent (its one-line installer, then its set-up wizard), in words with `code`. */
export const HERMES_INSTALL_STEP =
  'Install Hermes Agent in Terminal with `curl -fsSL https://raw.githubusercontent.com/NousResearch/hermes-agent/main/scripts/install.sh | bash`, then run `hermes setup`.';

/** Where Hermes Bar looks for Hermes, in words (for "not installed" messages). */
export const LAUNCHER_SEARCH = '~/.local/bin/hermes, ~/.hermes/hermes-agent/.hermes/bin/hermes, ~/.hermes/hermes-agent/venv/bin/hermes, ~/.hermes/bin/hermes or `hermes` on PATH';

/** The `hermes` of an install: its launcher, or a venv's console script. */
export interface HermesInstall {
  hermes: string;
  /** Where it was found. */
  foundBy: 'HERMES_BAR_HERMES' | 'definition' | 'forwarder' | 'install root' | 'install venv' | 'home' | 'PATH';
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The program a script's `#!` line names, by its file name ("sh", "python3"), or null. */
function shebangOf(lines: readonly string[]): string | null {
  const interpreter = /^#!\s*(\S+)/.exec(lines[0] ?? '')?.[1];
  return interpreter ? path.basename(interpreter) : null;
}

function firstLines(file: string, bytes = 4096): string[] {
  try {
    return readFileSync(file, 'utf8').slice(0, bytes).split('\n');
  } catch {
    return [];
  }
}

/**
 * The target of a `~/.local/bin/hermes` forwarder (`exec <root>/.hermes/bin/hermes "$@"`), or
 * null when the file is something else (a symlink or a console script is the `hermes` itself).
 */
export function forwarderTarget(file: string): string | null {
  const lines = firstLines(file);
  if (shebangOf(lines) !== 'sh') return null;
  for (const line of lines) {
    const match = /^\s*exec\s+(?:'([^']+)'|"([^"]+)"|(\S+))\s+"\$@"\s*$/.exec(line);
    const target = match?.[1] ?? match?.[2] ?? match?.[3];
    if (target && path.basename(target) === 'hermes') return target;
  }
  return null;
}

/** The `hermes` a definition's gateway command points to: its launcher, or the install its bootstrap or venv belongs to. */
function hermesOfCommand(gateway: readonly string[]): string[] {
  const program = gateway[0] ?? '';
  if (path.basename(program) === 'hermes') return [program];
  const script = bootstrapScript(gateway);
  const root = script ? bootstrapRoot(script) : null;
  if (root) return [path.join(root, '.hermes', 'bin', 'hermes'), path.join(root, 'venv', 'bin', 'hermes')];
  if (isPython(program)) return [path.join(path.dirname(program), 'hermes')];
  return [];
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir && isFile(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

/**
 * Finds Hermes, in HERMES.md's order: HERMES_BAR_HERMES; the install an existing definition runs;
 * the `~/.local/bin/hermes` forwarder's target; `<root>/.hermes/bin/hermes` of the default
 * install root, else its venv's console script (0.18, developer checkouts: an app started from
 * Finder does not have the shell's PATH); `~/.hermes/bin/hermes` (older installs); `hermes` on
 * PATH. Paths are kept as found: an upgrade replaces what they point to, not the paths.
 */
export function findInstall(env: NodeJS.ProcessEnv, userHome: string, definitionGateway: readonly string[] | null = null): HermesInstall | null {
  const override = env.HERMES_BAR_HERMES?.trim();
  if (override) return { hermes: path.resolve(override), foundBy: 'HERMES_BAR_HERMES' };
  const candidates: Array<[string | null, HermesInstall['foundBy']]> = [
    ...hermesOfCommand(definitionGateway ?? []).map((p): [string, HermesInstall['foundBy']] => [p, 'definition']),
    [forwarderTarget(path.join(userHome, '.local', 'bin', 'hermes')), 'forwarder'],
    [path.join(defaultHome(userHome), 'hermes-agent', '.hermes', 'bin', 'hermes'), 'install root'],
    [path.join(defaultHome(userHome), 'hermes-agent', 'venv', 'bin', 'hermes'), 'install venv'],
    [path.join(defaultHome(userHome), 'bin', 'hermes'), 'home'],
    [onPath('hermes', env), 'PATH'],
  ];
  for (const [candidate, foundBy] of candidates) {
    if (candidate && isFile(candidate)) return { hermes: candidate, foundBy };
  }
  return null;
}

/** A shell-script launcher (`<root>/.hermes/bin/hermes`) that answers `--run-module`, as a store-Python install has. */
function isShellLauncher(hermes: string): boolean {
  return shebangOf(firstLines(hermes, 256)) === 'sh';
}

/** The interpreter of a console script (`#!<venv>/bin/python3`). */
function shebangPython(hermes: string): string | null {
  const interpreter = /^#!\s*(\S+)/.exec(firstLines(hermes, 512)[0] ?? '')?.[1] ?? null;
  return interpreter && isPython(interpreter) ? interpreter : null;
}

const PROBE_TIMEOUT_MS = 15_000;

async function ask(hermes: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ok: boolean; stdout: string }> {
  const result = await execa(hermes, args, { reject: false, stdin: 'ignore', timeout: PROBE_TIMEOUT_MS, env, extendEnv: false });
  return { ok: result.exitCode === 0, stdout: result.stdout };
}

/** The root of the install a store launcher (`<root>/.hermes/bin/hermes`) or a venv's console script (`<root>/venv/bin/hermes`) belongs to. */
function installRootOf(hermes: string): string | null {
  let real: string;
  try {
    real = realpathSync(hermes);
  } catch {
    return null;
  }
  const bin = path.dirname(real);
  const parent = path.dirname(bin);
  return path.basename(bin) === 'bin' && ['.hermes', 'venv', '.venv'].includes(path.basename(parent)) ? path.dirname(parent) : null;
}

/** The version the install's own code declares (`__version__ = "0.21.3"` in `hermes_cli/__init__.py`), the number `hermes --version` prints. */
function declaredVersion(hermes: string): string | null {
  const root = installRootOf(hermes);
  if (!root) return null;
  const source = firstLines(path.join(root, 'hermes_cli', '__init__.py'), 16_384).join('\n');
  return /^__version__\s*=\s*["']([^"'\s]+)["']/m.exec(source)?.[1] ?? null;
}

/**
 * The install's version ("0.21.3"): read from its code where it declares it, since `hermes
 * --version` imports the whole CLI first (hermes_cli/main.py); else `--version`'s number, or its
 * first line, or null.
 */
export async function hermesVersion(install: HermesInstall, env: NodeJS.ProcessEnv): Promise<string | null> {
  const declared = declaredVersion(install.hermes);
  if (declared) return declared;
  const answer = await ask(install.hermes, ['--version'], env);
  const first = answer.ok ? (answer.stdout.split('\n')[0]?.trim() ?? '') : '';
  return /\bv?(\d+\.\d+(?:\.\d+)?)\b/.exec(first)?.[1] ?? (first || null);
}

/** Hermes's own command for running `module` bound to `home` (`--print-runtime-command --module M`), or null when it cannot say. */
async function runtimeCommand(install: HermesInstall, module: string, home: string, env: NodeJS.ProcessEnv): Promise<string[] | null> {
  const answer = await ask(install.hermes, ['--print-runtime-command', '--module', module], { ...env, HERMES_HOME: home });
  if (!answer.ok) return null;
  try {
    const argv: unknown = JSON.parse(answer.stdout.trim().split('\n').at(-1) ?? '');
    return Array.isArray(argv) && argv.length >= 1 && argv.every((part) => typeof part === 'string') ? (argv as string[]) : null;
  } catch {
    return null;
  }
}

function servicePath(dirs: Array<string | null>): string {
  const system = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];
  return [...new Set([...dirs.filter((d): d is string => d !== null), ...system])].join(':');
}

/** Why no plan could be made: Hermes did not answer in a way a known generation does. */
export class InstallUnreadable extends Error {}

/**
 * What the installed Hermes would run for `home`: 0.21 when it answers `--print-runtime-command`
 * (its stderr wrapper around `gateway run --external-supervisor`: the launcher for the default
 * home and its profiles when it is a shell launcher, else Hermes's own `-I -c` commands), 0.18
 * otherwise (`<venv python> -m hermes_cli.main … gateway run --replace`; it rejects
 * `--external-supervisor`).
 */
export async function planFor(install: HermesInstall, home: string, userHome: string, env: NodeJS.ProcessEnv): Promise<GatewayPlan> {
  const profile = profileOf(home, userHome);
  const profileArgs = profile ? ['--profile', profile] : [];
  const underDefaultRoot = profile !== null || path.resolve(home) === path.resolve(defaultHome(userHome));
  const errorLog = logPaths(home).stderr;
  const launcher = isShellLauncher(install.hermes) && underDefaultRoot ? install.hermes : null;
  // Hermes writes its launcher's `--run-module M` for every module but the CLI: only the CLI's
  // command (does it answer at all, which Python runs it) is asked of it then, one process, not three.
  const moduleCommand = (module: string): Promise<string[] | null> =>
    launcher ? Promise.resolve([launcher, '--run-module', module]) : runtimeCommand(install, module, home, env);
  const [version, main, wrapper, cleanup] = await Promise.all([
    hermesVersion(install, env),
    runtimeCommand(install, 'hermes_cli.main', home, env),
    moduleCommand('hermes_cli.stderr_timestamp'),
    moduleCommand('gateway.cgroup_cleanup'),
  ]);
  const userBin = path.join(userHome, '.local', 'bin');
  if (main && wrapper && cleanup) {
    const run = (extra: string[]): string[] => [...(launcher ? [launcher] : main), ...profileArgs, 'gateway', 'run', ...extra];
    return {
      generation: '0.21',
      version,
      home,
      profile,
      launchdArguments: [...wrapper, '--error-log', errorLog, '--', ...run(['--external-supervisor'])],
      unitCommand: run([]),
      cleanupCommand: cleanup,
      path: servicePath([path.dirname(main[0] ?? install.hermes), userBin]),
      virtualEnv: null,
    };
  }
  const interpreter = shebangPython(install.hermes);
  if (!interpreter) throw new InstallUnreadable(`${install.hermes} answered neither --print-runtime-command nor is a Python console script`);
  // 0.18's generator writes its own sys.executable, the venv's `bin/python`, whichever name the
  // console script's shebang uses (pip writes `python3` there).
  const venv = path.dirname(path.dirname(interpreter));
  const venvPython = path.join(venv, 'bin', 'python');
  const python = isFile(venvPython) ? venvPython : interpreter;
  const module = (extra: string[]): string[] => [python, '-m', 'hermes_cli.main', ...profileArgs, 'gateway', 'run', ...extra];
  return {
    generation: '0.18',
    version,
    home,
    profile,
    launchdArguments: module(['--replace']),
    unitCommand: module([]),
    cleanupCommand: [python, '-m', 'gateway.cgroup_cleanup'],
    path: servicePath([path.dirname(python), userBin]),
    virtualEnv: venv,
  };
}

/** The generation a definition's command belongs to: the module form is 0.18's, everything else 0.21's. */
export function generationOfCommand(gateway: readonly string[]): Generation {
  return moduleOfCommand(gateway) === 'hermes_cli.main' ? '0.18' : '0.21';
}
