/**
 * The one module that runs systemctl, always as `systemctl --user`. Every call goes through execa
 * with an argument list (no shell), is logged with its exit status and duration, and returns what
 * systemctl said.
 */
import { execa } from 'execa';
import { ServiceError } from '../errors.js';
import { systemctlError } from './systemctl-errors.js';
import type { UnitRecord } from './unit-record.js';
import { SHOW_PROPERTIES, parseShow } from './unit-record.js';

export interface SystemctlResult {
  /** The arguments after `--user`. */
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface SystemctlCall extends SystemctlResult {
  durationMs: number;
}

/** `stop` waits for the gateway's drain and systemd's TimeoutStopSec; give it more than both. */
const CALL_TIMEOUT_MS = 180_000;

export class Systemctl {
  constructor(
    readonly binary: string,
    /** The environment systemctl runs with: the engine's, which need not be this process's. */
    private readonly env: NodeJS.ProcessEnv,
    private readonly onCall: (call: SystemctlCall) => void = () => undefined,
  ) {}

  async run(args: string[]): Promise<SystemctlResult> {
    const started = performance.now();
    let result: SystemctlResult;
    try {
      const child = await execa(this.binary, ['--user', ...args], {
        reject: false,
        stdin: 'ignore',
        timeout: CALL_TIMEOUT_MS,
        env: this.env,
        extendEnv: false,
      });
      if (child.exitCode === undefined) throw child;
      result = { args, exitCode: child.exitCode, stdout: child.stdout, stderr: child.stderr };
    } catch (error) {
      throw new ServiceError({
        code: 'systemctl-unavailable',
        message: `Could not run ${this.binary}`,
        explanation: `systemctl did not run: ${(error as Error).message.split('\n')[0]}`,
        nextStep: 'Check HERMES_BAR_SYSTEMCTL, or that systemd is installed (`systemctl --version`).',
        command: ['systemctl', '--user', ...args],
      });
    }
    this.onCall({ ...result, durationMs: performance.now() - started });
    return result;
  }

  /** Runs a command that must succeed; throws the mapped error otherwise. */
  async must(args: string[]): Promise<SystemctlResult> {
    const result = await this.run(args);
    if (result.exitCode !== 0) throw new ServiceError(systemctlError(args, result.exitCode, result.stderr));
    return result;
  }

  async show(unit: string): Promise<UnitRecord> {
    const result = await this.must(['show', unit, `--property=${SHOW_PROPERTIES.join(',')}`]);
    return parseShow(result.stdout);
  }

  daemonReload(): Promise<SystemctlResult> {
    return this.must(['daemon-reload']);
  }

  /** Blocks until the start job is done: for a simple service, once the gateway was forked. */
  start(unit: string): Promise<SystemctlResult> {
    return this.must(['start', unit]);
  }

  /** Stops the running process, then starts a new one: never both at once. */
  restart(unit: string): Promise<SystemctlResult> {
    return this.must(['restart', unit]);
  }

  /** Blocks until the unit has stopped (SIGTERM, SIGKILL after TimeoutStopSec). */
  stop(unit: string): Promise<SystemctlResult> {
    return this.must(['stop', unit]);
  }

  /** Sends a signal to the unit's main process only; Restart= decides what follows its exit. */
  signalMain(unit: string, signal: string): Promise<SystemctlResult> {
    return this.run(['kill', '--kill-who=main', `--signal=${signal}`, unit]);
  }

  resetFailed(unit: string): Promise<SystemctlResult> {
    return this.must(['reset-failed', unit]);
  }

  enable(unit: string): Promise<SystemctlResult> {
    return this.must(['enable', unit]);
  }

  /** Disables and stops in one command, waiting for the stop. */
  disableNow(unit: string): Promise<SystemctlResult> {
    return this.must(['disable', '--now', unit]);
  }
}
