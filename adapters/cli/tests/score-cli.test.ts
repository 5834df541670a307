import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Runs the built CLI as a user would (npm test builds first).
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'adapters', 'cli', 'dist', 'bin.js');
const HVB = path.resolve(ROOT, '..', 'shared', 'datasets', 'harper-valley-bank', 'transcript');

function teachback(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lines(stdout: string): any[] {
  return stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teachback-cli-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('teachback score --format json', () => {
  it('prints exactly one object per interaction with the documented fields', () => {
    const r = teachback([
      'score',
      'examples/lab-results-missed.txt',
      '--format',
      'json',
      '--call-date',
      '2026-11-20',
    ]);
    expect(r.code).toBe(0);
    const [line, ...rest] = lines(r.stdout);
    expect(rest).toHaveLength(0);
    expect(Object.keys(line).sort()).toEqual(
      [
        'coaching',
        'compliant',
        'criteria',
        'escalations',
        'file',
        'interaction',
        'needsReview',
        'playbook',
        'reviewReasons',
        'score',
      ].sort(),
    );
    expect(line.interaction).toEqual({ id: 'lab-results-missed', callDate: '2026-11-20', durationMs: 52000 });
    expect(line.playbook.id).toBe('healthcare-inbound');
    expect(line.compliant).toBe(false);
    const idv = line.criteria.find((c: any) => c.id === 'identity-verification');
    expect(idv).toMatchObject({ status: 'missed', category: 'compliance' });
    expect(Object.keys(idv).sort()).toEqual(
      ['category', 'confidence', 'evidence', 'explanation', 'id', 'status', 'title'].sort(),
    );
    expect(idv.evidence[0]).toEqual({
      utterance: 2,
      startMs: 9000,
      speaker: 'agent',
      quote: expect.stringContaining('lab results'),
    });
    expect(line.coaching.some((c: any) => c.atMs === 9000 && c.text.startsWith('At 0:09,'))).toBe(true);
  });

  it('scores a folder, keeps going past a bad file, and exits 1', () => {
    fs.writeFileSync(
      path.join(tmp, 'a-good.txt'),
      '[00:01] Agent: this call may be recorded\n[00:05] Caller: hi\n',
    );
    fs.writeFileSync(path.join(tmp, 'b-bad.json'), '{"not": "a transcript"');
    fs.writeFileSync(path.join(tmp, 'c-good.txt'), 'Agent: hello\nCaller: hi there\n');
    const r = teachback(['score', tmp, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = lines(r.stdout);
    expect(out).toHaveLength(3);
    expect(out[0].score).toBeDefined();
    expect(out[1]).toEqual({
      file: expect.stringContaining('b-bad.json'),
      error: { code: expect.stringMatching(/^IMPORT\./), message: expect.any(String) },
    });
    expect(out[2].interaction.durationMs).toBeNull();
  });

  it('reads standard input', () => {
    const r = teachback(['score', '-', '--format', 'json'], '[00:02] Agent: this call is being recorded\n');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0].criteria.find((c: any) => c.id === 'recording-disclosure').status).toBe('met');
  });

  it('the call date selects the TPMO rule version', () => {
    const file = path.join(tmp, 'late-disclaimer.txt');
    fs.writeFileSync(
      file,
      [
        '[00:01] Agent: this call is recorded',
        '[01:30] Agent: we do not offer every plan available in your area. currently we represent 4 organizations which offer 12 products in your area. please contact medicare.gov, 1-800-MEDICARE, or your local state health insurance program',
        '[02:00] Agent: this plan has a zero dollar premium',
      ].join('\n'),
    );
    const status = (date: string) =>
      lines(
        teachback(['score', file, '--playbook', 'medicare-sales', '--format', 'json', '--call-date', date])
          .stdout,
      )[0].criteria.find((c: any) => c.id === 'tpmo-disclaimer').status;
    expect(status('2026-09-30')).toBe('missed');
    expect(status('2026-10-01')).toBe('met');
  });

  it('exits 2 on bad usage, naming the problem', () => {
    expect(teachback(['score', 'examples', '--playbook', 'nope']).code).toBe(2);
    const badDate = teachback(['score', 'examples', '--call-date', '2026-13-01']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--call-date');
    expect(teachback(['score', 'examples', '--format', 'xml']).code).toBe(2);
    expect(teachback(['score', path.join(tmp, 'missing.txt')]).code).toBe(2);
    expect(teachback(['score']).code).toBe(2);
    expect(teachback(['score', 'examples', '--bogus']).code).toBe(2);
  });

  it('scores every HarperValleyBank transcript without an error line', () => {
    const r = teachback(['score', HVB, '--playbook', 'healthcare-inbound', '--format', 'json']);
    expect(r.code).toBe(0);
    const out = lines(r.stdout);
    expect(out).toHaveLength(70);
    expect(out.filter((l) => l.error)).toEqual([]);
    const human = lines(
      teachback(['score', path.join(HVB, 'ff0296d00e5e4184.json'), '--human', '--format', 'json']).stdout,
    )[0];
    expect(human.interaction.id).toBe('ff0296d00e5e4184');
  });
});

describe('teachback score --format text and npm start', () => {
  it('prints a readable report', () => {
    const r = teachback(['score', 'examples/lab-results-missed.txt']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NOT COMPLIANT');
    expect(r.stdout).toMatch(/MISSED Identity verified before PHI/);
    expect(r.stdout).toContain('coaching:');
  });
  it('demo scores every bundled example', () => {
    const r = teachback(['demo', '--format', 'json']);
    expect(r.code).toBe(0);
    const examples = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.txt'));
    expect(
      lines(r.stdout)
        .map((l) => path.basename(l.file))
        .sort(),
    ).toEqual(examples.sort());
  });
});
