import { Throttle } from '@teachback/connector-kit';
import { quarantineSummary } from '@teachback/core';
import { JobLedger, LedgerQuarantine, migrateJobs } from '@teachback/adapter-store';
import { syncStatus } from './progress';
import { CountingThrottle, RequestCounter, runRequestCount } from './requests';
import { currentRun, executeJob, type Steps } from './runner';
import { scratchDatabase } from './testing/databases';

const entry = (ref: string, at: string, platform: 'genesys' | 'five9' | 'salesforce' = 'salesforce') => ({
  tenantId: 'acme',
  platform,
  kind: 'Task',
  ref,
  reason: 'LastModifiedDate: not an ISO date-time',
  at,
});

describe.each(['sqlite', 'postgres'] as const)('quarantine and request counts (%s)', (kind) => {
  it('counts what a run quarantined and requested, in the run of the step that did it', async () => {
    const db = await scratchDatabase(kind);
    const d = db.driver();
    try {
      await migrateJobs(d);
      const ledger = new JobLedger(d);
      // As the pipeline wires it: entries carry the run of the job step they were added in.
      const quarantine = new LedgerQuarantine(d, currentRun);
      const throttle: Throttle = new CountingThrottle(new RequestCounter(d, 'acme', 'salesforce'));
      // Outside any job: neither counted towards a run nor lost.
      await quarantine.add(entry('00T-before', '2026-11-01T00:00:00.000Z'));
      await throttle.take();

      const steps: Steps = {
        sync: async (job, ctx) => {
          for (let i = 0; i < 3; i++) await throttle.take();
          await quarantine.add(entry('00T-1', '2026-11-02T00:00:00.000Z'));
          await ctx.enqueue({
            tenantId: 'acme',
            platform: 'salesforce',
            externalId: '00T-2',
            step: 'score',
            run: job.key,
          });
        },
        score: async () => {
          await throttle.take();
          await quarantine.add(entry('00T-2', '2026-11-02T00:00:01.000Z'));
        },
      };
      const { job: sync } = await ledger.insert({
        tenantId: 'acme',
        platform: 'salesforce',
        externalId: 'recent:x',
        step: 'sync',
      });
      const enqueue = async (s: Parameters<JobLedger['insert']>[0]) =>
        (await ledger.insert(s)).created ? ('enqueued' as const) : ('duplicate' as const);
      await ledger.start(sync.key);
      expect(await executeJob(ledger, steps, sync, { enqueue, scheduled: async () => undefined })).toBe(
        'done',
      );
      const score = (await ledger.due(10))[0]!;
      await ledger.start(score.key);
      expect(await executeJob(ledger, steps, score, { enqueue, scheduled: async () => undefined })).toBe(
        'done',
      );

      expect(await quarantine.count('acme', { run: sync.key })).toBe(2);
      expect(await quarantine.count('acme')).toBe(3);
      expect(await quarantine.count('acme', { since: '2026-11-02T00:00:00.000Z' })).toBe(2);
      expect(await quarantine.count('other')).toBe(0);
      expect(await runRequestCount(d, 'acme', sync.key, 1)).toEqual({ requests: 4, interactions: 1 });

      const status = await syncStatus(d, 'acme', { platform: 'salesforce' });
      expect(status).toMatchObject({ run: sync.key, quarantined: 2, requests: 4 });
      expect(quarantineSummary('salesforce', status.quarantined)).toBe(
        'salesforce: 2 records quarantined (see `teachback sync --quarantine`)',
      );

      // A record set aside again in a later run moves to that run (one entry per record).
      await quarantine.add(entry('00T-2', '2026-11-03T00:00:00.000Z'));
      expect(await quarantine.count('acme', { run: sync.key })).toBe(1);
      expect(await quarantine.count('acme')).toBe(3);
    } finally {
      await d.close();
      await db.drop();
    }
  });

  it('lists a tenant’s entries newest first, by platform, a page at a time', async () => {
    const db = await scratchDatabase(kind);
    const d = db.driver();
    try {
      await migrateJobs(d);
      const q = new LedgerQuarantine(d);
      for (let i = 0; i < 5; i++) await q.add(entry(`sf-${i}`, `2026-11-0${i + 1}T00:00:00.000Z`));
      await q.add(entry('row-7', '2026-11-09T00:00:00.000Z', 'five9'));
      await q.add({ ...entry('x', '2026-11-09T00:00:00.000Z'), tenantId: 'other' });

      const first = await q.list('acme', { platform: 'salesforce', limit: 2 });
      expect(first.items.map((e) => e.ref)).toEqual(['sf-4', 'sf-3']);
      expect(first.next).toBe(2);
      const last = await q.list('acme', { platform: 'salesforce', limit: 2, offset: 4 });
      expect(last.items.map((e) => e.ref)).toEqual(['sf-0']);
      expect(last.next).toBeNull();
      const all = await q.list('acme');
      expect(all.items.map((e) => `${e.platform}:${e.ref}`)).toEqual([
        'five9:row-7',
        'salesforce:sf-4',
        'salesforce:sf-3',
        'salesforce:sf-2',
        'salesforce:sf-1',
        'salesforce:sf-0',
      ]);
      expect(all.items[0]).toMatchObject({ kind: 'Task', reason: expect.any(String), run: null });
    } finally {
      await d.close();
      await db.drop();
    }
  });

  it('adds the run column to a quarantine table made by an older version', async () => {
    const db = await scratchDatabase(kind);
    const d = db.driver();
    try {
      await d.exec(
        'CREATE TABLE tb_jobs_quarantine (tenant_id TEXT NOT NULL, platform TEXT NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL, reason TEXT NOT NULL, at TEXT NOT NULL, PRIMARY KEY (tenant_id, platform, kind, ref))',
      );
      await d.run(
        "INSERT INTO tb_jobs_quarantine VALUES ('acme', 'five9', 'report-row', 'line 4', 'CALL ID: missing', '2026-11-01T00:00:00.000Z')",
      );
      await migrateJobs(d);
      await migrateJobs(d);
      const q = new LedgerQuarantine(d);
      expect((await q.list('acme')).items).toEqual([expect.objectContaining({ ref: 'line 4', run: null })]);
    } finally {
      await d.close();
      await db.drop();
    }
  });
});
