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
import { SqlMetrics } from './metrics';
import { migrate } from './migrations';
import { SqlPlaybookVersions } from './playbooks';
import { parse } from './validation';
import { SqlRetention } from './retention';
import { SqlScorecards } from './scorecards';
import { SqlSurveys } from './surveys';
import { SqlSyncState } from './sync-state';
import { SqlTenants } from './tenants';
import { SqlTimeline } from './timeline';

export { sha256, stableStringify } from './hashing';
export type { SqlStoreOptions } from './context';

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
  /** The tenants' versioned playbooks (sql/playbooks.ts); saves share the audit chain. */
  readonly playbooks: PlaybookCatalog;
  readonly metrics: SqlMetrics;
  readonly surveys: SqlSurveys;
  readonly followUps: SqlFollowUps;

  constructor(
    readonly driver: SqlDriver,
    keys: KeyProvider,
    opts: SqlStoreOptions = {},
  ) {
    const sql = new SqlContext(driver, keys, opts);
    this.tenants = new SqlTenants(sql);
    this.interactions = new SqlInteractions(sql);
    this.scorecards = new SqlScorecards(sql);
    this.coaching = new SqlCoaching(sql);
    this.timeline = new SqlTimeline(sql);
    this.sync = new SqlSyncState(sql);
    this.audit = new SqlAudit(sql);
    this.retention = new SqlRetention(sql, this.tenants);
    this.keys = new SqlKeys(sql);
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

  migrate(): Promise<MigrationReport> {
    return migrate(this.driver);
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
