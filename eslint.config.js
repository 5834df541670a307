// typescript-eslint strict, type-aware only where it pays (no floating promises in I/O code).
'use strict';
const tseslint = require('typescript-eslint');

/** Code that may read process.env: tests, their helpers and benches, config's dev scripts. */
const TEST_CODE = [
  '**/*.test.ts',
  '**/tests/**/*.ts',
  '**/testing/**/*.ts',
  '**/bench/**/*.ts',
  'test/src/**/*.ts',
  'config/scripts/**/*.ts',
];

const PROCESS_ENV = {
  object: 'process',
  property: 'env',
  message:
    'Settings are read in @teachback/config only: take them from loadSettings() (passed in), not process.env.',
};

const ENV_DESTRUCTURING = [
  {
    selector:
      "VariableDeclarator[init.type='Identifier'][init.name='process'] > ObjectPattern > Property[key.name='env']",
    message: PROCESS_ENV.message,
  },
];

const ENV_WRITES = [
  {
    selector:
      "AssignmentExpression > MemberExpression.left[object.object.name='process'][object.property.name='env']",
    message: 'Tests do not write process.env: build settings or pass an env object to the child.',
  },
  {
    selector: "AssignmentExpression > MemberExpression.left[object.name='process'][property.name='env']",
    message: 'Tests do not write process.env: build settings or pass an env object to the child.',
  },
  {
    selector:
      "UnaryExpression[operator='delete'] > MemberExpression[object.object.name='process'][object.property.name='env']",
    message: 'Tests do not write process.env: build settings or pass an env object to the child.',
  },
];

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'coverage/**',
      'test-artifacts/**',
      '**/*.js',
      '**/*.cjs',
      '**/*.mjs',
    ],
  },
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-require-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  // One config: settings are read from the environment in @teachback/config and nowhere else
  // (loadSettings(), then typed settings passed down). Tests, test helpers that start child
  // processes, benchmarks and config's own scripts may read harness knobs (TEACHBACK_TEST_PG_URL,
  // FIVE9_WSDL, ...) and copy process.env into a child's env; they never write it (see below).
  {
    files: ['**/*.ts'],
    ignores: ['config/src/settings/environment.ts', ...TEST_CODE],
    rules: {
      'no-restricted-properties': ['error', PROCESS_ENV],
      'no-restricted-syntax': ['error', ...ENV_DESTRUCTURING],
    },
  },
  // Tests build settings (`loadSettings({ env })`, `cliContext(env)`) or hand a child an env object:
  // writing process.env would leak into every later test in the worker.
  {
    files: TEST_CODE,
    rules: { 'no-restricted-syntax': ['error', ...ENV_WRITES] },
  },
);
