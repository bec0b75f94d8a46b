#!/usr/bin/env node
// The `hermes-bar` command line as its own npm package (`npm install -g hermes-bar`) for servers
// and SSH sessions: the engine and the CLI only, no Electron, no React. Generated from the build
// rather than kept as a second package folder, so nothing is written twice: the files are exactly
// what bin/hermes-bar.js imports (followed through dist/), the version and the dependency ranges
// are the repository's package.json's. Refuses if anything it would ship imports a package other
// than the runtime dependencies (electron, react, …).
//   node scripts/cli-package.mjs --out DIR [--pack]
//     --out DIR   where the package folder goes (DIR/hermes-bar); --pack also makes DIR/hermes-bar-<version>.tgz
// Needs a build (npm run build). Prints the package folder (and the tarball) it made.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ENTRY = 'bin/hermes-bar.js';

/** Every module specifier a built (tsc) ES module imports or re-exports, static or dynamic. */
function specifiers(source) {
  const found = new Set();
  for (const pattern of [/\bimport\s+(?:[^'"]*?\sfrom\s+)?['"]([^'"]+)['"]/g, /\bexport\s+[^'"]*?\sfrom\s+['"]([^'"]+)['"]/g, /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g]) {
    for (const match of source.matchAll(pattern)) found.add(match[1]);
  }
  return [...found];
}

/** The files reachable from the entry, and the packages they need. */
export function closure(root = repo, entry = ENTRY) {
  const files = new Set();
  const packages = new Set();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop();
    if (files.has(file)) continue;
    files.add(file);
    for (const spec of specifiers(readFileSync(path.join(root, file), 'utf8'))) {
      if (spec.startsWith('.')) queue.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
      else if (!spec.startsWith('node:') && !builtinModules.includes(spec)) packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}

const README = (version) => `# hermes-bar ${version}

The command line of Hermes Bar: it keeps the Hermes Agent
messaging gateway healthy (a per-user launchd agent on macOS, a systemd user unit on Linux). This
package is the lifecycle engine and the command line only, for servers and SSH sessions; the
menu-bar app is installed separately (Homebrew cask, or the download), and carries the same command.

    npm install -g hermes-bar

    hermes-bar status  [--profile NAME] [--json]
    hermes-bar start | stop | restart | repair  [--profile NAME] [--json]
    hermes-bar uninstall --yes  [--profile NAME] [--json]
    hermes-bar doctor  [--profile NAME] [--json]
    hermes-bar doctor --report  [--profile NAME]
    hermes-bar list    [--json]

Exit status: 0 done, 1 the operation failed (the error on stderr, or as JSON with --json), 2 bad usage.
Node 20 or later. Update with \`npm install -g hermes-bar@latest\`, remove with \`npm uninstall -g hermes-bar\`.
`;

export function buildCliPackage(out, { pack = false } = {}) {
  const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
  if (!existsSync(path.join(repo, 'dist', 'electron', 'cli', 'main.js'))) throw new Error('dist/electron/cli/main.js is missing: run npm run build first');
  const { files, packages } = closure();
  const unexpected = packages.filter((name) => !(name in (pkg.dependencies ?? {})));
  if (unexpected.length > 0) throw new Error(`the command line imports ${unexpected.join(', ')}, which the package cannot carry (only ${Object.keys(pkg.dependencies ?? {}).join(', ')})`);

  const dir = path.join(out, pkg.name);
  rmSync(dir, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    copyFileSync(path.join(repo, file), path.join(dir, file));
  }
  chmodSync(path.join(dir, ENTRY), 0o755);
  const manifest = {
    name: pkg.name,
    version: pkg.version,
    description: 'The hermes-bar command line: keeps the Hermes Agent messaging gateway healthy (launchd on macOS, systemd on Linux)',
    license: pkg.license,
    author: pkg.author,
    homepage: pkg.homepage,
    type: 'module',
    engines: pkg.engines,
    os: ['darwin', 'linux'],
    bin: { 'hermes-bar': ENTRY },
    files: ['bin', 'dist'],
    dependencies: Object.fromEntries(packages.map((name) => [name, pkg.dependencies[name]])),
  };
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(path.join(dir, 'README.md'), README(pkg.version));
  if (existsSync(path.join(repo, 'LICENSE'))) copyFileSync(path.join(repo, 'LICENSE'), path.join(dir, 'LICENSE'));
  let tarball = null;
  if (pack) {
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
    tarball = path.join(out, packed[0].filename);
  }
  return { dir, tarball, files, dependencies: manifest.dependencies, version: pkg.version };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, pack: { type: 'boolean', default: false } } });
  if (!values.out) {
    console.error('usage: node scripts/cli-package.mjs --out DIR [--pack]');
    process.exit(2);
  }
  try {
    const made = buildCliPackage(path.resolve(values.out), { pack: values.pack });
    console.log(`cli-package: ${made.dir} (${made.files.length} files; dependencies ${Object.entries(made.dependencies).map(([n, v]) => `${n}@${v}`).join(', ')})`);
    if (made.tarball) console.log(`cli-package: ${made.tarball}`);
  } catch (error) {
    console.error(`cli-package: ${error.message}`);
    process.exit(1);
  }
}
