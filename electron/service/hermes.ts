/**
 * Every fact about Hermes Agent's gateway lives here (HERMES.md): homes, profiles, labels, the
 * launcher, the agent plist layout, the gateway's own files and exit codes. Hermes changes these
 * often; a change in Hermes is a change in this one module.
 */
import { createHash } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { execa } from 'execa';

export const PROFILE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const LABEL_PREFIX = 'ai.hermes.gateway';
export const LABEL_PATTERN = /^ai\.hermes\.gateway(-[a-z0-9][a-z0-9_-]{0,63})?$/;
export const SYSTEMD_UNIT_PREFIX = 'hermes-gateway';
export const SYSTEMD_UNIT_PATTERN = /^hermes-gateway(-[a-z0-9][a-z0-9_-]{0,63})?\.service$/;
/** The unit older Hermes versions installed for the default home: a second gateway beside ours. */
export const LEGACY_SYSTEMD_UNIT = 'hermes.service';

export const EXIT_PLANNED_RESTART = 75;
export const EXIT_CONFIG_ERROR = 78;

export const THROTTLE_INTERVAL_S = 30;
export const EXIT_TIMEOUT_S = 25;
/** gateway_state.json older than this is stale. */
export const STATE_STALE_AFTER_MS = 120_000;

const SYSTEM_PATH = ['/opt/homebrew/bin', '/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];

/** How a user installs Hermes Agent (its one-line installer, then its set-up wizard), in words with `code`. */
export const HERMES_INSTALL_STEP =
  'Install Hermes Agent in Terminal with `curl -fsSL https://raw.githubusercontent.com/NousResearch/hermes-agent/main/scripts/install.sh | bash`, then run `hermes setup`.';

/** The default Hermes home (~/.hermes): profiles live below it whatever HERMES_HOME says. */
export function defaultHome(userHome: string): string {
  return path.join(userHome, '.hermes');
}

export function hermesHome(env: NodeJS.ProcessEnv, userHome: string): string {
  const fromEnv = env.HERMES_HOME?.trim();
  return fromEnv ? path.resolve(fromEnv) : defaultHome(userHome);
}

export function profilesRoot(userHome: string): string {
  return path.join(defaultHome(userHome), 'profiles');
}

export function profileHome(userHome: string, profile: string): string {
  return path.join(profilesRoot(userHome), profile);
}

export function isValidProfile(name: string): boolean {
  return PROFILE_PATTERN.test(name);
}

export function isValidLabel(label: string): boolean {
  return LABEL_PATTERN.test(label);
}

export function isValidUnitName(name: string): boolean {
  return SYSTEMD_UNIT_PATTERN.test(name);
}

function resolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The suffix of a home's label and unit name: none, the profile name, or a hash of the path. */
export function labelSuffix(home: string, userHome: string): string | null {
  const real = resolved(home);
  if (real === resolved(defaultHome(userHome))) return null;
  const root = resolved(profilesRoot(userHome));
  if (path.dirname(real) === root && isValidProfile(path.basename(real))) return path.basename(real);
  return createHash('sha256').update(real).digest('hex').slice(0, 8);
}

export function launchdLabel(home: string, userHome: string): string {
  const suffix = labelSuffix(home, userHome);
  return suffix ? `${LABEL_PREFIX}-${suffix}` : LABEL_PREFIX;
}

export function systemdUnitName(home: string, userHome: string): string {
  const suffix = labelSuffix(home, userHome);
  return suffix ? `${SYSTEMD_UNIT_PREFIX}-${suffix}.service` : `${SYSTEMD_UNIT_PREFIX}.service`;
}

/** The profile a home belongs to, when it is one of ~/.hermes/profiles/<name>. */
export function profileOf(home: string, userHome: string): string | null {
  const real = resolved(home);
  if (path.dirname(real) !== resolved(profilesRoot(userHome))) return null;
  const name = path.basename(real);
  return isValidProfile(name) ? name : null;
}

// --- the launcher -------------------------------------------------------------------------

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

/** `<launcher> [--profile <name>] gateway run --external-supervisor`; never `--replace`. */
export function gatewayArguments(launcher: Launcher, profile: string | null): string[] {
  return [
    launcher.program,
    ...launcher.prefix,
    ...(profile ? ['--profile', profile] : []),
    'gateway',
    'run',
    '--external-supervisor',
  ];
}

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

// --- the agent plist ----------------------------------------------------------------------

export function logPaths(home: string): { stdout: string; stderr: string; dir: string } {
  const dir = path.join(home, 'logs');
  return { dir, stdout: path.join(dir, 'gateway.log'), stderr: path.join(dir, 'gateway.error.log') };
}

export function gatewayPath(launcher: Launcher): string {
  const dirs = [path.dirname(launcher.program), ...SYSTEM_PATH];
  return [...new Set(dirs)].join(':');
}

/** The job definition Hermes writes for a home, as a plain plist dictionary. */
export interface AgentJob {
  Label: string;
  ProgramArguments: string[];
  WorkingDirectory: string;
  EnvironmentVariables: Record<string, string>;
  RunAtLoad: boolean;
  KeepAlive: boolean;
  ThrottleInterval: number;
  ExitTimeOut: number;
  StandardOutPath: string;
  StandardErrorPath: string;
}

export function agentJob(label: string, home: string, profile: string | null, launcher: Launcher): AgentJob {
  const logs = logPaths(home);
  return {
    Label: label,
    ProgramArguments: gatewayArguments(launcher, profile),
    WorkingDirectory: home,
    EnvironmentVariables: {
      PATH: gatewayPath(launcher),
      HERMES_HOME: home,
      HERMES_SUPERVISED_CHILD: '1',
    },
    RunAtLoad: true,
    KeepAlive: true,
    ThrottleInterval: THROTTLE_INTERVAL_S,
    ExitTimeOut: EXIT_TIMEOUT_S,
    StandardOutPath: logs.stdout,
    StandardErrorPath: logs.stderr,
  };
}

/** Environment variables whose value does not change what the job means. */
export const INSIGNIFICANT_ENV = new Set(['PATH', 'VIRTUAL_ENV']);

// --- the systemd user unit ----------------------------------------------------------------

/** systemd waits this long before it starts the gateway again (after exit 75 or a crash). */
export const RESTART_SEC = 5;
/** SIGTERM to SIGKILL when systemd stops the gateway: long enough for a drain. */
export const TIMEOUT_STOP_SEC = 60;

/**
 * The unit Hermes runs the gateway with on Linux, as plain values (unit-file.ts renders it): the
 * plist's command, folder and environment, restarted always (75 a planned restart, 78 a
 * configuration error that restarting does not help), SIGUSR1 as the reload.
 */
export interface GatewayUnit {
  Description: string;
  Type: 'simple';
  ExecStart: string[];
  /** Already in systemd's syntax: $MAINPID is systemd's, not a literal. */
  ExecReload: string;
  WorkingDirectory: string;
  Environment: Record<string, string>;
  Restart: 'always';
  RestartSec: number;
  SuccessExitStatus: number[];
  RestartForceExitStatus: number[];
  RestartPreventExitStatus: number[];
  KillMode: 'mixed';
  TimeoutStopSec: number;
  /** Log files, appended to like the plist's StandardOutPath and StandardErrorPath. */
  StandardOutput: string;
  StandardError: string;
  WantedBy: string;
}

export function gatewayUnit(home: string, profile: string | null, launcher: Launcher): GatewayUnit {
  const logs = logPaths(home);
  return {
    Description: `Hermes Agent gateway${profile ? ` (profile ${profile})` : ''}`,
    Type: 'simple',
    ExecStart: gatewayArguments(launcher, profile),
    ExecReload: '/bin/kill -USR1 $MAINPID',
    WorkingDirectory: home,
    Environment: {
      PATH: gatewayPath(launcher),
      HERMES_HOME: home,
      HERMES_SUPERVISED_CHILD: '1',
    },
    Restart: 'always',
    RestartSec: RESTART_SEC,
    SuccessExitStatus: [EXIT_PLANNED_RESTART],
    RestartForceExitStatus: [EXIT_PLANNED_RESTART],
    RestartPreventExitStatus: [EXIT_CONFIG_ERROR],
    KillMode: 'mixed',
    TimeoutStopSec: TIMEOUT_STOP_SEC,
    StandardOutput: logs.stdout,
    StandardError: logs.stderr,
    WantedBy: 'default.target',
  };
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

// --- the running gateway's files ----------------------------------------------------------

export function pidFilePath(home: string): string {
  return path.join(home, 'gateway.pid');
}

export function stateFilePath(home: string): string {
  return path.join(home, 'gateway_state.json');
}

export interface GatewayPidFile {
  pid: number;
  startTime: number | null;
  argv: string[];
}

export async function readPidFile(home: string): Promise<GatewayPidFile | null> {
  let text: string;
  try {
    text = await readFile(pidFilePath(home), 'utf8');
  } catch {
    return null;
  }
  return parsePidFile(text);
}

export function parsePidFile(text: string): GatewayPidFile | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), startTime: null, argv: [] };
  try {
    const data: unknown = JSON.parse(trimmed);
    if (!isRecord(data) || typeof data.pid !== 'number' || !Number.isInteger(data.pid) || data.pid <= 0) return null;
    return {
      pid: data.pid,
      startTime: typeof data.start_time === 'number' ? data.start_time : null,
      argv: Array.isArray(data.argv) ? data.argv.filter((a): a is string => typeof a === 'string') : [],
    };
  } catch {
    return null;
  }
}

