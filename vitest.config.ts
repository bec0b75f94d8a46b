import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'main',
          include: ['test/**/*.test.{ts,tsx}'],
          exclude: [...configDefaults.exclude, 'test/systemd/**'],
        },
      },
      {
        // Against one real systemd --user for the whole run: its files one at a time, since the
        // default home's unit has one name (DEVELOPERS.md).
        extends: true,
        test: {
          name: 'systemd',
          include: ['test/systemd/**/*.test.ts'],
          globalSetup: ['test/systemd/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
