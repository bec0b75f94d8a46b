// @vitest-environment jsdom
import '@testing-library/jest-dom/vitest';
import { act, cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DoctorReport } from '../../electron/ipc-contract.js';
import { firstRunOf } from '../../renderer/src/first-run.js';
import { createFakeApi } from './fake-api.js';
import { homeMissing, noGuiSession, plistMissing, snapshotOf, statusOf } from './fixtures.js';
import { badge, renderApp } from './render.js';

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
  plistChanges: [
    { field: 'Program', current: null, wanted: '/Users/ada/.hermes/bin/hermes' },
    { field: 'StandardErrorPath', current: null, wanted: '/Users/ada/.hermes/logs/gateway.error.log' },
  ],
  repairPlan: ['Write the plist Hermes expects and load it.', 'Verify that exactly one gateway runs.'],
  needsRepair: true,
  definition: null,
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
    const panel = screen.getByRole('region', { name: 'Hermes Agent is not installed' });
    expect(within(panel).getByText(INSTALL, { selector: 'code' })).toBeInTheDocument();
    expect(within(panel).getByText('hermes setup', { selector: 'code' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Actions' })).not.toBeInTheDocument();
    expect(badge()).toHaveTextContent('Not installed');
    expect(screen.getByRole('button', { name: 'Uninstall gateway service…' })).toBeDisabled();
    await user.click(within(panel).getByRole('button', { name: 'Copy install command' }));
    expect(fake.api.copyText).toHaveBeenCalledWith(INSTALL);
    expect(await screen.findByText('Install command copied')).toBeInTheDocument();
  });

  it('gives way to the gateway once Hermes is there', async () => {
    const fake = createFakeApi({ snapshot: { ...snapshotOf('unknown'), status: null, error: notInstalled } });
    await renderApp(fake);
    act(() => fake.pushStatus(snapshotOf('running')));
    expect(screen.queryByRole('region', { name: 'Hermes Agent is not installed' })).not.toBeInTheDocument();
    expect(screen.getByRole('group', { name: 'Actions' })).toBeInTheDocument();
  });
});

describe('first run: Hermes installed, no gateway service', () => {
  it('explains what set-up will write before anything is written, then sets up through Repair once', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('not-installed', { problems: [plistMissing] }) });
    let answer: (report: { ok: true; report: DoctorReport }) => void = () => undefined;
    fake.api.doctor.mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const { user } = await renderApp(fake);
    const panel = screen.getByRole('region', { name: 'Set up the gateway' });
    const button = within(panel).getByRole('button', { name: 'Set up gateway' });
    expect(button).toBeDisabled();
    expect(panel).toHaveTextContent('Nothing is written until you click Set up gateway.');
    await act(async () => answer({ ok: true, report: plan }));

    const steps = within(panel).getByRole('list', { name: 'Set-up steps' });
    expect(within(steps).getAllByRole('listitem').map((li) => li.textContent)).toEqual(plan.repairPlan);
    const files = within(panel).getByLabelText('What set-up writes');
    expect(files).toHaveTextContent('/Users/ada/Library/LaunchAgents/ai.hermes.gateway.plist');
    expect(files).toHaveTextContent('/Users/ada/.hermes/bin/hermes');
    expect(fake.api.doctor).toHaveBeenCalledWith(null);
    expect(fake.api.run).not.toHaveBeenCalled();

    await waitFor(() => expect(button).toBeEnabled());
    await user.click(button);
    expect(fake.api.run).toHaveBeenCalledTimes(1);
    expect(fake.api.run).toHaveBeenCalledWith('repair', null);
  });
});

describe('the gateway service section', () => {
  it('Uninstall goes through the confirming call; a declined question leaves no trace', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running') });
    fake.api.uninstall.mockResolvedValueOnce(null);
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Uninstall gateway service…' }));
    expect(fake.api.uninstall).toHaveBeenCalledWith(null);
    expect(fake.api.run).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Uninstall gateway service…' }));
    expect(await screen.findByText('Done: uninstall')).toBeInTheDocument();
    expect(fake.api.uninstall).toHaveBeenCalledTimes(2);
  });

  it('Uninstall is off when there is nothing installed', async () => {
    await renderApp(createFakeApi({ snapshot: snapshotOf('not-installed', { problems: [plistMissing] }) }));
    expect(screen.getByRole('button', { name: 'Uninstall gateway service…' })).toBeDisabled();
  });

  it('Copy diagnostics asks the main process for the report of the selected gateway', async () => {
    const fake = createFakeApi({ snapshot: snapshotOf('running', { profile: 'work' }) });
    const { user } = await renderApp(fake);
    await user.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    expect(fake.api.copyDiagnostics).toHaveBeenCalledWith('work');
    expect(await screen.findByText('Diagnostics copied (tokens and passwords removed)')).toBeInTheDocument();
  });
});
