import type { z } from 'zod';
import { TeachbackError, fieldPath } from '../errors';

/**
 * Import errors name the line or JSON field and the reason, never the offending text: a
 * transcript line is PHI.
 */
export function importError(
  code:
    | 'IMPORT.UNKNOWN_FORMAT'
    | 'IMPORT.PARSE_FAILED'
    | 'IMPORT.INVALID_FIELD'
    | 'IMPORT.EMPTY'
    | 'IMPORT.TOO_LARGE',
  message: string,
  details?: Record<string, unknown>,
): TeachbackError {
  return new TeachbackError(code, message, details ? { details } : {});
}

/** The first zod issue as `<format>: field <path>: <reason>`; zod's messages describe types, not values. */
export function invalidField(
  format: string,
  error: z.ZodError,
  pathPrefix: ReadonlyArray<PropertyKey> = [],
): TeachbackError {
  const issue = error.issues[0];
  const path = fieldPath([...pathPrefix, ...(issue?.path ?? [])]);
  const reason = issue?.message ?? 'invalid value';
  return importError('IMPORT.INVALID_FIELD', `${format} transcript: field ${path}: ${reason}`, {
    field: path,
    issues: error.issues.length,
  });
}

/**
 * JSON.parse messages quote the surrounding input (PHI), so only the position survives, turned
 * into a line and column.
 */
export function parseJson(content: string, format: string): unknown {
  try {
    return JSON.parse(content) as unknown;
  } catch (e) {
    const m = e instanceof Error ? /position (\d+)/.exec(e.message) : null;
    if (m) {
      const pos = Number(m[1]);
      const before = content.slice(0, pos);
      const line = before.split('\n').length;
      const column = pos - before.lastIndexOf('\n');
      return fail(`${format}: invalid JSON at line ${line}, column ${column}`, { line, column });
    }
    return fail(`${format}: invalid JSON (unexpected end of input or malformed value)`);
  }
}

function fail(message: string, details?: Record<string, unknown>): never {
  throw importError('IMPORT.PARSE_FAILED', message, details);
}
