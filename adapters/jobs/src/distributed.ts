import PgBoss from 'pg-boss';
import { TeachbackError, type Job, type JobSpec } from '@teachback/core';
import { uuidFor, type JobLedger } from '@teachback/adapter-store';
import {
  executeJob,
  waitUntilDrained,
  type JobRunner,
  type RunOptions,
  type RunnerContext,
  type Steps,
} from './runner';

export const QUEUE = 'teachback-jobs';

export interface DistributedOptions extends RunOptions {
  /** PostgreSQL URL; the same database as the store. */
  connectionString: string;
  /** pg-boss's schema. Default `pgboss`. */
  schema?: string;
  /** Jobs this process runs at once. Default 4. */
  concurrency?: number;
  /**
   * A job whose worker died is handed to another worker after this long. Long steps yield well
   * before it (see JobYield). Default 30 s.
   */
  leaseSeconds?: number;
  /** How often expired leases are looked for. Default 5 s. */
  maintenanceSeconds?: number;
  /** How often an idle worker polls. Default 0.5 s (pg-boss's minimum). */
  pollSeconds?: number;
  /**
   * How often queued ledger jobs that pg-boss may not know about (queued by `ledger.revive` from
   * another process, or lost between insert and send in a crash) are sent again. Default 5 s.
   */
  sweepSeconds?: number;
}

interface Envelope {
  key: string;
}

/**
 * The distributed runner: pg-boss on PostgreSQL delivers `{key}` envelopes to any number of worker
 * processes; the ledger (same database) holds the job itself and its state. pg-boss's own retry is
 * used only to hand a crashed worker's job to another one (lease expiry); whether a failed job is
 * retried, and when, is decided by the connector kit's retry table, as in the embedded runner.
 */
export class DistributedRunner implements JobRunner {
  readonly kind = 'distributed' as const;
  private readonly boss: PgBoss;
  private readonly schema: string;
  private started = false;
  private working = false;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly workerIds: string[] = [];

