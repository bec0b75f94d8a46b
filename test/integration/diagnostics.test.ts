import { appendFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForGatewayState } from '../support/standin.js';
import type { Fixture } from './fixture.js';
import { fixture, footprint, GUI, LABEL } from './fixture.js';

let fx: Fixture;
afterEach(async () => {
  await fx?.finish();
});

const TELEGRAM = '7312456789:AAHk3xQ-9zLmN0pQrStUvWxYz_ABCdefGhI';
const DISCORD = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GxYzAb.c3RhbmRpbi1kaXNjb3JkLXRva2VuLXZhbHVl';

describe('hermes-bar doctor --report', () => {
  it('reports versions, status, plist, launchd record and error log, with no token left unredacted, and changes nothing', async () => {
    fx = await fixture();
    // Hermes's own plist, with bot tokens a user added to its environment.
    const tokens = `<key>TELEGRAM_BOT_TOKEN</key>\n        <string>${TELEGRAM}</string>\n        <key>DISCORD_BOT</key>\n        <string>${DISCORD}</string>\n        <key>HERMES_SUPERVISED_CHILD</key>`;
    await fx.loadByHand((await fx.hermesPlist()).replace('<key>HERMES_SUPERVISED_CHILD</key>', tokens));
    await mkdir(path.join(fx.sim.hermesHome, 'logs'), { recursive: true });
    await appendFile(path.join(fx.sim.hermesHome, 'logs', 'gateway.error.log'), `telegram: token ${TELEGRAM} refused\nfatal: could not connect\n`);
    // The gateway has written its own files by then: what changes afterwards is the report's doing.
    await waitForGatewayState(fx.sim.hermesHome, 'running', 30_000);
    const before = await footprint(fx);

    const result = await fx.run(['doctor', '--report']);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = result.stdout;
    expect(report).toContain('# Hermes Bar diagnostics');
    expect(report).toMatch(/Hermes Bar: \d+\.\d+\.\d+/);
    expect(report).toContain(`Hermes: ${fx.install.version} (${fx.launcher})`);
    expect(report).toContain('"state": "running"');
    expect(report).toContain(`## Plist ${fx.plistPath}`);
    expect(report).toContain(`## launchctl print ${GUI}/${LABEL} (exit 0)`);
    expect(report).toContain('fatal: could not connect');
    expect(report).toContain('<key>TELEGRAM_BOT_TOKEN</key>');
    for (const secret of [TELEGRAM, DISCORD, 'AAHk3xQ-9zLmN0pQrStUvWxYz']) expect(report).not.toContain(secret);
    expect(await footprint(fx)).toBe(before);
  });

  it('without Hermes installed, says so instead of failing', async () => {
    fx = await fixture();
    const result = await fx.run(['doctor', '--report', '--profile', 'nosuchprofile']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain('## Error');
    expect(result.stdout).toContain('home-missing');
  });
});
