#!/usr/bin/env node
// Bundles the preload into the single CommonJS file a sandboxed preload must be
// (dist/preload/index.cjs). A sandboxed preload can require only 'electron' (and a few polyfilled
// modules), so the build fails if the bundle would need anything else at run time.
//   node scripts/build-preload.mjs [outfile]     default: dist/preload/index.cjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'preload', 'index.cjs'));

const result = await build({
  entryPoints: [path.join(root, 'electron', 'preload', 'index.ts')],
  outfile,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node22', // Electron 45's Node
  external: ['electron'],
  sourcemap: false,
  metafile: true,
  logLevel: 'warning',
});

const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
const foreign = [...new Set(imports)].filter((name) => name !== 'electron');
if (foreign.length > 0) {
  console.error(`build-preload: the sandboxed preload may require only 'electron', but the bundle needs: ${foreign.join(', ')}`);
  process.exit(1);
}
console.log(`build-preload: ${path.relative(root, outfile)}`);
