/**
 * `npm install -g hermes-bar`: the package scripts/cli-package.mjs makes from the build holds the
 * engine and the command line only (no Electron, no React); its `npm pack` tarball installs into
 * an empty prefix (its dependencies from the registry or npm's cache) and the installed
 * `hermes-bar status --json` answers as the repository's CLI does, against the launchd simulator.
 */
import { existsSync, mkdtempSync, readFileSync, realpathSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../integration/fixture.js';
import type { Fixture } from '../integration/fixture.js';
import { cliEnv } from '../support/cli.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALL_MS = 240_000;

interface Packed {
  dir: string;
  tarball: string;
}

let packed: Packed;
let world: Fixture;

beforeAll(async () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'hb-cli-package-'));
  const made = await execa(process.execPath, [path.join(ROOT, 'scripts', 'cli-package.mjs'), '--out', out, '--pack'], { cwd: ROOT });
  const lines = made.stdout.split('\n');
  packed = { dir: path.join(out, 'hermes-bar'), tarball: lines.at(-1)?.replace(/^cli-package: /, '') ?? '' };
  world = await fixture();
  await world.loadByHand(await world.hermesPlist());
}, INSTALL_MS);

afterAll(async () => {
  await world?.finish();
});

describe('the hermes-bar npm package', () => {
  it('is the engine and the command line only, with the repository’s version and runtime dependencies', async () => {
    const pkg = JSON.parse(readFileSync(path.join(packed.dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const root = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name: 'hermes-bar', version: root.version, bin: { 'hermes-bar': 'bin/hermes-bar.js' }, dependencies: { execa: root.dependencies.execa, plist: root.dependencies.plist } });
    expect(pkg.private).toBeUndefined();
    expect(Object.keys(pkg.dependencies as object)).not.toContain('electron-updater');
    const listed = await execa('tar', ['-tzf', packed.tarball]);
    const files = listed.stdout.split('\n').filter(Boolean);
    expect(files).toContain('package/bin/hermes-bar.js');
    expect(files).toContain('package/dist/electron/cli/main.js');
    expect(files).toContain('package/dist/electron/service/engine.js');
    expect(files.filter((f) => /electron\/main\/|electron\/preload\/|renderer|\.tsx?$|\.map$|test\//.test(f))).toEqual([]);
    for (const file of files.filter((f) => f.endsWith('.js'))) {
      const text = await execa('tar', ['-xzOf', packed.tarball, file]);
      expect(text.stdout, file).not.toMatch(/from ['"](?:electron|react|react-dom|electron-updater)['"]/);
    }
  });

  it(
    'installs from its tarball into an empty prefix and runs `hermes-bar status --json` against the simulator',
    async () => {
      const prefix = mkdtempSync(path.join(os.tmpdir(), 'hb-npm-prefix-'));
      const install = await execa('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', packed.tarball], { reject: false });
      expect(install.exitCode, install.stderr).toBe(0);
      const bin = path.join(prefix, 'bin', 'hermes-bar');
      expect(existsSync(bin)).toBe(true);
      expect(realpathSync(bin)).toBe(path.join(prefix, 'lib', 'node_modules', 'hermes-bar', 'bin', 'hermes-bar.js'));
      expect(existsSync(path.join(prefix, 'lib', 'node_modules', 'hermes-bar', 'node_modules', 'electron'))).toBe(false);

      // Run as a user would: the installed command on PATH, nothing of the repository around.
      const env = { ...cliEnv(world.sim.env), PATH: `${path.join(prefix, 'bin')}:${path.dirname(process.execPath)}:/usr/bin:/bin` };
      const status = await execa('hermes-bar', ['status', '--json'], { env, extendEnv: false, cwd: prefix, reject: false });
      expect(status.exitCode, status.stderr).toBe(0);
      const fromPackage = JSON.parse(status.stdout) as Record<string, unknown>;
      const fromRepo = JSON.parse((await execa(process.execPath, [path.join(ROOT, 'bin', 'hermes-bar.js'), 'status', '--json'], { env, extendEnv: false })).stdout) as Record<string, unknown>;
      expect(Object.keys(fromPackage).sort()).toEqual(Object.keys(fromRepo).sort());
      expect(fromPackage).toMatchObject({ label: 'ai.hermes.gateway', plistPath: world.plistPath, pid: fromRepo.pid });

      const version = await execa('hermes-bar', ['--version'], { env, extendEnv: false });
      expect(version.stdout).toBe(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
      const usage = await execa('hermes-bar', ['frobnicate'], { env, extendEnv: false, reject: false });
      expect(usage.exitCode).toBe(2);
    },
    INSTALL_MS,
  );
});
