import { ConnectorError, networkErrorCode } from './errors';
import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  type Outcome,
  type RetryDecision,
  type RetryPolicy,
} from './retry-table';

export interface RetryObserver {
  (event: { attempt: number; decision: RetryDecision; code: string | undefined }): void;
}

export interface ExecuteOptions {
  policy?: Partial<RetryPolicy>;
  /** Turns a thrown error into an Outcome for the table. Defaults to ConnectorError status/network code. */
  classify?: (err: unknown) => Outcome;
  /** Called before retrying a 401/expired session; should fetch a fresh token. */
  reauth?: () => Promise<void>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: RetryObserver;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function defaultClassify(err: unknown): Outcome {
  if (err instanceof ConnectorError) {
    const outcome: Outcome = {};
    if (err.status !== undefined) outcome.status = err.status;
    if (err.retryAfterMs !== undefined) outcome.retryAfterMs = err.retryAfterMs;
    const reason = err.details?.['reason'];
    if (typeof reason === 'string') outcome.reason = reason;
    const net = networkErrorCode(err.cause);
    if (outcome.status === undefined && net) outcome.networkCode = net;
    return outcome;
  }
  const net = networkErrorCode(err);
  return net ? { networkCode: net } : {};
}

/**
 * Runs `operation` under the retry table. The operation gets the 1-based attempt number. The last
 * error is rethrown unchanged when the table says stop, so callers see the coded error.
 */
export async function executeWithRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: ExecuteOptions = {},
): Promise<T> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const classify = options.classify ?? defaultClassify;
  const sleep = options.sleep ?? realSleep;
  let reauthInARow = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (err) {
      const decision = decideRetry(classify(err), attempt, policy, options.random);
      const code = err instanceof ConnectorError ? err.code : networkErrorCode(err);
      options.onRetry?.({ attempt, decision, code });
      if (!decision.retry) throw err;
      if (decision.reauth) {
        // A second 401 straight after a fresh login means the credentials are wrong, not expired.
        if (++reauthInARow > 1 || !options.reauth) throw err;
        await options.reauth();
      } else {
        reauthInARow = 0;
      }
      if (decision.waitMs > 0) await sleep(decision.waitMs);
    }
  }
}