  constructor(
    readonly ledger: JobLedger,
    private readonly steps: Steps,
    private readonly options: DistributedOptions,
  ) {
    if (ledger.driver.kind !== 'postgres') {
      throw new TeachbackError('JOBS.INVALID', 'the distributed runner needs the PostgreSQL store');
    }
    this.schema = options.schema ?? 'pgboss';
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      schema: this.schema,
      supervise: true,
      maintenanceIntervalSeconds: options.maintenanceSeconds ?? 5,
      max: Math.max(4, (options.concurrency ?? 4) + 2),
    });
    // pg-boss reports connection trouble as events; the worker keeps going and pg reconnects.
    this.boss.on('error', () => undefined);
  }

  /** Connects and creates pg-boss's schema and queue (idempotent). Sending works after this. */
  async open(): Promise<void> {
    if (this.started) return;
    await this.boss.start();
    const existing = await this.boss.getQueue(QUEUE);
    if (!existing) {
      try {
        await this.boss.createQueue(QUEUE, {
          name: QUEUE,
          retryLimit: 1000,
          retryDelay: 0,
          expireInSeconds: this.options.leaseSeconds ?? 30,
        });
      } catch (err) {
        // Two processes starting at once: the other one created it.
        if (!(await this.boss.getQueue(QUEUE))) throw err;
      }
    }
    this.started = true;
  }

  async enqueue(spec: JobSpec): Promise<'enqueued' | 'duplicate'> {
    await this.open();
    const { job, created } = await this.ledger.insert(spec);
    await this.deliver([job]);
    return created ? 'enqueued' : 'duplicate';
  }

  /**
   * A queued job is (re)sent even when not new: a crash between the ledger insert and the send
   * must not lose it (the sweeper also re-sends what sat queued). The id is derived from the key,
   * so pg-boss ignores a second send.
   */
  private async deliver(jobs: Job[]): Promise<void> {
    const queued = jobs.filter((j) => j.state === 'queued');
    for (const job of queued) await this.send(uuidFor(job.key), job.key);
    // Idle workers of this process take new work now, not at their next poll.
    if (queued.length > 0) for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  async start(): Promise<void> {
    await this.open();
    if (this.working) return;
    this.working = true;
    const ctx: RunnerContext = {
      enqueue: (s: JobSpec) => this.enqueue(s),
      scheduled: (next) => this.deliver(next.map((n) => n.job)),
    };
    const n = Math.max(1, this.options.concurrency ?? 4);
    for (let i = 0; i < n; i++) {
      let id = '';
      id = await this.boss.work<Envelope>(
        QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.options.pollSeconds ?? 0.5 },
        async (jobs) => {
          for (const envelope of jobs) await this.handle(envelope.data.key, ctx);
          // pg-boss waits out its polling interval even after a fetch that found work; a worker
          // that just finished a job asks again at once instead.
          if (jobs.length > 0) this.boss.notifyWorker(id);
        },
      );
      this.workerIds.push(id);
    }
    const every = (this.options.sweepSeconds ?? 5) * 1000;
    this.sweeper = setInterval(() => void this.sweep(every).catch(() => undefined), every);
    this.sweeper.unref();
  }

  /**
   * Sends an envelope for each due job that has sat queued longer than one sweep interval and that
   * pg-boss holds no envelope for (none waiting, none being worked). A job merely waiting its turn
   * behind a backlog still has its envelope: sending it another would make a worker fetch, claim
   * (in vain) and complete it for nothing (one such per queued job per backlog measured here).
   */
  private async sweep(olderThanMs: number): Promise<void> {
    const stale = await this.ledger.staleQueued(olderThanMs, 100);
    if (stale.length === 0) return;
    const held = await this.boss
      .getDb()
      .executeSql(
        `SELECT DISTINCT data->>'key' AS key FROM ${this.schema}.job WHERE name = $1 AND state < 'completed' AND data->>'key' = ANY($2::text[])`,
        [QUEUE, stale.map((j) => j.key)],
      );
    const waiting = new Set((held.rows as Array<{ key: string }>).map((r) => r.key));
    for (const job of stale)
      if (!waiting.has(job.key)) await this.send(uuidFor(`${job.key}#s${job.updatedAt}`), job.key);
  }

  private async handle(key: string, ctx: RunnerContext) {
    const now = this.options.now ?? Date.now;
    // One statement: nothing to do for a done, dead or unknown job, nor for a delivery ahead of a
    // scheduled retry (the retry's own envelope comes at its time); `running` means its previous
    // worker died (or its lease ran out): run it again.
    const job = await this.ledger.claim(key, now());
    if (!job) return;
    const outcome = await executeJob(this.ledger, this.steps, job, ctx, this.options);
    if (outcome === 'retry' || outcome === 'yield') {
      const after = await this.ledger.get(key);
      if (after?.state === 'queued') {
        const tag = outcome === 'retry' ? `a${after.attempts}` : `y${after.updatedAt}`;
        await this.send(uuidFor(`${key}#${tag}`), key, new Date(after.runAfter));
      }
    }
  }

  private async send(id: string, key: string, startAfter?: Date): Promise<void> {
    await this.boss.send(QUEUE, { key } satisfies Envelope, {
      id,
      ...(startAfter && startAfter.getTime() > Date.now() ? { startAfter } : {}),
    });
  }

  async stop(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    if (!this.started) return;
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    this.started = false;
    this.working = false;
    this.workerIds.length = 0;
  }

  drain(opts?: { tenantId?: string; pollMs?: number; timeoutMs?: number }): Promise<void> {
    return waitUntilDrained(this.ledger, opts);
  }

  async rerun(tenantId: string, key: string): Promise<boolean> {
    await this.open();
    const ok = await this.ledger.revive(tenantId, key);
    if (ok) await this.send(uuidFor(`${key}#r${Date.now()}`), key);
    return ok;
  }
}
