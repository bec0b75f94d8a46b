/** Public types of the stand-in Hermes gateway. */

/** `$HERMES_HOME/standin.json`, read when the gateway starts. */
export interface StandinConfig {
  /** Time from start to "running". Default 100. */
  bootMs?: number;
  /** Time from SIGUSR1 to exit 75. Default 50. */
  drainMs?: number;
  /** An exit code: after bootMs write startup_failed and exit with it. Default false. */
  crashOnBoot?: false | number;
  /** Log SIGTERM and keep running. Default false. */
  ignoreSigterm?: boolean;
  /** The bot token; default derived from the resolved HERMES_HOME. */
  token?: string;
  /** Default ["telegram", "discord"]. */
  platforms?: string[];
}

export type GatewayStateName = 'starting' | 'running' | 'draining' | 'stopped' | 'startup_failed';

export interface PlatformState {
  state: 'connected' | 'connecting' | 'retrying' | 'fatal';
  error_code: string | null;
  error_message: string | null;
}

/** `gateway_state.json`. */
export interface GatewayStateFile {
  gateway_state: GatewayStateName;
  exit_reason: string | null;
  active_agents: number;
  /** Epoch seconds. */
  updated_at: number;
  platforms: Record<string, PlatformState>;
}

/** `gateway.pid` and `gateway.lock`. */
export interface GatewayPidFile {
  pid: number;
  kind: 'hermes-gateway';
  argv: string[];
  /** Epoch seconds. */
  start_time: number;
  hermes_home: string;
}

/** One line of `$HERMES_HOME/standin-events.jsonl`. */
export interface StandinEvent {
  /** Microseconds of CLOCK_MONOTONIC, comparable with the simulator's events. */
  t: number;
  type: 'start' | 'running' | 'draining' | 'exit';
  pid: number;
  /** The resolved HERMES_HOME of the gateway. */
  home: string;
  /** start only: the parent's pid (Hermes's stderr wrapper under a 0.21 plist). */
  ppid?: number;
  /** exit only: the exit status (null when killed by a signal). */
  code?: number | null;
  /** exit only, written by a parent that reaped it: the terminating signal. */
  signal?: string | null;
}
