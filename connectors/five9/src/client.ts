import {
  ConnectorError,
  DEFAULT_RETRY_POLICY,
  defaultClassify,
  executeWithRetry,
  parseRetryAfter,
  requireSecureUrl,
  type Outcome,
  type RetryObserver,
  type RetryPolicy,
} from '@teachback/connector-kit';
import { CredentialPool, type Five9Credential } from './credential-pool';
import {
  identifierBody,
  isReportRunningBody,
  runReportBody,
  updateCrmRecordBody,
  getContactRecordsBody,
  type RunReportRequest,
  type UpdateCrmRecordRequest,
} from './envelopes';
import { TRANSIENT_REASONS, authFailed, faultToError, readFault, unexpectedResponse } from './faults';
import { OperationLimiter, type CounterWindowState } from './limiter';
import {
  DATA_CENTRES,
  adminServiceUrl,
  operationTypeOf,
  type DataCentre,
  type OperationName,
  type OperationType,
} from './manifest';
import { CallCountersResponse, ContactsLookupResultRaw, CrmImportResultRaw } from './raw-schemas';
import { parseXml, soapEnvelope, type XmlNode } from './xml';

export interface Five9ClientOptions {
  credentials: readonly Five9Credential[];
  /** Defaults to US. */
  dataCentre?: DataCentre;
  /** Overrides the data centre origin, e.g. the simulator's `http://127.0.0.1:port`. */
  baseUrl?: string;
  fetch?: typeof fetch;
  limiter?: OperationLimiter;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Per-request timeout; long-polls add their own timeout on top. */
  requestTimeoutMs?: number;
  onRetry?: RetryObserver;
}

export interface ClientStats {
  /** HTTP requests sent, retries included. */
  requests: number;
  byOperation: Partial<Record<OperationName, number>>;
  byOperationType: Partial<Record<OperationType, number>>;
}

export interface CrmImportResult {
  inserted: number;
  updated: number;
  deleted: number;
}

/**
 * Typed client for Five9 Configuration Web Services v13 (`AdminWebService`, document/literal).
 * Every call: waits for its operation type's limit, borrows an API user from the credential pool
 * (one request in flight per user), sends one envelope, and maps faults to coded errors. Retries
 * are decided by connector-kit's table only.
 */
export class Five9AdminClient {
  readonly endpoint: string;
  readonly limiter: OperationLimiter;
  readonly pool: CredentialPool;
  readonly stats: ClientStats = { requests: 0, byOperation: {}, byOperationType: {} };
  private readonly fetchImpl: typeof fetch;
  private readonly policy: RetryPolicy;
  private readonly options: Five9ClientOptions;

  constructor(options: Five9ClientOptions) {
    this.options = options;
    const origin = options.baseUrl ?? DATA_CENTRES[options.dataCentre ?? 'US'];
    if (!origin)
      throw new ConnectorError('FIVE9.CONFIG_INVALID', 'Five9 dataCentre: must be US, UK, CA or EU');
    if (options.baseUrl !== undefined) requireSecureUrl(options.baseUrl, 'baseUrl', 'FIVE9.CONFIG_INVALID');
    this.endpoint = adminServiceUrl(origin);
    this.pool = new CredentialPool(options.credentials);
    this.limiter = options.limiter ?? new OperationLimiter();
    this.fetchImpl = options.fetch ?? fetch;
    this.policy = {
      ...DEFAULT_RETRY_POLICY,
      ...options.retry,
      transientReasons: [...TRANSIENT_REASONS, ...(options.retry?.transientReasons ?? [])],
    };
  }

  /** Starts a report; returns Five9's identifier for polling. */
  async runReport(req: RunReportRequest): Promise<string> {
    const body = await this.call('runReport', runReportBody(req));
    return requireString(firstReturn(body), 'runReport');
  }

  /** Long-polls up to `timeoutSeconds`; true while the report is still running. */
  async isReportRunning(identifier: string, timeoutSeconds: number): Promise<boolean> {
    const body = await this.call('isReportRunning', isReportRunningBody(identifier, timeoutSeconds), {
      extraTimeoutMs: timeoutSeconds * 1000,
    });
    const value = requireString(firstReturn(body), 'isReportRunning');
    if (value !== 'true' && value !== 'false') {
      throw unexpectedResponse('isReportRunning', 200, 'a non-boolean result');
    }
    return value === 'true';
  }

  async getReportResultCsv(identifier: string): Promise<string> {
    const body = await this.call('getReportResultCsv', identifierBody(identifier));
    const value = firstReturn(body);
    return value === undefined ? '' : requireString(value, 'getReportResultCsv');
  }

  /** Reads the domain's live counters and feeds them to the limiter. Not itself limited. */
  async getCallCountersState(): Promise<CounterWindowState[]> {
    const body = await this.call('getCallCountersState', []);
    const parsed = CallCountersResponse.safeParse(body);
    if (!parsed.success) throw unexpectedResponse('getCallCountersState', 200, 'an unreadable counters body');
    const states = parsed.data.return.map((s) => ({
      timeoutSeconds: Number(s.timeout),
      counters: (s.callCounterStates ?? []).map((c) => ({
        operationType: c.operationType ?? '',
        limit: Number(c.limit),
        value: Number(c.value),
      })),
    }));
    this.limiter.sync(states);
    return states;
  }

  async updateCrmRecord(req: UpdateCrmRecordRequest): Promise<CrmImportResult> {
    const body = await this.call('updateCrmRecord', updateCrmRecordBody(req));
    const parsed = CrmImportResultRaw.safeParse(firstReturn(body) ?? {});
    if (!parsed.success) throw unexpectedResponse('updateCrmRecord', 200, 'an unreadable import result');
    return {
      inserted: Number(parsed.data.crmRecordsInserted ?? 0),
      updated: Number(parsed.data.crmRecordsUpdated ?? 0),
      deleted: Number(parsed.data.crmRecordsDeleted ?? 0),
    };
  }

