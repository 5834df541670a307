// `teachback score examples/` scores each example with the playbook and date its header names;
// `--playbook` and `--call-date` still override them. Runs the built CLI (npm test builds first).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'adapters', 'cli', 'dist', 'bin.js');

function teachback(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (stdout: string): any[] =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const byFile = (out: any[]) => Object.fromEntries(out.map((l) => [path.basename(l.file), l]));

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teachback-header-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('teachback score examples/', () => {
  it('uses the playbook and date each example names', () => {
    const r = teachback(['score', 'examples', '--format', 'json']);
    expect(r.code).toBe(0);
    const lines = byFile(json(r.stdout));
    expect(lines['medicare-2026.txt']).toMatchObject({
      playbook: { id: 'medicare-sales' },
      interaction: { callDate: '2026-11-02' },
    });
    expect(lines['medicare-2026.txt'].criteria.map((c: any) => c.id)).toContain('tpmo-disclaimer');
    expect(lines['lab-results-good.txt']).toMatchObject({
      playbook: { id: 'healthcare-inbound' },
      interaction: { callDate: '2026-11-20' },
    });
  });

  it('prints the date in the text report instead of "date unknown"', () => {
    const r = teachback(['score', 'examples/medicare-2026.txt']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('date unknown');
    expect(r.stdout).toContain('2026-11-02');
  });

  it('lets --playbook and --call-date override the header', () => {
    const r = teachback([
      'score',
      'examples/medicare-2026.txt',
      '--playbook',
      'healthcare-inbound',
      '--call-date',
      '2026-09-30',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(json(r.stdout)[0]).toMatchObject({
      playbook: { id: 'healthcare-inbound' },
      interaction: { callDate: '2026-09-30' },
    });
  });

  it('reports a playbook a file names but that does not exist on that file only', () => {
    fs.copyFileSync(path.join(ROOT, 'examples', 'lab-results-good.txt'), path.join(tmp, 'a-good.txt'));
    const good = fs.readFileSync(path.join(tmp, 'a-good.txt'), 'utf8').replace(/^# playbook: .*$/m, '');
    fs.writeFileSync(path.join(tmp, 'b-unknown.txt'), `# playbook: no-such-playbook\n${good}`);
    const r = teachback(['score', tmp, '--format', 'json']);
    expect(r.code).toBe(1);
    const lines = byFile(json(r.stdout));
    expect(lines['a-good.txt'].score).toBe(100);
    expect(lines['b-unknown.txt'].error.message).toContain('no-such-playbook');
  });
});
