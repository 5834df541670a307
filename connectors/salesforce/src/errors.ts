import { ConnectorError, networkErrorCode, parseRetryAfter } from '@teachback/connector-kit';

/**
 * Salesforce error codes we act on, mapped to our stable codes and the HTTP status Salesforce
 * sends with them (jsforce drops the status, so we restore it for the retry table).
 */
const KNOWN: Readonly<Record<string, { code: string; status: number }>> = {
  INVALID_SESSION_ID: { code: 'SALESFORCE.INVALID_SESSION', status: 401 },
  REQUEST_LIMIT_EXCEEDED: { code: 'SALESFORCE.REQUEST_LIMIT_EXCEEDED', status: 403 },
  UNABLE_TO_LOCK_ROW: { code: 'SALESFORCE.UNABLE_TO_LOCK_ROW', status: 400 },
  FIELD_INTEGRITY_EXCEPTION: { code: 'SALESFORCE.FIELD_INTEGRITY', status: 400 },
  REQUIRED_FIELD_MISSING: { code: 'SALESFORCE.FIELD_INTEGRITY', status: 400 },
  STRING_TOO_LONG: { code: 'SALESFORCE.FIELD_INTEGRITY', status: 400 },
  INVALID_FIELD: { code: 'SALESFORCE.INVALID_FIELD', status: 400 },
  MALFORMED_QUERY: { code: 'SALESFORCE.INVALID_QUERY', status: 400 },
  INVALID_TYPE: { code: 'SALESFORCE.INVALID_TYPE', status: 400 },
  INVALID_QUERY_LOCATOR: { code: 'SALESFORCE.INVALID_QUERY_LOCATOR', status: 400 },
  DUPLICATE_VALUE: { code: 'SALESFORCE.DUPLICATE_VALUE', status: 400 },
  MULTIPLE_CHOICES: { code: 'SALESFORCE.DUPLICATE_EXTERNAL_ID', status: 300 },
  NOT_FOUND: { code: 'SALESFORCE.NOT_FOUND', status: 404 },
  INSUFFICIENT_ACCESS_OR_READONLY: { code: 'SALESFORCE.FORBIDDEN', status: 403 },
  INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY: { code: 'SALESFORCE.FORBIDDEN', status: 403 },
  API_DISABLED_FOR_ORG: { code: 'SALESFORCE.FORBIDDEN', status: 403 },
  SERVER_UNAVAILABLE: { code: 'SALESFORCE.SERVER_ERROR', status: 503 },
  INVALID_GRANT: { code: 'SALESFORCE.AUTH_FAILED', status: 400 },
  invalid_grant: { code: 'SALESFORCE.AUTH_FAILED', status: 400 },
  invalid_client_id: { code: 'SALESFORCE.AUTH_FAILED', status: 400 },
};

function httpCodeStatus(errorCode: string): number | undefined {
  const m = /^ERROR_HTTP_(\d{3})$/.exec(errorCode);
  return m ? Number(m[1]) : undefined;
}

/** Reads `errorCode` off jsforce's HttpApiError (its name is the code) or a per-record error. */
function salesforceErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { errorCode?: unknown; statusCode?: unknown; name?: unknown };
  if (typeof e.errorCode === 'string') return e.errorCode;
  if (typeof e.statusCode === 'string') return e.statusCode;
  return undefined;
}

/** Field names only (never values): Salesforce lists the offending fields on record errors. */
function fieldNames(err: unknown): string[] | undefined {
  const data = (err as { data?: unknown } | null)?.data ?? err;
  const fields = (data as { fields?: unknown } | null)?.fields;
  return Array.isArray(fields) && fields.every((f) => typeof f === 'string') ? fields : undefined;
}

/**
 * Turns whatever jsforce threw into a coded ConnectorError. The message names the
 * operation and the Salesforce code, never the platform's message text: that text can quote field
 * values (a duplicate phone number, a patient's name in a validation rule).
 */
export function toSalesforceError(
  err: unknown,
  operation: string,
  response: { status?: number; headers?: Record<string, unknown> } = {},
): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const retryHeader = response.headers?.['retry-after'];
  const retryAfterMs = parseRetryAfter(typeof retryHeader === 'string' ? retryHeader : undefined);
  const timing = retryAfterMs !== undefined ? { retryAfterMs } : {};
  const net = networkErrorCode(err);
  if (net) {
    return new ConnectorError('SALESFORCE.NETWORK', `${operation}: network failure (${net})`, {
      cause: err,
    });
  }
  const sfCode = salesforceErrorCode(err);
  if (sfCode) {
    let known = KNOWN[sfCode];
    const httpStatus = httpCodeStatus(sfCode);
    let reason = sfCode;
    const message = (err as { message?: unknown }).message;
    if (sfCode === 'REQUEST_LIMIT_EXCEEDED' && typeof message === 'string' && /concurrent/i.test(message)) {
      // Too many long-running requests at once: this one clears in seconds, unlike the daily cap.
      reason = 'CONCURRENT_REQUEST_LIMIT';
    }
    if (!known && httpStatus !== undefined) {
      known = {
        code: httpStatus >= 500 ? 'SALESFORCE.SERVER_ERROR' : 'SALESFORCE.HTTP_ERROR',
        status: httpStatus,
      };
    }
    const details: Record<string, unknown> = { reason, salesforceCode: sfCode };
    const fields = fieldNames(err);
    if (fields) details['fields'] = fields;
    // The real HTTP status wins when we saw it; the table is the fallback for jsforce paths
    // (Bulk API) where the response is out of our reach.
    const status = response.status ?? known?.status ?? 400;
    if (status === 429) known = { code: 'SALESFORCE.RATE_LIMITED', status };
    return new ConnectorError(
      known?.code ?? 'SALESFORCE.API_ERROR',
      `${operation}: Salesforce answered ${sfCode}`,
      {
        status,
        cause: stripMessage(err),
        details,
        ...timing,
      },
    );
  }
  const name = errorName(err);
  return new ConnectorError('SALESFORCE.UNEXPECTED', `${operation}: unexpected failure (${name})`, {
    cause: stripMessage(err),
  });
}

/**
 * Keeps the error type for debugging but drops message and payload, which may quote record data.
 */
function stripMessage(err: unknown): Error {
  const name = errorName(err);
  const safe = new Error(`[redacted ${name}]`);
  safe.name = name;
  return safe;
}

/** A per-record failure inside an sObject collection or Bulk API result. */
export interface RecordError {
  code: string;
  salesforceCode: string;
  fields: string[];
}

export function recordError(salesforceCode: string, fields: string[] = []): RecordError {
  return { code: KNOWN[salesforceCode]?.code ?? 'SALESFORCE.RECORD_ERROR', salesforceCode, fields };
}

/** The error's class name, safe across realms (jest sandboxes) and for non-Error throws. */
export function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const name = (err as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '') return name;
  }
  return typeof err;
}