  /**
   * Contacts whose fields equal every criterion, each as a field → value map (at most 1000). A
   * nil value (`xsi:nil`, an empty field) reads as ''.
   */
  async getContactRecords(
    criteria: readonly { field: string; value: string }[],
  ): Promise<Record<string, string>[]> {
    const body = await this.call('getContactRecords', getContactRecordsBody(criteria));
    const ret = firstReturn(body);
    if (ret === undefined || ret === '') return [];
    const parsed = ContactsLookupResultRaw.safeParse(ret);
    if (!parsed.success) throw unexpectedResponse('getContactRecords', 200, 'an unreadable lookup result');
    const { fields, records } = parsed.data;
    return records.map((r) => {
      const data = r.values[0]?.data ?? [];
      return Object.fromEntries(fields.map((f, i) => [f, typeof data[i] === 'string' ? data[i] : '']));
    });
  }

  /** Releases every pooled user's admin session. */
  async closeSessions(): Promise<void> {
    for (let i = 0; i < this.pool.size; i++) await this.call('closeSession', []);
  }

  /**
   * Sends one operation under the retry table and returns the parsed `<opResponse>` element.
   * Each attempt takes a fresh limiter grant, since Five9 counts refused calls too.
   */
  async call(
    operation: OperationName,
    children: readonly XmlNode[],
    opts: { extraTimeoutMs?: number } = {},
  ): Promise<Record<string, unknown>> {
    const type = operationTypeOf(operation);
    const xml = soapEnvelope(operation, children);
    return executeWithRetry(
      async () => {
        if (type) await this.limiter.acquire(type);
        return this.pool.run((credential) =>
          this.send(operation, type, xml, credential, opts.extraTimeoutMs ?? 0),
        );
      },
      {
        policy: this.policy,
        classify: (err) => this.classify(err),
        ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
        ...(this.options.random ? { random: this.options.random } : {}),
        ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
      },
    );
  }

  private classify(err: unknown): Outcome {
    const outcome = defaultClassify(err);
    // SOAP faults arrive as HTTP 500; only the fault decides whether a retry helps.
    if (err instanceof ConnectorError && err.details?.['fault'] !== undefined) {
      const transient = outcome.reason !== undefined && this.policy.transientReasons.includes(outcome.reason);
      outcome.status = transient ? 503 : 400;
    }
    return outcome;
  }

  private async send(
    operation: OperationName,
    type: OperationType | null,
    xml: string,
    credential: Five9Credential,
    extraTimeoutMs: number,
  ): Promise<Record<string, unknown>> {
    this.stats.requests++;
    this.stats.byOperation[operation] = (this.stats.byOperation[operation] ?? 0) + 1;
    if (type) this.stats.byOperationType[type] = (this.stats.byOperationType[type] ?? 0) + 1;
    const auth = Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64');
    let response: Response;
    try {
      response = await this.fetchImpl(this.endpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'text/xml; charset=utf-8',
          SOAPAction: '""',
          Authorization: `Basic ${auth}`,
        },
        body: xml,
        signal: AbortSignal.timeout((this.options.requestTimeoutMs ?? 60_000) + extraTimeoutMs),
      });
    } catch (cause) {
      throw new ConnectorError('FIVE9.NETWORK', `Five9 ${operation} could not be reached`, {
        cause,
        details: { operation },
      });
    }
    const text = await response.text();
    if (response.status === 401 || response.status === 403) throw authFailed(operation, response.status);
    const looksXml = /^\s*(<\?xml|<([A-Za-z0-9_]+:)?Envelope)/.test(text);
    if (!looksXml) {
      if (response.status >= 500 || response.status === 429 || response.status === 408) {
        const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
        throw new ConnectorError(
          'FIVE9.SERVER_ERROR',
          `Five9 ${operation} failed (HTTP ${response.status})`,
          {
            status: response.status,
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
            details: { operation },
          },
        );
      }
      throw unexpectedResponse(operation, response.status, 'a non-SOAP body');
    }
    let doc: Record<string, unknown>;
    try {
      doc = parseXml(text);
    } catch {
      throw unexpectedResponse(operation, response.status, 'malformed XML');
    }
    const body = asRecord(asRecord(doc['Envelope'])?.['Body']);
    if (!body) throw unexpectedResponse(operation, response.status, 'an envelope without a Body');
    const fault = asRecord(body['Fault']);
    if (fault) {
      const parsed = readFault(fault);
      if (parsed.faultName === 'OperationsLimitExceededFault') {
        const named = parsed.detail['operationType'];
        const exceeded = typeof named === 'string' && named ? (named as OperationType) : type;
        // Mark the window full so every waiter (and the retry wait) respects the boundary.
        if (exceeded) this.limiter.exhaust(exceeded, Number(parsed.detail['limit']));
      }
      throw faultToError(parsed, {
        operation,
        status: response.status,
        limitResetMs: (t) => this.limiter.resetInMs(t || type || undefined),
      });
    }
    if (response.status >= 400) throw unexpectedResponse(operation, response.status, 'an error status');
    const result = asRecord(body[`${operation}Response`]);
    if (!result) throw unexpectedResponse(operation, response.status, `no ${operation}Response`);
    return result;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (value === '') return {};
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function firstReturn(body: Record<string, unknown>): unknown {
  const ret = body['return'];
  return Array.isArray(ret) ? ret[0] : ret;
}

function requireString(value: unknown, operation: string): string {
  if (typeof value !== 'string') throw unexpectedResponse(operation, 200, 'no return value');
  return value;
}
