import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../electron/service/errors.js';
import { gatewayUnit } from '../../electron/service/hermes/definitions.js';
import type { Specifiers, UnitMeaning } from '../../electron/service/systemd/unit-file.js';
import { EMPTY_UNIT, parseTimespan, parseUnit, renderUnit, restartsAfterPlannedExit, splitWords, unitDifferences } from '../../electron/service/systemd/unit-file.js';

const spec: Specifiers = { userHome: '/home/ada', user: 'ada', uid: 1000, runtimeDir: '/run/user/1000' };
const home = '/home/ada/.hermes';
const launcher = { program: '/home/ada/.hermes/bin/hermes', prefix: [] };
const wanted = gatewayUnit(home, null, launcher);

function meaning(text: string): UnitMeaning {
  const parsed = parseUnit(text, spec);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.unit;
}

function fields(text: string): string[] {
  return unitDifferences(meaning(text), wanted).map((d) => d.field);
}

/** A unit an older Hermes or a user wrote, from its [Service] lines. */
function service(...lines: string[]): string {
  return ['[Unit]', 'Description=Hermes', '', '[Service]', ...lines, ''].join('\n');
}

const CURRENT_LINES = [
  `ExecStart=${launcher.program} gateway run --external-supervisor`,
  `WorkingDirectory=${home}`,
  `Environment=HERMES_HOME=${home} HERMES_SUPERVISED_CHILD=1`,
  'Restart=always',
];

describe('the unit Hermes Bar writes', () => {
  it('has every setting of the gateway unit (HERMES.md and the issue)', () => {
    const text = renderUnit(wanted);
    for (const line of [
      `ExecStart=${launcher.program} gateway run --external-supervisor`,
      `WorkingDirectory=${home}`,
      `Environment="HERMES_HOME=${home}"`,
      'Environment="HERMES_SUPERVISED_CHILD=1"',
      'Restart=always',
      'RestartSec=5',
      'SuccessExitStatus=75',
      'RestartForceExitStatus=75',
      'RestartPreventExitStatus=78',
      'KillMode=mixed',
      'ExecReload=/bin/kill -USR1 $MAINPID',
      'TimeoutStopSec=60',
      `StandardOutput=append:${home}/logs/gateway.log`,
      `StandardError=append:${home}/logs/gateway.error.log`,
      'WantedBy=default.target',
    ]) {
      expect(text.split('\n'), line).toContain(line);
    }
    expect(text).toMatch(/^Environment="PATH=\/home\/ada\/\.hermes\/bin:/m);
    expect(text).not.toContain('--replace');
  });

  it('reads back as current: render and parse agree', () => {
    expect(unitDifferences(meaning(renderUnit(wanted)), wanted)).toEqual([]);
  });

  it('keeps paths with blanks, quotes, % and $ literal through systemd quoting', () => {
    const odd = { program: '/opt/my tools/50%$HOME"x"/hermes', prefix: [] };
    const oddHome = '/srv/hermes 100%';
    const unit = gatewayUnit(oddHome, 'work', odd);
    const read = meaning(renderUnit(unit));
    expect(read.execStart).toEqual([odd.program, '--profile', 'work', 'gateway', 'run', '--external-supervisor']);
    expect(read.workingDirectory).toBe(oddHome);
    expect(read.environment.HERMES_HOME).toBe(oddHome);
    expect(unitDifferences(read, unit)).toEqual([]);
  });

  it('refuses a value with a line break, which would add settings to the unit', () => {
    for (const unit of [gatewayUnit('/home/ada/x\nExecStartPre=/bin/evil', null, launcher), gatewayUnit(home, null, { program: '/bin/hermes\r', prefix: [] })]) {
      let error: unknown;
      try {
        renderUnit(unit);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ServiceError);
      expect((error as ServiceError).code).toBe('plist-unsafe-path');
    }
  });
});

describe('reading units as systemd does', () => {
  it('splits words with quotes and escapes, and knows an open quote', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g "h\\"i"`)).toEqual(['a', 'b c', 'd e', 'f g', 'h"i']);
    expect(splitWords('"open')).toBeNull();
  });

  it('resolves ExecStart prefixes, specifiers, $$, continuation lines and comments', () => {
    const read = meaning(
      ['[Service]', '# a comment', '; another', 'ExecStart=-%h/.hermes/bin/hermes \\', '  gateway run $$HOME', 'WorkingDirectory=~', 'Environment="A=%u" B=%U'].join('\n'),
    );
    expect(read.execStart).toEqual(['/home/ada/.hermes/bin/hermes', 'gateway', 'run', '$HOME']);
    expect(read.workingDirectory).toBe('/home/ada');
    expect(read.environment).toEqual({ A: 'ada', B: '1000' });
  });

  it('an empty assignment resets a setting, a later one wins', () => {
    const read = meaning(['[Service]', 'ExecStart=/bin/a', 'Environment=A=1', 'Environment=', 'Environment=B=2', 'Restart=no', 'Restart=always'].join('\n'));
    expect(read.environment).toEqual({ B: '2' });
    expect(read.restart).toBe('always');
  });

  it('is invalid where systemd refuses the unit', () => {
    expect(parseUnit('[Service\nExecStart=/bin/a\n', spec)).toMatchObject({ ok: false, reason: expect.stringMatching(/section header/) });
    expect(parseUnit('[Service]\nRestart=always\n', spec)).toMatchObject({ ok: false, reason: expect.stringMatching(/no ExecStart/) });
    expect(parseUnit('[Service]\nExecStart="/bin/a\n', spec)).toMatchObject({ ok: false });
    // systemd ignores lines without "=" and keys outside a section, with a warning.
    expect(parseUnit('junk\nKey=outside\n[Service]\nExecStart=/bin/a\nnonsense\n', spec)).toMatchObject({ ok: true });
  });

  it('reads time spans', () => {
    expect(parseTimespan('5')).toBe(5000);
    expect(parseTimespan('100ms')).toBe(100);
    expect(parseTimespan('1min 30s')).toBe(90_000);
    expect(parseTimespan('soon')).toBeNull();
  });
});

