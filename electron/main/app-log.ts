/**
 * Hermes Bar's own log (not the gateway's): every operation with its outcome and duration, and
 * every launchctl call with its exit status and duration. The app keeps it in Electron's
 * app.getPath('logs') (app.ts): ~/Library/Logs/<app name> on macOS, <userData>/logs elsewhere, the
 * app's name being package.json's productName, the one the cask's zap removes. No Electron import:
 * the app, the tests and the demo share it.
 */
import path from 'node:path';
import type { Engine } from '../service/engine.js';
import { createEngine } from '../service/engine.js';
import { toErrorInfo } from '../service/errors.js';
import type { LaunchctlCall } from '../service/launchd/launchctl.js';
import { redactText } from '../service/redact.js';
import type { Settings } from '../service/settings.js';
import type { RotationOptions } from './rotating-log.js';
import { DEFAULT_ROTATION, RotatingLog } from './rotating-log.js';

export const APP_LOG_NAME = 'hermes-bar.log';

function ms(value: number): string {
  return `${Math.round(value)} ms`;
}

export function launchctlLine(call: LaunchctlCall): string {
  const said = call.exitCode === 0 ? '' : `: ${call.stderr.trim().split('\n')[0] ?? ''}`;
  return `launchctl ${call.args.join(' ')} → exit ${call.exitCode} in ${ms(call.durationMs)}${said}`;
}

function who(profile: string | null): string {
  return profile ? `[${profile}]` : '[default]';
}

export class AppLog {
  private readonly log: RotatingLog;

  constructor(dir: string, rotation: RotationOptions = DEFAULT_ROTATION) {
    this.log = new RotatingLog(path.join(dir, APP_LOG_NAME), rotation);
  }

  get file(): string {
    return this.log.file;
  }

  /** One timestamped line; anything token-shaped is redacted, as the log may end up in a bug report. */
  write(message: string): void {
    this.log.write(`${new Date().toISOString()} ${redactText(message)}`);
  }

  launchctl(call: LaunchctlCall): void {
    this.write(launchctlLine(call));
  }

  /** The engine with every operation logged: requested, then succeeded or failed, with its duration. */
  operations(engine: Engine): Engine {
    const write = (message: string): void => this.write(message);
    return {
      get settings() {
        return engine.settings;
      },
      status: (profile) => engine.status(profile),
      doctor: (profile) => engine.doctor(profile),
      list: () => engine.list(),
      tailLog: (profile, stream, lines) => engine.tailLog(profile, stream, lines),
      diagnostics: (profile, appVersion) => engine.diagnostics(profile, appVersion),
      async run(operation, profile = null) {
        const started = performance.now();
        write(`${operation} ${who(profile)} requested`);
        try {
          const result = await engine.run(operation, profile);
          write(`${operation} ${who(profile)} succeeded in ${ms(performance.now() - started)}: ${result.message}`);
          return result;
        } catch (error) {
          const info = toErrorInfo(error);
          write(`${operation} ${who(profile)} failed in ${ms(performance.now() - started)}: ${info.code}: ${info.message}`);
          throw error;
        }
      },
    };
  }
}

/** The app's engine: launchctl calls and operations both go to the app's log. */
export function createLoggedEngine(settings: Settings, log: AppLog): Engine {
  return log.operations(createEngine(settings, { onLaunchctl: (call) => log.launchctl(call) }));
}
