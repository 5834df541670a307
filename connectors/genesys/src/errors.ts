import {
  ConnectorError,
  TRANSIENT_NETWORK_CODES,
  parseRetryAfter,
  type Outcome,
} from '@teachback/connector-kit';

export const GenesysErrorCode = {
  RATE_LIMITED: 'GENESYS.RATE_LIMITED',
  AUTH_FAILED: 'GENESYS.AUTH_FAILED',
  PERMISSION_MISSING: 'GENESYS.PERMISSION_MISSING',
  NOT_FOUND: 'GENESYS.NOT_FOUND',
  BAD_REQUEST: 'GENESYS.BAD_REQUEST',
  CONFLICT: 'GENESYS.CONFLICT',
  PAGING_CAP: 'GENESYS.PAGING_CAP',
  SERVER_ERROR: 'GENESYS.SERVER_ERROR',
  NETWORK: 'GENESYS.NETWORK',
  TIMEOUT: 'GENESYS.TIMEOUT',
  JOB_FAILED: 'GENESYS.JOB_FAILED',
  JOB_TIMEOUT: 'GENESYS.JOB_TIMEOUT',
  HOST_NOT_ALLOWED: 'GENESYS.HOST_NOT_ALLOWED',
  MALFORMED_RESPONSE: 'GENESYS.MALFORMED_RESPONSE',
  CONFIG_INVALID: 'GENESYS.CONFIG_INVALID',
} as const;
export type GenesysErrorCode = (typeof GenesysErrorCode)[keyof typeof GenesysErrorCode];

/** Genesys error bodies name the failure in `code`; we keep only that and the status, never the message text. */
interface ErrorBody {
  code?: unknown;
  status?: unknown;
  message?: unknown;
}

const statusCode = (status: number, platformCode: string | undefined): GenesysErrorCode => {
  if (status === 429) return GenesysErrorCode.RATE_LIMITED;
  if (status === 401) return GenesysErrorCode.AUTH_FAILED;
  if (status === 403) return GenesysErrorCode.PERMISSION_MISSING;
  if (status === 404) return GenesysErrorCode.NOT_FOUND;
  if (status === 409) return GenesysErrorCode.CONFLICT;
  if (status === 400 && platformCode === 'pagination.limit.exceeded') return GenesysErrorCode.PAGING_CAP;
  if (status >= 500) return GenesysErrorCode.SERVER_ERROR;
  return GenesysErrorCode.BAD_REQUEST;
};

function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as Record<string, unknown> & { get?: (n: string) => unknown };
  const v = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

function networkCodeOf(err: unknown): string | undefined {
  let cur: unknown = err;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    // axios reports its own timeout as ECONNABORTED; Node reports socket timeouts as ETIMEDOUT.
    if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return 'TIMEOUT';
    if (typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Turns whatever the SDK rejected with (an extended response `{status, headers, body}` or an axios
 * error) into a coded ConnectorError. The message names the operation and the status only: bodies
 * can echo PHI.
 */
export function toGenesysError(raw: unknown, operation: string): ConnectorError {
  if (raw instanceof ConnectorError) return raw;
  const r = raw as { status?: unknown; headers?: unknown; body?: unknown; response?: unknown } | undefined;
  const response = (r?.response ?? r) as {
    status?: unknown;
    headers?: unknown;
    body?: unknown;
    data?: unknown;
  };
  const status = typeof response?.status === 'number' ? response.status : undefined;
  if (status !== undefined && status >= 400) {
    const body = (response.body ?? response.data) as ErrorBody | undefined;
    let platformCode = body && typeof body.code === 'string' ? body.code : undefined;
    // The paging cap is only recognisable by its message ("Pagination may not exceed 100000
    // results"); it is read for classification and never copied into the error.
    if (
      status === 400 &&
      typeof body?.message === 'string' &&
      /pagination may not exceed/i.test(body.message)
    ) {
      platformCode = 'pagination.limit.exceeded';
    }
    const code = statusCode(status, platformCode);
    const retryAfterMs = parseRetryAfter(header(response.headers, 'retry-after'));
    return new ConnectorError(code, `Genesys ${operation} failed with HTTP ${status}`, {
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      details: { operation, ...(platformCode ? { platformCode } : {}) },
    });
  }
  const net = networkCodeOf(raw);
  if (net) {
    const code = net === 'TIMEOUT' ? GenesysErrorCode.TIMEOUT : GenesysErrorCode.NETWORK;
    return new ConnectorError(code, `Genesys ${operation} failed: ${net}`, {
      cause: raw,
      details: { operation, networkCode: net },
    });
  }
  return new ConnectorError(GenesysErrorCode.SERVER_ERROR, `Genesys ${operation} failed unexpectedly`, {
    cause: raw,
    details: { operation },
  });
}

/** Classifier for the kit's retry table. */
export function classifyGenesysError(err: unknown): Outcome {
  if (err instanceof ConnectorError) {
    const o: Outcome = {};
    if (err.status !== undefined) o.status = err.status;
    if (err.retryAfterMs !== undefined) o.retryAfterMs = err.retryAfterMs;
    const net = err.details?.['networkCode'];
    if (o.status === undefined && typeof net === 'string') o.networkCode = net;
    return o;
  }
  const net = networkCodeOf(err);
  return net ? { networkCode: net } : {};
}
