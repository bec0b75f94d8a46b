/** Hermes's own rule for "is this a gateway process", on the process lines real gateways have (real-hermes/README.md). */
import { describe, expect, it } from 'vitest';
import { bootstrapHome, bootstrapModule, bootstrapRoot, gatewaySubcommand, isGatewayCommand, isStderrWrapper, profileOfCommand } from '../../../electron/service/hermes/gateway-process.js';

const PY = '/Users/u/.hermes/tools/python/cpython-3.14.0/bin/python3';
const boot = (module: string): string =>
  `import os, sys, runpy; os.environ['HERMES_HOME'] = os.environ.get('HERMES_HOME') or '/Users/u/.hermes'; sys.path.insert(0, '/Users/u/.hermes/hermes-agent'); import hermes_bootstrap; runpy.run_module('${module}', run_name='__main__', alter_sys=True)`;
const LAUNCHER = '/Users/u/.hermes/hermes-agent/.hermes/bin/hermes';

describe('gateway processes', () => {
  it.each([
    ['0.21 gateway under the wrapper', [PY, '-I', '-c', boot('hermes_cli.main'), 'gateway', 'run', '--external-supervisor'], true],
    ['0.21 gateway of a profile', [PY, '-I', '-c', boot('hermes_cli.main'), '--profile', 'work', 'gateway', 'run'], true],
    ['0.21 launcher before its exec', [LAUNCHER, 'gateway', 'run'], true],
    ['0.18 console script', ['/v/bin/python3', '/v/bin/hermes', 'gateway', 'run'], true],
    ['0.18 module form', ['/v/bin/python', '-m', 'hermes_cli.main', '-p', 'work', 'gateway', 'run', '--replace'], true],
    ['a bare `hermes gateway` (runs it)', ['/v/bin/hermes', 'gateway'], true],
    ['the gateway-only entry point', ['/usr/bin/python3', '/opt/h/gateway/run.py'], true],
    ['the stderr wrapper (not a gateway)', [PY, '-I', '-c', boot('hermes_cli.stderr_timestamp'), '--error-log', '/e.log', '--', LAUNCHER, 'gateway', 'run', '--external-supervisor'], false],
    ['the wrapper run by the launcher', [LAUNCHER, '--run-module', 'hermes_cli.stderr_timestamp', '--error-log', '/e.log', '--', LAUNCHER, 'gateway', 'run'], false],
    ['`hermes gateway status`', [LAUNCHER, 'gateway', 'status'], false],
    ['`hermes gateway start`', ['/v/bin/python3', '/v/bin/hermes', 'gateway', 'start'], false],
    ['a profile named gateway', [LAUNCHER, '--profile', 'gateway', 'status'], false],
    ['an unrelated gateway', ['/usr/bin/python3', '-m', 'tui_gateway'], false],
    ['grep for it', ['grep', 'hermes gateway run'], false],
    ['vim', ['vim', 'gateway', 'run'], false],
  ])('%s', (_name, argv, gateway) => {
    expect(isGatewayCommand(argv)).toBe(gateway);
  });

  it('reads the same from a ps line split at blanks (macOS, no /proc)', () => {
    const line = [PY, '-I', '-c', boot('hermes_cli.main'), 'gateway', 'run', '--external-supervisor'].join(' ').split(/\s+/);
    expect(isGatewayCommand(line)).toBe(true);
    const wrapper = [LAUNCHER, '--run-module', 'hermes_cli.stderr_timestamp', '--', LAUNCHER, 'gateway', 'run'].join(' ').split(/\s+/);
    expect(isStderrWrapper(wrapper)).toBe(true);
    expect(isGatewayCommand(wrapper)).toBe(false);
  });

  it('reads profiles in every form, and what a bootstrap is bound to', () => {
    expect(profileOfCommand(['h', '--profile', 'a', 'gateway', 'run'])).toBe('a');
    expect(profileOfCommand(['h', '-p=b', 'gateway', 'run'])).toBe('b');
    expect(profileOfCommand(['h', '--profile=c', 'gateway'])).toBe('c');
    expect(profileOfCommand(['h', 'gateway', 'run'])).toBeNull();
    expect(gatewaySubcommand(['/x/hermes', '-p', 'x', 'gateway', 'run'])).toBe('run');
    expect(bootstrapHome(boot('m'))).toBe('/Users/u/.hermes');
    expect(bootstrapRoot(boot('m'))).toBe('/Users/u/.hermes/hermes-agent');
    expect(bootstrapModule(boot('gateway.cgroup_cleanup'))).toBe('gateway.cgroup_cleanup');
  });
});
