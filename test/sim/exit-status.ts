import { signalNumber } from './signals.js';

/** How a job's last process ended: never, an exit code, a signal, or the system's reason (no code). */
export type LastExit =
  | { kind: 'never' }
  | { kind: 'code'; code: number }
  | { kind: 'signal'; signal: string }
  | { kind: 'reason'; reason: string };

/** The system ends a process it refuses (code signing, dyld, …) with SIGKILL and a reason attached. */
const REASON_SIGNAL = 'SIGKILL';

/** sysexits(3) names, as launchd appends them to `last exit code`. */
const SYSEXITS: Readonly<Record<number, string>> = {
  64: 'EX_USAGE',
  65: 'EX_DATAERR',
  66: 'EX_NOINPUT',
  67: 'EX_NOUSER',
  68: 'EX_NOHOST',
  69: 'EX_UNAVAILABLE',
  70: 'EX_SOFTWARE',
  71: 'EX_OSERR',
  72: 'EX_OSFILE',
  73: 'EX_CANTCREAT',
  74: 'EX_IOERR',
  75: 'EX_TEMPFAIL',
  76: 'EX_PROTOCOL',
  77: 'EX_NOPERM',
  78: 'EX_CONFIG',
};

/** `0`, `1`, `75: EX_TEMPFAIL`, `78: EX_CONFIG`. */
export function describeExitCode(code: number): string {
  const name = SYSEXITS[code];
  return name === undefined ? String(code) : `${code}: ${name}`;
}

/** The raw wait(2) status: exit code << 8, or the signal number. */
export function waitStatus(exit: LastExit): number {
  switch (exit.kind) {
    case 'never':
      return 0;
    case 'code':
      return exit.code << 8;
    case 'signal':
      return signalNumber(exit.signal);
    case 'reason':
      return signalNumber(REASON_SIGNAL);
  }
}

/** The `Status` column of `launchctl list`: the exit code, or minus the signal number. */
export function listStatus(exit: LastExit): number {
  switch (exit.kind) {
    case 'never':
      return 0;
    case 'code':
      return exit.code;
    case 'signal':
      return -signalNumber(exit.signal);
    case 'reason':
      return -signalNumber(REASON_SIGNAL);
  }
}
