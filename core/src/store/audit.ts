import type { AuditEventInput, AuditRecord, AuditVerification } from '../audit/chain';
import type { AccessContext } from './records';

export interface AuditQuery {
  from?: string;
  to?: string;
  limit?: number;
  afterSeq?: number;
}

export type AuditVerifyResult = AuditVerification & { tenantId: string };

/** The per-tenant, append-only, hash-chained audit log. */
export interface AuditStore {
  append(event: AuditEventInput): Promise<AuditRecord>;
  /** Reading the audit log is itself audited (`audit.read` or `audit.export`). */
  read(
    ctx: AccessContext,
    tenantId: string,
    query?: AuditQuery,
    purpose?: 'read' | 'export',
  ): Promise<AuditRecord[]>;
  verify(ctx: AccessContext, tenantId: string): Promise<AuditVerifyResult>;
}
