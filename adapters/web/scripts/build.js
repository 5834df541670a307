#!/usr/bin/env node
// Bundles the web app (src/main.tsx) into dist/app/app.js and copies the static shell
// (public/index.html, public/app.css) beside it. The server serves dist/app at /app/.
// esbuild ships its binary as an npm package; nothing is fetched at build or run time (no CDN).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist', 'app');

function options(overrides = {}) {
  return {
    entryPoints: [path.join(root, 'src', 'main.tsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    outfile: path.join(out, 'app.js'),
    logLevel: 'warning',
    ...overrides,
  };
}

async function build() {
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build(options());
  for (const f of fs.readdirSync(path.join(root, 'public'))) {
    fs.copyFileSync(path.join(root, 'public', f), path.join(out, f));
  }
}

module.exports = { options, build };

if (require.main === module) {
  build()
    .then(() => console.log('built adapters/web/dist/app'))
    .catch(() => process.exit(1));
}
