/**
 * The popover in real Chromium against the demo host: the real engine, the launchd simulator and
 * the stand-in gateway. Each test saves light and dark screenshots to test-artifacts/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { GatewayStatus } from '../../electron/service/types.js';
import { facts, headline, popoverSession, SEE, shoot, text } from './host.js';

const open = popoverSession();

/** The pid the Details line shows. */
async function pidText(p: Page): Promise<string> {
  return /pid (\d+)/.exec(await text(facts(p)))?.[1] ?? '';
}

function actionButtons(p: Page) {
  return p.getByRole('group', { name: 'Actions' }).getByRole('button');
}

describe('the popover against the real engine', () => {
  it('shows the running gateway and its pid', async () => {
    const { host, page } = await open({ start: true });
    const status = await host.hook<GatewayStatus>('status');
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    await expect.poll(() => pidText(page), SEE).toBe(String(status.pid));
    await expect.poll(() => text(page.getByRole('list', { name: 'Platforms' })), SEE).toContain('Telegram');
    await shoot(page, 'running');
  });

  it('Restart leads to a new pid shown', async () => {
    const { host, page } = await open({ start: true });
    const before = (await host.hook<GatewayStatus>('status')).pid;
    await expect.poll(() => pidText(page), SEE).toBe(String(before));
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    await expect.poll(() => pidText(page), SEE).not.toBe(String(before));
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    const after = (await host.hook<GatewayStatus>('status')).pid;
    expect(after).not.toBe(before);
    await expect.poll(() => pidText(page), SEE).toBe(String(after));
    await shoot(page, 'restarted');
  });

  it('a deleted plist makes a problem appear without a click, and Repair clears it', async () => {
    const { host, page } = await open({ start: true });
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    await host.hook('delete-plist');
    const problems = page.getByRole('list', { name: 'Problems' });
    await expect.poll(() => problems.locator('[data-code="plist-missing"]').count(), SEE).toBe(1);
    await shoot(page, 'plist-missing');
    await page.getByRole('button', { name: 'Repair', exact: true }).click();
    await expect.poll(() => page.locator('[data-code="plist-missing"]').count(), SEE).toBe(0);
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
  });

  it('an injected bootstrap failure shows the error banner with its explanation', async () => {
    const { host, page } = await open();
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway not set up');
    await host.hook('inject', { command: 'bootstrap', exit: 122, stderr: 'Bootstrap failed: 122: Path had bad ownership/permissions' });
    const setUp = page.getByRole('button', { name: 'Set Up', exact: true });
    await expect.poll(() => setUp.isEnabled(), SEE).toBe(true);
    await setUp.click();
    const alert = page.getByRole('alert');
    await expect.poll(() => text(alert), SEE).toContain('launchctl bootstrap failed with 122');
    expect(await text(alert)).toContain('group- or world-writable');
    // The next step names the popover's button, and offers it.
    expect(await text(alert)).toContain('Click Repair');
    expect(await alert.getByRole('button', { name: 'Repair' }).isVisible()).toBe(true);
    expect(await text(headline(page))).not.toBe('Gateway running');
    await shoot(page, 'bootstrap-failed');
    await alert.getByRole('button', { name: 'Copy Details' }).click();
    await expect.poll(async () => (await host.hook<{ text: string }>('clipboard')).text, SEE).toContain('bad-permissions');
  });

  it('the buttons are disabled while an operation runs', async () => {
    const { host, page } = await open({ start: true });
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    await host.hook('inject', { command: 'kill', delayMs: 2_500 });
    await page.getByRole('button', { name: 'Restart', exact: true }).click();
    const buttons = actionButtons(page);
    expect(await buttons.count()).toBe(2);
    for (let i = 0; i < 2; i += 1) await expect.poll(() => buttons.nth(i).isDisabled(), SEE).toBe(true);
    await expect.poll(() => text(headline(page)), SEE).toBe('Restarting…');
    await shoot(page, 'busy');
    // Afterwards the gateway runs again: Stop and Restart come back; there is no Start to press.
    for (const name of ['Stop', 'Restart']) {
      await expect.poll(() => page.getByRole('button', { name, exact: true }).isEnabled(), { timeout: 30_000, interval: 100 }).toBe(true);
    }
    expect(await page.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);
  });

  it('a crashed gateway appears within seconds without a click', async () => {
    const { host, page } = await open({ start: true });
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    await host.hook('standin-config', { crashOnBoot: 3, bootMs: 100 });
    await host.hook('kill-gateway');
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway crashed');
    await shoot(page, 'crashed');
  });
});
