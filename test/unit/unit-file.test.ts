import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../electron/service/errors.js';
import type { GatewayPlan } from '../../electron/service/hermes/layouts.js';
import { renderUnitText } from '../../electron/service/hermes/layouts.js';
import type { Specifiers, UnitMeaning } from '../../electron/service/systemd/unit-file.js';
import { parseTimespan, parseUnit, splitWords, unitFacts } from '../../electron/service/systemd/unit-file.js';

const spec: Specifiers = { userHome: '/home/ada', user: 'ada', uid: 1000, runtimeDir: '/run/user/1000' };
const home = '/home/ada/.hermes';
const launcher = '/home/ada/.hermes/hermes-agent/.hermes/bin/hermes';

function meaning(text: string): UnitMeaning {
  const parsed = parseUnit(text, spec);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.unit;
}

function plan(overrides: Partial<GatewayPlan> = {}): GatewayPlan {
  return {
    generation: '0.21',
    version: '0.21.3',
    home,
    profile: null,
    launchdArguments: [],
    unitCommand: [launcher, 'gateway', 'run'],
    cleanupCommand: [launcher, '--run-module', 'gateway.cgroup_cleanup'],
    path: '/usr/bin:/bin',
    virtualEnv: null,
    ...overrides,
  };
}

function refused(render: () => string): ServiceError | null {
  try {
    render();
  } catch (error) {
    return error instanceof ServiceError ? error : null;
  }
  return null;
}

describe('the unit text Hermes Bar writes (Hermes\'s own, see test/unit/hermes/layouts.test.ts)', () => {
  it('keeps paths with blanks, quotes, % and $ literal through systemd quoting, in both generations\' word styles', () => {
    const odd = '/opt/my tools/50%$HOME"x"/hermes';
    const oddHome = '/srv/hermes 100%';
    for (const generation of ['0.21', '0.18'] as const) {
      const read = meaning(renderUnitText(plan({ generation, home: oddHome, unitCommand: [odd, '--profile', 'work', 'gateway', 'run'], virtualEnv: '/v' })));
      expect(read.execStart).toEqual([odd, '--profile', 'work', 'gateway', 'run']);
      expect(read.workingDirectory).toBe(oddHome);
      expect(read.environment.HERMES_HOME).toBe(oddHome);
    }
  });

  it('refuses a value with a line break, which would add settings to the unit, and a home systemd would trim', () => {
    expect(refused(() => renderUnitText(plan({ home: '/home/ada/x\nExecStartPre=/bin/evil' })))?.code).toBe('plist-unsafe-path');
    expect(refused(() => renderUnitText(plan({ unitCommand: ['/bin/hermes\r', 'gateway', 'run'] })))?.code).toBe('plist-unsafe-path');
    expect(refused(() => renderUnitText(plan({ home: ' /srv/h' })))?.code).toBe('plist-unsafe-path');
  });

  it('reads back as a gateway kept running (Restart=always)', () => {
    expect(unitFacts(meaning(renderUnitText(plan())))).toMatchObject({ argv: [launcher, 'gateway', 'run'], keepsRunning: true, env: { HERMES_HOME: home, HERMES_SUPERVISED_CHILD: '1' } });
    expect(unitFacts(meaning('[Service]\nExecStart=/h gateway run\nRestart=no\n')).keepsRunning).toBe(false);
    expect(unitFacts(meaning('[Service]\nExecStart=/h gateway run\nRestart=on-failure\n')).keepsRunning).toBe(true);
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
