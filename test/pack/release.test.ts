/**
 * `npm run release -- --dry-run` (scripts/release.mjs), run once offline: electron-builder's own
 * builds against stand-in Electron, the feed files electron-builder writes for them, the Homebrew
 * cask (parsed by Ruby, its values computed by Ruby, its sha256 against the built zips), the npm
 * tarball, and the plan it prints. A real release without its feed is refused.
 */
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SCRIPT = path.join(ROOT, 'scripts', 'release.mjs');
const FEED = 'https://downloads.example.org/hermes-bar';
const RELEASE_MS = 300_000;
const PKG = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string; homepage: string; config: { homebrewTap: string } };
const VERSION = PKG.version;
/** electron-builder's own asar reader (as scripts/pack-check.mjs uses it). */
const asar = createRequire(createRequire(path.join(ROOT, 'package.json')).resolve('electron-builder'))('@electron/asar') as typeof import('@electron/asar');

interface CaskFacts {
  version: string;
  arch: string;
  sha256: string;
  url: string;
  homepage: string;
  app: string[];
  binary: string[];
  uninstall: Array<Record<string, unknown>>;
  zap: Array<{ trash: string[] }>;
  depends_on: { macos: string };
  auto_updates: boolean;
}

let out: string;
let run: { exitCode: number; stdout: string; stderr: string };

function env(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean: NodeJS.ProcessEnv = { ...process.env, CI: 'true', ...extra };
  for (const key of Object.keys(clean)) if (key.startsWith('APPLE_') || key === 'CSC_LINK') delete clean[key];
  return clean;
}

const sha = (file: string, algorithm: string, encoding: 'hex' | 'base64') => createHash(algorithm).update(readFileSync(file)).digest(encoding);

let unpacked: string | undefined;
/** The app's Resources folder, from the Apple silicon zip the cask installs (unpacked once). */
async function macResources(): Promise<string> {
  if (!unpacked) {
    unpacked = mkdtempSync(path.join(os.tmpdir(), 'hb-release-zip-'));
    await execa('7za', ['x', '-y', `-o${unpacked}`, path.join(out, 'feed', `hermes-bar-${VERSION}-arm64-mac.zip`)]);
  }
  return path.join(unpacked, 'Hermes Bar.app', 'Contents', 'Resources');
}

/** The name Electron gives the packed app (app.name): its archive's package.json's productName, else name. */
async function packedAppName(): Promise<string> {
  const manifest = JSON.parse(asar.extractFile(path.join(await macResources(), 'app.asar'), 'package.json').toString('utf8')) as { name: string; productName?: string };
  return manifest.productName ?? manifest.name;
}

/** The channel file's entries, read the way electron-updater reads them (a YAML list of url/sha512). */
function channel(name: string): { version: string; files: Array<{ url: string; sha512: string }> } {
  const text = readFileSync(path.join(out, 'feed', name), 'utf8');
  const version = /^version: (.+)$/m.exec(text)?.[1] ?? '';
  const files = [...text.matchAll(/^ {2}- url: (.+)\n {4}sha512: (.+)$/gm)].map((m) => ({ url: m[1] ?? '', sha512: m[2] ?? '' }));
  return { version, files };
}

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'hb-release-'));
  const result = await execa(process.execPath, [SCRIPT, '--dry-run', '--out', out], { cwd: ROOT, reject: false, env: env({ HERMES_BAR_FEED_URL: FEED }), extendEnv: false });
  run = { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}, RELEASE_MS);

