#!/usr/bin/env node
// Checks the packaging offline, as far as Linux can:
//   1. electron-builder.yml passes app-builder-lib's own validator and says what the product needs
//      (menu-bar only, hardened runtime with entitlements, dmg+zip for arm64+x64, AppImage+deb, …);
//   2. electron-builder builds the Linux `dir` target and the macOS `zip` target against stand-in
//      Electron distributions made here (electronDist), with Debian's 7-Zip (p7zip-full);
//   3. the app archive (app.asar) of both holds the main, preload and renderer bundles, the images
//      and the whole tree of runtime dependencies (each resolving inside the archive as Node
//      resolves it, at a version its dependent accepts), and nothing from test/, no sources, no
//      source maps, no devDependencies; the macOS Info.plist has LSUIElement, the bundle id and the version;
//   4. beside the archive: app-update.yml naming the update feed of `publish` (electron-updater reads
//      it), and the executable bin/hermes-bar that runs the app's CLI mode.
// Needs a build (npm run build; `npm run pack:check` does both). Exit 0 when all holds, 1 otherwise.
//   node scripts/pack-check.mjs [--config FILE] [--keep]
//     --config FILE   check another configuration file instead of electron-builder.yml
//     --keep          keep the temporary folder with the builds
import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as plist from 'plist';
import { checkRuntimeDependencies } from './lib/asar-deps.mjs';
import { fromBuilder, linuxStandIn, macStandIn, repo, sevenZip as findSevenZip, standInAnswer, unzip } from './lib/offline-build.mjs';

const { values: args } = parseArgs({ options: { config: { type: 'string' }, keep: { type: 'boolean', default: false } } });
const started = Date.now();

const { getConfig, validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = fromBuilder('builder-util');
const { build, Platform, Arch } = fromBuilder('electron-builder');
const asar = fromBuilder('@electron/asar');
const { getCurrentFuseWire, FuseV1Options } = fromBuilder('@electron/fuses');

// The fuses the app must ship with, by electron-builder's names, and each one's place in the wire.
const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};
const fuseIndex = (name) => FuseV1Options[name.charAt(0).toUpperCase() + name.slice(1)];

const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const problems = [];
const check = (ok, what) => {
  if (!ok) problems.push(what);
  return ok;
};
const step = (text) => console.log(`pack-check: ${text}`);

function finish() {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length > 0) {
    console.error(`pack-check: FAILED (${problems.length} problem${problems.length > 1 ? 's' : ''}, ${seconds} s)`);
    for (const problem of problems) console.error(`  ✗ ${problem}`);
    process.exit(1);
  }
  console.log(`pack-check: OK (${seconds} s)`);
}

// --- 1. the configuration --------------------------------------------------------------------------

const configFile = args.config ?? 'electron-builder.yml';
let config;
try {
  config = await getConfig(repo, configFile, null);
  await validateConfiguration(config, new DebugLogger(false));
} catch (error) {
  console.error(`pack-check: ${configFile} is not a valid electron-builder configuration:\n${error.message}`);
  process.exit(1);
}
step(`${configFile} passes app-builder-lib's validator`);

const targets = (list) => (list ?? []).map((t) => (typeof t === 'string' ? { target: t } : t));
const archesOf = (list, name) => [...(targets(list).find((t) => t.target === name)?.arch ?? [])].sort().join(',');
const mac = config.mac ?? {};
check(config.appId === 'ai.hermes.bar', `appId is ${config.appId}, not ai.hermes.bar`);
check(config.productName === 'Hermes Bar', `productName is ${config.productName}, not "Hermes Bar"`);
check(mac.extendInfo?.LSUIElement === true, 'mac.extendInfo.LSUIElement is not true (a menu-bar app has no Dock icon)');
check(mac.category === 'public.app-category.developer-tools', 'mac.category is not public.app-category.developer-tools');
check(mac.hardenedRuntime === true, 'mac.hardenedRuntime is not true');
check(typeof mac.entitlements === 'string' && existsSync(path.join(repo, mac.entitlements)), `mac.entitlements (${mac.entitlements}) is not a file`);
check(mac.notarize !== false, 'mac.notarize is false: notarization must follow the APPLE_* environment variables');
for (const name of ['dmg', 'zip']) check(archesOf(mac.target, name) === 'arm64,x64', `mac target ${name} is not built for arm64 and x64`);
const linuxTargets = targets(config.linux?.target).map((t) => t.target).sort().join(',');
check(linuxTargets === 'AppImage,deb', `linux targets are ${linuxTargets}, not AppImage and deb`);
check(config.asar !== false, 'asar is off');
for (const [name, value] of Object.entries(REQUIRED_FUSES)) {
  check(config.electronFuses?.[name] === value, `electronFuses.${name} is ${config.electronFuses?.[name]}, not ${value}`);
}

