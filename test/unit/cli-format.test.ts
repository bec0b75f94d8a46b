/** The CLI's human text: a normal state is never marked as a failure. */
import { describe, expect, it } from 'vitest';
import { formatList, formatStatus } from '../../electron/cli/format.js';
import type { GatewayStatus, Problem } from '../../electron/service/types.js';
import { gatewayStatus } from '../main/fake-engine.js';

const status = (fields: Partial<GatewayStatus>): GatewayStatus =>
  gatewayStatus({ home: '/Users/ada/.hermes', plistPath: '/Users/ada/Library/LaunchAgents/ai.hermes.gateway.plist', uptimeMs: 60_000, ...fields });

const plistMissing: Problem = { code: 'plist-missing', severity: 'error', message: 'There is no plist at /p.', fix: 'Write the plist Hermes expects and load it.' };
const badPermissions: Problem = { code: 'bad-permissions', severity: 'error', message: 'launchd refuses the plist: mode 0666, owner 501.', fix: 'Set the plist to mode 0644.' };

describe('hermes-bar status (text)', () => {
  it('a gateway never set up lists what set-up does, with no failure mark', () => {
    const text = formatStatus(status({ state: 'not-installed', pid: null, runs: null, uptimeMs: null, problems: [plistMissing] }));
    expect(text).not.toContain('✗');
    expect(text).toContain('not set up yet (`hermes-bar repair` sets it up):');
    expect(text).toContain('  · plist-missing: There is no plist at /p.\n      set-up: Write the plist Hermes expects and load it.');
  });

  it('a real problem keeps its mark and what repair does', () => {
    const text = formatStatus(status({ problems: [badPermissions] }));
    expect(text).toContain('problems:\n  ✗ bad-permissions: launchd refuses the plist: mode 0666, owner 501.\n      repair: Set the plist to mode 0644.');
  });

  it('a stopped gateway with no problem says only that it is stopped', () => {
    const text = formatStatus(status({ state: 'stopped', pid: null, uptimeMs: null }));
    expect(text.split('\n')[0]).toBe('ai.hermes.gateway: stopped, runs 1');
    expect(text).not.toMatch(/problem|✗|!/);
  });
});

describe('hermes-bar list (text)', () => {
  it('counts problems, and says "not set up" for a gateway never set up', () => {
    const rows = formatList([status({}), status({ label: 'ai.hermes.gateway-work', problems: [badPermissions] }), status({ label: 'ai.hermes.gateway-new', state: 'not-installed', pid: null, problems: [plistMissing] })]).split('\n');
    expect(rows[0]).not.toContain('(');
    expect(rows[1]).toMatch(/\(1 problem\)$/);
    expect(rows[2]).toMatch(/\(not set up\)$/);
  });
});
