import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../electron/cli/args.js';

describe('the command line', () => {
  it('parses commands, --profile and --json', () => {
    expect(parseArgs(['status'])).toEqual({ command: 'status', profile: null, json: false, report: false });
    expect(parseArgs(['restart', '--profile', 'work', '--json'])).toEqual({ command: 'restart', profile: 'work', json: true, report: false });
    expect(parseArgs(['--json', 'doctor', '--profile=w'])).toEqual({ command: 'doctor', profile: 'w', json: true, report: false });
    expect(parseArgs(['--help']).command).toBe('help');
  });

  it('uninstall takes an explicit --yes; doctor takes --report', () => {
    expect(parseArgs(['uninstall', '--yes', '--profile', 'w'])).toEqual({ command: 'uninstall', profile: 'w', json: false, report: false });
    expect(parseArgs(['doctor', '--report'])).toEqual({ command: 'doctor', profile: null, json: false, report: true });
    expect(() => parseArgs(['uninstall'])).toThrow(/uninstall needs --yes/);
  });

  it.each([
    [[]],
    [['bogus']],
    [['status', '--frobnicate']],
    [['status', 'extra']],
    [['start', '--profile']],
    [['list', '--profile', 'w']],
    [['start', '--profile', 'a', '--profile', 'b']],
    [['uninstall']],
    [['uninstall', '--json']],
    [['stop', '--yes']],
    [['status', '--report']],
    [['doctor', '--report', '--json']],
  ])('refuses %j', (argv) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
  });
});
