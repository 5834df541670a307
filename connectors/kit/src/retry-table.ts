/**
 * The one retry decision for every external call Teachback makes. Connectors classify what
 * happened into an Outcome; this table says whether to retry, why, and how long to wait.
 * Nothing else in the codebase decides retries.
 */
export interface Outcome {
  /** HTTP status, when a response arrived. */
  status?: number;
  /** Network error code (ECONNRESET, TIMEOUT...) when no response arrived. */
  networkCode?: string;
  /** Platform-specific reason that overrides the status, e.g. `UNABLE_TO_LOCK_ROW`, `LIMIT_EXCEEDED`. */
  reason?: string;
  /** Parsed Retry-After (or platform equivalent) in ms. */
  retryAfterMs?: number;
}

export interface RetryDecision {
  retry: boolean;
  /** Stable reason, used in logs and metrics: `rate_limited`, `server_error`, `network`, `reauth`, `client_error`... */
  reason: string;
  waitMs: number;
  /** Refresh credentials before the retry (401 / expired session). */
  reauth?: boolean;
}

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After we are willing to sleep; longer waits fail the call with the wait attached. */
  maxRetryAfterMs: number;
  /** Platform reasons that are transient even though their status is 4xx/5xx-ambiguous. */
  transientReasons: readonly string[];
  /** Platform reasons that mean "credentials expired, log in again". */
  reauthReasons: readonly string[];
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 5 * 60_000,
  transientReasons: [],
  reauthReasons: [],
};

/** Capped exponential backoff with full jitter. `random` is injectable so tests are exact. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

interface Row {
  matches(o: Outcome, p: RetryPolicy): boolean;
  decide(o: Outcome, attempt: number, p: RetryPolicy, random: () => number): RetryDecision;
}

const retryWith =
  (reason: string) =>
  (o: Outcome, attempt: number, p: RetryPolicy, random: () => number): RetryDecision => ({
    retry: true,
    reason,
    waitMs: o.retryAfterMs !== undefined ? o.retryAfterMs : backoffMs(attempt, p, random),
  });

const stop = (reason: string) => (): RetryDecision => ({ retry: false, reason, waitMs: 0 });

/** First matching row wins. Order matters: platform reasons before generic statuses. */
const TABLE: readonly Row[] = [
  {
    matches: (o, p) => o.reason !== undefined && p.reauthReasons.includes(o.reason),
    decide: () => ({ retry: true, reason: 'reauth', waitMs: 0, reauth: true }),
  },
  {
    matches: (o, p) => o.reason !== undefined && p.transientReasons.includes(o.reason),
    decide: retryWith('transient_platform'),
  },
  {
    matches: (o) => o.status === 401,
    decide: () => ({ retry: true, reason: 'reauth', waitMs: 0, reauth: true }),
  },
  { matches: (o) => o.status === 429, decide: retryWith('rate_limited') },
  { matches: (o) => o.status === 408, decide: retryWith('request_timeout') },
  {
    matches: (o) => o.status !== undefined && [500, 502, 503, 504].includes(o.status),
    decide: retryWith('server_error'),
  },
  { matches: (o) => o.status !== undefined && o.status >= 500, decide: stop('server_error_permanent') },
  { matches: (o) => o.status !== undefined && o.status >= 400, decide: stop('client_error') },
  { matches: (o) => o.networkCode !== undefined, decide: retryWith('network') },
];

/**
 * Decides what to do after `attempt` (1-based) failed with `outcome`. Gives up after
 * policy.maxAttempts, after a second consecutive re-auth, or when the server asks us to wait
 * longer than we are allowed to block.
 */
export function decideRetry(
  outcome: Outcome,
  attempt: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  const row = TABLE.find((r) => r.matches(outcome, policy));
  if (!row) return { retry: false, reason: 'unclassified', waitMs: 0 };
  const decision = row.decide(outcome, attempt, policy, random);
  if (!decision.retry) return decision;
  if (attempt >= policy.maxAttempts)
    return { retry: false, reason: `${decision.reason}:attempts_exhausted`, waitMs: 0 };
  if (decision.waitMs > policy.maxRetryAfterMs) {
    return { retry: false, reason: `${decision.reason}:wait_too_long`, waitMs: decision.waitMs };
  }
  return decision;
}

/** Parses Retry-After: delta-seconds or an HTTP date. Returns ms, or undefined when absent/invalid. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