// Notarization is electron-builder's, switched by the environment (see electron-builder.yml):
// without APPLE_* variables it is skipped, with a complete set it runs.
const { MacTargetHelper } = fromBuilder('app-builder-lib/out/mac/MacTargetHelper.js');
function notarizeOptions(env) {
  const saved = { ...process.env };
  for (const key of Object.keys(process.env)) if (key.startsWith('APPLE_')) delete process.env[key];
  Object.assign(process.env, env);
  try {
    return MacTargetHelper.getNotarizeOptions('/Applications/Hermes Bar.app');
  } finally {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}
check(notarizeOptions({}) === undefined, 'notarization does not skip without APPLE_* variables');
check(notarizeOptions({ APPLE_ID: 'dev@example.com', APPLE_APP_SPECIFIC_PASSWORD: 'x', APPLE_TEAM_ID: 'T' })?.tool === 'notarytool', 'notarization does not run with APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID');
check(notarizeOptions({ APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'K', APPLE_API_ISSUER: 'I' })?.tool === 'notarytool', 'notarization does not run with an App Store Connect API key');
const publish = [config.publish ?? []].flat();
const feed = publish[0];
check(publish.length === 1 && feed?.provider === 'generic' && typeof feed.url === 'string', 'publish is not one generic feed with a url (electron-updater reads it from app-update.yml)');
check(config.extraResources?.some?.((r) => r.to === 'bin/hermes-bar'), 'extraResources does not put the hermes-bar command at bin/hermes-bar');
// The deb links /usr/bin/<executableName> to the app's binary: it must not take the command line's name.
const linuxExecutable = config.linux?.executableName ?? pkg.name;
check(linuxExecutable !== 'hermes-bar', "linux.executableName is hermes-bar, the command line's name: the deb would make /usr/bin/hermes-bar start the app's window, not the command line");
if (problems.length === 0) step('it asks for a menu-bar app, hardened runtime with entitlements, dmg+zip for arm64+x64, AppImage+deb; notarization follows APPLE_* variables; fuses close run-as-node, NODE_OPTIONS and --inspect, asar only and checked');
if (problems.length > 0) finish();

// --- 2. offline builds against stand-in Electron distributions --------------------------------------

const sevenZip = findSevenZip();
if (!sevenZip) {
  console.error('pack-check: 7-Zip is missing: install p7zip-full (bash scripts/setup.sh does).');
  process.exit(1);
}
process.env.ELECTRON_BUILDER_7ZIP_PATH = sevenZip;
const CLI_MODE = 'dist/electron/main/cli-mode.js';
for (const file of [pkg.main, CLI_MODE, 'dist/preload/index.cjs', 'dist/renderer/index.html']) {
  if (!existsSync(path.join(repo, file))) {
    console.error(`pack-check: ${file} is missing: run npm run build first (npm run pack:check does).`);
    process.exit(1);
  }
}
/** The switch bin/hermes-bar passes the app's binary (electron/main/cli-mode.ts). */
const { CLI_SWITCH } = await import(pathToFileURL(path.join(repo, CLI_MODE)).href);

const temp = mkdtempSync(path.join(os.tmpdir(), 'hermes-bar-pack-'));
// The feed the built app checks (electron-builder.yml's publish url); a stand-in unless given.
process.env.HERMES_BAR_FEED_URL ??= 'https://updates.pack-check.invalid/hermes-bar';
const FEED_URL = process.env.HERMES_BAR_FEED_URL;

async function buildFor(platform, target, arch, electronDist) {
  const output = path.join(temp, `out-${platform.name}`);
  // The checked configuration, pointed at the stand-in and the temporary folder; never signed here.
  const overrides = { electronDist, directories: { ...config.directories, output } };
  if (platform === Platform.MAC) overrides.mac = { ...config.mac, identity: null };
  const configPath = path.join(temp, `electron-builder.${platform.name}.json`);
  writeFileSync(configPath, JSON.stringify({ ...config, ...overrides }, null, 2));
  await build({ projectDir: repo, config: configPath, targets: platform.createTarget(target, arch), publish: 'never' });
  return output;
}

// --- 3. what the archives hold ------------------------------------------------------------------------

const DEV_DEPENDENCIES = Object.keys(pkg.devDependencies ?? {});

function checkArchive(label, archive) {
  if (!check(existsSync(archive), `${label}: no app.asar at ${archive}`)) return;
  const before = problems.length;
  const files = asar.listPackage(archive, {}).map((f) => f.replaceAll('\\', '/'));
  const has = (file) => files.includes(file);
  const inner = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  check(has(`/${path.posix.normalize(inner.main)}`), `${label}: package.json's main (${inner.main}) is not in the archive`);
  // Electron names the app from the archive's package.json (productName, else name), not from
  // electron-builder's productName: app.name, and with it userData (~/Library/Application
  // Support/<name>) and the logs folder (~/Library/Logs/<name>) that the cask's zap removes.
  check(inner.productName === config.productName, `${label}: the archive's package.json has productName ${JSON.stringify(inner.productName)}, not ${JSON.stringify(config.productName)}: Electron would name the app (and its settings and logs folders) ${JSON.stringify(inner.productName ?? inner.name)}`);
  for (const file of ['/dist/electron/main/index.js', '/dist/electron/main/cli-mode.js', '/dist/electron/cli/main.js', '/dist/electron/service/engine.js', '/dist/electron/ipc-contract.js', '/dist/preload/index.cjs', '/dist/renderer/index.html', '/assets/icon.png']) {
    check(has(file), `${label}: ${file} is missing`);
  }
  check(files.some((f) => /^\/dist\/renderer\/assets\/[^/]+\.js$/.test(f)), `${label}: the renderer's script bundle is missing`);
  for (const image of readdirSync(path.join(repo, 'assets', 'tray'))) check(has(`/assets/tray/${image}`), `${label}: /assets/tray/${image} is missing`);
  const runtime = checkRuntimeDependencies(archive);
  for (const problem of runtime.problems) check(false, `${label}: runtime dependency ${problem}`);
  const forbidden = [
    [/^\/(?:dist\/)?test(?:\/|$)/, 'test/'],
    [/^\/dist\/demo(?:\/|$)/, 'the demo'],
    [/^\/(?:electron|renderer|scripts|security|\.ci)(?:\/|$)/, 'sources'],
    [/^\/assets\/src(?:\/|$)/, 'icon sources'],
    [/\.map$/, 'source maps'],
    [/\.tsx?$/, 'TypeScript'],
    [new RegExp(`^/node_modules/(?:${DEV_DEPENDENCIES.map((d) => d.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|')})(?:/|$)`), 'devDependencies'],
  ];
  for (const [pattern, what] of forbidden) {
    const found = files.filter((f) => pattern.test(f));
    check(found.length === 0, `${label}: ${what} in the archive: ${found.slice(0, 5).join(', ')}${found.length > 5 ? ', …' : ''}`);
  }
  if (problems.length === before) {
    step(`${label}: app.asar holds ${files.length} entries: main, preload and renderer bundles, ${readdirSync(path.join(repo, 'assets', 'tray')).length} tray images, ${runtime.packages.length} runtime packages (every dependency resolves); nothing from test/; Electron names the app "${inner.productName}"`);
  }
}

/** The fuse wire electron-builder left in a built app (getCurrentFuseWire finds the mac framework itself). */
async function checkFuses(label, binary) {
  const wire = await getCurrentFuseWire(binary);
  const before = problems.length;
  for (const [name, value] of Object.entries(REQUIRED_FUSES)) {
    const state = wire[fuseIndex(name)];
    check(state === (value ? 0x31 : 0x30), `${label}: the ${name} fuse is ${JSON.stringify(String.fromCharCode(state))} in the built app, not ${value ? "'1'" : "'0'"}`);
  }
  if (problems.length === before) step(`${label}: the built app's fuses are flipped as electron-builder.yml asks`);
}

/** What sits beside app.asar: the feed electron-updater checks, and the command that runs the CLI mode. */
function checkResources(label, resources) {
  const before = problems.length;
  const updateYml = path.join(resources, 'app-update.yml');
  if (check(existsSync(updateYml), `${label}: no app-update.yml in ${resources} (the app could never update)`)) {
    const text = readFileSync(updateYml, 'utf8');
    check(/^provider: generic$/m.test(text), `${label}: app-update.yml is not a generic feed:\n${text}`);
    check(text.includes(`url: ${FEED_URL}`), `${label}: app-update.yml does not name the feed ${FEED_URL}:\n${text}`);
  }
  const command = path.join(resources, 'bin', 'hermes-bar');
  try {
    accessSync(command, constants.X_OK);
    // It finds the app's binary (the stand-in, which answers with its arguments) and passes the CLI switch.
    const args = ['status', '--json'];
    const answer = execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    check(answer === standInAnswer([CLI_SWITCH, ...args]), `${label}: bin/hermes-bar status --json did not start the app's binary in CLI mode; it printed: ${answer}`);
  } catch (error) {
    check(false, `${label}: ${command} is missing, not executable, or failed: ${error.stderr?.toString().trim() || error.message}`);
  }
  if (problems.length === before) step(`${label}: app-update.yml names the feed ${FEED_URL}; bin/hermes-bar starts the app's binary with ${CLI_SWITCH}`);
}

function checkInfoPlist(file) {
  const before = problems.length;
  const info = plist.parse(readFileSync(file, 'utf8'));
  check(info.LSUIElement === true, `Info.plist: LSUIElement is ${JSON.stringify(info.LSUIElement)}, not true`);
  check(info.CFBundleIdentifier === config.appId, `Info.plist: CFBundleIdentifier is ${info.CFBundleIdentifier}, not ${config.appId}`);
  check(info.CFBundleShortVersionString === pkg.version, `Info.plist: CFBundleShortVersionString is ${info.CFBundleShortVersionString}, not ${pkg.version}`);
  check(info.CFBundleVersion === pkg.version, `Info.plist: CFBundleVersion is ${info.CFBundleVersion}, not ${pkg.version}`);
  check(info.CFBundleName === config.productName, `Info.plist: CFBundleName is ${info.CFBundleName}`);
  check(info.CFBundleExecutable === config.productName, `Info.plist: CFBundleExecutable is ${info.CFBundleExecutable}`);
  check(info.LSApplicationCategoryType === config.mac.category, `Info.plist: LSApplicationCategoryType is ${info.LSApplicationCategoryType}`);
  check(info.LSMinimumSystemVersion === config.mac.minimumSystemVersion, `Info.plist: LSMinimumSystemVersion is ${info.LSMinimumSystemVersion}`);
  // What the asar-integrity fuse checks app.asar against: without it the app would exit at launch.
  check(typeof info.ElectronAsarIntegrity?.['Resources/app.asar']?.hash === 'string', 'Info.plist: no ElectronAsarIntegrity hash for Resources/app.asar');
  if (problems.length === before) step(`Info.plist: LSUIElement true, ${info.CFBundleIdentifier} ${info.CFBundleShortVersionString}, macOS ${info.LSMinimumSystemVersion}+`);
}

try {
  const linuxOut = await buildFor(Platform.LINUX, 'dir', Arch.x64, linuxStandIn(path.join(temp, 'electron-linux')));
  step('built the Linux dir target');
  check(existsSync(path.join(linuxOut, 'linux-unpacked', linuxExecutable)), `linux: the executable ${linuxExecutable} is missing`);
  checkArchive('linux', path.join(linuxOut, 'linux-unpacked', 'resources', 'app.asar'));
  checkResources('linux', path.join(linuxOut, 'linux-unpacked', 'resources'));
  await checkFuses('linux', path.join(linuxOut, 'linux-unpacked', linuxExecutable));

  const macOut = await buildFor(Platform.MAC, 'zip', Arch.arm64, macStandIn(path.join(temp, 'electron-mac')));
  const zip = readdirSync(macOut).find((f) => f.endsWith('-mac.zip') || f.endsWith('.zip'));
  if (check(zip !== undefined, `mac: no zip in ${macOut}`)) {
    step(`built the macOS zip target: ${zip}`);
    const unzipped = path.join(temp, 'unzipped');
    const app = `${config.productName}.app`;
    unzip(path.join(macOut, zip), unzipped);
    check(existsSync(path.join(unzipped, app, 'Contents', 'MacOS', config.productName)), `mac: ${app}/Contents/MacOS/${config.productName} is missing from the zip`);
    check(existsSync(path.join(unzipped, app, 'Contents', 'Resources', 'icon.icns')), `mac: ${app}/Contents/Resources/icon.icns is missing from the zip`);
    checkInfoPlist(path.join(unzipped, app, 'Contents', 'Info.plist'));
    checkArchive('mac', path.join(unzipped, app, 'Contents', 'Resources', 'app.asar'));
    checkResources('mac', path.join(unzipped, app, 'Contents', 'Resources'));
    await checkFuses('mac', path.join(unzipped, app));
  }
} catch (error) {
  problems.push(`electron-builder failed: ${error?.stack ?? error}`);
} finally {
  if (args.keep) step(`kept ${temp}`);
  else rmSync(temp, { recursive: true, force: true });
}
finish();
