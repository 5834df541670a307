import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { register as audit } from './audit';
import { register as backup } from './backup';
import { register as tenants } from './tenants';
import { cliContext } from './context';

const env: Record<string, string> = { TEACHBACK_MASTER_KEY: 'cd'.repeat(32) };

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('teachback').exitOverride();
  for (const r of [audit, backup, tenants]) r(program, cliContext(env));
  let out = '';
  let err = '';
  const o = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'teachback', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}

describe('teachback backup / restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-cli-backup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('backs up, checks, restores into an empty store (then audit verify passes), and refuses a non-empty one', async () => {
    env.TEACHBACK_DATABASE_URL = `sqlite:${join(dir, 'live.db')}`;
    expect(await cli('tenants', 'create', 'riverbend', '--name', 'Riverbend Health')).toMatchObject({
      code: 0,
    });
    const out = join(dir, 'nightly');
    expect(await cli('backup')).toMatchObject({ code: 2, err: expect.stringContaining('--out is required') });
    const b = await cli('backup', '--out', out);
    expect(b).toMatchObject({ code: 0, out: expect.stringContaining('written to') });
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'tables']);
    // The anchor log sits beside the SQLite file, outside the database.
    expect(existsSync(join(dir, 'live.db.anchors'))).toBe(true);
    expect(await cli('restore', '--from', out, '--check')).toMatchObject({
      code: 0,
      out: expect.stringContaining('intact'),
    });

    env.TEACHBACK_DATABASE_URL = `sqlite:${join(dir, 'restored.db')}`;
    env.TEACHBACK_AUDIT_ANCHOR_DIR = join(dir, 'live.db.anchors');
    expect(await cli('restore', '--from', out)).toMatchObject({
      code: 0,
      out: expect.stringContaining('restored backup'),
    });
    expect(await cli('audit', 'verify', '--tenant', 'riverbend')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/intact: \d+ events verified; compared with [1-9]\d* anchors/),
    });
    expect(await cli('restore', '--from', out)).toMatchObject({
      code: 1,
      err: expect.stringContaining('BACKUP.TARGET_NOT_EMPTY'),
    });
  });
});
