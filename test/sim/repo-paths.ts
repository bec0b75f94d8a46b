import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function isRepoRoot(dir: string): boolean {
  try {
    const manifest: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    return (manifest as { name?: unknown }).name === 'hermes-bar' && existsSync(join(dir, 'test', 'sim'));
  } catch {
    return false;
  }
}

/** The repository root, found from this module whether it runs from test/ or from dist/test/. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (isRepoRoot(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the hermes-bar repository root');
    dir = parent;
  }
}

/** Paths of the executables and built modules the tests run. */
export function simExecutables(root: string = repoRoot()): {
  /** The launchctl the engine runs: the C client when it was built, else the Node one. */
  launchctl: string;
  /** The Node client, which also starts the daemon when nothing listens. */
  nodeLaunchctl: string;
  launchd: string;
  builtLaunchctl: string;
} {
  const nodeLaunchctl = join(root, 'test', 'sim', 'bin', 'launchctl');
  const native = join(root, 'dist', 'test', 'sim', 'launchctl-native');
  return {
    launchctl: existsSync(native) ? native : nodeLaunchctl,
    nodeLaunchctl,
    launchd: join(root, 'test', 'sim', 'bin', 'launchd'),
    builtLaunchctl: join(root, 'dist', 'test', 'sim', 'launchctl.js'),
  };
}
