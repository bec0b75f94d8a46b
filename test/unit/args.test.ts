import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../electron/cli/args.js';

describe('the command line', () => {
  it('parses commands, --profile and --json', () => {
    expect(parseArgs(['status'])).toEqual({ command: 'status', profile: null, json: false });
    expect(parseArgs(['restart', '--profile', 'work', '--json'])).toEqual({ command: 'restart', profile: 'work', json: true });
    expect(parseArgs(['--json', 'doctor', '--profile=w'])).toEqual({ command: 'doctor', profile: 'w', json: true });
    expect(parseArgs(['--help']).command).toBe('help');
  });

  it.each([[[]], [['bogus']], [['status', '--frobnicate']], [['status', 'extra']], [['start', '--profile']], [['list', '--profile', 'w']], [['start', '--profile', 'a', '--profile', 'b']]])(
    'refuses %j',
    (argv) => {
      expect(() => parseArgs(argv)).toThrow(UsageError);
    },
  );
});
