/** The stress run's world models the machine faithfully where the engine cannot tell the difference. */
import { describe, expect, it } from 'vitest';
import { World } from './world.js';

describe('stress world', () => {
  it('a login begins only after the last session ended, even when its bootout is slow', async () => {
    const world = await World.create();
    try {
      const started = await world.runEngine('start');
      expect(started.response?.ok).toBe(true);
      const pid = started.response?.ok ? started.response.status.pid : null;
      await world.slowBootout(643);
      await world.login();
      expect(world.liveGateways().map((g) => g.pid)).not.toContain(pid);
    } finally {
      await world.dispose();
    }
  });

  it('a logout ends the session even when an injected failure refuses its bootout', async () => {
    const world = await World.create();
    try {
      const started = await world.runEngine('start');
      expect(started.response?.ok).toBe(true);
      const pid = started.response?.ok ? started.response.status.pid : null;
      await world.inject('bootout', 5, 2);
      await world.login();
      expect(world.liveGateways().map((g) => g.pid)).not.toContain(pid);
    } finally {
      await world.dispose();
    }
  });
});
