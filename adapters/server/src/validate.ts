import type { z } from 'zod';
import { fieldPath } from '@teachback/core';
import { httpError } from './errors';

/**
 * Parses one part of a request (`query`, `body`, `params`) and turns the first problems into a
 * 400 that names each field and why. Unknown fields are listed by name; values are never echoed.
 */
export function parsePart<S extends z.ZodType>(schema: S, value: unknown, part: string): z.output<S> {
  const r = schema.safeParse(value ?? {});
  if (r.success) return r.data;
  const fields: string[] = [];
  const reasons: string[] = [];
  for (const issue of r.error.issues.slice(0, 10)) {
    const base = issue.path.length ? `${part}.${fieldPath(issue.path)}` : part;
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) {
        fields.push(`${base === part ? part : base}.${k}`);
        reasons.push(`${base === part ? part : base}.${k}: unknown field`);
      }
    } else {
      fields.push(base);
      reasons.push(`${base}: ${issue.message}`);
    }
  }
  throw httpError('HTTP.INVALID_REQUEST', reasons.join('; '), { fields });
}
