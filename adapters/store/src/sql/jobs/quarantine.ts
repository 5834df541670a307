import type { Platform, QuarantineEntry, QuarantineSink } from '@teachback/core';
import type { SqlDriver, SqlValue } from '../driver';
import { noRun, type RunOf } from './run';

type SyncedPlatform = Exclude<Platform, 'teachback'>;

/** A stored quarantine entry with the sync run that set it aside (null outside a job). */
export interface StoredQuarantineEntry extends QuarantineEntry {
  run: string | null;
}

export interface QuarantineQuery {
  platform?: SyncedPlatform;
  /** At most this many, newest first (1–500, default 100). */
  limit?: number;
  /** Entries to skip: the previous page's `next`. */
  offset?: number;
}

export interface QuarantineCountQuery {
  platform?: SyncedPlatform;
  /** Only what this sync run set aside. */
  run?: string;
  /** Only what was set aside at or after this ISO instant. */
  since?: string;
}

interface Row {
  tenant_id: string;
  platform: string;
  kind: string;
  ref: string;
  reason: string;
  at: string;
  run_key: string | null;
  [k: string]: unknown;
}

/**
 * Records a platform returned that we could not take in, kept beside the job ledger: reference and
 * reason only (never the record's content, which may carry PHI). Any platform's sync writes here
 * through core's `QuarantineSink`; the sync run is taken from the job step it runs in, so a platform
 * sync needs no extra wiring for `teachback sync` and sync status to count what its run quarantined.
 */
export class LedgerQuarantine implements QuarantineSink {
  constructor(
    private readonly driver: SqlDriver,
    private readonly runOf: RunOf = noRun,
  ) {}

  async add(e: QuarantineEntry): Promise<void> {
    const run = this.runOf();
    await this.driver.run(
      'INSERT INTO tb_jobs_quarantine (tenant_id, platform, kind, ref, reason, at, run_key) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id, platform, kind, ref) DO UPDATE SET reason = excluded.reason, at = excluded.at, run_key = excluded.run_key',
      [e.tenantId, e.platform, e.kind, e.ref, e.reason, e.at, run?.tenantId === e.tenantId ? run.run : null],
    );
  }

  /** A tenant's entries, newest first, with the offset of the next page when there is one. */
  async list(
    tenantId: string,
    q: QuarantineQuery = {},
  ): Promise<{ items: StoredQuarantineEntry[]; next: number | null }> {
    const limit = Math.min(500, Math.max(1, q.limit ?? 100));
    const offset = Math.max(0, q.offset ?? 0);
    const params: SqlValue[] = [tenantId];
    if (q.platform) params.push(q.platform);
    // One more than asked: tells whether another page follows without a COUNT.
    const rows = await this.driver.all<Row>(
      `SELECT tenant_id, platform, kind, ref, reason, at, run_key FROM tb_jobs_quarantine WHERE tenant_id = ?${q.platform ? ' AND platform = ?' : ''} ORDER BY at DESC, platform, kind, ref LIMIT ? OFFSET ?`,
      [...params, limit + 1, offset],
    );
    return {
      items: rows.slice(0, limit).map(toEntry),
      next: rows.length > limit ? offset + limit : null,
    };
  }

  /** How many entries a tenant has: all, of one run, or since a time. */
  async count(tenantId: string, q: QuarantineCountQuery = {}): Promise<number> {
    const filters: Array<[string, string | undefined]> = [
      ['platform = ?', q.platform],
      ['run_key = ?', q.run],
      ['at >= ?', q.since],
    ];
    const where = ['tenant_id = ?'];
    const params: SqlValue[] = [tenantId];
    for (const [clause, value] of filters) {
      if (value === undefined) continue;
      where.push(clause);
      params.push(value);
    }
    const r = await this.driver.get<{ n: number | string }>(
      `SELECT COUNT(*) AS n FROM tb_jobs_quarantine WHERE ${where.join(' AND ')}`,
      params,
    );
    return Number(r?.n ?? 0);
  }
}

function toEntry(r: Row): StoredQuarantineEntry {
  return {
    tenantId: r.tenant_id,
    platform: r.platform as SyncedPlatform,
    kind: r.kind,
    ref: r.ref,
    reason: r.reason,
    at: r.at,
    run: r.run_key,
  };
}