export const GATEWAY_STATES = ['starting', 'running', 'draining', 'stopped', 'startup_failed'] as const;
export type GatewayRunState = (typeof GATEWAY_STATES)[number];
export const PLATFORM_STATES = ['connected', 'connecting', 'retrying', 'fatal'] as const;
export type PlatformState = (typeof PLATFORM_STATES)[number];

export interface PlatformStatus {
  name: string;
  state: PlatformState | 'unknown';
  errorCode: string | null;
  errorMessage: string | null;
}

export interface GatewayReport {
  state: GatewayRunState | 'unknown';
  exitReason: string | null;
  activeAgents: number | null;
  /** Epoch milliseconds, or null when the file does not say. */
  updatedAt: number | null;
  stale: boolean;
  platforms: PlatformStatus[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrNull(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return null;
}

/** updated_at is epoch seconds (Python's time.time()) or an ISO date. */
function epochMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value < 1e12 ? value * 1000 : value;
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

function oneOf<T extends string>(values: readonly T[], value: unknown): T | 'unknown' {
  return (values as readonly unknown[]).includes(value) ? (value as T) : 'unknown';
}

export function parseGatewayState(text: string, now: number): GatewayReport | null {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(data)) return null;
  const updatedAt = epochMs(data.updated_at);
  const platforms = isRecord(data.platforms)
    ? Object.entries(data.platforms).map(([name, value]): PlatformStatus => {
        const entry = isRecord(value) ? value : {};
        return {
          name,
          state: oneOf(PLATFORM_STATES, entry.state),
          errorCode: stringOrNull(entry.error_code),
          errorMessage: stringOrNull(entry.error_message),
        };
      })
    : [];
  return {
    state: oneOf(GATEWAY_STATES, data.gateway_state),
    exitReason: stringOrNull(data.exit_reason),
    activeAgents: typeof data.active_agents === 'number' ? data.active_agents : null,
    updatedAt,
    stale: updatedAt === null || now - updatedAt > STATE_STALE_AFTER_MS,
    platforms,
  };
}

/** Large or hostile state files are refused rather than read whole. */
const MAX_STATE_FILE_BYTES = 1024 * 1024;

export async function readGatewayState(home: string, now = Date.now()): Promise<GatewayReport | null> {
  try {
    const file = stateFilePath(home);
    if (statSync(file).size > MAX_STATE_FILE_BYTES) return null;
    return parseGatewayState(await readFile(file, 'utf8'), now);
  } catch {
    return null;
  }
}

/** What a gateway's exit status means to Hermes. */
export function exitMeaning(code: number | null): string | null {
  if (code === null) return null;
  if (code === 0) return 'stopped cleanly';
  if (code === EXIT_PLANNED_RESTART) return 'planned restart';
  if (code === EXIT_CONFIG_ERROR) return 'configuration error (for example a bot token already in use): restarting will not help';
  return 'crashed';
}
