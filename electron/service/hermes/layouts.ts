/**
 * The plist and unit each Hermes generation writes for a gateway, as text (real-hermes/ holds
 * Hermes's own output): Hermes compares a definition's text (lines stripped, PATH masked) with its
 * generator's and rewrites any difference, so what Hermes Bar writes is, line for line, what the
 * installed Hermes would write.
 */
import { ServiceError } from '../errors.js';
import { logPaths } from './gateway-files.js';

/** The two layouts Hermes has written (HERMES.md): 0.21 (stderr wrapper, `-I -c`), 0.18 (`python -m`). */
export type Generation = '0.21' | '0.18';

/** Everything a layout needs, worked out from the install (install.ts's planFor). */
export interface GatewayPlan {
  generation: Generation;
  /** What `hermes --version` said, e.g. "0.21.3"; null when it did not say. */
  version: string | null;
  home: string;
  profile: string | null;
  /** launchd's ProgramArguments: 0.21 the stderr wrapper around the gateway, 0.18 the gateway. */
  launchdArguments: string[];
  /** systemd's ExecStart: the gateway itself. */
  unitCommand: string[];
  /** systemd's ExecStopPost: Hermes's cgroup clean-up. */
  cleanupCommand: string[];
  /** The PATH the gateway gets. */
  path: string;
  /** 0.18's VIRTUAL_ENV. */
  virtualEnv: string | null;
}

/** Seconds launchd waits between spawns, and from SIGTERM to SIGKILL, in 0.21's plist. */
export const THROTTLE_INTERVAL_S = 30;
export const EXIT_TIMEOUT_S = 25;
/** systemd's RestartSec in both generations. */
export const RESTART_SEC = 5;
/** launchd's ExitTimeOut when a plist sets none (0.18's). */
export const DEFAULT_EXIT_TIMEOUT_S = 5;
const NOFILE = 4096;
const UNIT_DESCRIPTION = 'Hermes Agent Gateway - Messaging Platform Integration';

/** Python's html.escape, which Hermes applies to every plist string. */
function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

function strings(values: readonly string[]): string {
  return values.map((value) => `        <string>${xml(value)}</string>`).join('\n');
}

export function renderPlistText(plan: GatewayPlan, label: string): string {
  const logs = logPaths(plan.home);
  const head = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    '<dict>',
    '    <key>Label</key>',
    `    <string>${xml(label)}</string>`,
    '',
    '    <key>ProgramArguments</key>',
    '    <array>',
    strings(plan.launchdArguments),
    '    </array>',
    '    ',
    '    <key>WorkingDirectory</key>',
    `    <string>${xml(plan.home)}</string>`,
    '    ',
    '    <key>EnvironmentVariables</key>',
    '    <dict>',
    '        <key>PATH</key>',
    `        <string>${xml(plan.path)}</string>`,
  ];
  const env =
    plan.generation === '0.18'
      ? ['        <key>VIRTUAL_ENV</key>', `        <string>${xml(plan.virtualEnv ?? '')}</string>`, '        <key>HERMES_HOME</key>', `        <string>${xml(plan.home)}</string>`]
      : ['', '        <key>HERMES_HOME</key>', `        <string>${xml(plan.home)}</string>`, '        <key>HERMES_SUPERVISED_CHILD</key>', '        <string>1</string>'];
  const session = ['    </dict>', '', '    <key>LimitLoadToSessionType</key>', '    <array>', '        <string>Aqua</string>', '        <string>Background</string>', '    </array>', '    ', '    <key>RunAtLoad</key>', '    <true/>', '    ', '    <key>KeepAlive</key>', '    <true/>'];
  const tuning =
    plan.generation === '0.18'
      ? ['    ']
      : [
          '',
          "    <!-- ThrottleInterval raises launchd's default 10s minimum respawn interval",
          "         to 30s so a crash-looping gateway can't hammer launchd into a rapid",
          `         respawn storm; ExitTimeOut gives the gateway ${EXIT_TIMEOUT_S}s of graceful-drain`,
          '         headroom before launchd escalates from SIGTERM to SIGKILL on stop. -->',
          '    <key>ThrottleInterval</key>',
          `    <integer>${THROTTLE_INTERVAL_S}</integer>`,
          '',
          '    <key>ExitTimeOut</key>',
          `    <integer>${EXIT_TIMEOUT_S}</integer>`,
          '',
          '    <key>SoftResourceLimits</key>',
          '    <dict>',
          '        <key>NumberOfFiles</key>',
          `        <integer>${NOFILE}</integer>`,
          '    </dict>',
          '',
        ];
  const tail = ['    <key>StandardOutPath</key>', `    <string>${xml(logs.stdout)}</string>`, '    ', '    <key>StandardErrorPath</key>', `    <string>${xml(logs.stderr)}</string>`, '</dict>', '</plist>', ''];
  return [...head, ...env, ...session, ...tuning, ...tail].join('\n');
}

