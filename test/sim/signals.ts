import { constants } from 'node:os';

const SIGNAL_NUMBERS: Readonly<Record<string, number>> = constants.signals;

/** Signals that launchd's KeepAlive `Crashed` treats as a crash (SIGKILL and SIGTERM are not). */
export const CRASH_SIGNALS: ReadonlySet<string> = new Set([
  'SIGSEGV',
  'SIGBUS',
  'SIGILL',
  'SIGABRT',
  'SIGFPE',
  'SIGTRAP',
  'SIGSYS',
]);

/** strsignal(3) texts as macOS prints them. */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  SIGHUP: 'Hangup',
  SIGINT: 'Interrupt',
  SIGQUIT: 'Quit',
  SIGILL: 'Illegal instruction',
  SIGTRAP: 'Trace/BPT trap',
  SIGABRT: 'Abort trap',
  SIGFPE: 'Floating point exception',
  SIGKILL: 'Killed',
  SIGBUS: 'Bus error',
  SIGSEGV: 'Segmentation fault',
  SIGSYS: 'Bad system call',
  SIGPIPE: 'Broken pipe',
  SIGALRM: 'Alarm clock',
  SIGTERM: 'Terminated',
  SIGUSR1: 'User defined signal 1',
  SIGUSR2: 'User defined signal 2',
};

function isSignalName(name: string): name is NodeJS.Signals {
  return Object.hasOwn(SIGNAL_NUMBERS, name);
}

/** Parses `TERM`, `SIGTERM`, `sigterm` or `15`. */
export function parseSignal(text: string): NodeJS.Signals | null {
  if (/^\d+$/.test(text)) {
    const number = Number(text);
    const entry = Object.entries(SIGNAL_NUMBERS).find(([, value]) => value === number);
    return entry !== undefined && isSignalName(entry[0]) ? entry[0] : null;
  }
  const upper = text.toUpperCase();
  const name = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  return isSignalName(name) ? name : null;
}

export function signalNumber(signal: string): number {
  return SIGNAL_NUMBERS[signal] ?? 0;
}

/** `Killed: 9`, `Terminated: 15`. */
export function describeSignal(signal: string): string {
  const text = DESCRIPTIONS[signal] ?? signal;
  return `${text}: ${signalNumber(signal)}`;
}
