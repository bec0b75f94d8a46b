// Building Hermes Bar with electron-builder offline, on any machine: stand-in Electron
// distributions (electronDist) and a stand-in AppImage toolset (APPIMAGE_TOOLS_PATH), so that
// electron-builder's own packaging, fuse flipping, archiving, AppImage and update-info code runs
// without downloading anything. The artefacts it makes are real archives of the real app.asar
// around binaries that only say "stand-in": they show what a release holds, they do not run.
// Used by scripts/pack-check.mjs and scripts/release.mjs.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as plist from 'plist';

export const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** electron-builder's own modules, resolved from where npm installed electron-builder. */
export const fromBuilder = createRequire(createRequire(path.join(repo, 'package.json')).resolve('electron-builder'));

const { SENTINEL: FUSE_SENTINEL } = fromBuilder('@electron/fuses/dist/constants.js');
/** The wire of an unmodified Electron binary: version 1, 8 fuses, Electron's defaults ('1' on, '0' off). */
export const STOCK_FUSE_WIRE = Buffer.concat([Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]);

/** The stand-in app binary: says what it is and the arguments it got (a check can start it through bin/hermes-bar). */
const STAND_IN_SCRIPT = '#!/bin/sh\necho "stand-in Electron $*"\nexit 0\n';
export const standInAnswer = (args) => `stand-in Electron ${args.join(' ')}`;

/** Debian's 7-Zip for electron-builder's archives (instead of its download); null when missing. */
export function sevenZip() {
  return ['/usr/bin/7za', '/usr/bin/7z'].find((p) => existsSync(p)) ?? null;
}

/** What electron-builder needs of Electron's Linux zip: the binary (renamed to the app's) and its folders. */
export function linuxStandIn(dir) {
  mkdirSync(path.join(dir, 'resources'), { recursive: true });
  mkdirSync(path.join(dir, 'locales'), { recursive: true });
  writeFileSync(path.join(dir, 'locales', 'en-US.pak'), '');
  writeFileSync(path.join(dir, 'electron'), Buffer.concat([Buffer.from(STAND_IN_SCRIPT), STOCK_FUSE_WIRE]));
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'LICENSE'), 'stand-in\n');
  return dir;
}

/** What electron-builder needs of Electron.app: Info.plists, the executables it renames, Resources. */
export function macStandIn(dir) {
  const contents = path.join(dir, 'Electron.app', 'Contents');
  const executable = (file, text = '#!/bin/sh\n') => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    chmodSync(file, 0o755);
  };
  mkdirSync(path.join(contents, 'Resources'), { recursive: true });
  writeFileSync(
    path.join(contents, 'Info.plist'),
    plist.build({ CFBundleExecutable: 'Electron', CFBundleIdentifier: 'com.github.Electron', CFBundleName: 'Electron', CFBundleIconFile: 'electron.icns', CFBundlePackageType: 'APPL' }),
  );
  executable(path.join(contents, 'MacOS', 'Electron'), STAND_IN_SCRIPT);
  const framework = path.join(contents, 'Frameworks', 'Electron Framework.framework');
  mkdirSync(framework, { recursive: true });
  writeFileSync(path.join(framework, 'Electron Framework'), STOCK_FUSE_WIRE);
  for (const helper of ['Electron Helper', 'Electron Helper (Renderer)', 'Electron Helper (GPU)', 'Electron Helper (Plugin)']) {
    const helperContents = path.join(contents, 'Frameworks', `${helper}.app`, 'Contents');
    mkdirSync(helperContents, { recursive: true });
    writeFileSync(path.join(helperContents, 'Info.plist'), plist.build({ CFBundleExecutable: helper, CFBundleIdentifier: 'com.github.Electron.helper' }));
    executable(path.join(helperContents, 'MacOS', helper));
  }
  return dir;
}

/**
 * electron-builder's FUSE2 AppImage toolset layout (app-builder-lib toolsets/linux.js), for
 * APPIMAGE_TOOLS_PATH: Debian's real mksquashfs (squashfs-tools) builds the image; the AppImage
 * runtime (the ELF that mounts it) and desktop-file-validate are stand-ins.
 */
export function appImageToolsStandIn(dir) {
  const host = path.join(dir, `linux-${process.arch === 'arm64' ? 'arm64' : 'x64'}`);
  mkdirSync(host, { recursive: true });
  const mksquashfs = ['/usr/bin/mksquashfs', '/usr/sbin/mksquashfs', '/sbin/mksquashfs'].find((p) => existsSync(p));
  if (!mksquashfs) throw new Error('mksquashfs is missing: install squashfs-tools (bash scripts/setup.sh does)');
  copyFileSync(mksquashfs, path.join(host, 'mksquashfs'));
  chmodSync(path.join(host, 'mksquashfs'), 0o755);
  writeFileSync(path.join(host, 'desktop-file-validate'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  for (const arch of ['x64', 'arm64', 'ia32', 'armv7l']) writeFileSync(path.join(dir, `runtime-${arch}`), '#!/bin/sh\necho "stand-in AppImage runtime"\nexit 0\n');
  for (const arch of ['x64', 'ia32']) mkdirSync(path.join(dir, 'lib', arch), { recursive: true });
  return dir;
}

/** Unpacks a zip with 7-Zip (permissions kept, as macOS's Archive Utility keeps them). */
export function unzip(zip, into) {
  execFileSync(sevenZip(), ['x', '-y', `-o${into}`, zip], { stdio: 'ignore' });
  return into;
}
