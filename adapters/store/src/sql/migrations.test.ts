import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import type { AccessContext, InteractionRecord } from '@teachback/core';
import { CANARY, call, system } from '../contract/harness';
import { LocalKeyProvider, openStore } from '../index';
import { CELL_COLUMNS } from './metric-rollups';
import type { SqlStore } from './sql-store';

/**
 * Upgrading a store created before migrations 14-17 (the review index's secondary indexes, the
 * calls' index by time, the metric cells' shards, the audit trail's by-resource index and the
 * review index's rowid table on SQLite): the store is put back into the previous schema's shape
 * (those indexes and tables, metric_cells without its shard column, the schema_migrations rows),
 * filled, closed and opened again, as a process of the new version would.
 */
const PG_URL = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const keys = new LocalKeyProvider(Buffer.alloc(32, 7));
/** The caller of every call in `calls` (the harness's synthetic patient). */
const PATIENT = CANARY.phone;

interface Target {
  name: string;
  open(): Promise<SqlStore>;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'tb-migrate-'));
  return {
    name: 'sqlite',
    open: () => openStore({ url: `sqlite:${join(dir, 'store.db')}`, keys }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

function postgresTarget(): Target {
  const schema = `tb_migrate_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (sql: string): Promise<void> => {
    const c = new Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  let created = false;
  return {
    name: 'postgres',
    async open() {
      if (!created) await admin(`CREATE SCHEMA ${schema}`);
      created = true;
      return openStore({ url: `${PG_URL}?schema=${schema}`, keys });
    },
    cleanup: () => admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`),
  };
}

/** The secondary indexes of a table (no primary key or unique constraint). */
async function indexes(store: SqlStore, table: string): Promise<string[]> {
  const rows =
    store.driver.kind === 'sqlite'
      ? await store.driver.all<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
          [table],
        )
      : await store.driver.all<{ name: string }>(
          'SELECT i.indexname AS name FROM pg_indexes i WHERE i.schemaname = current_schema() AND i.tablename = ? AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = current_schema()::regnamespace)',
          [table],
        );
  return rows.map((r) => r.name).sort();
}

const CALL_INDEXES_BEFORE = [
  'interactions_agent',
  'interactions_contact',
  'interactions_dashboard',
  'interactions_queue',
  'interactions_recent',
  'interactions_review_backlog',
  'interactions_score',
  'interactions_team',
  'interactions_worst',
];

/** interaction_criteria as migration 6 made it on SQLite: a rowid table (migration 17 rebuilds it). */
const CRITERIA_ROWID_TABLE = `CREATE TABLE interaction_criteria_v6 (
  tenant_id TEXT NOT NULL, interaction_id TEXT NOT NULL, criterion_id TEXT NOT NULL, category TEXT NOT NULL,
  status TEXT NOT NULL, occurred_at TEXT NOT NULL, team_id TEXT, primary_agent_id TEXT,
  PRIMARY KEY (tenant_id, interaction_id, criterion_id),
  FOREIGN KEY (tenant_id, interaction_id) REFERENCES interactions(tenant_id, id) ON DELETE CASCADE);
INSERT INTO interaction_criteria_v6 SELECT * FROM interaction_criteria;
DROP TABLE interaction_criteria;
ALTER TABLE interaction_criteria_v6 RENAME TO interaction_criteria;
CREATE INDEX interaction_criteria_misses ON interaction_criteria (tenant_id, occurred_at, criterion_id) WHERE status = 'missed';`;

/** Whether SQLite keeps a table without rowid (migration 17's interaction_criteria). */
async function withoutRowid(store: SqlStore, table: string): Promise<boolean> {
  const row = await store.driver.get<{ sql: string }>(
    "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
    [table],
  );
  return /WITHOUT ROWID\s*$/i.test(row?.sql ?? '');
}

/**
 * metric_cells back in migration 12's shape (no shard column; one row per cell, the shards summed),
 * with its primary key named as PostgreSQL named it then.
 */
