// Bundles GraphiQL and React into dist/explorer.js and dist/explorer.css, no CDN needed at run time.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';

mkdirSync('dist', { recursive: true });
await build({
  entryPoints: { explorer: 'index.jsx' },
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  outdir: 'dist',
  define: { 'process.env.NODE_ENV': '"production"' },
  loader: { '.js': 'jsx', '.woff': 'file', '.woff2': 'file', '.ttf': 'file', '.svg': 'dataurl' },
  logLevel: 'warning',
  legalComments: 'none',
});
