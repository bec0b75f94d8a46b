import { describe, expect, it } from 'vitest';
import { closest, editDistance, parseArgs, UsageError } from '../../electron/cli/args.js';
import { main } from '../../electron/cli/main.js';

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

  it.each([
    [['stats'], 'status'],
    [['restat'], 'restart'],
    [['repiar'], 'repair'],
    [['docter'], 'doctor'],
    [['uninst'], 'uninstall'],
    [['status', '--jsn'], '--json'],
    [['status', '--profle=w'], '--profile'],
  ])('suggests what %j probably meant', (argv, meant) => {
    try {
      parseArgs(argv);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(UsageError);
      expect((error as UsageError).suggestion).toBe(meant);
    }
  });

  it('suggests nothing for a word far from every command, or one that begins several', () => {
    expect(closest('frobnicate', ['status', 'start', 'stop'])).toBeNull();
    expect(closest('st', ['status', 'start', 'stop'])).toBeNull();
    expect(closest('sta', ['status', 'start', 'stop'])).toBeNull();
    expect(editDistance('status', 'stauts')).toBe(1);
  });
});

describe('bad usage output', () => {
  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(argv, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
    return { code, out, err };
  }

  it('prints the usage once, with what was wrong and what was probably meant first', async () => {
    const { code, out, err } = await run(['stats']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.match(/Usage:/g)).toHaveLength(1);
    expect(err.split('\n')[0]).toBe('hermes-bar: unknown command "stats". Did you mean `status`?');
  });

  it('says nothing of a suggestion when there is none', async () => {
    const { err } = await run(['frobnicate']);
    expect(err.split('\n')[0]).toBe('hermes-bar: unknown command "frobnicate".');
    expect(err.match(/Usage:/g)).toHaveLength(1);
  });

  it('with --json: one object on stdout, the suggestion as the next step', async () => {
    const { code, out, err } = await run(['stats', '--json']);
    expect(code).toBe(2);
    expect(err).toBe('');
    const body = JSON.parse(out) as { ok: boolean; error: { code: string; nextStep: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'usage', nextStep: 'Did you mean `status`?' } });
  });
});
