// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { firstRunOf } from '../../electron/health.js';
import type { DoctorReport, GatewayStatus, OperationResponse } from '../../electron/ipc-contract.js';
import { createFakeApi, deferred } from './fake-api.js';
import { homeMissing, noGuiSession, plistMissing, snapshotOf, statusOf } from './fixtures.js';
import { actionButtons, detail, primaries, renderApp, title } from './render.js';

afterEach(cleanup);

const INSTALL = 'curl -fsSL https://example.invalid/install.sh | bash';
const notInstalled = { ...homeMissing, nextStep: `Install Hermes Agent in Terminal with \`${INSTALL}\`, then run \`hermes setup\`.` };
const launcherMissing = {
  code: 'launcher-missing' as const,
  severity: 'error' as const,
  message: 'Hermes is not installed: no launcher at ~/.hermes/bin/hermes or on PATH.',
  fix: null,
  nextStep: `Install Hermes Agent in Terminal with \`${INSTALL}\`, then run \`hermes setup\`. Then run \`hermes-bar repair\`.`,
};

const plan: DoctorReport = {
  status: statusOf('not-installed', { problems: [plistMissing] }),
  definition: null,
  plistChanges: [
    { field: 'File', current: '(missing)', wanted: 'what Hermes 0.21.3 writes' },
    { field: 'Label', current: null, wanted: 'ai.hermes.gateway' },
    { field: 'Command', current: null, wanted: '/Users/ada/.hermes/hermes-agent/venv/bin/python -I -c import hermes_bootstrap gateway run' },
    { field: 'HERMES_HOME', current: null, wanted: '/Users/ada/.hermes' },
  ],
  repairPlan: ['Write the plist Hermes expects and load it.', 'Verify that exactly one gateway runs.'],
  needsRepair: true,
};

describe('firstRunOf', () => {
  it('tells the first-run states apart', () => {
    expect(firstRunOf({ ...snapshotOf('unknown'), status: null, error: notInstalled })).toMatchObject({ kind: 'no-hermes' });
    expect(firstRunOf({ ...snapshotOf('unknown'), profile: 'work', status: null, error: notInstalled })).toBeNull();
    expect(firstRunOf(snapshotOf('not-installed', { problems: [launcherMissing] }))).toMatchObject({ kind: 'no-hermes', reason: launcherMissing.message });
    expect(firstRunOf(snapshotOf('not-installed', { problems: [plistMissing, noGuiSession] }))).toEqual({ kind: 'set-up' });
    expect(firstRunOf(snapshotOf('running', { problems: [plistMissing] }))).toBeNull();
    expect(firstRunOf(snapshotOf('stopped'))).toBeNull();
    expect(firstRunOf(null)).toBeNull();
  });
});

