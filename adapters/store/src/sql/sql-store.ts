import {
  AuditEventInput,
  VersionedPlaybookCatalog,
  type KeyProvider,
  type MigrationReport,
  type PlaybookCatalog,
  type Store,
} from '@teachback/core';
import { SqlAudit } from './audit';
import { SqlCoaching } from './coaching';
import { SqlFollowUps } from './follow-ups';
import { SqlContext, type SqlStoreOptions } from './context';
import type { SqlDriver } from './driver';
import { SqlInteractions } from './interactions';
import { SqlKeys } from './keys';
import { SqlLive } from './live';
import { SqlMining } from './mining';
import { SqlMetrics } from './metrics';
import { migrate } from './migrations';
import { SqlPlaybookVersions } from './playbooks';
import { SqlOversight } from './oversight';
import { parse } from './validation';
import { SqlRetention } from './retention';
import { SqlReviews } from './reviews';
import { SqlScorecards } from './scorecards';
import { SqlSurveys } from './surveys';
import { SqlSyncState } from './sync-state';
import { SqlTenants } from './tenants';
import { SqlTimeline } from './timeline';

export { sha256, stableStringify } from './hashing';
export type { SqlStoreOptions, AuditOptions } from './context';

/**
 * Both stores: one implementation over a small driver seam, so they pass the same contract. Each
 * role lives in its own file; they share one context (driver, tenant keys, audit chain, access check).
 */
export class SqlStore implements Store {
  readonly tenants: SqlTenants;
  readonly interactions: SqlInteractions;
  readonly scorecards: SqlScorecards;
  readonly coaching: SqlCoaching;
  readonly timeline: SqlTimeline;
  readonly sync: SqlSyncState;
  readonly audit: SqlAudit;
  readonly retention: SqlRetention;
  readonly keys: SqlKeys;
  readonly oversight: SqlOversight;
  readonly reviews: SqlReviews;
  /** The tenants' versioned playbooks (sql/playbooks.ts); saves share the audit chain. */
  readonly playbooks: PlaybookCatalog;
  readonly live: SqlLive;
  private readonly sql: SqlContext;
  private readonly timers: NodeJS.Timeout[] = [];
  readonly mining: SqlMining;
  readonly metrics: SqlMetrics;
  readonly surveys: SqlSurveys;
  readonly followUps: SqlFollowUps;

  constructor(
    readonly driver: SqlDriver,
    keys: KeyProvider,
    private readonly opts: SqlStoreOptions = {},
  ) {
    const sql = new SqlContext(driver, keys, opts);
    this.sql = sql;
    this.tenants = new SqlTenants(sql);
    this.interactions = new SqlInteractions(sql);
    this.scorecards = new SqlScorecards(sql);
    this.coaching = new SqlCoaching(sql);
    this.timeline = new SqlTimeline(sql);
    this.sync = new SqlSyncState(sql);
    this.audit = new SqlAudit(sql);
    this.retention = new SqlRetention(sql, this.tenants);
    this.keys = new SqlKeys(sql);
    this.live = new SqlLive(sql);
    this.oversight = new SqlOversight(sql);
    this.mining = new SqlMining(sql);
    this.reviews = new SqlReviews(sql);
    this.metrics = new SqlMetrics(sql);
    this.surveys = new SqlSurveys(sql);
    this.followUps = new SqlFollowUps(sql);
    this.playbooks = new VersionedPlaybookCatalog(
      new SqlPlaybookVersions(driver, (tx, e) =>
        sql.audit.appendTx(tx, parse(AuditEventInput, e, 'audit event')),
      ),
      { clock: sql.clock, ...opts.playbooks },
    );
  }

  async migrate(): Promise<MigrationReport> {
    const report = await migrate(this.driver);
    this.startAuditTimers();
    return report;
  }

  /**
   * Links staged audit events into the chain and anchors the heads that moved. Runs on timers
   * once migrated; call it to force a checkpoint (tests, backups, before shutdown).
   */
  sealAudit(opts: { anchor?: boolean } = {}): Promise<void> {
    return this.sql.audit.seal(opts);
  }

  /** Timers are unref'd: they never keep a process alive, and `close()` seals what is left. */
  private startAuditTimers(): void {
    if (this.timers.length > 0) return;
    const { sealEveryMs = 250, checkpointEveryMs = 5000 } = this.opts.audit ?? {};
    // A failed background run is retried on the next tick; verify and read seal on demand anyway.
    const every = (ms: number, fn: () => Promise<void>): void => {
      if (ms <= 0) return;
      const t = setInterval(() => void fn().catch(() => undefined), ms);
      t.unref();
      this.timers.push(t);
    };
    if (this.sql.audit.mode === 'staged') every(sealEveryMs, () => this.sql.audit.seal({ anchor: false }));
    if (this.opts.audit?.anchors) every(checkpointEveryMs, () => this.sql.audit.seal());
  }

  async close(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    // What this process staged is sealed and anchored now rather than by the next process to start.
    await this.sql.audit.seal().catch(() => undefined);
    await this.driver.close();
  }
}
