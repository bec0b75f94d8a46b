// Whether the runtime dependencies of a packed app load: starting from the archive's own
// package.json, every package it depends on, and every package those depend on, must resolve
// inside app.asar as Node resolves it (the nearest node_modules folder up from the dependent), at a
// version the dependent accepts. electron-builder collects the production tree itself and may hoist
// it differently from node_modules, so the archive is what is checked, not the lockfile's layout.
// Used by scripts/pack-check.mjs and scripts/release.mjs.
import path from 'node:path';
import { fromBuilder } from './offline-build.mjs';

const asar = fromBuilder('@electron/asar');
const semver = fromBuilder('semver');

/** What a package needs at run time: its dependencies and required peers; optional ones may be absent. */
function needs(manifest) {
  const optionalPeer = (name) => manifest.peerDependenciesMeta?.[name]?.optional === true;
  return [
    ...Object.entries(manifest.dependencies ?? {}).map(([name, range]) => ({ name, range, optional: false })),
    ...Object.entries(manifest.peerDependencies ?? {}).map(([name, range]) => ({ name, range, optional: optionalPeer(name) })),
    ...Object.entries(manifest.optionalDependencies ?? {}).map(([name, range]) => ({ name, range, optional: true })),
  ];
}

/**
 * @param {string} archive  an app.asar
 * @returns {{ packages: string[], problems: string[] }}  the package folders reached, and what is missing or the wrong version
 */
export function checkRuntimeDependencies(archive) {
  const files = new Set(asar.listPackage(archive, {}).map((f) => f.replaceAll('\\', '/')));
  const manifest = (dir) => JSON.parse(asar.extractFile(archive, path.posix.join(dir, 'package.json').slice(1)).toString('utf8'));
  /** Node's lookup: <dir>/node_modules/<name>, then each parent's, skipping folders that are node_modules themselves. */
  const resolve = (from, name) => {
    for (let dir = from; ; dir = path.posix.dirname(dir)) {
      if (path.posix.basename(dir) !== 'node_modules') {
        const candidate = path.posix.join(dir, 'node_modules', name);
        if (files.has(`${candidate}/package.json`)) return candidate;
      }
      if (dir === '/') return null;
    }
  };

  const problems = [];
  const seen = new Set(['/']);
  const queue = [{ dir: '/', label: 'the app' }];
  while (queue.length > 0) {
    const { dir, label } = queue.shift();
    for (const { name, range, optional } of needs(manifest(dir))) {
      const found = resolve(dir, name);
      if (found === null) {
        if (!optional) problems.push(`${name} (needed by ${label}) is not in the archive`);
        continue;
      }
      const { version } = manifest(found);
      if (semver.validRange(range) && !semver.satisfies(version, range)) {
        problems.push(`${found.slice(1)} is ${version}, but ${label} needs ${name} ${range}`);
      }
      if (!seen.has(found)) {
        seen.add(found);
        queue.push({ dir: found, label: `${name}@${version}` });
      }
    }
  }
  seen.delete('/');
  return { packages: [...seen].sort(), problems };
}
