// Lets a child process run our TypeScript sources directly, the way jest does (package names map to
// src/index.ts), so the crash test never runs a stale build. Transpile-only, cached on disk.
'use strict';
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const crypto = require('node:crypto');
const Module = require('node:module');
const ts = require('typescript');

const root = path.resolve(__dirname, '../../../..');
const { workspaces } = require(path.join(root, 'package.json'));
const map = new Map();
for (const pattern of workspaces) {
  const dirs = pattern.endsWith('/*')
    ? fs
        .readdirSync(path.join(root, pattern.slice(0, -2)), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => path.join(pattern.slice(0, -2), d.name))
    : [pattern];
  for (const dir of dirs) {
    const pkg = path.join(root, dir, 'package.json');
    const src = path.join(root, dir, 'src', 'index.ts');
    if (fs.existsSync(pkg) && fs.existsSync(src)) map.set(require(pkg).name, src);
  }
}

const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const mapped = map.get(request);
  return resolve.call(this, mapped ?? request, ...rest);
};

const cacheDir = path.join(os.tmpdir(), 'tb-jobs-ts-cache');
fs.mkdirSync(cacheDir, { recursive: true });
require.extensions['.ts'] = function (module, filename) {
  const source = fs.readFileSync(filename, 'utf8');
  const key = crypto.createHash('sha1').update(filename).update(source).digest('hex');
  const cached = path.join(cacheDir, `${key}.js`);
  let js;
  try {
    js = fs.readFileSync(cached, 'utf8');
  } catch {
    js = ts.transpileModule(source, {
      fileName: filename,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: false,
      },
    }).outputText;
    fs.writeFileSync(`${cached}.${process.pid}`, js);
    fs.renameSync(`${cached}.${process.pid}`, cached);
  }
  module._compile(js, filename);
};
