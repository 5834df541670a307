import type { Connection } from '@jsforce/jsforce-node';
import {
  ConnectorError,
  executeWithRetry,
  realSleep,
  type RetryObserver,
  type RetryPolicy,
  type Throttle,
} from '@teachback/connector-kit';
import type { z } from 'zod';
import type { SalesforceSession } from './auth';
import { recordError, toSalesforceError, type RecordError } from './errors';
import { SALESFORCE_MANIFEST, SALESFORCE_RETRY_POLICY } from './manifest';
import { parseCsvRecords, toCsv } from './csv';
import {
  BulkJob,
  CompositeResponse,
  DescribeGlobal,
  OrgLimits,
  QueryPage,
  SaveResults,
  SObjectDescribe,
  SObjectRecord,
} from './raw';

export interface SalesforceClientOptions {
  session: SalesforceSession;
  /** One per (tenant, org credential); every request takes a token first. */
  throttle?: Throttle;
  retry?: Partial<RetryPolicy>;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  onRetry?: RetryObserver;
  /** A request with no answer after this long is abandoned and retried as a network timeout. */
  requestTimeoutMs?: number;
  queryBatchSize?: number;
  bulkPollIntervalMs?: number;
  bulkPollTimeoutMs?: number;
  allowance?: Partial<AllowancePolicy>;
}

/**
 * How we share the org's daily API allowance with everyone else using it. Below `slowDownBelow`
 * (a fraction of the daily maximum still remaining) each request waits longer the closer we get to
 * `reserve`; at `reserve` we stop and leave the rest to the org's own users and integrations.
 */
export interface AllowancePolicy {
  slowDownBelow: number;
  reserve: number;
  maxSlowdownMs: number;
}

const DEFAULT_ALLOWANCE: AllowancePolicy = { slowDownBelow: 0.2, reserve: 0.05, maxSlowdownMs: 5_000 };

export interface UpsertOutcome {
  /** Index of the record in the caller's array. */
  index: number;
  id?: string;
  created?: boolean;
  error?: RecordError;
}

export interface CompositeSubrequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Relative to `/services/data/vXX.X`, e.g. `/sobjects/Task/Teachback_External_Id__c/abc`. */
  url: string;
  referenceId: string;
  body?: unknown;
}

export interface CompositeSubresponse {
  referenceId: string;
  httpStatusCode: number;
  body: unknown;
}

export interface BulkUpsertResult {
  successful: number;
  failed: { index: number; error: RecordError }[];
  /** One per input record, in input order: the same shape `upsertRecords` returns. */
  outcomes: UpsertOutcome[];
}

interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as is (Bulk API CSV uploads); `headers` must name its content type. */
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Every row gets every column: a CSV upload has one header for all rows. */
function withAllColumns(records: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  // A column a record does not have stays empty (unchanged), unlike an explicit null.
  return records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
}

function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Typed Salesforce REST/Bulk client over a jsforce Connection. Every call goes through
 * the kit's retry table (jsforce's own retries are switched off for REST calls so there is one
 * decision), the per-credential throttle and the daily-allowance guard.
 */
export class SalesforceClient {
  /** HTTP requests we sent to the data API (REST and Bulk, retries included). */
  apiCalls = 0;
  /** Requests that waited because the org's daily allowance is running low. */
  slowdowns = 0;
  private apiUsage: { used: number; limit: number } | undefined;
  private readonly allowance: AllowancePolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly policy: Partial<RetryPolicy>;

  constructor(private readonly options: SalesforceClientOptions) {
    this.allowance = { ...DEFAULT_ALLOWANCE, ...options.allowance };
    this.sleep = options.sleep ?? realSleep;
    this.policy = {
      ...options.retry,
      transientReasons: [
        ...SALESFORCE_RETRY_POLICY.transientReasons,
        ...(options.retry?.transientReasons ?? []),
      ],
      reauthReasons: [...SALESFORCE_RETRY_POLICY.reauthReasons, ...(options.retry?.reauthReasons ?? [])],
    };
  }

  /** Last known daily API usage (from the Sforce-Limit-Info header or `limits()`). */
  get dailyApiUsage(): { used: number; limit: number } | undefined {
    return this.apiUsage;
  }

