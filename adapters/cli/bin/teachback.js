#!/usr/bin/env node
'use strict';
// Present from a fresh install (dist/ is built later), so npm links `teachback` into
// node_modules/.bin at `npm ci` and `npx teachback` works once `npm run build` has run.
try {
  require.resolve('../dist/bin.js');
} catch {
  process.stderr.write('teachback: not built yet; run `npm run build` first\n');
  process.exit(2);
}
require('../dist/bin.js');
