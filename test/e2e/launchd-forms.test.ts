/**
 * The popover in Chromium when launchd prints its less common forms (../shared/real-output/): a
 * respawn macOS refuses for its code signature, and a respawn caught in xpcproxy. The demo host's
 * simulator is told through its inject hook how launchd's next spawns go.
 */
import { describe, expect, it } from 'vitest';
import { headline, popoverSession, SEE, shoot, text } from './host.js';

const open = popoverSession();
const LABEL = 'ai.hermes.gateway';

describe('the popover shows launchd\'s real states', () => {
  it('a respawn macOS refuses (OS_REASON_CODESIGNING): Gateway crashed, with the refusal and what to do', async () => {
    const { host, page } = await open({ start: true });
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    await host.hook('inject', { command: 'spawn', match: LABEL, exitReason: 'OS_REASON_CODESIGNING', times: 1000 });
    await host.hook('kill-gateway');
    const refusal = page.getByRole('list', { name: 'Problems' }).locator('[data-code="spawn-refused"]');
    await expect.poll(() => refusal.count(), SEE).toBe(1);
    expect(await text(headline(page))).toBe('Gateway crashed');
    expect(await text(refusal)).toMatch(/code signature \(OS_REASON_CODESIGNING\)/);
    expect(await text(refusal)).toMatch(/Reinstall Hermes/);
    await shoot(page, 'spawn-refused');
  });

  it('a respawn in xpcproxy (spawned, not yet exec\'d): starting, never stopped', async () => {
    const { host, page } = await open({ start: true });
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway running');
    // Every state the headline shows from here on (a script in the page: the tests have no DOM types).
    await page.evaluate(`(() => {
      const seen = [];
      window.seenStates = seen;
      const node = document.querySelector('[data-testid="headline"] .headline-title');
      new MutationObserver(() => seen.push(node.textContent)).observe(node, { characterData: true, childList: true, subtree: true });
    })()`);
    await host.hook('inject', { command: 'spawn', match: LABEL, delayMs: 60_000 });
    await host.hook('kill-gateway');
    await expect.poll(() => text(headline(page)), SEE).toBe('Gateway starting…');
    // The monitor looks again (every 2 s while the popover is open); launchd still has no pid for it.
    await page.waitForTimeout(3_000);
    expect(await text(headline(page))).toBe('Gateway starting…');
    const seen = (await page.evaluate('window.seenStates')) as string[];
    expect(seen).toContain('Gateway starting…');
    expect(seen).not.toContain('Gateway stopped');
    expect(await page.getByRole('list', { name: 'Problems' }).count()).toBe(0);
    await shoot(page, 'xpcproxy');
  });
});
