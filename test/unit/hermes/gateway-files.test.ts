import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGatewayState, parsePidRecord, plannedStopPath, writePlannedStop } from '../../../electron/service/hermes/gateway-files.js';

describe("the gateway's files", () => {
  it('reads pid records of every version: start_time kept as an opaque fingerprint, never converted', () => {
    // 0.18's record (real-hermes/README.md): start_time in clock ticks since boot.
    expect(parsePidRecord('{"pid": 27706, "kind": "hermes-gateway", "argv": ["/v/bin/hermes", "gateway", "run"], "start_time": 133330}')).toEqual({
      pid: 27706,
      startTime: '133330',
      argv: ['/v/bin/hermes', 'gateway', 'run'],
      home: null,
    });
    expect(parsePidRecord('{"pid": 5, "argv": ["-c", "gateway", "run"], "start_time": "177300012345", "hermes_home": "/u/.hermes"}')).toMatchObject({ startTime: '177300012345', home: '/u/.hermes' });
    expect(parsePidRecord('4242\n')).toEqual({ pid: 4242, startTime: null, argv: [], home: null });
    expect(parsePidRecord('{"pid": -1}')).toBeNull();
    expect(parsePidRecord('not json')).toBeNull();
  });

  it('reads gateway_state.json with its writer; an old updated_at is not staleness (an idle gateway leaves it)', () => {
    const report = parseGatewayState(
      JSON.stringify({
        pid: 27706,
        kind: 'hermes-gateway',
        argv: ['/v/bin/hermes', 'gateway', 'run'],
        start_time: 133330,
        gateway_state: 'running',
        exit_reason: null,
        restart_requested: false,
        active_agents: 0,
        platforms: { telegram: { state: 'connected' }, discord: { state: 'fatal', error_code: '401', error_message: 'bot token rejected' } },
        updated_at: '2020-01-01T00:00:00.000000+00:00',
      }),
    );
    expect(report).toMatchObject({ state: 'running', activeAgents: 0, stale: false, updatedAt: Date.parse('2020-01-01T00:00:00Z'), writer: { pid: 27706, startTime: '133330' } });
    expect(report?.platforms).toEqual([
      { name: 'telegram', state: 'connected', errorCode: null, errorMessage: null },
      { name: 'discord', state: 'fatal', errorCode: '401', errorMessage: 'bot token rejected' },
    ]);
    expect(parseGatewayState(JSON.stringify({ gateway_state: 'weird' }))).toMatchObject({ state: 'unknown', writer: null });
    expect(parseGatewayState('{{{')).toBeNull();
    expect(parseGatewayState('[1,2]')).toBeNull();
  });

  it("writes the planned-stop marker in Hermes's format, atomically and private", async () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'hb-marker-'));
    await writePlannedStop(home, { pid: 4242, startTime: '133330' });
    const marker = JSON.parse(readFileSync(plannedStopPath(home), 'utf8')) as Record<string, unknown>;
    expect(marker).toEqual({ target_pid: 4242, target_start_time: 133330, stopper_pid: process.pid, written_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/) });
    expect(Date.now() - Date.parse(String(marker.written_at))).toBeLessThan(60_000);
    expect(statSync(plannedStopPath(home)).mode & 0o777).toBe(0o600);
  });
});