describe('npm run release -- --dry-run', () => {
  it('builds, writes the feed, the cask and the npm package, and prints what it would publish', () => {
    expect(run.exitCode, `${run.stdout}\n${run.stderr}`).toBe(0);
    for (const line of [
      'release: built the macOS zips (arm64, x64) against stand-in Electron',
      'release: built the Linux AppImage (x64) against stand-in Electron and AppImage runtime',
      `release: dry run: nothing published. A release of Hermes Bar ${VERSION} would publish:`,
      `  1. upload to the feed ${FEED}/ (from ${path.join(out, 'feed')}), the artefacts first:`,
      `  2. npm publish ${path.join(out, `hermes-bar-${VERSION}.tgz`)}`,
      `  3. the cask: ${path.join(out, 'hermes-bar.rb')} as Casks/hermes-bar.rb in the Homebrew tap ${PKG.config.homebrewTap} (the repository `,
    ]) {
      expect(run.stdout).toContain(line);
    }
    // Each built archive carries the whole runtime dependency tree, not only package.json's dependencies.
    for (const archive of ['build-mac/mac/Hermes Bar.app/Contents/Resources/app.asar', 'build-mac/mac-arm64/Hermes Bar.app/Contents/Resources/app.asar', 'build-linux/linux-unpacked/resources/app.asar']) {
      expect(run.stdout).toMatch(new RegExp(`^release: ${archive.replaceAll('.', '\\.')}: every runtime dependency resolves \\(\\d+ packages\\)$`, 'm'));
    }
    // The channel files go up last: a running app must never see a release whose files are missing.
    const plan = run.stdout.slice(run.stdout.indexOf('  1. upload'));
    expect(plan.indexOf('latest-mac.yml')).toBeGreaterThan(plan.indexOf(`hermes-bar-${VERSION}-x86_64.AppImage`));
  });

  it("the tap it names is the one the README's install line installs from", () => {
    const install = /^ +(brew install --cask \S+)$/m.exec(run.stdout)?.[1];
    expect(install).toBe(`brew install --cask ${PKG.config.homebrewTap}/hermes-bar`);
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    expect(readme.match(/^brew install --cask \S+/gm)).toEqual([install]);
  });

  it('the feed: latest-mac.yml and latest-linux.yml name every artefact with its true sha512', () => {
    const mac = channel('latest-mac.yml');
    const linux = channel('latest-linux.yml');
    expect(mac.version).toBe(VERSION);
    expect(linux.version).toBe(VERSION);
    expect(mac.files.map((f) => f.url).sort()).toEqual([`hermes-bar-${VERSION}-arm64-mac.zip`, `hermes-bar-${VERSION}-x64-mac.zip`]);
    expect(linux.files.map((f) => f.url)).toEqual([`hermes-bar-${VERSION}-x86_64.AppImage`]);
    for (const file of [...mac.files, ...linux.files]) expect(sha(path.join(out, 'feed', file.url), 'sha512', 'base64'), file.url).toBe(file.sha512);
    expect(readdirSync(path.join(out, 'feed')).sort()).toEqual(
      [`hermes-bar-${VERSION}-arm64-mac.zip`, `hermes-bar-${VERSION}-arm64-mac.zip.blockmap`, `hermes-bar-${VERSION}-x64-mac.zip`, `hermes-bar-${VERSION}-x64-mac.zip.blockmap`, `hermes-bar-${VERSION}-x86_64.AppImage`, 'latest-linux.yml', 'latest-mac.yml'].sort(),
    );
  });

  it("the cask: Ruby's parser takes it, and its url and sha256 are each Mac zip's", async () => {
    const cask = path.join(out, 'hermes-bar.rb');
    const parsed = await execa('ruby', ['-c', cask], { reject: false });
    expect(parsed.exitCode, parsed.stderr).toBe(0);
    expect(parsed.stdout.trim()).toBe('Syntax OK');

    const probe = await execa('ruby', [path.join(ROOT, 'test', 'pack', 'cask-probe.rb'), cask]);
    const facts = (JSON.parse(probe.stdout) as Record<string, Record<'arm' | 'intel', CaskFacts>>)['hermes-bar'];
    if (!facts) throw new Error(`no cask "hermes-bar" in ${cask}`);
    for (const [cpu, arch] of [
      ['arm', 'arm64'],
      ['intel', 'x64'],
    ] as const) {
      const one = facts[cpu];
      const zip = `hermes-bar-${VERSION}-${arch}-mac.zip`;
      expect(one.version).toBe(VERSION);
      expect(one.url).toBe(`${FEED}/${zip}`);
      expect(one.sha256).toBe(sha(path.join(out, 'feed', zip), 'sha256', 'hex'));
      expect(one).toMatchObject({
        app: ['Hermes Bar.app'],
        binary: ['/Applications/Hermes Bar.app/Contents/Resources/bin/hermes-bar'],
        uninstall: [{ quit: 'ai.hermes.bar' }],
        // A symbol, "this or newer": Homebrew 6 deprecates the string form ">= :ventura".
        depends_on: { macos: ':ventura' },
        auto_updates: true,
        homepage: PKG.homepage,
      });
    }
    // The folders the installed app really writes: Electron's userData and logs, named after app.name.
    const trash = facts.arm.zap.flatMap((z) => z.trash);
    const appName = await packedAppName();
    expect(trash).toContain(`~/Library/Application Support/${appName}`);
    expect(trash).toContain(`~/Library/Logs/${appName}`);
    for (const file of trash) {
      expect(file).not.toMatch(/(?:^|\/)\.hermes(?:\/|$)|LaunchAgents|ai\.hermes\.gateway/);
      expect(file.startsWith('~/Library/')).toBe(true);
    }
  });

  it("the zip the cask installs holds the app with the cask's binary and the feed in app-update.yml", async () => {
    const resources = await macResources();
    accessSync(path.join(resources, 'bin', 'hermes-bar'), constants.X_OK);
    expect(readFileSync(path.join(resources, 'app-update.yml'), 'utf8')).toContain(`url: ${FEED}`);
  });

  it('the npm package of the command line is packed', async () => {
    const tarball = path.join(out, `hermes-bar-${VERSION}.tgz`);
    expect(existsSync(tarball)).toBe(true);
    const listed = await execa('tar', ['-tzf', tarball]);
    expect(listed.stdout.split('\n')).toContain('package/bin/hermes-bar.js');
  });

  it('a real release without HERMES_BAR_FEED_URL is refused before anything is built', async () => {
    const refused = await execa(process.execPath, [SCRIPT, '--out', mkdtempSync(path.join(os.tmpdir(), 'hb-release-refused-'))], { cwd: ROOT, reject: false, env: env({ HERMES_BAR_FEED_URL: '' }), extendEnv: false });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('set HERMES_BAR_FEED_URL to the update feed');
  });
});