  private retrying<T>(operation: (attempt: number) => Promise<T>): Promise<T> {
    return executeWithRetry(operation, {
      policy: this.policy,
      reauth: () => this.options.session.reauthenticate(),
      sleep: this.sleep,
      ...(this.options.random ? { random: this.options.random } : {}),
      ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
    });
  }

  /** Waits for the throttle and, when the allowance is low, slows down or refuses. */
  private async beforeRequest(operation: string): Promise<void> {
    await this.options.throttle?.take();
    const usage = this.apiUsage;
    if (!usage || usage.limit <= 0) return;
    const remaining = (usage.limit - usage.used) / usage.limit;
    if (remaining <= this.allowance.reserve) {
      throw new ConnectorError(
        'SALESFORCE.API_ALLOWANCE_LOW',
        `${operation}: stopped with ${usage.limit - usage.used} of ${usage.limit} daily API calls left (reserve kept for the org)`,
        { status: 403, details: { reason: 'API_ALLOWANCE_LOW', used: usage.used, limit: usage.limit } },
      );
    }
    if (remaining < this.allowance.slowDownBelow) {
      const depth =
        (this.allowance.slowDownBelow - remaining) / (this.allowance.slowDownBelow - this.allowance.reserve);
      this.slowdowns++;
      await this.sleep(Math.round(this.allowance.maxSlowdownMs * Math.min(1, depth)));
    }
  }

  private noteUsage(conn: Connection): void {
    const usage = conn.limitInfo?.apiUsage;
    if (usage) this.apiUsage = { used: usage.used, limit: usage.limit };
  }