describe('"current" by meaning', () => {
  it('a unit with the same command, home and restart policy is current whatever its PATH, order and tuning', () => {
    expect(fields(service('Environment=PATH=/usr/bin VIRTUAL_ENV=/venv', ...[...CURRENT_LINES].reverse(), 'RestartSec=30', 'TimeoutStopSec=180', 'StandardOutput=journal'))).toEqual([]);
  });

  it('an older Hermes unit (Restart=on-failure with RestartForceExitStatus=75) is current', () => {
    const lines = CURRENT_LINES.map((line) => (line === 'Restart=always' ? 'Restart=on-failure' : line));
    expect(fields(service(...lines, 'RestartForceExitStatus=75'))).toEqual([]);
  });

  it('names each difference that changes what runs', () => {
    expect(fields(service(`ExecStart=/old/bin/hermes gateway run`, ...CURRENT_LINES.slice(1)))).toEqual(['ExecStart']);
    expect(fields(service(`ExecStart=${launcher.program} gateway run --replace`, ...CURRENT_LINES.slice(1)))).toEqual(['ExecStart']);
    expect(fields(service(...CURRENT_LINES.slice(0, 1), 'WorkingDirectory=/tmp', ...CURRENT_LINES.slice(2)))).toEqual(['WorkingDirectory']);
    expect(fields(service(...CURRENT_LINES.slice(0, 2), `Environment=HERMES_HOME=/elsewhere HERMES_SUPERVISED_CHILD=1`, 'Restart=always'))).toEqual(['Environment.HERMES_HOME']);
    expect(fields(service(...CURRENT_LINES.slice(0, 3), 'Restart=no'))).toEqual(['Restart', 'RestartForceExitStatus']);
    expect(fields(service(...CURRENT_LINES, 'Type=forking'))).toEqual(['Type']);
  });

  it('a unit that would not restart after a planned restart (exit 75) is stale', () => {
    const onFailure = CURRENT_LINES.map((line) => (line === 'Restart=always' ? 'Restart=on-failure' : line));
    expect(fields(service(...onFailure, 'SuccessExitStatus=75'))).toEqual(['RestartForceExitStatus']);
    expect(fields(service(...CURRENT_LINES, 'RestartPreventExitStatus=75'))).toEqual(['RestartForceExitStatus']);
    expect(restartsAfterPlannedExit(meaning(service(...onFailure)))).toBe(true);
  });

  it('against nothing, every field differs (what doctor lists for a missing unit)', () => {
    expect(unitDifferences(EMPTY_UNIT, wanted).map((d) => d.field)).toEqual([
      'ExecStart',
      'WorkingDirectory',
      'Environment.HERMES_HOME',
      'Environment.HERMES_SUPERVISED_CHILD',
      'Restart',
      'RestartForceExitStatus',
    ]);
  });
});
