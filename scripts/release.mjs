#!/usr/bin/env node
// A Hermes Bar release: the app's artefacts, the update feed, the Homebrew cask and the npm package
// of the command line, all in one folder, and what goes where.
//
//   npm run release -- --dry-run [--out DIR]   offline, on any machine: electron-builder against
//       stand-in Electron (scripts/lib/offline-build.mjs): the macOS zips (arm64, x64) and the Linux
//       AppImage, the feed files electron-builder writes for them (latest-mac.yml,
//       latest-linux.yml), the cask, the npm tarball; prints what it would publish. Publishes nothing.
//   npm run release [-- --out DIR]   on a Mac with the signing identity (and APPLE_* for notarizing):
//       the real builds (dmg+zip for arm64 and x64, AppImage+deb), the same feed, cask and tarball;
//       publishes the npm package, then prints the upload the feed needs and the cask for the tap.
//
// HERMES_BAR_FEED_URL names the update feed (electron-builder.yml's publish url): required for a
// release; a dry run without it uses an address that can never resolve (.invalid). package.json
// names the project's homepage (the cask's `homepage`) and the Homebrew tap the cask goes to
// (config.homebrewTap, "user/repo": GitHub's user/homebrew-repo), which the README's install line names.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkRuntimeDependencies } from './lib/asar-deps.mjs';
import { renderCask } from './lib/cask.mjs';
import { appImageToolsStandIn, fromBuilder, linuxStandIn, macStandIn, repo, sevenZip } from './lib/offline-build.mjs';
import { buildCliPackage } from './cli-package.mjs';

const { values: args } = parseArgs({ options: { 'dry-run': { type: 'boolean', default: false }, out: { type: 'string' } } });
const dryRun = args['dry-run'];
const started = Date.now();
const say = (text) => console.log(`release: ${text}`);
const fail = (text) => {
  console.error(`release: ${text}`);
  process.exit(1);
};

const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = fromBuilder('builder-util');
const { build, Platform, Arch } = fromBuilder('electron-builder');
const jsYaml = fromBuilder('js-yaml');

const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const config = await getConfig(repo, 'electron-builder.yml', null);
await validateConfiguration(config, new DebugLogger(false));