function metricCellsBeforeShards(kind: 'sqlite' | 'postgres'): string {
  const big = kind === 'sqlite' ? 'INTEGER' : 'BIGINT';
  const keys = 'tenant_id, dim, day, week, group_key, bucket';
  return `CREATE TABLE metric_cells_v12 (
  tenant_id TEXT NOT NULL, dim TEXT NOT NULL, day TEXT NOT NULL, week TEXT NOT NULL, group_key TEXT NOT NULL, bucket TEXT NOT NULL,
  ${CELL_COLUMNS.map((c) => `${c} ${big} NOT NULL DEFAULT 0`).join(', ')},
  PRIMARY KEY (tenant_id, dim, day, group_key, bucket));
INSERT INTO metric_cells_v12 (${keys}, ${CELL_COLUMNS.join(', ')})
  SELECT ${keys}, ${CELL_COLUMNS.map((c) => `SUM(${c})`).join(', ')} FROM metric_cells GROUP BY ${keys};
DROP TABLE metric_cells;
ALTER TABLE metric_cells_v12 RENAME TO metric_cells;
${kind === 'postgres' ? 'ALTER TABLE metric_cells RENAME CONSTRAINT metric_cells_v12_pkey TO metric_cells_pkey;' : ''}`;
}

/** Calls in two queues over three days, the verify-identity criterion missed below 80. */
function calls(from: number, to: number): InteractionRecord[] {
  return Array.from({ length: to - from }, (_, k) => {
    const n = from + k;
    const r = call(n, {
      score: 50 + ((n * 7) % 50),
      startedAt: `2026-03-0${2 + (n % 3)}T1${n % 10}:00:00.000Z`,
    });
    return { ...r, interaction: { ...r.interaction, queue: { name: n % 2 ? 'Billing' : 'Refills' } } };
  });
}

