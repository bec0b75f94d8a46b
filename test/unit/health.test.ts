/** One glance: the tone, the sentence, the next click and the operations, from a snapshot alone. */
import { describe, expect, it } from 'vitest';
import { exitSummary, healthOf, namesList, platformName, platformSummary, sentence } from '../../electron/health.js';
import type { PlatformStatus } from '../../electron/service/hermes/gateway-files.js';
import type { GatewayState, GatewayStatus, Problem, StatusSnapshot } from '../../electron/service/types.js';
import { gatewayStatus, runningReport } from '../main/fake-engine.js';

function status(state: GatewayState, fields: Partial<GatewayStatus> = {}): GatewayStatus {
  const alive = state === 'running' || state === 'starting' || state === 'stopping';
  return gatewayStatus({ state, pid: alive ? 4242 : null, uptimeMs: null, checkedAt: 1, ...fields });
}

function snap(s: GatewayStatus | null, fields: Partial<StatusSnapshot> = {}): StatusSnapshot {
  return { profile: null, status: s, error: null, busy: null, checkedAt: 1, ...fields };
}

const platform = (name: string, state: PlatformStatus['state'], errorMessage: string | null = null): PlatformStatus => ({ name, state, errorCode: null, errorMessage });

const report = runningReport;

const fixable = (severity: Problem['severity'], code: Problem['code'] = 'plist-stale'): Problem => ({ code, severity, message: `${code} message.`, fix: 'Do the fix.' });
const unfixable = (severity: Problem['severity'], code: Problem['code'] = 'config-error'): Problem => ({ code, severity, message: `${code} message.`, fix: null, nextStep: 'Read the log.' });

describe('healthOf: the sentence', () => {
  it('running and healthy: the quietest, naming the connected platforms', () => {
    const h = healthOf(snap(status('running', { gateway: report([platform('telegram', 'connected'), platform('discord', 'connected')]) })));
    expect(h).toMatchObject({ tone: 'ok', title: 'Gateway running', detail: 'Telegram and Discord connected', primary: null });
    expect(sentence(h)).toBe('Gateway running · Telegram and Discord connected');
  });

  it('a platform that cannot connect makes it warn, with the platform’s own words', () => {
    const h = healthOf(snap(status('running', { gateway: report([platform('telegram', 'fatal', 'bot token rejected (401)'), platform('discord', 'connected')]) })));
    expect(h).toMatchObject({ tone: 'warning', title: 'Gateway running', detail: 'Telegram disconnected: bot token rejected (401)', primary: null });
  });

  it('a stopped gateway is calm, with Start as the next click; its old platforms are not shown as live', () => {
    const h = healthOf(snap(status('stopped', { gateway: report([platform('telegram', 'connecting')]) })));
    expect(h).toMatchObject({ tone: 'idle', title: 'Gateway stopped', detail: null, primary: 'start', operations: ['start'] });
  });

  it('a stale report of a running gateway is not read as live', () => {
    expect(healthOf(snap(status('running', { gateway: report([platform('telegram', 'fatal', 'x')], true) }))).tone).toBe('ok');
  });

  it('crashed with a configuration error: the error, and “show the error” rather than a restart', () => {
    const crashed = status('crashed', {
      lastExitCode: 78,
      lastExitMeaning: 'configuration error (for example a bot token already in use): restarting will not help',
      problems: [unfixable('error')],
    });
    expect(healthOf(snap(crashed))).toMatchObject({ tone: 'error', title: 'Gateway crashed', detail: 'Configuration error (exit 78)', primary: 'show-error', operations: ['restart', 'stop'] });
  });

  it('an error Repair can fix makes Repair the next click, whatever the state', () => {
    expect(healthOf(snap(status('running', { problems: [fixable('error', 'bad-permissions')] })))).toMatchObject({ tone: 'error', detail: 'bad-permissions message.', primary: 'repair', operations: ['restart', 'stop', 'repair'] });
    expect(healthOf(snap(status('stopped', { problems: [fixable('error', 'job-disabled')] })))).toMatchObject({ tone: 'error', primary: 'repair', operations: ['start', 'repair'] });
  });

  it('reads problems by severity and fix, so a code it has never seen reads sensibly', () => {
    const novel = { code: 'spawn-refused-by-codesigning', severity: 'error', message: 'macOS refused to run the gateway (code signing).', fix: null, nextStep: 'Reinstall Hermes.' } as unknown as Problem;
    const h = healthOf(snap(status('starting', { problems: [novel] })));
    expect(h).toMatchObject({ tone: 'error', title: 'Gateway starting…', detail: 'macOS refused to run the gateway (code signing).', primary: null });
  });

  it('info never raises the tone; a warning does; an error wins over a degraded platform', () => {
    expect(healthOf(snap(status('running', { problems: [unfixable('info', 'no-gui-session')] }))).tone).toBe('ok');
    expect(healthOf(snap(status('running', { problems: [unfixable('warning', 'linger-off')] })))).toMatchObject({ tone: 'warning', detail: 'linger-off message.', primary: null });
    const both = healthOf(snap(status('running', { problems: [fixable('error', 'plist-missing')], gateway: report([platform('telegram', 'fatal', 'x')]) })));
    expect(both).toMatchObject({ tone: 'error', detail: 'plist-missing message.' });
  });

  it('not set up: calm, Set up is the next click; Hermes missing: no click here (the card explains)', () => {
    const notSetUp = status('not-installed', { problems: [fixable('error', 'plist-missing')] });
    expect(healthOf(snap(notSetUp))).toMatchObject({ tone: 'idle', title: 'Gateway not set up', detail: null, primary: 'set-up', operations: ['repair'] });
    const noHermes = status('not-installed', { problems: [unfixable('error', 'launcher-missing')] });
    expect(healthOf(snap(noHermes))).toMatchObject({ tone: 'idle', title: 'Hermes Agent not installed', primary: null, operations: [] });
    const homeMissing = snap(null, { error: { code: 'home-missing', message: 'No Hermes home', explanation: '', nextStep: '' } });
    expect(healthOf(homeMissing)).toMatchObject({ tone: 'idle', title: 'Hermes Agent not installed' });
  });

  it('an unreadable status is an error with its message; the first look is “Checking…”', () => {
    const error = { code: 'launchctl-unavailable', message: 'launchctl is missing', explanation: '', nextStep: '' } as const;
    expect(healthOf(snap(null, { error }))).toMatchObject({ tone: 'error', title: 'Status unavailable', detail: 'launchctl is missing' });
    expect(healthOf(null)).toMatchObject({ tone: 'busy', title: 'Checking…' });
  });
});

