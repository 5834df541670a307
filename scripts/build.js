#!/usr/bin/env node
// Builds every workspace with TypeScript project references. Workspaces are discovered from the
// root package.json globs so that adding a package never means editing a shared list.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const { workspaces } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function expand(pattern) {
  if (!pattern.endsWith('/*')) return [pattern];
  const dir = path.join(root, pattern.slice(0, -2));
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.posix.join(pattern.slice(0, -2), d.name));
}

const projects = workspaces.flatMap(expand).filter((p) => fs.existsSync(path.join(root, p, 'tsconfig.json')));
const tsc = require.resolve('typescript/bin/tsc');
try {
  execFileSync(process.execPath, [tsc, '-b', ...projects, ...process.argv.slice(2)], {
    cwd: root,
    stdio: 'inherit',
  });
} catch {
  process.exit(1);
}
