// One jest config with one project per workspace. Workspaces are discovered from package.json so
// a new package is picked up without editing this file. Tests import sibling packages from their
// TypeScript sources (moduleNameMapper), so `jest` alone never runs stale builds.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const root = __dirname;
const { workspaces } = require('./package.json');

function expand(pattern) {
  if (!pattern.endsWith('/*')) return [pattern];
  const dir = path.join(root, pattern.slice(0, -2));
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.posix.join(pattern.slice(0, -2), d.name));
}

const packages = workspaces
  .flatMap(expand)
  .filter((p) => fs.existsSync(path.join(root, p, 'package.json')))
  .map((p) => ({ dir: p, name: require(path.join(root, p, 'package.json')).name }));

const moduleNameMapper = {};
for (const pkg of packages) {
  const src = path.join(root, pkg.dir, 'src', 'index.ts');
  if (fs.existsSync(src)) moduleNameMapper[`^${pkg.name.replace('/', '\\/')}$`] = src;
}

module.exports = {
  testTimeout: 30000,
  // On a 2-core machine jest runs every suite inside its main process (in band), and over ~190
  // suites that heap outgrows Node's limit. A worker that is recycled once it holds this much
  // keeps the same one-at-a-time order with bounded memory.
  workerIdleMemoryLimit: '1536MB',
  projects: packages.map((pkg) => ({
    displayName: pkg.dir,
    rootDir: path.join(root, pkg.dir),
    testEnvironment: 'node',
    testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/tests/**/*.test.ts'],
    testPathIgnorePatterns: ['/node_modules/', '/dist/'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.jest.json') }],
    },
    moduleNameMapper,
  })),
};