describe('healthOf: operations in flight', () => {
  it('the headline says what runs; the operations stay those of the state', () => {
    const h = healthOf(snap(status('running'), { busy: 'restart' }));
    expect(h).toMatchObject({ tone: 'busy', title: 'Restarting…', busy: 'restart', operations: ['restart', 'stop'] });
    expect(healthOf(snap(status('running')), 'stop')).toMatchObject({ title: 'Stopping…', busy: 'stop' });
  });

  it('Repair on a gateway never set up is “Setting up…”', () => {
    expect(healthOf(snap(status('not-installed', { problems: [fixable('error', 'plist-missing')] })), 'repair').title).toBe('Setting up…');
    expect(healthOf(snap(status('running')), 'repair').title).toBe('Repairing…');
  });
});

describe('words', () => {
  it('platform names as people write them', () => {
    expect(['telegram', 'whatsapp', 'imessage', 'api_server', 'my-bridge'].map(platformName)).toEqual(['Telegram', 'WhatsApp', 'iMessage', 'API server', 'My bridge']);
    expect([namesList([]), namesList(['A']), namesList(['A', 'B']), namesList(['A', 'B', 'C'])]).toEqual(['', 'A', 'A and B', 'A, B and C']);
  });

  it('platforms: failed before reconnecting before connecting; all connected; none', () => {
    expect(platformSummary([platform('telegram', 'fatal'), platform('discord', 'fatal')])).toEqual({ detail: 'Telegram and Discord disconnected', degraded: true });
    expect(platformSummary([platform('telegram', 'retrying'), platform('discord', 'connecting')])).toEqual({ detail: 'Telegram reconnecting…', degraded: true });
    expect(platformSummary([platform('telegram', 'connecting'), platform('discord', 'connected')])).toEqual({ detail: 'Telegram connecting…', degraded: false });
    expect(platformSummary([])).toEqual({ detail: null, degraded: false });
  });

  it('the last exit, short', () => {
    const crashed = 'crashed' as const;
    // "crashed" beside "Gateway crashed" says nothing new.
    expect(exitSummary({ state: crashed, lastExitCode: 1, lastExitMeaning: 'crashed', lastSignal: null })).toBe('exit 1');
    expect(exitSummary({ state: 'stopped', lastExitCode: 1, lastExitMeaning: 'crashed', lastSignal: null })).toBe('crashed (exit 1)');
    expect(exitSummary({ state: crashed, lastExitCode: null, lastExitMeaning: 'killed by a signal (SIGKILL)', lastSignal: 'SIGKILL' })).toBe('killed by a signal');
    expect(exitSummary({ state: crashed, lastExitCode: 3, lastExitMeaning: null, lastSignal: null })).toBe('exit 3');
    expect(exitSummary({ state: crashed, lastExitCode: null, lastExitMeaning: null, lastSignal: null })).toBeNull();
  });
});
