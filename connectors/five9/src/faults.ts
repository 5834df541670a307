import { ConnectorError } from '@teachback/connector-kit';
import type { OperationType } from './manifest';

/**
 * Five9 fault → coded error. Each row names the WSDL fault element, our code, and whether the
 * retry table should treat it as transient. Messages name the operation and fault, never bodies.
 */
interface FaultRow {
  code: string;
  transient: boolean;
}

export const FAULTS: Readonly<Record<string, FaultRow>> = {
  OperationsLimitExceededFault: { code: 'FIVE9.LIMIT_EXCEEDED', transient: true },
  ResultIsNotReadyFault: { code: 'FIVE9.RESULT_NOT_READY', transient: false },
  SessionClosedFault: { code: 'FIVE9.SESSION_CLOSED', transient: true },
  UserAlreadyLoggedInFault: { code: 'FIVE9.SESSION_CLOSED', transient: true },
  ServiceUnavailableFault: { code: 'FIVE9.SERVICE_UNAVAILABLE', transient: true },
  ConcurrentModificationFault: { code: 'FIVE9.CONCURRENT_MODIFICATION', transient: true },
  InternalImportFault: { code: 'FIVE9.IMPORT_FAILED', transient: true },
  UnknownIdentifierFault: { code: 'FIVE9.UNKNOWN_IDENTIFIER', transient: false },
  ReportNotFoundFault: { code: 'FIVE9.REPORT_NOT_FOUND', transient: false },
  InvalidDateRangeFault: { code: 'FIVE9.INVALID_DATE_RANGE', transient: false },
  IncorrectArgumentFault: { code: 'FIVE9.INCORRECT_ARGUMENT', transient: false },
  MissedArgumentFault: { code: 'FIVE9.MISSED_ARGUMENT', transient: false },
  AccessDisallowedFault: { code: 'FIVE9.ACCESS_DENIED', transient: false },
};

/** Reasons the connector hands the kit's retry table as `policy.transientReasons`. */
export const TRANSIENT_REASONS: readonly string[] = [
  ...new Set(
    Object.values(FAULTS)
      .filter((f) => f.transient)
      .map((f) => f.code),
  ),
];

export interface ParsedFault {
  faultName: string | undefined;
  faultString: string;
  detail: Record<string, unknown>;
}

/** Finds the fault element inside a parsed `<detail>`; Five9 puts exactly one there. */
export function readFault(fault: Record<string, unknown>): ParsedFault {
  const detail = fault['detail'];
  let faultName: string | undefined;
  let body: Record<string, unknown> = {};
  if (detail && typeof detail === 'object') {
    for (const [key, value] of Object.entries(detail as Record<string, unknown>)) {
      faultName = key;
      if (value && typeof value === 'object') body = value as Record<string, unknown>;
      break;
    }
  }
  const fs = fault['faultstring'];
  return { faultName, faultString: typeof fs === 'string' ? fs : '', detail: body };
}

export interface FaultContext {
  operation: string;
  status: number;
  /** Time until the exhausted window resets, from the limiter; becomes the retry wait. */
  limitResetMs?: (operationType: OperationType | undefined) => number | undefined;
}

export function faultToError(parsed: ParsedFault, ctx: FaultContext): ConnectorError {
  const row = parsed.faultName ? FAULTS[parsed.faultName] : undefined;
  const code = row?.code ?? 'FIVE9.FAULT';
  const details: Record<string, unknown> = {
    reason: code,
    operation: ctx.operation,
    fault: parsed.faultName ?? 'unknown',
  };
  let message = `Five9 ${ctx.operation} failed with ${parsed.faultName ?? 'an unknown fault'}`;
  let retryAfterMs: number | undefined;
  if (parsed.faultName === 'OperationsLimitExceededFault') {
    const limit = Number(parsed.detail['limit']);
    const operationType =
      typeof parsed.detail['operationType'] === 'string' ? parsed.detail['operationType'] : '';
    details['limit'] = Number.isFinite(limit) ? limit : undefined;
    details['operationType'] = operationType || undefined;
    message = `Five9 ${ctx.operation} refused: ${operationType || 'operation'} limit of ${details['limit'] ?? '?'} reached`;
    retryAfterMs = ctx.limitResetMs?.(operationType as OperationType);
  }
  if (parsed.faultName === 'InvalidDateRangeFault') {
    details['start'] = parsed.detail['start'];
    details['end'] = parsed.detail['end'];
  }
  const options: ConstructorParameters<typeof ConnectorError>[2] = { status: ctx.status, details };
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  return new ConnectorError(code, message, options);
}

/** A 401 from Five9 is a JBoss HTML page, not a SOAP fault. */
export function authFailed(operation: string, status: number): ConnectorError {
  return new ConnectorError('FIVE9.AUTH_FAILED', `Five9 ${operation} refused the API user's credentials`, {
    status,
    details: { reason: 'FIVE9.AUTH_FAILED', operation },
  });
}

export function unexpectedResponse(operation: string, status: number, why: string): ConnectorError {
  return new ConnectorError('FIVE9.BAD_RESPONSE', `Five9 ${operation} returned ${why} (HTTP ${status})`, {
    status,
    details: { reason: 'FIVE9.BAD_RESPONSE', operation },
  });
}
