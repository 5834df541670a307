/**
 * `npm run bench:backup`: how long a backup and a restore take, the numbers behind the RPO/RTO
 * table in the README. For each store: ingest TEACHBACK_BENCH_BACKUP_ROWS scored interactions
 * (default 10,000) through `saveMany`, back the store up, restore it into a new empty store,
 * verify the restored audit chain and decrypt a restored interaction.
 */
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type { AccessContext } from '@teachback/core';
import {
  FileAnchorLog,
  LocalKeyProvider,
  backupStore,
  openStore,
  restoreBackup,
  type SqlStore,
} from '../index';
import { benchRecord } from './record';

const ROWS = Number(process.env.TEACHBACK_BENCH_BACKUP_ROWS ?? 10_000);
const STORES = (process.env.TEACHBACK_BENCH_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const PG_URL = process.env.TEACHBACK_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TENANT = 'bench';
const keys = new LocalKeyProvider(Buffer.alloc(32, 9));
const ctx: AccessContext = {
  actor: {
    kind: 'system',
    id: 'bench',
    tenantId: TENANT,
    roles: ['integration', 'compliance'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'bench',
};

function bytesIn(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true }))
    n += e.isDirectory() ? bytesIn(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return n;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'tb-bench-backup-'));
  const schemas: string[] = [];
  const admin = async (sql: string): Promise<void> => {
    const c = new Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  const open = async (kind: string, name: string): Promise<SqlStore> => {
    const audit = { anchors: new FileAnchorLog(join(root, `${kind}-anchors`)) };
    if (kind === 'sqlite') return openStore({ url: `sqlite:${join(root, `${name}.db`)}`, keys, audit });
    const schema = `tb_bench_backup_${process.pid}_${name}`;
    await admin(`CREATE SCHEMA ${schema}`);
    schemas.push(schema);
    return openStore({ url: `${PG_URL}?schema=${schema}`, keys, audit });
  };
  try {
    for (const kind of STORES) {
      const source = await open(kind, 'source');
      await source.tenants.create({ id: TENANT, name: 'Bench' });
      for (let b = 0; b < ROWS; b += 200) {
        const recs = Array.from({ length: Math.min(200, ROWS - b) }, (_, k) =>
          benchRecord(b + k, `+1555${String(1000000 + ((b + k) % 500)).slice(-7)}`),
        );
        await source.interactions.saveMany(ctx, TENANT, recs);
      }
      const out = join(root, `${kind}-backup`);
      const t0 = performance.now();
      const m = await backupStore(source, { out, keys });
      const backupS = (performance.now() - t0) / 1000;
      await source.close();
      const target = await open(kind, 'target');
      const t1 = performance.now();
      const r = await restoreBackup(target, out, keys);
      const restoreS = (performance.now() - t1) / 1000;
      const t2 = performance.now();
      const v = await target.audit.verify(ctx, TENANT);
      const verifyS = (performance.now() - t2) / 1000;
      const d = await target.interactions.get(ctx, TENANT, 'b-1');
      if (!v.ok || !d.interaction.contact?.name) throw new Error('restored store did not verify or decrypt');
      await target.close();
      process.stdout.write(
        `${kind}: ${ROWS} scored interactions, ${r.rows} rows in ${m.tables.length} tables, backup ${(bytesIn(out) / 1e6).toFixed(1)} MB: ` +
          `backup ${backupS.toFixed(1)} s (${m.snapshot}), restore ${restoreS.toFixed(1)} s, audit verify ${verifyS.toFixed(1)} s (${v.count} events, ${v.anchors ?? 0} anchors); ` +
          `restore ≈ ${Math.round(ROWS / restoreS)} interactions/s\n`,
      );
    }
    process.stdout.write(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}\n`,
    );
  } finally {
    for (const s of schemas) await admin(`DROP SCHEMA IF EXISTS ${s} CASCADE`).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`bench:backup failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  });
}
