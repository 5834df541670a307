/**
 * Connector errors carry a stable namespaced code (`GENESYS.RATE_LIMITED`, `FIVE9.AUTH_FAILED`)
 * and the HTTP status when there was one. Messages name the operation and the reason, never
 * request or response bodies (they may hold PHI).
 */
export class ConnectorError extends Error {
  readonly code: string;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: string,
    message: string,
    options: {
      status?: number;
      retryAfterMs?: number;
      cause?: unknown;
      details?: Record<string, unknown>;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConnectorError';
    this.code = code;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

/** Network-level failure codes that Node's fetch/http surface, worth retrying. */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TIMEOUT',
]);

/**
 * PostgreSQL SQLSTATEs of a transaction that failed as a whole and can simply run again: a
 * deadlock (two writers locking shared roll-up rows), a serialization failure, the server shutting
 * down or not yet accepting connections, a broken connection. Retried like a network failure.
 */
export const TRANSIENT_DATABASE_CODES: ReadonlySet<string> = new Set([
  '40P01',
  '40001',
  '57P01',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

/** Digs the network error code out of an error and its causes (fetch wraps them in `cause`). */
export function networkErrorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (typeof current === 'object' && current !== null) {
      const code = (current as { code?: unknown }).code;
      if (
        typeof code === 'string' &&
        (TRANSIENT_NETWORK_CODES.has(code) || TRANSIENT_DATABASE_CODES.has(code))
      )
        return code;
      const name = (current as { name?: unknown }).name;
      if (name === 'AbortError' || name === 'TimeoutError') return 'TIMEOUT';
      current = (current as { cause?: unknown }).cause;
    } else break;
  }
  return undefined;
}
