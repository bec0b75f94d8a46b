/**
 * `npm run pack:check` (scripts/pack-check.mjs) on the real configuration, and its refusals: a
 * configuration app-builder-lib's validator rejects, one that forgets the menu-bar key, one that
 * lets the app run as plain Node, one whose app archive would carry the tests, and one whose
 * archive lacks dependencies of the runtime dependencies.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'scripts', 'pack-check.mjs');
const CONFIG = readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8');
const PACK_MS = 120_000;

async function packCheck(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: 'true' };
  delete env.HERMES_BAR_FEED_URL;
  const result = await execa(process.execPath, [SCRIPT, ...args], { cwd: ROOT, reject: false, env, extendEnv: false });
  return { exitCode: result.exitCode, out: result.stdout, err: result.stderr };
}

function configFile(text: string): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'hb-pack-config-')), 'electron-builder.yml');
  writeFileSync(file, text);
  return file;
}

describe('pack:check', () => {
  it(
    'passes on electron-builder.yml: validated, both targets built offline, archives and Info.plist as they must be',
    async () => {
      const { exitCode, out, err } = await packCheck();
      expect(exitCode, `${out}\n${err}`).toBe(0);
      expect(out).toMatch(/linux: app\.asar holds .* \d+ runtime packages \(every dependency resolves\)/);
      for (const line of [
        "electron-builder.yml passes app-builder-lib's validator",
        'built the Linux dir target',
        'linux: app.asar holds',
        // Electron names the app (userData, the logs folder) from the archive's package.json.
        'nothing from test/; Electron names the app "Hermes Bar"',
        "linux: the built app's fuses are flipped as electron-builder.yml asks",
        'built the macOS zip target: hermes-bar-0.1.0-arm64-mac.zip',
        "linux: app-update.yml names the feed https://updates.pack-check.invalid/hermes-bar; bin/hermes-bar starts the app's binary with --hermes-bar-cli",
        "mac: app-update.yml names the feed https://updates.pack-check.invalid/hermes-bar; bin/hermes-bar starts the app's binary with --hermes-bar-cli",
        'Info.plist: LSUIElement true, ai.hermes.bar 0.1.0',
        'mac: app.asar holds',
        "mac: the built app's fuses are flipped as electron-builder.yml asks",
        'pack-check: OK',
      ]) {
        expect(out).toContain(line);
      }
    },
    PACK_MS,
  );

  it('rejects a configuration that app-builder-lib’s validator refuses', async () => {
    const { exitCode, err } = await packCheck('--config', configFile(CONFIG.replace('hardenedRuntime: true', 'hardenedRuntim: true')));
    expect(exitCode).toBe(1);
    expect(err).toContain('is not a valid electron-builder configuration');
    expect(err).toContain('does not match the API schema');
  });

  it('rejects a valid configuration that is not a menu-bar app', async () => {
    const { exitCode, err } = await packCheck('--config', configFile(CONFIG.replace('LSUIElement: true', 'LSUIElement: false')));
    expect(exitCode).toBe(1);
    expect(err).toContain('mac.extendInfo.LSUIElement is not true');
  });

  it('rejects a configuration without an update feed', async () => {
    const { exitCode, err } = await packCheck('--config', configFile(CONFIG.replace(/^publish:\n(?:  .*\n)+/m, '')));
    expect(exitCode).toBe(1);
    expect(err).toContain('publish is not one generic feed with a url');
  });

  it("rejects a Linux executable named like the command line (the deb would link /usr/bin/hermes-bar to the app's window)", async () => {
    const { exitCode, err } = await packCheck('--config', configFile(CONFIG.replace('executableName: hermes-bar-app', 'executableName: hermes-bar')));
    expect(exitCode).toBe(1);
    expect(err).toContain("linux.executableName is hermes-bar, the command line's name");
  });

  it('rejects a configuration that leaves the app able to run as plain Node', async () => {
    const { exitCode, err } = await packCheck('--config', configFile(CONFIG.replace('  runAsNode: false', '  runAsNode: true')));
    expect(exitCode).toBe(1);
    expect(err).toContain('electronFuses.runAsNode is true, not false');
  });

  it(
    'rejects an app archive that would carry the tests',
    async () => {
      const { exitCode, err } = await packCheck('--config', configFile(CONFIG.replace('  - "!**/*.map"', '  - "!**/*.map"\n  - test/**/*.ts')));
      expect(exitCode).toBe(1);
      expect(err).toMatch(/linux: test\/ in the archive: \/test\b/);
      expect(err).toMatch(/mac: test\/ in the archive: \/test\b/);
    },
    PACK_MS,
  );

  it(
    'rejects an app archive that has the runtime dependencies but not what they need (electron-updater without fs-extra, execa without is-plain-obj)',
    async () => {
      const dropped = CONFIG.replace('  - "!**/*.map"', '  - "!**/*.map"\n  - "!**/node_modules/fs-extra/**"\n  - "!**/node_modules/is-plain-obj/**"');
      const { exitCode, err } = await packCheck('--config', configFile(dropped));
      expect(exitCode).toBe(1);
      for (const label of ['linux', 'mac']) {
        expect(err).toMatch(new RegExp(`${label}: runtime dependency fs-extra \\(needed by electron-updater@[^)]+\\) is not in the archive`));
        expect(err).toMatch(new RegExp(`${label}: runtime dependency is-plain-obj \\(needed by execa@[^)]+\\) is not in the archive`));
      }
    },
    PACK_MS,
  );
});
