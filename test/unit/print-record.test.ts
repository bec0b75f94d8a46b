import { describe, expect, it } from 'vitest';
import { listedRecord, parseDisabled, parseList, parsePrint } from '../../electron/service/launchd/print-record.js';

const RUNNING = `gui/501/ai.hermes.gateway = {
\tactive count = 1
\tpath = /Users/u/Library/LaunchAgents/ai.hermes.gateway.plist
\ttype = LaunchAgent
\tstate = running
\tprogram = /Users/u/.hermes/bin/hermes
\targuments = {
\t\t/Users/u/.hermes/bin/hermes
\t\tgateway
\t}
\tenvironment = {
\t\tpid = 1
\t\tstate = nested
\t}
\truns = 3
\tpid = 4242
\tlast exit code = 75: EX_TEMPFAIL
\tevent triggers = {
\t\tstate = 0
\t}
}
`;

describe('launchctl print', () => {
  it('reads only the top-level lines', () => {
    expect(parsePrint(RUNNING)).toEqual({
      path: '/Users/u/Library/LaunchAgents/ai.hermes.gateway.plist',
      state: 'running',
      jobState: null,
      program: '/Users/u/.hermes/bin/hermes',
      pid: 4242,
      runs: 3,
      successiveCrashes: null,
      lastExitCode: 75,
      lastSignal: null,
      lastExitReason: null,
    });
  });

  it('knows the exit line forms', () => {
    expect(parsePrint('x = {\n\tstate = not running\n\tlast exit code = (never exited)\n}').lastExitCode).toBeNull();
    expect(parsePrint('x = {\n\tlast exit code = 78: EX_CONFIG\n}').lastExitCode).toBe(78);
    expect(parsePrint('x = {\n\tlast exit code = 0\n}').lastExitCode).toBe(0);
    const killed = parsePrint('x = {\n\tstate = not running\n\tlast terminating signal = Killed: 9\n}');
    expect(killed).toMatchObject({ lastExitCode: null, lastSignal: 'Killed: 9', pid: null });
    const refused = parsePrint('x = {\n\tstate = spawn scheduled\n\truns = 6\n\tlast exit reason = OS_REASON_CODESIGNING\n\tjob state = spawn failed\n}');
    expect(refused).toMatchObject({ lastExitCode: null, lastSignal: null, lastExitReason: 'OS_REASON_CODESIGNING', jobState: 'spawn failed', state: 'spawn scheduled', runs: 6 });
  });

  it('reads disabled overrides in both spellings, and the list table', () => {
    const disabled = parseDisabled('disabled services = {\n\t"ai.hermes.gateway" => disabled\n\t"b" => enabled\n\t"c" => true\n\t"d" => false\n}');
    expect([...disabled]).toEqual([['ai.hermes.gateway', true], ['b', false], ['c', true], ['d', false]]);
    expect(parseList('PID\tStatus\tLabel\n4242\t0\tai.hermes.gateway\n-\t78\tai.hermes.gateway-work\n')).toEqual([
      { label: 'ai.hermes.gateway', pid: 4242, status: 0 },
      { label: 'ai.hermes.gateway-work', pid: null, status: 78 },
    ]);
  });

  it('turns a list row into the part of a record it knows: pid, and the last exit code or signal', () => {
    expect(listedRecord({ label: 'a', pid: 4242, status: 75 })).toEqual({
      path: null,
      state: null,
      jobState: null,
      program: null,
      pid: 4242,
      runs: null,
      successiveCrashes: null,
      lastExitCode: 75,
      lastSignal: null,
      lastExitReason: null,
    });
    expect(listedRecord({ label: 'a', pid: 4243, status: -9 })).toMatchObject({ lastExitCode: null, lastSignal: 'signal 9' });
    expect(listedRecord({ label: 'a', pid: 4244, status: null })).toMatchObject({ lastExitCode: null, lastSignal: null });
  });

  it('reads a running job\'s 0 as no exit yet, as print\'s "(never exited)" (list shows 0 for both)', () => {
    expect(listedRecord({ label: 'a', pid: 4245, status: 0 })).toMatchObject({ lastExitCode: null, lastSignal: null });
  });
});
