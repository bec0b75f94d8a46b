/** The operating system in words, for diagnostics: read from files, never by running a program. */
import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** macOS keeps its marketing version here; the kernel release (Darwin 23.x) says little to a person. */
const MACOS_VERSION_PLIST = '/System/Library/CoreServices/SystemVersion.plist';
const OS_RELEASE = '/etc/os-release';

async function macosVersion(): Promise<string | null> {
  const text = await readFile(MACOS_VERSION_PLIST, 'utf8').catch(() => '');
  const version = text.match(/<key>ProductVersion<\/key>\s*<string>([^<]+)<\/string>/)?.[1];
  return version ? `macOS ${version}` : null;
}

async function linuxDistribution(): Promise<string | null> {
  const text = await readFile(OS_RELEASE, 'utf8').catch(() => '');
  return text.match(/^PRETTY_NAME="?([^"\n]+)"?$/m)?.[1] ?? null;
}

/** "macOS 14.5 (Darwin 23.5.0, arm64)", "Debian GNU/Linux 12 (bookworm) (Linux 6.1.0, x64)". */
export async function osDescription(platform: NodeJS.Platform = process.platform): Promise<string> {
  const name = platform === 'darwin' ? await macosVersion() : platform === 'linux' ? await linuxDistribution() : null;
  const kernel = `${os.type()} ${os.release()}, ${os.arch()}`;
  return name ? `${name} (${kernel})` : kernel;
}

/** "Node 20.19.0" or "Electron 45.4.1, Node 22.20.0". */
export function runtimeDescription(versions: NodeJS.ProcessVersions = process.versions): string {
  const electron = (versions as NodeJS.ProcessVersions & { electron?: string }).electron;
  return electron ? `Electron ${electron}, Node ${versions.node}` : `Node ${versions.node}`;
}
