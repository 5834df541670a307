import { TeachbackError, isTeachbackError } from '@teachback/core';

/** The HTTP status for each error code family; anything unknown is a 500 with no detail. */
const STATUS_BY_CODE: Record<string, number> = {
  'HTTP.INVALID_REQUEST': 400,
  'HTTP.UNAUTHENTICATED': 401,
  'AUTH.REFUSED': 401,
  'ACCESS.DENIED': 403,
  'STORE.NOT_FOUND': 404,
  'HTTP.NOT_FOUND': 404,
  'STORE.CONFLICT': 409,
  'STORE.INVALID': 400,
  'PLAYBOOK.INVALID': 400,
  'PLAYBOOK.NOT_FOUND': 404,
  'PLAYBOOK.NOT_IN_FORCE': 404,
  'PLAYBOOK.VERSION_EXISTS': 409,
  'MINING.ALREADY_DECIDED': 409,
  'MINING.NOT_ACCEPTED': 409,
  'CONFIG.PLAYBOOK_NOT_FOUND': 404,
  'HTTP.PAYLOAD_TOO_LARGE': 413,
  'HTTP.RATE_LIMITED': 429,
  'SERVER.NOT_CONFIGURED': 501,
  'SERVER.NOT_READY': 503,
  'LIVE.SLOW_DOWN': 429,
  'LIVE.CALL_NOT_STARTED': 409,
  'LIVE.CALL_ENDED': 409,
  'LIVE.CALL_CONFLICT': 409,
  'LIVE.SAFETY_PROMPT': 409,
  'SUMMARY.NO_TRANSCRIPT': 409,
};

export interface ErrorBody {
  error: { code: string; message: string; fields?: string[] };
}

export function httpError(code: string, message: string, details?: Record<string, unknown>): TeachbackError {
  return new TeachbackError(code, message, details ? { details } : {});
}

/**
 * Turns anything thrown by a route into a status and a body safe to send: codes and messages of
 * our own errors (which never carry PHI), and a generic message for anything else.
 */
export function toHttp(err: unknown): { status: number; body: ErrorBody } {
  if (isTeachbackError(err)) {
    const status = STATUS_BY_CODE[err.code] ?? (err.code.endsWith('.INVALID') ? 400 : 500);
    if (status === 500) return internal();
    const fields = Array.isArray(err.details?.fields) ? (err.details.fields as string[]) : undefined;
    // Auth refusals keep their reason out of the response: the audit trail has it.
    const message = err.code === 'AUTH.REFUSED' ? 'session refused' : err.message;
    return { status, body: { error: { code: err.code, message, ...(fields ? { fields } : {}) } } };
  }
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.too.large')
    return {
      status: 413,
      body: { error: { code: 'HTTP.PAYLOAD_TOO_LARGE', message: 'body: larger than allowed' } },
    };
  if (type === 'entity.parse.failed')
    return {
      status: 400,
      body: { error: { code: 'HTTP.INVALID_REQUEST', message: 'body: not valid JSON' } },
    };
  return internal();
}

function internal(): { status: number; body: ErrorBody } {
  return { status: 500, body: { error: { code: 'SERVER.INTERNAL', message: 'internal error' } } };
}
