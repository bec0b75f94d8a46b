/** The service definitions Hermes writes for a gateway: the launchd plist and the systemd unit (HERMES.md). */
import path from 'node:path';
import { EXIT_CONFIG_ERROR, EXIT_PLANNED_RESTART } from './exits.js';
import { logPaths } from './gateway-files.js';
import type { Launcher } from './install.js';

export const THROTTLE_INTERVAL_S = 30;
export const EXIT_TIMEOUT_S = 25;

const SYSTEM_PATH = ['/opt/homebrew/bin', '/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];

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
