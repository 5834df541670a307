import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileAnchorLog } from './file-anchor-log';

describe('FileAnchorLog', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tb-anchor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends one line per anchor into a file per UTC day and reads a tenant back', async () => {
    const log = new FileAnchorLog(dir);
    await log.append([
      { tenantId: 'a', seq: 3, hash: 'h3', at: '2026-12-06T23:59:59.000Z' },
      { tenantId: 'b', seq: 1, hash: 'b1', at: '2026-12-06T23:59:59.000Z' },
    ]);
    await log.append([{ tenantId: 'a', seq: 9, hash: 'h9', at: '2026-12-07T00:00:01.000Z' }]);
    expect(readdirSync(dir).sort()).toEqual(['anchors-2026-12-06.jsonl', 'anchors-2026-12-07.jsonl']);
    expect(readFileSync(join(dir, 'anchors-2026-12-06.jsonl'), 'utf8').split('\n')).toHaveLength(3);
    expect((await log.read('a')).map((x) => x.seq)).toEqual([3, 9]);
    expect(await new FileAnchorLog(dir).read('b')).toEqual([
      { tenantId: 'b', seq: 1, hash: 'b1', at: '2026-12-06T23:59:59.000Z' },
    ]);
  });

  it('never rewrites earlier lines and skips a torn last line', async () => {
    const log = new FileAnchorLog(dir);
    await log.append([{ tenantId: 'a', seq: 1, hash: 'h1', at: '2026-12-07T00:00:00.000Z' }]);
    const file = join(dir, 'anchors-2026-12-07.jsonl');
    const before = readFileSync(file, 'utf8');
    appendFileSync(file, '{"tenantId":"a","seq":2,"ha');
    await log.append([{ tenantId: 'a', seq: 3, hash: 'h3', at: '2026-12-07T00:00:02.000Z' }]);
    expect(readFileSync(file, 'utf8').startsWith(before)).toBe(true);
    expect((await log.read('a')).map((x) => x.seq)).toEqual([1, 3]);
  });
});
