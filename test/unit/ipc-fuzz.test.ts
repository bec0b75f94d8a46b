/**
 * Every IPC channel fuzzed with generated malformed, oversized and hostile payloads: dispatch
 * either refuses with InvalidPayload before any engine call, or calls the engine only with values
 * the contract allows. Nothing else may escape (no other exception, no prototype pollution).
 */
import { describe, expect, it } from 'vitest';
import { INVOKE_CHANNELS, InvalidPayload } from '../../electron/ipc-contract.js';
import { createDispatch } from '../../electron/main/dispatch.js';
import type { Platform } from '../../electron/main/dispatch.js';
import { StatusMonitor } from '../../electron/service/monitor.js';
import { OPERATIONS } from '../../electron/service/types.js';
import { FakeEngine, QUIET_TIMING } from '../main/fake-engine.js';
import { arbitraryValue, random } from '../support/hostile.js';

const CASES_PER_CHANNEL = 300;

function recordingPlatform(): { platform: Platform; calls: string[] } {
  const calls: string[] = [];
  const platform: Platform = {
    confirm: async (question) => {
      calls.push(`confirm:${question.message}`);
      return true;
    },
    loginItemState: () => 'not-registered',
    setOpenAtLogin: (open) => void calls.push(`openAtLogin:${String(open)}`),
    openLoginItemsSettings: async () => void calls.push('openLoginItemsSettings'),
    openPaths: async (paths) => void calls.push(`openPaths:${paths.length}`),
    writeClipboard: (text) => void calls.push(`clipboard:${text.length}`),
    keepRunning: () => true,
    setKeepRunning: (value) => void calls.push(`keepRunning:${String(value)}`),
    revealPath: (file) => void calls.push(`reveal:${file}`),
    resizePopover: (height) => void calls.push(`resize:${height}`),
    hidePopover: () => void calls.push('hide'),
    quit: () => void calls.push('quit'),
    installCommandLineTool: async () => void calls.push('install-cli'),
  };
  return { platform, calls };
}

function allowedProfile(profile: unknown): boolean {
  return profile === null || (typeof profile === 'string' && profile.length >= 1 && profile.length <= 64);
}

describe('IPC fuzz', () => {
  it.each(INVOKE_CHANNELS)('%s: refuses or passes only allowed values', async (channel) => {
    const engine = new FakeEngine();
    const monitor = new StatusMonitor(engine, QUIET_TIMING);
    const { platform, calls } = recordingPlatform();
    const dispatch = createDispatch({ engine, monitor, platform, appLogFile: null, appVersion: '0.0.0-test' });
    const next = random(channel.length * 7919);
    let refused = 0;
    for (let i = 0; i < CASES_PER_CHANNEL; i += 1) {
      const payload = arbitraryValue(next);
      const before = engine.calls.length + calls.length;
      try {
        await dispatch(channel, payload);
      } catch (error) {
        expect(error, `${channel} ${JSON.stringify(payload)?.slice(0, 200)}`).toBeInstanceOf(InvalidPayload);
        expect(engine.calls.length + calls.length).toBe(before);
        refused += 1;
      }
    }
    for (const call of engine.calls) {
      if ('profile' in call) expect(allowedProfile(call.profile)).toBe(true);
      if (call.method === 'run') expect(OPERATIONS).toContain(call.operation);
      if (call.method === 'tailLog') expect(call.lines >= 1 && call.lines <= 500).toBe(true);
    }
    expect(refused).toBeGreaterThan(CASES_PER_CHANNEL / 2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses unknown channels, including prototype names', async () => {
    const engine = new FakeEngine();
    const dispatch = createDispatch({ engine, monitor: new StatusMonitor(engine, QUIET_TIMING), platform: recordingPlatform().platform, appLogFile: null, appVersion: '0.0.0-test' });
    for (const channel of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'status:set', '', 'x'.repeat(10_000)]) {
      await expect(dispatch(channel, {})).rejects.toBeInstanceOf(InvalidPayload);
    }
    expect(engine.calls).toEqual([]);
  });
});
