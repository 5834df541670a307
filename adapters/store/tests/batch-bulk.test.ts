import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccessContext } from '@teachback/core';
import { LocalKeyProvider, openStore, type SqlStore } from '../src';
import { benchRecord } from '../src/bench/record';
import type { SqlExecutor } from '../src/sql/driver';
import { adminSql, scratchSchemaName, TEST_PG_URL } from '../src/testing/scratch-schema';

/**
 * `saveMany`: a batch large enough for bulk loads takes the fast path (one transaction, its row
 * sets through `copyRows`: COPY on PostgreSQL, a prepared row INSERT on SQLite; audit events
 * staged on PostgreSQL and linked at once on SQLite, the defaults), and what it stores is read back, re-saved as unchanged and
 * audited like any save. The contract tests compare batch and single saves, but a
 * fast path that failed would pass them too (it falls back to saving record by record).
 */
describe.each(['postgres', 'sqlite'])('%s saveMany bulk path', (kind) => {
  const schema = scratchSchemaName('tb_pgbatch');
  const dir = mkdtempSync(join(tmpdir(), 'tb-batch-'));
  const t = 'batch-tenant';
  const ctx: AccessContext = {
    actor: {
      kind: 'system',
      id: 'batch-test',
      tenantId: t,
      roles: ['integration', 'compliance'],
      teamIds: [],
      agentIds: [],
      active: true,
    },
    source: 'test',
  };
  let store: SqlStore;
  const copied: string[] = [];
  let failed = 0;

  beforeAll(async () => {
    if (kind === 'postgres') await adminSql(`CREATE SCHEMA ${schema}`);
    store = await openStore({
      url: kind === 'postgres' ? `${TEST_PG_URL}?schema=${schema}` : `sqlite:${join(dir, 'batch.db')}`,
      keys: new LocalKeyProvider(Buffer.alloc(32, 6)),
    });
    await store.tenants.create({ id: t, name: 'Batch' });
    const driver = store.driver;
    const transaction = driver.transaction.bind(driver);
    driver.transaction = <T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> =>
      transaction(async (tx) => {
        const spied: SqlExecutor = {
          all: (s, p) => tx.all(s, p),
          get: (s, p) => tx.get(s, p),
          run: (s, p) => tx.run(s, p),
          copyRows: async (table, columns, rows) => {
            copied.push(table);
            await tx.copyRows!(table, columns, rows);
          },
        };
        try {
          return await fn(spied);
        } catch (e) {
          failed++;
          throw e;
        }
      });
  });

  afterAll(async () => {
    await store.close();
    if (kind === 'postgres') await adminSql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a batch of 60 scored calls in one transaction with bulk loads, and re-saves it as unchanged', async () => {
    const recs = Array.from({ length: 60 }, (_, i) =>
      benchRecord(i, `+1555010${String(i % 7).padStart(4, '0')}`),
    );
    const out = await store.interactions.saveMany(ctx, t, recs);
    expect(out.map((o) => ('outcome' in o ? o.outcome : o.error.code))).toEqual(Array(60).fill('created'));
    // The fast path throws inside its transaction when it fails (and the batch goes record by record).
    expect(failed).toBe(0);
    expect([...new Set(copied)].sort()).toEqual(
      [
        kind === 'postgres' ? 'audit_pending' : 'audit_events',
        'interaction_criteria',
        'interaction_facts',
        'interactions',
        'scorecards',
        'transcripts',
      ].sort(),
    );

    const d = await store.interactions.get(ctx, t, 'b-25');
    expect(d.interaction.transcript).toEqual(recs[25]!.interaction.transcript);
    expect(d.interaction.contact).toEqual(recs[25]!.interaction.contact);
    expect(d.scorecard?.findings).toEqual(recs[25]!.scorecard!.findings);
    expect(d.escalations).toHaveLength(1);
    expect(d.coaching).toEqual(recs[25]!.coaching);
    // PHI is stored sealed, not as text.
    const raw = await store.driver.get<{ phi_enc: string; body_enc: string }>(
      'SELECT i.phi_enc, t.body_enc FROM interactions i JOIN transcripts t ON t.tenant_id = i.tenant_id AND t.interaction_id = i.id WHERE i.tenant_id = ? AND i.id = ?',
      [t, 'b-25'],
    );
    expect(JSON.stringify(raw)).not.toContain('Pat Example');
    expect(JSON.stringify(raw)).not.toContain('lab results');

    const again = await store.interactions.saveMany(ctx, t, recs);
    expect(again.map((o) => ('outcome' in o ? o.outcome : o.error.code))).toEqual(
      Array(60).fill('unchanged'),
    );
    expect(
      await store.driver.get('SELECT CAST(COUNT(*) AS INTEGER) AS n FROM interactions WHERE tenant_id = ?', [
        t,
      ]),
    ).toEqual({ n: 60 });
    const verified = await store.audit.verify(ctx, t);
    expect(verified.ok).toBe(true);
  });
});
