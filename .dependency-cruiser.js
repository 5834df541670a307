// The layering rule from ARCHITECTURE.md, checked in CI.
'use strict';
const io = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'http',
  'node:http',
  'https',
  'node:https',
  'net',
  'node:net',
  'tls',
  'node:tls',
  'dgram',
  'node:dgram',
  'child_process',
  'node:child_process',
  'worker_threads',
  'node:worker_threads',
  'cluster',
  'node:cluster',
  'dns',
  'node:dns',
];
const ioLibs = [
  'express',
  'winston',
  'pg',
  'pg-boss',
  'better-sqlite3',
  'nock',
  'undici',
  'axios',
  'ws',
  'purecloud-platform-client-v2',
  '@salesforce/core',
  'fast-xml-parser',
  'ssh2',
  'ssh2-sftp-client',
];
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const ioPath = `^(${[...io, ...ioLibs].map(escape).join('|')})$|node_modules/(${ioLibs.map(escape).join('|')})/`;

module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'core holds the domain and ports only: no I/O modules or libraries.',
      severity: 'error',
      from: { path: '^core/', pathNot: '\\.test\\.ts$|^core/src/bench/' },
      to: { path: ioPath },
    },
    {
      name: 'core-imports-nothing-of-ours',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: '^(config|connectors|adapters|test)/' },
    },
    {
      name: 'connectors-know-nothing-of-core',
      severity: 'error',
      from: { path: '^connectors/' },
      to: { path: '^(core|adapters|config)/' },
    },
    {
      name: 'config-depends-on-core-only',
      severity: 'error',
      from: { path: '^config/' },
      to: { path: '^(connectors|adapters|test)/' },
    },
    {
      name: 'nothing-imports-test',
      comment: 'Only the CLI demo mode may load the simulators.',
      severity: 'error',
      from: {
        path: '^(core|config|connectors|adapters)/',
        pathNot: '^adapters/cli/src/demo|(^|/)tests/|\\.test\\.ts$',
      },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules|(^|/)dist/' },
    exclude: { path: '\\.d\\.ts$' },
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: true,
    moduleSystems: ['cjs', 'es6'],
  },
};
