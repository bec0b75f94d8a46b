import { existsSync, mkdirSync } from 'node:fs';
import { tokenLockDir } from './home.js';
import type { ResolvedStandinConfig } from './standin-config.js';
import { appendStandinEvent } from './standin-events.js';
import { epochSeconds, removePidFilesIfOurs, writeGatewayState, writePidFiles } from './state-files.js';
import { acquireTokenLock, releaseTokenLock } from './token-lock.js';
import type { GatewayStateName } from './types.js';

/** Exit status of a gateway whose bot token is held by another live gateway. */
export const EXIT_TOKEN_IN_USE = 78;
export const EXIT_RESTART = 75;

const HOME_CHECK_MS = 500;
const HEARTBEAT_MS = 2_000;

function say(line: string): void {
  process.stdout.write(`[hermes-standin ${new Date().toISOString()} pid ${process.pid}] ${line}\n`);
}

/** The running stand-in gateway: files, lock, signals and exit. */
export class Gateway {
  private state: GatewayStateName = 'starting';
  private lockPath: string | null = null;
  private exiting = false;
  private lastHeartbeat = Date.now();

  constructor(
    private readonly home: string,
    private readonly config: ResolvedStandinConfig,
    private readonly argv: string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    // Handlers before the logged start: a signal that kills by default between the two would end
    // a gateway whose start is logged and whose exit never is (a supervisor stopping it mid-boot).
    process.on('SIGUSR1', () => this.drain());
    process.on('SIGTERM', () => this.terminate('SIGTERM'));
    process.on('SIGINT', () => this.terminate('SIGINT'));
    process.on('SIGHUP', () => say('SIGHUP ignored'));
    appendStandinEvent(this.home, { type: 'start', pid: process.pid, home: this.home });
    mkdirSync(this.home, { recursive: true });
    const lock = acquireTokenLock(tokenLockDir(this.env), this.config.token, this.home);
    if (!lock.ok) {
      process.stderr.write(
        `hermes gateway: the bot token is already in use by pid ${lock.holder} (${lock.path}); exiting\n`,
      );
      this.exit(EXIT_TOKEN_IN_USE, null, null);
      return;
    }
    this.lockPath = lock.path;
    writePidFiles(this.home, {
      pid: process.pid,
      kind: 'hermes-gateway',
      argv: this.argv,
      start_time: epochSeconds(),
      hermes_home: this.home,
    });
    this.setState('starting', null);
    setTimeout(() => this.booted(), this.config.bootMs);
    setInterval(() => this.tick(), HOME_CHECK_MS);
  }

  private setState(state: GatewayStateName, exitReason: string | null): void {
    this.state = state;
    writeGatewayState(this.home, state, exitReason, this.config.platforms);
    say(`gateway_state ${state}${exitReason === null ? '' : ` (${exitReason})`}`);
  }

  private booted(): void {
    if (this.exiting || this.state !== 'starting') return;
    if (this.config.crashOnBoot !== null) {
      this.exit(this.config.crashOnBoot, 'startup_failed', 'startup_failed');
      return;
    }
    this.setState('running', null);
    appendStandinEvent(this.home, { type: 'running', pid: process.pid, home: this.home });
  }

  private drain(): void {
    if (this.exiting || this.state === 'draining') return;
    this.setState('draining', 'restart');
    appendStandinEvent(this.home, { type: 'draining', pid: process.pid, home: this.home });
    setTimeout(() => this.exit(EXIT_RESTART, 'stopped', 'restart'), this.config.drainMs);
  }

  private terminate(signal: string): void {
    if (this.config.ignoreSigterm && signal === 'SIGTERM') {
      say('SIGTERM received and ignored (ignoreSigterm)');
      return;
    }
    this.exit(0, 'stopped', signal === 'SIGTERM' ? 'shutdown' : 'interrupted');
  }

  private tick(): void {
    if (!existsSync(this.home)) {
      this.exit(1, null, null);
      return;
    }
    if (Date.now() - this.lastHeartbeat >= HEARTBEAT_MS && !this.exiting) {
      this.lastHeartbeat = Date.now();
      writeGatewayState(this.home, this.state, this.state === 'draining' ? 'restart' : null, this.config.platforms);
    }
  }

  /** Writes the final state (when given), releases what is ours, logs and exits. */
  private exit(code: number, finalState: GatewayStateName | null, exitReason: string | null): void {
    if (this.exiting) return;
    this.exiting = true;
    try {
      if (finalState !== null) this.setState(finalState, exitReason);
      if (this.lockPath !== null) {
        releaseTokenLock(this.lockPath);
        removePidFilesIfOurs(this.home);
      }
    } catch (error) {
      process.stderr.write(`hermes gateway: cleanup failed: ${(error as Error).message}\n`);
    }
    say(`exiting with status ${code}`);
    appendStandinEvent(this.home, { type: 'exit', pid: process.pid, home: this.home, code });
    process.exit(code);
  }
}
