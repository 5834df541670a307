import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Runs the built CLI as a user would (npm test builds first): a huge "call" is refused with a
// clear error line, and garbled text is scored but flagged for review.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'adapters', 'cli', 'dist', 'bin.js');

function teachback(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LINE = '[00:01] Agent: this call may be recorded for quality and training purposes today\n';

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'teachback-limits-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function scoreJson(args: string[], input?: string) {
  const r = teachback(['score', ...args, '--format', 'json'], input);
  return {
    code: r.code,
    lines: r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  };
}

describe('teachback score: size limits and text quality', () => {
  it('refuses a 50-MB file with IMPORT.TOO_LARGE and still scores the other files', () => {
    const dir = path.join(tmp, 'folder');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a-huge.txt'), LINE.repeat(Math.ceil(50_000_000 / LINE.length)));
    fs.copyFileSync(path.join(ROOT, 'examples', 'lab-results-good.txt'), path.join(dir, 'b-good.txt'));
    const r = scoreJson([dir]);
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[0]).toEqual({
      file: expect.stringMatching(/a-huge\.txt$/),
      error: {
        code: 'IMPORT.TOO_LARGE',
        message: expect.stringMatching(
          /^transcript too large to score as one interaction: .*limit 5,000,000 characters/,
        ),
      },
    });
    expect(r.lines[1]).toMatchObject({ interaction: { id: 'b-good' }, needsReview: false });
  });

  it('refuses a file just over the character limit (read, then refused by the importer)', () => {
    const file = path.join(tmp, 'eight-mb.txt');
    fs.writeFileSync(file, LINE.repeat(Math.ceil(8_000_000 / LINE.length)));
    const r = scoreJson([file]);
    expect(r.code).toBe(1);
    expect(r.lines[0].error).toEqual({
      code: 'IMPORT.TOO_LARGE',
      message: expect.stringMatching(/8,0\d\d,\d\d\d characters \(limit 5,000,000; raise maxChars/),
    });
  });

  it('refuses 50 MB on standard input', () => {
    const r = scoreJson(['-'], LINE.repeat(Math.ceil(50_000_000 / LINE.length)));
    expect(r.code).toBe(1);
    expect(r.lines[0].error.code).toBe('IMPORT.TOO_LARGE');
  });

  it('scores garbled plain text but flags it for review with the reason', () => {
    const good = fs.readFileSync(path.join(ROOT, 'examples', 'lab-results-good.txt'), 'utf8');
    // The same words in reverse order within each line: fluent vocabulary, no English word order.
    const garbled = good
      .split('\n')
      // The `# playbook:` / `# date:` header is not an utterance to garble.
      .filter((l) => l !== '' && !l.startsWith('#'))
      .map((l) => {
        const [, head, words] = /^(\[[^\]]+\] \w+: )(.*)$/.exec(l)!;
        return (
          head +
          words!
            .toLowerCase()
            .replace(/[^a-z' ]/g, '')
            .split(' ')
            .reverse()
            .join(' ')
        );
      })
      .join('\n');
    const r = scoreJson(['-'], garbled);
    expect(r.code).toBe(0);
    expect(r.lines[0].needsReview).toBe(true);
    expect(r.lines[0].reviewReasons).toEqual([expect.stringMatching(/^text-disfluent: /)]);
  });
});
