import { describe, expect, it } from 'vitest';
import { guiNextStep, namedOperation } from '../../electron/health.js';
import { checkedAgo, duration, errorDetails, factsLine, failureTitle, restarts, tildify } from '../../renderer/src/format.js';
import { launchctlFailed, statusOf } from './fixtures.js';

describe('popover words', () => {
  it('scales durations like the CLI', () => {
    expect([duration(45_000), duration(12 * 60_000), duration(3 * 3_600_000 + 5 * 60_000), duration(4 * 86_400_000)]).toEqual(['45 s', '12 min', '3 h 5 min', '4 d']);
  });

  it('counts restarts as spawns after the first', () => {
    expect([restarts(null), restarts(1), restarts(4)]).toEqual([null, 0, 3]);
  });

  it('gives the facts it knows, in one line', () => {
    expect(factsLine(statusOf('running', { pid: 7, uptimeMs: 45_000, runs: 1 }))).toEqual(['pid 7', 'up 45 s']);
    expect(factsLine(statusOf('crashed', { lastExitCode: 1, runs: 3 }))).toEqual(['2 restarts', 'last exit 1']);
    expect(factsLine(statusOf('crashed', { lastSignal: 'SIGKILL', lastExitCode: null, runs: 2 }))).toEqual(['1 restart', 'last exit SIGKILL']);
  });

  it('writes home paths as ~/…, inside sentences too, and nothing else', () => {
    expect(tildify('/Users/ada/.hermes', '/Users/ada')).toBe('~/.hermes');
    expect(tildify('There is no plist at /Users/ada/Library/x.plist.', '/Users/ada')).toBe('There is no plist at ~/Library/x.plist.');
    expect(tildify('home is /Users/ada.', '/Users/ada')).toBe('home is ~.');
    expect(tildify('/Users/adam/x', '/Users/ada')).toBe('/Users/adam/x');
    expect(tildify('/Users/ada/x', null)).toBe('/Users/ada/x');
  });

  it('names the button to press where the engine names a command', () => {
    expect(guiNextStep('Run `hermes-bar repair`: it enables the job.')).toBe('Click Repair: it enables the job.');
    expect(guiNextStep('Wait a few seconds and try again; if it persists, run `hermes-bar repair`.')).toBe('Wait a few seconds and try again; if it persists, click Repair.');
    expect(guiNextStep('Run `hermes-bar start` (or Repair) to load the gateway job.')).toBe('Click Start (or Repair) to load the gateway job.');
    expect(guiNextStep('Run `hermes-bar doctor` and report the output.')).toBe('Choose Copy Diagnostics in the ⋯ menu and report the output.');
    expect(guiNextStep('Run `hermes setup` in a terminal.')).toBe('Run `hermes setup` in a terminal.');
    expect(namedOperation('Run `hermes-bar restart`.')).toEqual({ operation: 'restart', label: 'Restart' });
    expect(namedOperation('Read the log.')).toBeNull();
  });

  it('titles a failure by what failed', () => {
    expect(failureTitle('stop', false)).toBe('Couldn’t stop the gateway');
    expect(failureTitle('repair', true)).toBe('Couldn’t set up the gateway');
  });

  it('says how old a status is', () => {
    expect(checkedAgo(11_400)).toBe('checked 11 s ago');
    expect(checkedAgo(150_000)).toBe('checked 2 min ago');
  });

  it('puts code, command, exit code and gateway in the copied details', () => {
    const text = errorDetails(launchctlFailed, 'Couldn’t start the gateway', statusOf('stopped'));
    expect(text.split('\n')).toEqual([
      'Hermes Bar: Couldn’t start the gateway',
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
