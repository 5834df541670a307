import type { z } from 'zod';
import { InteractionRecord, TeachbackError, fieldPath } from '@teachback/core';

export function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  throw new TeachbackError('STORE.INVALID', `${what}: ${fieldPath(issue.path)}: ${issue.message}`, {
    details: { field: fieldPath(issue.path) },
  });
}

export type ParsedRecord = z.output<typeof InteractionRecord>;

/** A record that names a tenant must name the one it is written to: no cross-tenant writes by mistake. */
export function parseRecord(record: unknown, tenantId: string, what: string): ParsedRecord {
  const rec = parse(InteractionRecord, record, what);
  if (rec.interaction.tenantId !== undefined && rec.interaction.tenantId !== tenantId) {
    throw new TeachbackError(
      'STORE.INVALID',
      `${what}: interaction.tenantId: does not match the tenant being written`,
      {
        details: { field: 'interaction.tenantId' },
      },
    );
  }
  return rec;
}

export function notFound(what: string): TeachbackError {
  return new TeachbackError('STORE.NOT_FOUND', `${what} not found`);
}

export function isUniqueViolation(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
