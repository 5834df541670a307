import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { register as playbooks } from './playbooks';
import { register as ingest } from './ingest';
import { register as score } from './score';
import { cliContext } from './context';

// Synthetic key for a throw-away database.
const MASTER_KEY = 'ac'.repeat(32);
/** The operator's environment for the commands under test (never the process's own). */
const env: Record<string, string> = { TEACHBACK_MASTER_KEY: MASTER_KEY };

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('teachback').exitOverride();
  for (const r of [playbooks, ingest, score]) r(program, cliContext(env));
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

/** A synthetic call dated 2026-12-02 that says the clinic greeting the edited playbook asks for. */
const CALL = [
  '# date: 2026-12-02',
  '[00:00] Agent: Welcome to the Riverbend pediatric line, this call may be recorded for quality.',
  '[00:05] Caller: Hi, I have a question about an appointment.',
  '[00:09] Agent: Of course, can I have your full name and date of birth?',
].join('\n');

describe('teachback playbooks, and scoring with the catalog', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-cli-playbooks-'));
  const url = `sqlite:${join(dir, 'store.db')}`;
  const open = () => openStore({ url, keys: new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex')) });

  beforeAll(async () => {
    env.TEACHBACK_DATABASE_URL = url;
    const store = await open();
    await store.tenants.create({ id: 'riverbend', name: 'Riverbend' });
    await store.close();
    writeFileSync(join(dir, 'call.txt'), CALL);
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows, saves, lists, rolls back and resolves versions', async () => {
    const shown = await cli('playbooks', 'show', 'healthcare-inbound', '--tenant', 'riverbend');
    expect(shown.code).toBe(0);
    const v1 = JSON.parse(shown.out);
    expect(v1).toMatchObject({ version: 1, source: 'builtin' });
    const edited = {
      ...v1,
      playbook: {
        ...v1.playbook,
        criteria: [
          ...v1.playbook.criteria,
          {
            id: 'pediatric-greeting',
            title: 'Uses the pediatric line greeting',
            category: 'adherence',
            severity: 'low',
            weight: 1,
            tip: 'Open with the pediatric line greeting.',
            rule: { require: [{ phrases: ['welcome to the riverbend pediatric line'], speaker: 'agent' }] },
          },
        ],
      },
    };
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(edited));
    expect(await cli('playbooks', 'save', join(dir, 'edited.json'), '--tenant', 'riverbend')).toMatchObject({
      code: 2,
      err: expect.stringContaining('--note is required'),
    });
    const saved = await cli(
      'playbooks',
      'save',
      join(dir, 'edited.json'),
      '--tenant',
      'riverbend',
      '--note',
      'pediatric greeting',
      '--effective-from',
      '2026-12-01',
      '--version',
      '2',
    );
    expect(saved).toMatchObject({ code: 0, out: expect.stringContaining('healthcare-inbound v2') });
    const taken = await cli(
      'playbooks',
      'save',
      join(dir, 'edited.json'),
      '--tenant',
      'riverbend',
      '--note',
      'again',
      '--version',
      '2',
    );
    expect(taken).toMatchObject({ code: 1, err: expect.stringContaining('PLAYBOOK.VERSION_EXISTS') });

    const history = await cli('playbooks', 'history', 'healthcare-inbound', '--tenant', 'riverbend');
    expect(
      history.out
        .trim()
        .split('\n')
        .map((l) => l.split('  ')[0]),
    ).toEqual(['healthcare-inbound v2', 'healthcare-inbound v1']);
    expect((await cli('playbooks', 'in-force', '--tenant', 'riverbend', '--date', '2026-11-30')).out).toBe(
      'healthcare-inbound v1\n',
    );
    expect((await cli('playbooks', 'in-force', '--tenant', 'riverbend', '--date', '2026-12-01')).out).toBe(
      'healthcare-inbound v2\n',
    );

    // score --tenant uses the version in force on the call's date (the file says 2026-12-02).
    const scored = await cli('score', join(dir, 'call.txt'), '--tenant', 'riverbend', '--format', 'json');
    expect(scored.code).toBe(0);
    const line = JSON.parse(scored.out);
    expect(line.playbook).toEqual({ id: 'healthcare-inbound', version: '2' });
    expect(JSON.stringify(line)).toContain('pediatric-greeting');
    // Without --tenant the file's built-in scores it, as before.
    const offline = JSON.parse((await cli('score', join(dir, 'call.txt'), '--format', 'json')).out);
    expect(offline.playbook.id).toBe('healthcare-inbound');
    expect(JSON.stringify(offline)).not.toContain('pediatric-greeting');

    const back = await cli(
      'playbooks',
      'rollback',
      'healthcare-inbound',
      '--tenant',
      'riverbend',
      '--to',
      '1',
      '--effective-from',
      '2026-12-01',
    );
    expect(back).toMatchObject({ code: 0, out: expect.stringContaining('v3') });
    expect(back.out).toContain('rollback to v1');
    expect((await cli('playbooks', 'list', '--tenant', 'riverbend')).out).toContain('healthcare-inbound v3');
  });

  it('ingests with the version in force and stores it on the scorecard', async () => {
    const r = await cli('ingest', join(dir, 'call.txt'), '--tenant', 'riverbend');
    expect(r.code).toBe(0);
    const store = await open();
    try {
      const rows = await store.driver.all<{ playbook_id: string; playbook_version: string }>(
        'SELECT playbook_id, playbook_version FROM scorecards',
      );
      expect(rows).toEqual([{ playbook_id: 'healthcare-inbound', playbook_version: '3' }]);
    } finally {
      await store.close();
    }
  });
});
