/**
 * Starts one real `systemd --user` for the systemd tests of a run and stops it afterwards
 * (test/support/user-manager.ts). When it cannot start, every systemd test fails saying why;
 * HERMES_BAR_SYSTEMD_TESTS=skip skips them instead, for machines that cannot run it (never in CI).
 */
import type { TestProject } from 'vitest/node';
import type { UserManagerInfo } from '../support/user-manager.js';
import { startUserManager } from '../support/user-manager.js';

export type SystemdForTests =
  | { state: 'running'; manager: UserManagerInfo }
  | { state: 'unavailable'; reason: string }
  | { state: 'skipped'; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    systemd: SystemdForTests;
  }
}

export const SKIP_VARIABLE = 'HERMES_BAR_SYSTEMD_TESTS';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  if (process.env[SKIP_VARIABLE] === 'skip') {
    const reason = `${SKIP_VARIABLE}=skip: the tests against a real systemd --user are skipped`;
    process.stdout.write(`\nsystemd tests SKIPPED (${reason})\n`);
    project.provide('systemd', { state: 'skipped', reason });
    return undefined;
  }
  try {
    const manager = await startUserManager();
    process.stdout.write(`\nsystemd tests: systemd --user started (pid ${manager.info.pid}, ${manager.info.runtimeDir})\n`);
    project.provide('systemd', { state: 'running', manager: manager.info });
    return async () => {
      await manager.stop();
      process.stdout.write(`\nsystemd tests: systemd --user (pid ${manager.info.pid}) stopped\n`);
    };
  } catch (error) {
    const reason = (error as Error).message;
    process.stderr.write(`\nsystemd tests cannot run: ${reason}\n`);
    project.provide('systemd', { state: 'unavailable', reason });
    return undefined;
  }
}
