// Bundles the demo's browser bridge (window.hermesBar over HTTP) into one classic script.
import { build } from 'esbuild';

await build({
  entryPoints: ['test/demo/bridge.ts'],
  outfile: 'dist/demo/bridge.js',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
});