const DRY_RUN_FEED = 'https://updates.example.invalid/hermes-bar';
if (!process.env.HERMES_BAR_FEED_URL) {
  if (!dryRun) fail('set HERMES_BAR_FEED_URL to the update feed (https://…): the app checks it for updates, the cask downloads from it');
  process.env.HERMES_BAR_FEED_URL = DRY_RUN_FEED;
}
const feedUrl = process.env.HERMES_BAR_FEED_URL.replace(/\/+$/, '');
if (!/^https?:\/\/[^\s"'#{}\\]+$/.test(feedUrl)) fail(`HERMES_BAR_FEED_URL is not a plain http(s) URL: ${feedUrl}`);
if (!dryRun && !feedUrl.startsWith('https://')) fail(`the feed must be https (the app downloads code from it): ${feedUrl}`);
if (!dryRun && process.platform !== 'darwin') fail('a real release builds and signs the macOS app: run it on a Mac (npm run release -- --dry-run works anywhere)');

if (!/^https:\/\/[^\s"'#{}\\]+$/.test(pkg.homepage ?? '')) fail(`package.json's homepage is not a plain https URL: ${pkg.homepage}`);
const tap = pkg.config?.homebrewTap ?? '';
if (!/^[\w-]+\/[\w-]+$/.test(tap)) fail(`package.json's config.homebrewTap is not a Homebrew tap ("user/repo"): ${tap}`);
const [tapUser, tapRepo] = tap.split('/');

const out = path.resolve(args.out ?? path.join(repo, 'release', dryRun ? `${pkg.version}-dry-run` : pkg.version));
rmSync(out, { recursive: true, force: true });
const feedDir = path.join(out, 'feed');
mkdirSync(feedDir, { recursive: true });

// --- 1. the artefacts and their feed files (electron-builder writes latest-*.yml itself) ---------

async function builder(platform, targets, outputDir, overrides = {}) {
  const configPath = path.join(out, `electron-builder.${platform.name}.json`);
  writeFileSync(configPath, JSON.stringify({ ...config, directories: { ...config.directories, output: outputDir }, ...overrides }, null, 2));
  await build({ projectDir: repo, config: configPath, targets, publish: 'never' });
  rmSync(configPath);
  return outputDir;
}

const macOut = path.join(out, 'build-mac');
const linuxOut = path.join(out, 'build-linux');
if (dryRun) {
  const seven = sevenZip();
  if (!seven) fail('7-Zip is missing: install p7zip-full (bash scripts/setup.sh does)');
  process.env.ELECTRON_BUILDER_7ZIP_PATH = seven;
  const standIns = mkdtempSync(path.join(os.tmpdir(), 'hermes-bar-release-'));
  try {
    process.env.APPIMAGE_TOOLS_PATH = appImageToolsStandIn(path.join(standIns, 'appimage'));
    await builder(Platform.MAC, Platform.MAC.createTarget('zip', Arch.arm64, Arch.x64), macOut, {
      electronDist: macStandIn(path.join(standIns, 'electron-mac')),
      mac: { ...config.mac, identity: null },
    });
    say('built the macOS zips (arm64, x64) against stand-in Electron');
    await builder(Platform.LINUX, Platform.LINUX.createTarget('AppImage', Arch.x64), linuxOut, { electronDist: linuxStandIn(path.join(standIns, 'electron-linux')) });
    say('built the Linux AppImage (x64) against stand-in Electron and AppImage runtime');
  } finally {
    rmSync(standIns, { recursive: true, force: true });
  }
} else {
  await builder(Platform.MAC, Platform.MAC.createTarget(), macOut);
  say('built, signed (and notarized when APPLE_* is set) the macOS dmg and zip (arm64, x64)');
  await builder(Platform.LINUX, Platform.LINUX.createTarget(), linuxOut);
  say('built the Linux AppImage and deb');
}

// Every built app's archive carries its whole runtime dependency tree (as pack-check checks it).
const archives = [
  ...readdirSync(macOut)
    .filter((d) => d.startsWith('mac'))
    .map((d) => path.join(macOut, d, `${config.productName}.app`, 'Contents', 'Resources', 'app.asar')),
  path.join(linuxOut, 'linux-unpacked', 'resources', 'app.asar'),
];
for (const archive of archives) {
  if (!existsSync(archive)) fail(`the build left no ${archive}`);
  const { packages, problems } = checkRuntimeDependencies(archive);
  if (problems.length > 0) fail(`${path.relative(out, archive)} lacks runtime dependencies:\n  ${problems.join('\n  ')}`);
  say(`${path.relative(out, archive)}: every runtime dependency resolves (${packages.length} packages)`);
}

// The feed: one folder with every file the two channel files name (and their blockmaps).
const sha = (file, algorithm, encoding) => createHash(algorithm).update(readFileSync(file)).digest(encoding);
const feedFiles = [];
for (const [dir, channel] of [
  [macOut, 'latest-mac.yml'],
  [linuxOut, 'latest-linux.yml'],
]) {
  const channelFile = path.join(dir, channel);
  if (!existsSync(channelFile)) fail(`electron-builder wrote no ${channel} in ${dir}`);
  const info = jsYaml.load(readFileSync(channelFile, 'utf8'));
  if (info.version !== pkg.version) fail(`${channel} says version ${info.version}, not ${pkg.version}`);
  for (const file of info.files) {
    const artefact = path.join(dir, file.url);
    if (!existsSync(artefact)) fail(`${channel} names ${file.url}, which the build did not make`);
    if (sha(artefact, 'sha512', 'base64') !== file.sha512) fail(`${channel}: the sha512 of ${file.url} does not match the file`);
    for (const name of [file.url, `${file.url}.blockmap`]) {
      if (existsSync(path.join(dir, name)) && !feedFiles.includes(name)) {
        copyFileSync(path.join(dir, name), path.join(feedDir, name));
        feedFiles.push(name);
      }
    }
  }
  for (const other of readdirSync(dir).filter((f) => /\.(dmg|deb)(\.blockmap)?$/.test(f))) {
    copyFileSync(path.join(dir, other), path.join(feedDir, other));
    feedFiles.push(other);
  }
  copyFileSync(channelFile, path.join(feedDir, channel));
  say(`${channel}: ${info.version}, ${info.files.map((f) => f.url).join(', ')} (sha512 checked)`);
}
const channelFiles = ['latest-mac.yml', 'latest-linux.yml'];

// --- 2. the cask ------------------------------------------------------------------------------------

const zipPattern = (config.mac.artifactName ?? config.artifactName)
  .replaceAll('${name}', pkg.name)
  .replaceAll('${productName}', config.productName)
  .replaceAll('${version}', '#{version}')
  .replaceAll('${arch}', '#{arch}')
  .replaceAll('${ext}', 'zip');
const zipOf = (arch) => zipPattern.replaceAll('#{version}', pkg.version).replaceAll('#{arch}', arch);
const sha256 = {};
for (const arch of ['arm64', 'x64']) {
  const zip = path.join(feedDir, zipOf(arch));
  if (!existsSync(zip)) fail(`the cask needs ${zipOf(arch)}, which the build did not make`);
  sha256[arch] = sha(zip, 'sha256', 'hex');
}
// What the built app checks, as electron-builder wrote it into the app (the same on both platforms).
const appUpdate = jsYaml.load(readFileSync(path.join(linuxOut, 'linux-unpacked', 'resources', 'app-update.yml'), 'utf8'));
if (appUpdate.url !== feedUrl && appUpdate.url !== `${feedUrl}/`) fail(`the app's app-update.yml names ${appUpdate.url}, not the feed ${feedUrl}`);
const cask = renderCask({
  token: pkg.name,
  version: pkg.version,
  feedUrl,
  homepage: pkg.homepage,
  zipName: zipPattern,
  sha256,
  productName: config.productName,
  appId: config.appId,
  description: 'Keeps the Hermes Agent messaging gateway healthy',
  minimumSystemVersion: config.mac.minimumSystemVersion,
  updaterCacheDirName: appUpdate.updaterCacheDirName,
  command: `Contents/Resources/${config.extraResources.find((r) => r.to.endsWith('/hermes-bar')).to}`,
});
const caskFile = path.join(out, `${pkg.name}.rb`);
writeFileSync(caskFile, cask);
try {
  execFileSync('ruby', ['-c', caskFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  say(`${path.basename(caskFile)}: Ruby parses it (ruby -c); sha256 arm64 ${sha256.arm64.slice(0, 12)}…, x64 ${sha256.x64.slice(0, 12)}…`);
} catch (error) {
  if (error.code === 'ENOENT') say(`${path.basename(caskFile)}: written (no ruby here to check it: apt-get install ruby)`);
  else fail(`ruby -c refuses ${caskFile}:\n${error.stderr}`);
}

// --- 3. the command line's npm package -----------------------------------------------------------

const cli = buildCliPackage(out, { pack: true });
rmSync(cli.dir, { recursive: true, force: true });
say(`npm package: ${path.basename(cli.tarball)} (the engine and the command line; dependencies ${Object.keys(cli.dependencies).join(', ')})`);

// --- 4. what goes where ------------------------------------------------------------------------------

for (const dir of [macOut, linuxOut]) rmSync(dir, { recursive: true, force: true });
const artefacts = feedFiles.filter((f) => !channelFiles.includes(f));
const plan = [
  `1. upload to the feed ${feedUrl}/ (from ${feedDir}), the artefacts first:`,
  ...artefacts.map((f) => `     ${f}`),
  '   then the channel files, which make running apps see the release:',
  ...channelFiles.map((f) => `     ${f}`),
  `2. npm publish ${cli.tarball}`,
  `3. the cask: ${caskFile} as Casks/${pkg.name}.rb in the Homebrew tap ${tap} (the repository ${tapUser}/homebrew-${tapRepo}), which installs it with:`,
  `     brew install --cask ${tap}/${pkg.name}`,
];
if (dryRun) {
  say(`dry run: nothing published. A release of Hermes Bar ${pkg.version} would publish:`);
  for (const line of plan) console.log(`  ${line}`);
} else {
  // Artefacts of a real release must be on the feed before anything points at them.
  say(`Hermes Bar ${pkg.version} is built in ${out}. Publishing:`);
  for (const line of plan) console.log(`  ${line}`);
  execFileSync('npm', ['publish', cli.tarball], { stdio: 'inherit' });
  say(`published ${path.basename(cli.tarball)} to npm; steps 1 and 3 are the feed's and the tap's (above)`);
}
say(`done in ${((Date.now() - started) / 1000).toFixed(1)} s: ${out}`);
