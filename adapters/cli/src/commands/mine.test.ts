import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { syntheticPopulation, type InteractionRecord } from '@teachback/core';
import { register as tenants } from './tenants';
import { register as mine } from './mine';
import { cliContext } from './context';
import { operator, withStore } from './store-cli';

const env: Record<string, string> = { TEACHBACK_MASTER_KEY: 'cd'.repeat(32) };

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('teachback').exitOverride();
  for (const r of [tenants, mine]) r(program, cliContext(env));
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

describe('teachback mine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tb-cli-mine-'));
  beforeAll(async () => {
    env.TEACHBACK_DATABASE_URL = `sqlite:${join(dir, 'tb.db')}`;
    expect((await cli('tenants', 'create', 'acme', '--name', 'Acme Medicare')).code).toBe(0);
    const { calls } = syntheticPopulation({ seed: 8, calls: 900 });
    const records: InteractionRecord[] = calls.map((c, i) => ({
      interaction: {
        id: `m-${i}`,
        source: { platform: 'five9', externalId: `f9-${i}` },
        channel: 'voice',
        direction: 'outbound',
        startedAt: c.startedAt!,
        participants: [{ role: 'agent', userId: c.agentId! }],
        queue: { name: c.queue! },
        disposition: c.disposition!,
        callType: 'medicare-sales',
        transcript: {
          utterances: c.utterances.map((u, k) => ({
            speaker: u.speaker,
            startMs: k * 1000,
            endMs: k * 1000 + 900,
            text: u.text,
          })),
        },
      },
    }));
    await withStore(cliContext(env).settings(), async (s) => {
      await s.interactions.saveMany(operator('acme', ['integration']), 'acme', records);
    });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('mines a window, prints findings with effects and stores the suggestions', async () => {
    const r = await cli(
      'mine',
      '--tenant',
      'acme',
      '--outcome',
      'conversion',
      '--call-type',
      'medicare-sales',
      '--from',
      '2026-10-01',
      '--to',
      '2026-11-30',
      '--min-calls',
      '20',
      '--no-acts',
    );
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^900 calls/);
    expect(r.out).toMatch(/\+ .*OR \d/);
    expect(r.out).toMatch(/mined from \d+ calls, effect OR/);
    expect(r.out).toMatch(/stored \d+ new suggestions/);
  }, 120_000);

  it('says what is wrong with a bad flag', async () => {
    const r = await cli('mine', '--tenant', 'acme', '--outcome', 'sales');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--outcome must be one of');
    expect((await cli('mine', '--tenant', 'acme', '--from', 'last week')).err).toContain('--from');
  });

  it('accepting as the operator publishes a playbook version', async () => {
    const list = await cli('suggestions', 'list', '--tenant', 'acme', '--status', 'pending');
    const id = /^(sug-[0-9a-f]+)\s+pending\s+New criterion/m.exec(list.out)?.[1];
    expect(id).toBeDefined();
    const r = await cli('suggestions', 'accept', id!, '--tenant', 'acme');
    expect(r.out).toMatch(/accepted and published as medicare-sales v2: .*mined from \d+ calls/);
  }, 60_000);

  it('proposes library candidates and builds the monthly review', async () => {
    const lib = await cli(
      'library',
      'propose',
      '--tenant',
      'acme',
      '--call-type',
      'medicare-sales',
      '--limit',
      '2',
      '--min-score',
      '0',
      '--no-acts',
      '--min-calls',
      '20',
    );
    // Unscored calls have no score: the library only takes scored calls.
    expect(lib.out).toContain('0 new library candidates');
    const rev = await cli('review-month', '--tenant', 'acme', '--month', '2026-11', '--no-acts');
    expect(rev.code).toBe(0);
    expect(JSON.parse(rev.out)).toMatchObject({ month: '2026-11', previousMonth: '2026-10' });
  }, 120_000);
});
