import type { AuditAnchorLog, KeyProvider, VersionedCatalogOptions } from '@teachback/core';
import { AccessCheck } from './access-check';
import { AuditAppender, type AuditMode } from './audit-appender';
import type { SqlDriver } from './driver';
import { TenantCrypto } from './tenant-crypto';

export interface SqlStoreOptions {
  /** Injected clock for retention tests; defaults to the wall clock. */
  clock?: () => Date;
  /** Seeds, compiler and default of the playbook catalog (openStore passes the built-ins). */
  playbooks?: VersionedCatalogOptions;
  /** The audit chain's write mode, sealing and checkpoint cadence, and anchor log. */
  audit?: AuditOptions;
}

export interface AuditOptions {
  /** Default: `inline` on SQLite (one writer anyway), `staged` on PostgreSQL. */
  mode?: AuditMode;
  /** Where checkpoints are anchored outside the database; none: checkpoints are not anchored. */
  anchors?: AuditAnchorLog;
  /** How often staged events are linked into the chain (default 250 ms; 0: only on demand). */
  sealEveryMs?: number;
  /** How often moved heads are anchored (default 5 s; 0: only on demand and at close). */
  checkpointEveryMs?: number;
}

/** What every role of the SQL store shares: the driver, the clock, tenant keys, the audit chain, the access check. */
export class SqlContext {
  readonly clock: () => Date;
  readonly crypto: TenantCrypto;
  readonly audit: AuditAppender;
  readonly access: AccessCheck;

  constructor(
    readonly driver: SqlDriver,
    keys: KeyProvider,
    opts: SqlStoreOptions = {},
  ) {
    this.clock = opts.clock ?? (() => new Date());
    this.crypto = new TenantCrypto(driver, keys);
    this.audit = new AuditAppender(driver, () => this.now(), {
      mode: opts.audit?.mode ?? (driver.kind === 'sqlite' ? 'inline' : 'staged'),
      anchors: opts.audit?.anchors,
    });
    this.access = new AccessCheck(driver, this.audit);
  }

  now(): string {
    return this.clock().toISOString();
  }
}
