import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// The layering rule from ARCHITECTURE.md is enforced by dependency-cruiser in CI. This proves the
// rule set actually fails on each kind of violation (and passes a clean layout).
const ROOT = path.resolve(__dirname, '..', '..');
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

function layout(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teachback-layering-'));
  fs.writeFileSync(
    path.join(dir, 'tsconfig.depcruise.json'),
    JSON.stringify({ compilerOptions: { module: 'node16', moduleResolution: 'node16' } }),
  );
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function cruise(dir: string): { code: number | null; out: string } {
  const dirs = ['core', 'connectors', 'adapters'].filter((d) => fs.existsSync(path.join(dir, d)));
  const r = spawnSync(
    process.execPath,
    [DEPCRUISE, '--config', path.join(ROOT, '.dependency-cruiser.js'), ...dirs],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  );
  return { code: r.status, out: r.stdout + r.stderr };
}

const created: string[] = [];
afterAll(() => created.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

it.each([
  [
    'core importing an I/O module',
    { 'core/src/a.ts': "import * as fs from 'node:fs';\nexport const x = fs;\n" },
    'core-is-pure',
  ],
  [
    'core importing an adapter',
    {
      'core/src/a.ts': "import { y } from '../../adapters/store/src/b';\nexport const x = y;\n",
      'adapters/store/src/b.ts': 'export const y = 1;\n',
    },
    'core-imports-nothing-of-ours',
  ],
  [
    'a connector importing core',
    {
      'connectors/x/src/a.ts': "import { y } from '../../../core/src/b';\nexport const x = y;\n",
      'core/src/b.ts': 'export const y = 1;\n',
    },
    'connectors-know-nothing-of-core',
  ],
])('fails on %s', (_name, files, rule) => {
  const dir = layout(files);
  created.push(dir);
  const r = cruise(dir);
  expect(r.code).not.toBe(0);
  expect(r.out).toContain(rule);
});

it('passes a clean layout', () => {
  const dir = layout({
    'core/src/b.ts': 'export const y = 1;\n',
    'adapters/store/src/a.ts':
      "import { y } from '../../../core/src/b';\nimport * as fs from 'node:fs';\nexport const x = [y, fs];\n",
  });
  created.push(dir);
  expect(cruise(dir).code).toBe(0);
});