/**
 * A unit file is lines of settings: a line break (or another control character) in a value would
 * start a new setting, and blanks around a path would be dropped. Such a value is refused.
 */
function unitSafe(value: string, what: string): string {
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new ServiceError({
      code: 'plist-unsafe-path',
      message: `The ${what} holds a control character, so it cannot go into a unit file`,
      explanation: 'A line break (or another control character) in a unit file value would be read as a new setting.',
      nextStep: 'Use a HERMES_HOME and a Hermes install whose paths have no control characters.',
    });
  }
  return value;
}

/** One ExecStart word the way 0.21 writes it: always double-quoted (specifiers and variables kept literal). */
function quotedWord(word: string): string {
  return `"${word.replace(/[\\"]/g, (c) => `\\${c}`).replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;
}

/** 0.18 writes words bare; a word systemd would split or expand is quoted all the same. */
function bareWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) && !word.includes('%') ? word : quotedWord(word);
}

function environmentLine(name: string, value: string): string {
  return `Environment="${name}=${unitSafe(value, `${name} value`).replace(/[\\"]/g, (c) => `\\${c}`).replace(/%/g, '%%')}"`;
}

/** A unit value systemd takes whole (a folder): specifiers kept literal, no blanks it would trim. */
function plainValue(value: string, what: string): string {
  if (unitSafe(value, what).trim() !== value) {
    throw new ServiceError({
      code: 'plist-unsafe-path',
      message: `The ${what} begins or ends with a blank, which systemd would drop`,
      explanation: 'systemd trims the blanks around a unit file value, so the unit would name another path.',
      nextStep: 'Use a HERMES_HOME without leading or trailing blanks.',
    });
  }
  return value.replace(/%/g, '%%');
}

export function renderUnitText(plan: GatewayPlan): string {
  const modern = plan.generation !== '0.18';
  const word = modern ? quotedWord : bareWord;
  const command = (argv: readonly string[]): string => argv.map((w) => word(unitSafe(w, 'gateway command'))).join(' ');
  return [
    '[Unit]',
    `Description=${UNIT_DESCRIPTION}`,
    'After=network-online.target',
    'Wants=network-online.target',
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${command(plan.unitCommand)}`,
    `WorkingDirectory=${plainValue(plan.home, 'working folder')}`,
    environmentLine('PATH', plan.path),
    ...(modern
      ? ['', environmentLine('HERMES_HOME', plan.home), environmentLine('HERMES_SUPERVISED_CHILD', '1')]
      : [environmentLine('VIRTUAL_ENV', plan.virtualEnv ?? ''), environmentLine('HERMES_HOME', plan.home)]),
    'Restart=always',
    `RestartSec=${RESTART_SEC}`,
    'RestartForceExitStatus=75',
    ...(modern ? ['SuccessExitStatus=75', 'RestartPreventExitStatus=78'] : []),
    'KillMode=mixed',
    'KillSignal=SIGTERM',
    'ExecReload=/bin/kill -USR1 $MAINPID',
    `ExecStopPost=-${command(plan.cleanupCommand)}`,
    `TimeoutStopSec=${modern ? 70 : 90}`,
    'StandardOutput=journal',
    'StandardError=journal',
    '',
    '[Install]',
    'WantedBy=default.target',
    '',
  ].join('\n');
}

/**
 * What Hermes's own current-check compares: every line's right end stripped, the text trimmed,
 * and the PATH value masked (it comes from whichever shell ran the generator).
 */
export function comparableText(text: string): string {
  return text
    .trim()
    .split(/\r?\n/)
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/(<key>PATH<\/key>\s*<string>)[\s\S]*?(<\/string>)/, '$1…$2')
    .replace(/^(Environment="PATH=).*("$)/m, '$1…$2');
}
