/** Public types of the launchd simulator, shared by the daemon, the client and the test support. */

/** `$LAUNCHD_SIM_DIR/config.json`, read once when the daemon starts. */
export interface SimConfig {
  /** Multiplies every launchd-side delay (ThrottleInterval, ExitTimeOut, teardown window). Default 1. */
  timeScale?: number;
  /** When false, the `gui/<uid>` domain does not exist. Default true. */
  guiSession?: boolean;
  /** Teardown window after a bootout, before scaling. Default 4000. */
  teardownMs?: number;
  /** HOME given to every job (launchd takes it from the user database). Default: the daemon's HOME. */
  home?: string;
}

/**
 * One fault-injection rule of `$LAUNCHD_SIM_DIR/inject.json`. A rule names a launchctl
 * subcommand, or `spawn`: then launchd itself consults it at each spawn of a job whose
 * `<domain>/<label>` contains `match` (xpcproxy time, a spawn that fails or that macOS refuses).
 */
export interface InjectRule {
  /** Subcommand name, e.g. "bootstrap", or "spawn". */
  command: string;
  /** Substring that must appear in the argv joined by spaces (for `spawn`: in `<domain>/<label>`). */
  match?: string;
  /**
   * A command is not executed and this exit status is returned (unless `executed`). A spawn
   * fails with this exit code, as launchd's own 78 (`job state = spawn failed`).
   */
  exit?: number;
  /** With `exit`: the command runs as usual and only its answer is replaced (bootout's 36). */
  executed?: boolean;
  stderr?: string;
  stdout?: string;
  /** Wait before doing or answering the command (not scaled); for `spawn`, the time in xpcproxy. */
  delayMs?: number;
  /** bootout only: delay before the process is signalled, and this bootout's teardown window (not scaled). */
  teardownMs?: number;
  /** spawn only: the system refuses the exec with this `last exit reason`, e.g. OS_REASON_CODESIGNING. */
  exitReason?: string;
  /** How many commands (or spawns) the rule applies to. Default 1. */
  times?: number;
}

/** Request sent by the `launchctl` client to the daemon. */
export interface SimRequest {
  argv: string[];
  uid: number;
  cwd: string;
}

/** What one `launchctl` invocation prints and returns. */
export interface CommandResult {
  exit: number;
  stdout: string;
  stderr: string;
}

interface EventBase {
  /** Microseconds of CLOCK_MONOTONIC (`process.hrtime.bigint() / 1000`). */
  t: number;
}

export interface CommandEvent extends EventBase {
  type: 'command';
  argv: string[];
  exit: number;
}

export interface SpawnEvent extends EventBase {
  type: 'spawn';
  domain: string;
  label: string;
  pid: number;
  argv: string[];
  /** EnvironmentVariables.HERMES_HOME of the job, or null. */
  home: string | null;
}

export interface SpawnFailedEvent extends EventBase {
  type: 'spawn-failed';
  domain: string;
  label: string;
  reason: string;
}

export interface ExitEvent extends EventBase {
  type: 'exit';
  domain: string;
  label: string;
  pid: number;
  code: number | null;
  signal: string | null;
}

export interface SignalEvent extends EventBase {
  type: 'signal';
  domain: string;
  label: string;
  /** Negative for a signal sent to the whole process group. */
  pid: number;
  signal: string;
}

export type SimEvent = CommandEvent | SpawnEvent | SpawnFailedEvent | ExitEvent | SignalEvent;

/** Distributes Omit over a union, so each member keeps its own fields. */
export type WithoutTime<E> = E extends EventBase ? Omit<E, 't'> : never;
