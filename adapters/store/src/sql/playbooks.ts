import {
  Playbook,
  TeachbackError,
  numberVersion,
  versionExists,
  type AccessContext,
  type AuditEventInput,
  type PlaybookVersion,
  type PlaybookVersionInfo,
  type PlaybookVersionTable,
  type UnnumberedVersion,
} from '@teachback/core';
import type { Row, SqlDriver, SqlExecutor, SqlValue } from './driver';

/** Appends one audit event inside the caller's transaction (the store's hash-chained trail). */
export type AuditInTransaction = (tx: SqlExecutor, event: AuditEventInput) => Promise<unknown>;

const INFO_COLUMNS =
  'playbook_id, version, title, author, saved_at, note, effective_from, queues, rollback_of, source';

function toInfo(r: Row): PlaybookVersionInfo {
  return {
    id: String(r.playbook_id),
    version: Number(r.version),
    title: String(r.title),
    author: String(r.author),
    savedAt: String(r.saved_at),
    note: String(r.note),
    effectiveFrom: r.effective_from === null ? null : String(r.effective_from),
    queues: r.queues === null ? null : (JSON.parse(String(r.queues)) as string[]),
    rollbackOf: r.rollback_of === null ? null : Number(r.rollback_of),
    source: r.source === 'builtin' ? 'builtin' : 'tenant',
  };
}

function values(tenantId: string, v: PlaybookVersion): SqlValue[] {
  return [
    tenantId,
    v.id,
    v.version,
    v.title,
    JSON.stringify(v.playbook),
    v.author,
    v.savedAt,
    v.note,
    v.effectiveFrom,
    v.queues === null ? null : JSON.stringify(v.queues),
    v.rollbackOf,
    v.source,
  ];
}

const INSERT =
  'INSERT INTO playbook_versions (tenant_id, playbook_id, version, title, body, author, saved_at, note, effective_from, queues, rollback_of, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * The catalog's versions in `playbook_versions`, both dialects. Playbooks carry no PHI, so rows are
 * plain JSON; the primary key (tenant, playbook, version) is what makes a version number unique
 * however many servers save at once.
 */
export class SqlPlaybookVersions implements PlaybookVersionTable {
  constructor(
    private readonly driver: SqlDriver,
    private readonly audit: AuditInTransaction,
  ) {}

  async versions(tenantId: string, playbookId?: string): Promise<PlaybookVersionInfo[]> {
    const rows = await this.driver.all(
      `SELECT ${INFO_COLUMNS} FROM playbook_versions WHERE tenant_id = ?${playbookId === undefined ? '' : ' AND playbook_id = ?'}`,
      playbookId === undefined ? [tenantId] : [tenantId, playbookId],
    );
    return rows.map(toInfo);
  }

  async get(tenantId: string, id: string, version: number): Promise<PlaybookVersion | undefined> {
    const r = await this.driver.get(
      `SELECT ${INFO_COLUMNS}, body FROM playbook_versions WHERE tenant_id = ? AND playbook_id = ? AND version = ?`,
      [tenantId, id, version],
    );
    // Rows were validated on the way in; parsing again restores the schema's defaults and types.
    return r ? { ...toInfo(r), playbook: Playbook.parse(JSON.parse(String(r.body))) } : undefined;
  }

  async insert(
    ctx: AccessContext,
    tenantId: string,
    draft: UnnumberedVersion,
    expected: number | undefined,
  ): Promise<PlaybookVersion> {
    let number = expected;
    try {
      return await this.driver.transaction(async (tx) => {
        // Saves of one playbook queue up here, so each reads the newest number its predecessor
        // wrote (SQLite's BEGIN IMMEDIATE already admits one writer at a time).
        if (this.driver.kind === 'postgres')
          await tx.get('SELECT pg_advisory_xact_lock(hashtext(?))', [`playbook:${tenantId}:${draft.id}`]);
        const newest = await tx.get<{ n: number | string | null }>(
          'SELECT MAX(version) AS n FROM playbook_versions WHERE tenant_id = ? AND playbook_id = ?',
          [tenantId, draft.id],
        );
        const v = numberVersion(draft, Number(newest?.n ?? 0), expected);
        number = v.version;
        await tx.run(INSERT, values(tenantId, v));
        await this.audit(tx, {
          tenantId,
          actorId: `${ctx.actor.kind}:${ctx.actor.id}`,
          action: v.rollbackOf === null ? 'playbook.save' : 'playbook.rollback',
          resourceType: 'playbook',
          resourceId: v.id,
          outcome: 'success',
          source: ctx.source ?? null,
          details: { version: v.version, ...(v.rollbackOf === null ? {} : { rollbackOf: v.rollbackOf }) },
        });
        return v;
      });
    } catch (e) {
      if (isUniqueViolation(e) && number !== undefined) throw versionExists(draft.id, number);
      throw e;
    }
  }

  async seed(tenantId: string, versions: readonly PlaybookVersion[]): Promise<void> {
    await this.driver.transaction(async (tx) => {
      if (!(await tx.get('SELECT 1 AS one FROM tenants WHERE id = ?', [tenantId])))
        throw new TeachbackError('STORE.NOT_FOUND', 'tenant not found');
      for (const v of versions) {
        await tx.run(
          `${INSERT} ON CONFLICT (tenant_id, playbook_id, version) DO NOTHING`,
          values(tenantId, v),
        );
      }
    });
  }
}
