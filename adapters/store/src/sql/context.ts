import type { KeyProvider, VersionedCatalogOptions } from '@teachback/core';
import { AccessCheck } from './access-check';
import { AuditAppender } from './audit-appender';
import type { SqlDriver } from './driver';
import { TenantCrypto } from './tenant-crypto';

export interface SqlStoreOptions {
  /** Injected clock for retention tests; defaults to the wall clock. */
  clock?: () => Date;
  /** Seeds, compiler and default of the playbook catalog (openStore passes the built-ins). */
  playbooks?: VersionedCatalogOptions;
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
    this.audit = new AuditAppender(driver, () => this.now());
    this.access = new AccessCheck(driver, this.audit);
  }

  now(): string {
    return this.clock().toISOString();
  }
}
