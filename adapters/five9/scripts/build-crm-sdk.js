#!/usr/bin/env node
// Bundles the Five9 CRM SDK panel (src/crm-sdk/browser-entry.ts) into one browser script:
// dist/crm-sdk/teachback-five9.js. esbuild ships its binary as an npm package; nothing else is fetched.
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const root = path.resolve(__dirname, '..');

function options(overrides = {}) {
  return {
    entryPoints: [path.join(root, 'src', 'crm-sdk', 'browser-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['es2020'],
    minify: true,
    legalComments: 'none',
    outfile: path.join(root, 'dist', 'crm-sdk', 'teachback-five9.js'),
    logLevel: 'warning',
    ...overrides,
  };
}

module.exports = { options };

if (require.main === module) {
  esbuild
    .build(options())
    .then(() => console.log('built dist/crm-sdk/teachback-five9.js'))
    .catch(() => process.exit(1));
}
