import { describe, expect, it } from 'vitest';
import { checkedAgo, duration, errorDetails, exitMeaning, gatewayWords, lastExit, restarts, stateWords } from '../../renderer/src/format.js';
import { launchctlFailed, statusOf } from './fixtures.js';

describe('format', () => {
  it('words every state', () => {
    expect(stateWords('not-installed')).toBe('Not installed');
    expect(stateWords('crashed')).toBe('Crashed');
  });

  it('scales durations like the CLI', () => {
    expect(duration(45_000)).toBe('45 s');
    expect(duration(12 * 60_000)).toBe('12 min');
    expect(duration(3_723_000)).toBe('1 h 2 min');
    expect(duration(5 * 86_400_000)).toBe('5 d');
  });

  it('explains exit codes, preferring the engine’s own words', () => {
    expect(exitMeaning(0)).toBe('stopped cleanly');
    expect(exitMeaning(75)).toBe('planned restart');
    expect(exitMeaning(78)).toMatch(/configuration error/);
    expect(exitMeaning(1)).toBe('crashed');
    expect(lastExit({ lastExitCode: 78, lastExitMeaning: null, lastSignal: null })).toMatch(/^78 — configuration error/);
    expect(lastExit({ lastExitCode: 1, lastExitMeaning: 'the engine says', lastSignal: null })).toBe('1 — the engine says');
    expect(lastExit({ lastExitCode: null, lastExitMeaning: null, lastSignal: null })).toBeNull();
  });

  it('words the gateway’s own view without repeating itself', () => {
    const report = { state: 'startup_failed', exitReason: 'startup_failed', activeAgents: 0, updatedAt: null, stale: false, platforms: [], writer: null } as const;
    expect(gatewayWords({ ...report, platforms: [] })).toBe('Failed to start');
    expect(gatewayWords({ ...report, platforms: [], exitReason: 'telegram token rejected' })).toBe('Failed to start: telegram token rejected');
    expect(gatewayWords({ ...report, platforms: [], state: 'running', exitReason: null, activeAgents: 1 })).toBe('Running, 1 active agent');
  });

  it('counts restarts as spawns after the first', () => {
    expect(restarts(null)).toBeNull();
    expect(restarts(1)).toBe('0');
    expect(restarts(4)).toBe('3');
  });

  it('says how old a status is', () => {
    expect(checkedAgo(11_400)).toBe('checked 11 s ago');
    expect(checkedAgo(150_000)).toBe('checked 2 min ago');
  });

  it('puts code, command, exit code and gateway in the copied details', () => {
    const text = errorDetails(launchctlFailed, 'Start failed', statusOf('stopped'));
    expect(text.split('\n')).toEqual([
      'Hermes Bar: Start failed',
      'Code: launchctl-failed',
      `Message: ${launchctlFailed.message}`,
      `Why: ${launchctlFailed.explanation}`,
      `Next step: ${launchctlFailed.nextStep}`,
      `Command: ${launchctlFailed.command?.join(' ')}`,
      'Exit code: 5',
      'stderr:',
      'Bootstrap failed: 5: Input/output error',
      'Gateway: ai.hermes.gateway (/Users/ada/.hermes), state stopped',
    ]);
  });
});