describe.each([sqliteTarget, postgresTarget])(
  'migrations 14-17 on a store of the previous schema',
  (make) => {
    const target = make();
    afterAll(() => target.cleanup());

    it(`${target.name}: upgrades in place, same answers`, async () => {
      const tenant = 'upgrade';
      const ctx = system(tenant);
      let store = await target.open();
      await store.tenants.create({ id: tenant, name: 'Upgrade' });
      // Back to migration 13's shape.
      if (store.driver.kind === 'sqlite') await store.driver.exec(CRITERIA_ROWID_TABLE);
      else
        await store.driver.exec(`ALTER TABLE transcripts ALTER COLUMN body_enc SET STORAGE EXTENDED;
        ALTER TABLE scorecards ALTER COLUMN body_enc SET STORAGE EXTENDED;`);
      expect(store.driver.kind === 'sqlite' && (await withoutRowid(store, 'interaction_criteria'))).toBe(
        false,
      );
      await store.driver.exec(`DROP INDEX interaction_criteria_misses;
      CREATE INDEX audit_events_resource ON audit_events (tenant_id, resource_id, seq);
      CREATE INDEX interaction_criteria_missed ON interaction_criteria (tenant_id, criterion_id, status, occurred_at);
      CREATE INDEX interaction_criteria_period ON interaction_criteria (tenant_id, occurred_at, criterion_id, category, status);
      DROP INDEX interactions_period;
      CREATE INDEX interactions_recent ON interactions (tenant_id, occurred_at, id);
      CREATE INDEX interactions_dashboard ON interactions (tenant_id, occurred_at, team_id, primary_agent_id, queue_name, score, compliant, escalation_count);
      DELETE FROM schema_migrations WHERE version IN (14, 15, 16, 17);`);
      expect(await indexes(store, 'interaction_criteria')).toEqual([
        'interaction_criteria_missed',
        'interaction_criteria_period',
      ]);
      expect(await indexes(store, 'interactions')).toEqual(CALL_INDEXES_BEFORE);
      await store.interactions.saveMany(ctx, tenant, calls(0, 20));
      for (const rec of calls(20, 30)) await store.interactions.save(ctx, tenant, rec);
      // Events that name a contact (a timeline read) and calls (reads of the patient's calls).
      const crm: AccessContext = {
        ...ctx,
        actor: { ...ctx.actor, kind: 'user', id: 'cris', roles: ['crm-viewer'] },
      };
      await store.timeline.forContact(crm, tenant, { phone: PATIENT });
      await store.interactions.get(ctx, tenant, calls(4, 5)[0]!.interaction.id);
      // The cells the previous version would have kept: the same sums, one row per cell.
      await store.driver.exec(metricCellsBeforeShards(store.driver.kind));
      const cellColumns = async (s: SqlStore) =>
        (s.driver.kind === 'sqlite'
          ? await s.driver.all<{ name: string }>("SELECT name FROM pragma_table_info('metric_cells')")
          : await s.driver.all<{ name: string }>(
              "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'metric_cells'",
            )
        ).map((r) => r.name);
      expect(await cellColumns(store)).not.toContain('shard');

      const answers = async (s: SqlStore) => ({
        newest: (await s.reviews.searchCalls(ctx, tenant, {}, { limit: 7, offset: 3 })).items.map(
          (c) => c.id,
        ),
        day: await s.reviews.dashboard(ctx, tenant, {
          from: '2026-03-02T12:00:00Z',
          to: '2026-03-04T15:00:00Z',
        }),
        missed: (
          await s.reviews.searchCalls(
            ctx,
            tenant,
            { criterionMissed: 'verify-identity' },
            { limit: 100, offset: 0 },
          )
        ).items.map((c) => c.id),
        metrics: await s.metrics.sums(ctx, tenant, {
          from: '2026-03-01T00:00:00.000Z',
          to: '2026-03-08T00:00:00.000Z',
          by: 'queue',
          period: 'day',
          asOf: '2026-03-20T00:00:00.000Z',
        }),
        queue: (
          await s.reviews.dashboard(ctx, tenant, {
            from: '2026-03-02T12:00:00Z',
            to: '2026-03-04T15:00:00Z',
            queue: 'Billing',
          })
        ).criteria,
        patient: (
          await s.oversight.searchAudit(ctx, tenant, { patient: { phone: PATIENT }, limit: 5000 })
        ).items
          .filter((e) => e.action !== 'audit.search')
          .map((e) => [e.seq, e.action, e.resourceType, e.resourceId]),
      });
      const before = await answers(store);
      expect(before.missed.length).toBeGreaterThan(0);
      expect(before.queue.length).toBeGreaterThan(0);
      expect(before.metrics.length).toBeGreaterThan(0);
      expect(before.patient.filter((e) => e[2] === 'timeline')).toHaveLength(1);
      expect(before.patient.filter((e) => e[1] === 'phi.read' && e[2] !== 'timeline').length).toBeGreaterThan(
        0,
      );
      await store.close();

      store = await target.open();
      try {
        // SQLite: one B-tree (no rowid, no misses index, which no SQLite plan used); PostgreSQL
        // keeps the misses index its planner uses.
        if (store.driver.kind === 'sqlite') {
          expect(await indexes(store, 'interaction_criteria')).toEqual([]);
          expect(await withoutRowid(store, 'interaction_criteria')).toBe(true);
        } else {
          expect(await indexes(store, 'interaction_criteria')).toEqual(['interaction_criteria_misses']);
          const storage = await store.driver.all<{ t: string; s: string }>(
            "SELECT c.relname AS t, a.attstorage AS s FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = current_schema()::regnamespace AND c.relname IN ('transcripts', 'scorecards') AND a.attname = 'body_enc' ORDER BY c.relname",
          );
          expect(storage).toEqual([
            { t: 'scorecards', s: 'e' },
            { t: 'transcripts', s: 'e' },
          ]);
        }
        expect(await indexes(store, 'audit_events')).toEqual([
          'audit_events_action',
          'audit_events_actor',
          'audit_events_at',
          'audit_events_call',
        ]);
        expect(await indexes(store, 'interactions')).toEqual(
          [
            ...CALL_INDEXES_BEFORE.filter(
              (n) => n !== 'interactions_recent' && n !== 'interactions_dashboard',
            ),
            'interactions_period',
          ].sort(),
        );
        const versions = await store.driver.all(
          'SELECT version FROM schema_migrations WHERE version IN (14, 15, 16, 17)',
        );
        expect(versions).toHaveLength(4);
        expect(await cellColumns(store)).toContain('shard');
        const after = await answers(store);
        // The upgraded store's own searches added audit events; the patient's are the same ones.
        expect(after).toEqual(before);
        expect((await store.audit.verify(ctx, tenant)).ok).toBe(true);
        // And the upgraded store keeps writing the index.
        await store.interactions.save(ctx, tenant, calls(30, 31)[0]!);
        const misses = await store.driver.get<{ n: number }>(
          "SELECT CAST(COUNT(*) AS INTEGER) AS n FROM interaction_criteria WHERE tenant_id = ? AND status = 'missed'",
          [tenant],
        );
        expect(Number(misses?.n)).toBe((await answers(store)).missed.length);
      } finally {
        await store.close();
      }
    });
  },
);
