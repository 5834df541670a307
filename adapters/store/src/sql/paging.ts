import { TeachbackError, type Page, type PageRequest } from '@teachback/core';
import type { z } from 'zod';
import type { Row, SqlExecutor, SqlValue } from './driver';

function encodeCursor(occurredAt: string, id: string): string {
  return Buffer.from(JSON.stringify([occurredAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string')
      return [v[0], v[1]];
  } catch {
    // fall through to the coded error
  }
  throw new TeachbackError('STORE.INVALID', 'page.cursor: not a cursor this store issued', {
    details: { field: 'cursor' },
  });
}

/** Interactions newest first, keyset-paged on (occurred_at, id). */
export async function pageQuery(
  db: SqlExecutor,
  select: string,
  where: string[],
  params: SqlValue[],
  p: z.output<typeof PageRequest>,
): Promise<Page<Row>> {
  const w = [...where];
  const ps = [...params];
  if (p.cursor) {
    const [at, id] = decodeCursor(p.cursor);
    w.push('(occurred_at < ? OR (occurred_at = ? AND id < ?))');
    ps.push(at, at, id);
  }
  const rows = await db.all(`${select} WHERE ${w.join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT ?`, [
    ...ps,
    p.limit + 1,
  ]);
  const more = rows.length > p.limit;
  const items = more ? rows.slice(0, p.limit) : rows;
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: more && last ? encodeCursor(String(last.occurred_at), String(last.id)) : null,
  };
}

/** `col IN (...)`, or a condition nothing matches when the list is empty. */
export function inList(where: string[], params: SqlValue[], col: string, values: readonly string[]): void {
  where.push(values.length ? `${col} IN (${values.map(() => '?').join(', ')})` : '1 = 0');
  params.push(...values);
}
