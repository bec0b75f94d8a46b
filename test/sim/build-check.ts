import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from './repo-paths.js';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

function mtime(path: string): number | null {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/**
 * Throws unless dist/ holds a build of test/sim at least as new as its sources: the
 * simulator runs from the build.
 */
export function assertSimBuilt(root: string = repoRoot()): void {
  const stale: string[] = [];
  for (const source of sources(join(root, 'test', 'sim'))) {
    const rel = relative(root, source);
    const built = mtime(join(root, 'dist', rel.replace(/\.ts$/, '.js')));
    const edited = mtime(source) ?? 0;
    if (built === null || built < edited) stale.push(rel);
  }
  if (stale.length > 0) {
    throw new Error(`dist/ is missing or older than ${stale.join(', ')}: run \`npm run build\` first`);
  }
}
