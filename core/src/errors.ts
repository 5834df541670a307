/**
 * Errors carry a stable namespaced code (`CONFIG.INVALID`, `IMPORT.PARSE_FAILED`) that callers
 * and API clients can switch on, plus a cause. Messages never contain PHI: they name the field,
 * line or record and say why, never echo the value.
 */
export class TeachbackError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: { cause?: unknown; details?: Record<string, unknown> } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TeachbackError';
    this.code = code;
    this.details = options.details;
  }

  toJSON(): { code: string; message: string; details?: Record<string, unknown> } {
    return this.details
      ? { code: this.code, message: this.message, details: this.details }
      : { code: this.code, message: this.message };
  }
}

export function isTeachbackError(e: unknown): e is TeachbackError {
  return e instanceof TeachbackError;
}

/** Turns a zod issue path into the dotted field name used in error messages (`criteria[2].rule.phrases`). */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}