describe('first run: Hermes not installed', () => {
  it.each([
    ['no Hermes home', { ...snapshotOf('unknown'), status: null, error: notInstalled }],
    ['no launcher', snapshotOf('not-installed', { problems: [launcherMissing] })],
  ])('%s: says so and how to install it, instead of an error and buttons', async (_what, snapshot) => {
    const fake = createFakeApi({ snapshot });
    const { user } = await renderApp(fake);
    expect(title()).toBe('Hermes Agent not installed');
    const card = screen.getByRole('region', { name: 'Install Hermes Agent first' });
    expect(within(card).getByText(INSTALL, { selector: 'code' })).toBeInTheDocument();
    expect(within(card).getByText('hermes setup', { selector: 'code' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(actionButtons()).toEqual([]);
    expect(primaries()).toEqual(['Copy Command']);
    await user.click(within(card).getByRole('button', { name: 'Copy Command' }));
    expect(fake.api.copyText).toHaveBeenCalledWith(INSTALL);
    expect(await within(card).findByRole('button', { name: 'Copied ✓' })).toBeInTheDocument();
  });

  it('gives way to the gateway once Hermes is there', async () => {
    const fake = createFakeApi({ snapshot: { ...snapshotOf('unknown'), status: null, error: notInstalled } });
    await renderApp(fake);
    act(() => fake.pushStatus(snapshotOf('running')));
    expect(screen.queryByRole('region', { name: 'Install Hermes Agent first' })).not.toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Actions' })).toBeInTheDocument();
  });
});

describe('first run: Hermes installed, no gateway service', () => {
  it('a short card with Set Up; what it writes behind a disclosure, nothing written until clicked; one Repair', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('not-installed', { problems: [plistMissing] }) });
    let answer: (report: { ok: true; report: DoctorReport }) => void = () => undefined;
    fake.api.doctor.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const { user } = await renderApp(fake);
    expect(title()).toBe('Gateway not set up');
    const card = screen.getByRole('region', { name: 'Set up the gateway' });
    const button = within(card).getByRole('button', { name: 'Set Up' });
    expect(button).toBeDisabled();
    expect(primaries()).toEqual(['Set Up']);
    expect(card).toHaveTextContent('Nothing is written until you click Set Up.');
    expect(within(card).queryByRole('list', { name: 'Set-up steps' })).not.toBeInTheDocument();
    await act(async () => answer({ ok: true, report: plan }));

    const disclosure = within(card).getByRole('button', { name: 'What set-up does' });
    expect(disclosure).toHaveAttribute('aria-expanded', 'false');
    await user.click(disclosure);
    expect(disclosure).toHaveAttribute('aria-expanded', 'true');
    const steps = within(card).getByRole('list', { name: 'Set-up steps' });
    expect(within(steps).getAllByRole('listitem').map((li) => li.textContent)).toEqual(plan.repairPlan);
    const files = within(card).getByLabelText('What set-up writes');
    expect(files).toHaveTextContent('~/Library/LaunchAgents/ai.hermes.gateway.plist');
    expect(files).toHaveTextContent('~/.hermes/hermes-agent/venv/bin/python');
    expect(fake.api.doctor).toHaveBeenCalledWith(null);
    expect(fake.api.run).not.toHaveBeenCalled();

    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(fake.api.run).toHaveBeenCalledTimes(1);
    expect(fake.api.run).toHaveBeenCalledWith('repair', null);
  });

  it('one vocabulary: "Setting up…" while it runs (even once the plist is written), then "Gateway set up and running"', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('not-installed', { problems: [plistMissing] }) });
    fake.api.doctor.mockResolvedValue({ ok: true, report: plan });
    const pending = deferred<OperationResponse>();
    fake.api.run.mockReturnValue(pending.promise);
    const { user } = await renderApp(fake);
    const button = screen.getByRole('button', { name: 'Set Up' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(title()).toBe('Setting up…');
    // The plist is written first: the status says "stopped" before set-up is done. The card stays.
    act(() => fake.pushStatus(snapshotOf('stopped', {}, { busy: 'repair' })));
    expect(title()).toBe('Setting up…');
    expect(screen.getByRole('region', { name: 'Set up the gateway' })).toBeInTheDocument();

    act(() => fake.pushStatus(snapshotOf('running')));
    await act(async () => pending.resolve({ operation: 'repair', ok: true, message: 'Repaired: the gateway runs (pid 4242)', actions: [], status: statusOf('running') as GatewayStatus }));
    expect(title()).toBe('Gateway running');
    expect(detail()).toBe('Gateway set up and running');
    expect(screen.queryByRole('region', { name: 'Set up the gateway' })).not.toBeInTheDocument();
  });

  it('a failed set-up is said as set-up', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('not-installed', { problems: [plistMissing] }) });
    fake.api.doctor.mockResolvedValue({ ok: true, report: plan });
    fake.api.run.mockResolvedValue({ operation: 'repair', ok: false, error: { code: 'bad-permissions', message: 'launchctl bootstrap failed with 122', explanation: 'x', nextStep: 'y' } });
    const { user } = await renderApp(fake);
    const button = screen.getByRole('button', { name: 'Set Up' });
    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(await screen.findByRole('alert')).toHaveAccessibleName('Couldn’t set up the gateway');
  });
});
