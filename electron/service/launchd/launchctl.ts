/**
 * The one module that runs launchctl. Every call goes through execa with an argument list (no
 * shell), is logged with its exit status and duration, and returns what launchctl said.
 */
import { execa } from 'execa';
import { ServiceError } from '../errors.js';
import { isNotLoaded, launchctlError } from './launchctl-errors.js';
import type { JobRecord, ListRow } from './print-record.js';
import { parseDisabled, parseList, parsePrint } from './print-record.js';

export interface LaunchctlResult {
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface LaunchctlCall extends LaunchctlResult {
  durationMs: number;
}

export type Domain = `gui/${number}` | `user/${number}`;

export type PrintResult =
  | { loaded: true; record: JobRecord }
  | { loaded: false; reason: 'not-loaded' | 'no-domain' };

export class Launchctl {
  constructor(
    readonly binary: string,
    /** The environment launchctl runs with: the engine's, which need not be this process's. */
    private readonly env: NodeJS.ProcessEnv,
    private readonly onCall: (call: LaunchctlCall) => void = () => undefined,
  ) {}

  async run(args: string[]): Promise<LaunchctlResult> {
    const started = performance.now();
    let result: LaunchctlResult;
    try {
      const child = await execa(this.binary, args, { reject: false, stdin: 'ignore', timeout: 120_000, env: this.env, extendEnv: false });
      if (child.exitCode === undefined) throw child;
      result = { args, exitCode: child.exitCode, stdout: child.stdout, stderr: child.stderr };
    } catch (error) {
      throw new ServiceError({
        code: 'launchctl-unavailable',
        message: `Could not run ${this.binary}`,
        explanation: `launchctl did not run: ${(error as Error).message.split('\n')[0]}`,
        nextStep: 'Check HERMES_BAR_LAUNCHCTL, or that /bin/launchctl exists on this Mac.',
        command: ['launchctl', ...args],
      });
    }
    this.onCall({ ...result, durationMs: performance.now() - started });
    return result;
  }

  /** Runs a command that must succeed; throws the mapped error otherwise. */
  async must(args: string[]): Promise<LaunchctlResult> {
    const result = await this.run(args);
    if (result.exitCode !== 0) throw new ServiceError(launchctlError(args, result.exitCode, result.stderr));
    return result;
  }

  bootstrap(domain: Domain, plistPath: string): Promise<LaunchctlResult> {
    return this.run(['bootstrap', domain, plistPath]);
  }

  bootout(target: string): Promise<LaunchctlResult> {
    return this.run(['bootout', target]);
  }

  /**
   * A plain kickstart starts a loaded job that is not running and does nothing to a running one.
   * Never `-k`: it kills only launchd's own process and respawns beside a gateway still stopping.
   */
  kickstart(target: string): Promise<LaunchctlResult> {
    return this.run(['kickstart', target]);
  }

  enable(target: string): Promise<LaunchctlResult> {
    return this.run(['enable', target]);
  }

  async print(target: string): Promise<PrintResult> {
    const result = await this.run(['print', target]);
    if (result.exitCode === 0) return { loaded: true, record: parsePrint(result.stdout) };
    if (isNotLoaded(result.exitCode)) return { loaded: false, reason: 'not-loaded' };
    if (result.exitCode === 112) return { loaded: false, reason: 'no-domain' };
    throw new ServiceError(launchctlError(result.args, result.exitCode, result.stderr));
  }

  /** Labels with a disabled override in a domain; null when launchctl cannot say. */
  async disabled(domain: Domain): Promise<Map<string, boolean> | null> {
    const result = await this.run(['print-disabled', domain]);
    return result.exitCode === 0 ? parseDisabled(result.stdout) : null;
  }

  /** Whether a domain exists: `gui/<uid>` only while the user is logged in at the screen (112 otherwise). */
  async hasDomain(domain: Domain): Promise<boolean> {
    const result = await this.run(['print', domain]);
    if (result.exitCode === 0) return true;
    if (result.exitCode === 112) return false;
    throw new ServiceError(launchctlError(result.args, result.exitCode, result.stderr));
  }

  /** Every loaded job of the caller's domain, in one call. */
  async list(): Promise<ListRow[]> {
    const result = await this.must(['list']);
    return parseList(result.stdout);
  }
}
