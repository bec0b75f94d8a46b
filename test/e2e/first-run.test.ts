/**
 * The first-run states and the gateway-service actions in real Chromium against the demo host (the
 * real engine over the launchd simulator): Hermes not installed, installed without a gateway
 * service, a login item waiting for approval, Uninstall and Copy diagnostics.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Confirmation } from '../../electron/main/dispatch.js';
import type { GatewayStatus } from '../../electron/service/types.js';
import { headline, popoverSession, SEE, shoot, text } from './host.js';

const open = popoverSession();
const panel = (p: Page, name: string) => p.getByRole('region', { name });

/** Waits for the set-up plan, then clicks Set Up. */
async function setUp(p: Page): Promise<void> {
  const button = panel(p, 'Set up the gateway').getByRole('button', { name: 'Set Up', exact: true });
  await expect.poll(() => button.isEnabled(), SEE).toBe(true);
  await button.click();
}

describe('first run', () => {
  it('Hermes not installed: says so and how to install it; after the install it offers set-up, which starts the gateway', async () => {
    const { host, page } = await open({ noHermes: true });
    const notInstalled = panel(page, 'Install Hermes Agent first');
    await expect.poll(() => notInstalled.count(), SEE).toBe(1);
    expect(await text(notInstalled.locator('code').first())).toMatch(/^curl -fsSL https:\/\/\S+\/install\.sh \| bash$/);
    expect(await text(notInstalled)).toContain('hermes setup');
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(await page.getByRole('group', { name: 'Actions' }).count()).toBe(0);
    await shoot(page, 'first-run-no-hermes');
    await notInstalled.getByRole('button', { name: 'Copy Command' }).click();
    await expect.poll(async () => (await host.hook<{ text: string }>('clipboard')).text, SEE).toMatch(/install\.sh \| bash$/);

    await host.hook('install-hermes');
    await expect.poll(() => panel(page, 'Set up the gateway').count(), SEE).toBe(1);
    await setUp(page);
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    expect((await host.hook<GatewayStatus>('status')).state).toBe('running');
  });

  it('Hermes installed, no gateway service: shows what set-up writes, writes nothing until clicked, then runs the gateway', async () => {
    const { host, page } = await open();
    const setUpPanel = panel(page, 'Set up the gateway');
    await expect.poll(() => setUpPanel.count(), SEE).toBe(1);
    await setUpPanel.getByRole('button', { name: 'What set-up does' }).click();
    const steps = setUpPanel.getByRole('list', { name: 'Set-up steps' });
    await expect.poll(() => text(steps), SEE).toContain('Write the plist Hermes expects and load it.');
    const status = await host.hook<GatewayStatus>('status');
    // Under the home folder, written ~/….
    expect(await text(setUpPanel.getByLabel('What set-up writes'))).toContain('~/Library/LaunchAgents/ai.hermes.gateway.plist');
    await shoot(page, 'first-run-set-up');
    // Looking changed nothing: still no plist, nothing loaded.
    expect(status.state).toBe('not-installed');
    expect(status.problems.map((p) => p.code)).toContain('plist-missing');

    await setUp(page);
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    await expect.poll(() => setUpPanel.count(), SEE).toBe(0);
    expect((await host.hook<GatewayStatus>('status')).problems).toEqual([]);
  });

  it('a login item waiting for approval: says where to allow it, at the top', async () => {
    const { page } = await open({ start: true, loginItem: 'requires-approval' });
    const note = page.getByRole('note', { name: 'Login item approval' });
    await expect.poll(() => text(note), SEE).toContain('System Settings → General → Login Items');
    expect(await note.getByRole('button', { name: 'Open Login Items Settings' }).isVisible()).toBe(true);
    await shoot(page, 'login-item-approval');
  });
});

describe('the gateway service', () => {
  it('Uninstall asks first (Cancel keeps everything), then unloads the gateway and keeps the plist as a backup', async () => {
    const { host, page } = await open({ start: true });
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    const uninstall = async () => {
      await page.getByRole('button', { name: 'More' }).click();
      await page.getByRole('menuitem', { name: 'Uninstall Gateway Service…' }).click();
    };

    await host.hook('confirm', { answer: false });
    await uninstall();
    await expect.poll(async () => (await host.hook<Confirmation | null>('confirm'))?.message, SEE).toBe('Uninstall the Hermes gateway service?');
    const question = await host.hook<Confirmation>('confirm');
    expect(question.detail).toContain('backup');
    expect(question.detail).toContain((await host.hook<GatewayStatus>('status')).plistPath);
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    expect((await host.hook<GatewayStatus>('status')).state).toBe('running');

    await host.hook('confirm', { answer: true });
    await uninstall();
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway not set up');
    await expect.poll(() => panel(page, 'Set up the gateway').count(), SEE).toBe(1);
    await expect.poll(async () => (await host.hook<{ text: string }>('app-log')).text, SEE).toMatch(/uninstall \[default\] succeeded in \d+ ms: .*kept as .*\.bak/);
    await shoot(page, 'uninstalled');
  });

  it('Copy diagnostics puts the redacted report on the clipboard', async () => {
    const { host, page } = await open({ start: true });
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    await page.getByRole('button', { name: 'More' }).click();
    await page.getByRole('menuitem', { name: 'Copy Diagnostics' }).click();
    await expect.poll(async () => (await host.hook<{ text: string }>('clipboard')).text, SEE).toContain('# Hermes Bar diagnostics');
    const report = (await host.hook<{ text: string }>('clipboard')).text;
    expect(report).toContain('Hermes: 0.21.3');
    expect(report).toContain('"state": "running"');
    expect(report).toMatch(/## launchctl print gui\/\d+\/ai\.hermes\.gateway \(exit 0\)/);
    await expect.poll(() => page.getByRole('menuitem', { name: 'Copied ✓ (secrets removed)' }).count(), SEE).toBe(1);
  });
});