  private async withTimeout<T>(promise: Promise<T>): Promise<T> {
    const ms = this.options.requestTimeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`no answer within ${ms} ms`);
        err.name = 'TimeoutError';
        reject(err);
      }, ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One REST call, retried per the table; the body is validated with `schema`. */
  async request<S extends z.ZodType>(operation: string, req: HttpRequest, schema: S): Promise<z.infer<S>> {
    return this.retrying(async () => this.requestOnce(operation, req, schema));
  }

  private async requestOnce<S extends z.ZodType>(
    operation: string,
    req: HttpRequest,
    schema: S,
  ): Promise<z.infer<S>> {
    const { body } = await this.exchange(operation, req);
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new ConnectorError(
        'SALESFORCE.MALFORMED_RESPONSE',
        `${operation}: unexpected response shape at ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`,
      );
    }
    return parsed.data as z.infer<S>;
  }

  /** One HTTP exchange through the connection: no retry here, the callers wrap it. */
  private async exchange(
    operation: string,
    req: HttpRequest,
    responseType?: string,
  ): Promise<{ body: unknown; headers: Record<string, unknown> }> {
    await this.beforeRequest(operation);
    const conn = await this.options.session.connection();
    this.apiCalls++;
    // jsforce's errors carry the Salesforce errorCode but not the HTTP status or Retry-After, so
    // we watch the response through a thin wrapper around the connection's own transport.
    const seen: { status?: number; headers?: Record<string, unknown> } = {};
    const base = conn._transport;
    const transport = {
      httpRequest: (
        r: Parameters<typeof base.httpRequest>[0],
        o?: Parameters<typeof base.httpRequest>[1],
      ) => {
        const p = base.httpRequest(r, o);
        p.then(
          (res) => {
            seen.status = res.statusCode;
            seen.headers = res.headers;
          },
          () => undefined,
        );
        return p;
      },
    };
    try {
      const headers: Record<string, string> = { ...req.headers };
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const payload = req.rawBody ?? (req.body !== undefined ? JSON.stringify(req.body) : undefined);
      const pending = conn.request(
        { method: req.method, url: req.url, headers, ...(payload !== undefined ? { body: payload } : {}) },
        // One retry decision: ours. jsforce would otherwise retry GETs on its own schedule.
        {
          retry: { maxRetries: 0 },
          transport,
          ...(responseType ? { responseType } : {}),
        } as unknown as Parameters<Connection['request']>[1],
      );
      const body = await this.withTimeout(Promise.resolve(pending));
      return { body, headers: seen.headers ?? {} };
    } catch (err) {
      throw toSalesforceError(err, operation, seen);
    } finally {
      this.noteUsage(conn);
    }
  }

  /**
   * Pages through a SOQL query via nextRecordsUrl with no record cap (core's autoFetchQuery
   * stops at 10,000). Each page is retried on its own, so a failure never restarts the query.
   */
  async *queryPages(
    soql: string,
    options: { batchSize?: number; onTotal?: (totalSize: number) => void } = {},
  ): AsyncGenerator<SObjectRecord[]> {
    const batchSize = options.batchSize ?? this.options.queryBatchSize ?? SALESFORCE_MANIFEST.queryBatchSize;
    const headers = { 'Sforce-Query-Options': `batchSize=${batchSize}` };
    let page = await this.request(
      'query',
      { method: 'GET', url: `/query?q=${encodeURIComponent(soql)}`, headers },
      QueryPage,
    );
    options.onTotal?.(page.totalSize);
    for (;;) {
      yield page.records.map((r) => r as SObjectRecord);
      if (page.done || !page.nextRecordsUrl) return;
      page = await this.request('queryMore', { method: 'GET', url: page.nextRecordsUrl, headers }, QueryPage);
    }
  }

  async queryAll(soql: string, options: { batchSize?: number } = {}): Promise<SObjectRecord[]> {
    const out: SObjectRecord[] = [];
    for await (const page of this.queryPages(soql, options)) out.push(...page);
    return out;
  }

  /** `SELECT COUNT() FROM ...` answered with totalSize: decides REST paging vs Bulk API. */
  async count(soqlCount: string): Promise<number> {
    const page = await this.request(
      'count',
      { method: 'GET', url: `/query?q=${encodeURIComponent(soqlCount)}` },
      QueryPage,
    );
    return page.totalSize;
  }

  /** describeGlobal: every object the integration user can see (one call). */
  async describeGlobal(): Promise<DescribeGlobal> {
    return this.request('describeGlobal', { method: 'GET', url: '/sobjects' }, DescribeGlobal);
  }

  /**
   * Describes several objects through `/composite` (25 per call, one API call each): the
   * capability check costs two calls per sync, not one per object. An object the org does not
   * have comes back as undefined.
   */
  async describeObjects(names: readonly string[]): Promise<Map<string, SObjectDescribe | undefined>> {
    const out = new Map<string, SObjectDescribe | undefined>();
    for (const batch of chunk(names, SALESFORCE_MANIFEST.compositeMaxSubrequests)) {
      const answers = await this.composite(
        batch.map((name, i) => ({ method: 'GET', url: `/sobjects/${name}/describe`, referenceId: `d${i}` })),
        { allOrNone: false },
      );
      batch.forEach((name, i) => {
        const a = answers.find((x) => x.referenceId === `d${i}`);
        if (a?.httpStatusCode === 404) return out.set(name, undefined);
        const parsed = SObjectDescribe.safeParse(a?.body);
        if (!a || a.httpStatusCode >= 300 || !parsed.success) {
          const code = Array.isArray(a?.body)
            ? (a.body as { errorCode?: string }[])[0]?.errorCode
            : undefined;
          throw new ConnectorError(
            `SALESFORCE.${code ?? 'MALFORMED_RESPONSE'}`,
            `describe ${name}: ${code ?? 'unexpected response shape'}`,
            { status: a?.httpStatusCode ?? 500, details: { reason: code ?? 'MALFORMED_RESPONSE' } },
          );
        }
        out.set(name, parsed.data);
      });
    }
    return out;
  }

  /** Org limits; also refreshes the allowance the guard works from. */
  async limits(): Promise<OrgLimits> {
    const limits = await this.request('limits', { method: 'GET', url: '/limits' }, OrgLimits);
    this.apiUsage = {
      used: limits.DailyApiRequests.Max - limits.DailyApiRequests.Remaining,
      limit: limits.DailyApiRequests.Max,
    };
    return limits;
  }

  /**
   * Upserts by external id through sObject collections, 200 records per call. Records that fail
   * with a transient reason (UNABLE_TO_LOCK_ROW) are sent again per the retry table; other
   * per-record failures come back coded in the outcome.
   */
  async upsertRecords(
    sobject: string,
    externalIdField: string,
    records: readonly Record<string, unknown>[],
    options: { allOrNone?: boolean } = {},
  ): Promise<UpsertOutcome[]> {
    const outcomes: UpsertOutcome[] = [];
    const indexed = records.map((record, index) => ({ record, index }));
    for (const batch of chunk(indexed, SALESFORCE_MANIFEST.collectionMaxRecords)) {
      let pending = batch;
      await this.retrying(async () => {
        const results = await this.requestOnce(
          'upsert',
          {
            method: 'PATCH',
            url: `/composite/sobjects/${sobject}/${externalIdField}`,
            body: {
              allOrNone: options.allOrNone ?? false,
              records: pending.map((p) => ({ attributes: { type: sobject }, ...p.record })),
            },
          },
          SaveResults,
        );
        const retryLater: typeof pending = [];
        results.forEach((result, i) => {
          const item = pending[i]!;
          const first = result.errors[0];
          if (result.success) {
            outcomes.push({
              index: item.index,
              ...(result.id ? { id: result.id } : {}),
              created: !!result.created,
            });
          } else if (first && this.policy.transientReasons!.includes(first.statusCode)) {
            retryLater.push(item);
          } else {
            outcomes.push({
              index: item.index,
              error: recordError(first?.statusCode ?? 'UNKNOWN', first?.fields),
            });
          }
        });
        pending = retryLater;
        if (pending.length > 0) {
          const reason = results.find((r) => !r.success)!.errors[0]!.statusCode;
          throw new ConnectorError(
            `SALESFORCE.${reason === 'UNABLE_TO_LOCK_ROW' ? 'UNABLE_TO_LOCK_ROW' : 'TRANSIENT'}`,
            `upsert ${sobject}: ${pending.length} record(s) failed with ${reason}`,
            { status: 400, details: { reason } },
          );
        }
      });
    }
    return outcomes.sort((a, b) => a.index - b.index);
  }

  /**
   * `/composite` for several objects that change together (a score and its coaching task): one
   * API call, all-or-none by default, with `@{ref.id}` references between subrequests.
   */
  async composite(
    subrequests: readonly CompositeSubrequest[],
    options: { allOrNone?: boolean } = {},
  ): Promise<CompositeSubresponse[]> {
    if (subrequests.length > SALESFORCE_MANIFEST.compositeMaxSubrequests) {
      throw new ConnectorError(
        'SALESFORCE.COMPOSITE_TOO_LARGE',
        `composite: ${subrequests.length} subrequests, at most ${SALESFORCE_MANIFEST.compositeMaxSubrequests} allowed`,
      );
    }
    const version = SALESFORCE_MANIFEST.apiVersion;
    return this.retrying(async () => {
      const res = await this.requestOnce(
        'composite',
        {
          method: 'POST',
          url: '/composite',
          body: {
            allOrNone: options.allOrNone ?? true,
            compositeRequest: subrequests.map((s) => ({
              method: s.method,
              url: `/services/data/v${version}${s.url}`,
              referenceId: s.referenceId,
              ...(s.body !== undefined ? { body: s.body } : {}),
            })),
          },
        },
        CompositeResponse,
      );
      // A lock conflict rolls the whole all-or-none request back, so the whole request is retried.
      for (const sub of res.compositeResponse) {
        const errs = Array.isArray(sub.body) ? (sub.body as { errorCode?: string }[]) : [];
        const reason = errs.find(
          (e) => e.errorCode && this.policy.transientReasons!.includes(e.errorCode),
        )?.errorCode;
        if (reason) {
          throw new ConnectorError(`SALESFORCE.${reason}`, `composite: subrequest failed with ${reason}`, {
            status: 400,
            details: { reason },
          });
        }
      }
      return res.compositeResponse.map((s) => ({
        referenceId: s.referenceId,
        httpStatusCode: s.httpStatusCode,
        body: s.body,
      }));
    });
  }

  /**
   * Bulk API 2.0 query for backfills: create the job, poll until it completes, then page the CSV
   * results by Sforce-Locator. Every step is its own retried REST call, so a failure on page 4
   * re-reads page 4 only. Rows come back as strings (empty string = null).
   */
  async bulkQuery(soql: string, options: { pageSize?: number } = {}): Promise<Record<string, string>[]> {
    const job = await this.request(
      'bulkQuery',
      { method: 'POST', url: '/jobs/query', body: { operation: 'query', query: soql } },
      BulkJob,
    );
    if (job.state !== 'JobComplete') await this.waitForJob('query', job.id);
    const rows: Record<string, string>[] = [];
    const pageSize = options.pageSize ?? 50_000;
    let locator: string | undefined;
    do {
      const query = `maxRecords=${pageSize}${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`;
      const page = await this.retrying(() =>
        this.exchange(
          'bulkQueryResults',
          { method: 'GET', url: `/jobs/query/${job.id}/results?${query}`, headers: { Accept: 'text/csv' } },
          'text/plain',
        ),
      );
      for (const row of parseCsvRecords(typeof page.body === 'string' ? page.body : '')) rows.push(row);
      const next = page.headers['sforce-locator'];
      locator = typeof next === 'string' && next !== 'null' && next !== '' ? next : undefined;
    } while (locator);
    return rows;
  }

  /** Polls a Bulk API 2.0 job until it completes; a failed, aborted or overdue job is a coded error. */
  private async waitForJob(kind: 'query' | 'ingest', id: string): Promise<void> {
    const deadline = Date.now() + (this.options.bulkPollTimeoutMs ?? 10 * 60_000);
    for (;;) {
      const info = await this.request(
        `bulk${kind}Status`,
        { method: 'GET', url: `/jobs/${kind}/${id}` },
        BulkJob,
      );
      if (info.state === 'JobComplete') return;
      if (info.state === 'Failed' || info.state === 'Aborted') {
        throw new ConnectorError('SALESFORCE.BULK_JOB_FAILED', `bulk ${kind}: job ended ${info.state}`, {
          details: { jobId: id, state: info.state },
        });
      }
      if (Date.now() > deadline) {
        throw new ConnectorError(
          'SALESFORCE.BULK_JOB_TIMEOUT',
          `bulk ${kind}: job did not complete in time`,
          {
            details: { jobId: id },
          },
        );
      }
      await this.sleep(this.options.bulkPollIntervalMs ?? 1000);
    }
  }

  private async csvResult(operation: string, url: string): Promise<Record<string, string>[]> {
    const page = await this.retrying(() =>
      this.exchange(operation, { method: 'GET', url, headers: { Accept: 'text/csv' } }, 'text/plain'),
    );
    return parseCsvRecords(typeof page.body === 'string' ? page.body : '');
  }

  /**
   * Bulk API 2.0 upsert for large pushes: open a job, upload one CSV, close it, poll, read the
   * successful and failed rows. Each step is a REST call under the retry table. Per-row failures
   * come back coded, never echoed. Null values are sent as `#N/A` (Bulk API's "set to null").
   */
  async bulkUpsert(
    sobject: string,
    externalIdField: string,
    records: readonly Record<string, unknown>[],
  ): Promise<BulkUpsertResult> {
    const job = await this.request(
      'bulkUpsert',
      {
        method: 'POST',
        url: '/jobs/ingest',
        body: {
          object: sobject,
          operation: 'upsert',
          externalIdFieldName: externalIdField,
          contentType: 'CSV',
          lineEnding: 'LF',
        },
      },
      BulkJob,
    );
    const rows = withAllColumns(records);
    const columns = Object.keys(rows[0] ?? {});
    await this.retrying(() =>
      this.exchange('bulkUpsertUpload', {
        method: 'PUT',
        url: `/jobs/ingest/${job.id}/batches`,
        rawBody: toCsv(columns, rows),
        headers: { 'content-type': 'text/csv' },
      }),
    );
    await this.request(
      'bulkUpsertClose',
      { method: 'PATCH', url: `/jobs/ingest/${job.id}`, body: { state: 'UploadComplete' } },
      BulkJob,
    );
    await this.waitForJob('ingest', job.id);
    const ok = await this.csvResult('bulkUpsertResults', `/jobs/ingest/${job.id}/successfulResults`);
    const bad = await this.csvResult('bulkUpsertResults', `/jobs/ingest/${job.id}/failedResults`);
    const byExternalId = new Map(records.map((r, i) => [String(r[externalIdField]), i]));
    const outcomes: UpsertOutcome[] = [];
    for (const row of ok) {
      const index = byExternalId.get(String(row[externalIdField]));
      if (index === undefined) continue;
      outcomes.push({
        index,
        ...(row['sf__Id'] ? { id: row['sf__Id'] } : {}),
        created: row['sf__Created'] === 'true',
      });
    }
    const failed = bad.map((row) => ({
      index: byExternalId.get(String(row[externalIdField])) ?? -1,
      error: recordError((row['sf__Error'] ?? 'UNKNOWN').split(':')[0]!.trim()),
    }));
    for (const f of failed) if (f.index >= 0) outcomes.push({ index: f.index, error: f.error });
    return { successful: ok.length, failed, outcomes: outcomes.sort((a, b) => a.index - b.index) };
  }
}
