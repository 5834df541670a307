import { createHash, createPublicKey, createVerify, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseCsv, toCsv } from './csv';
import { syntheticPopulation, salesforceId, type SyntheticPopulation } from './population';
import {
  EXTERNAL_ID_FIELDS,
  FORMULA_FIELDS,
  fieldType,
  fitToSchema,
  orgSchema,
  restDatetime,
  type OrgShape,
} from './org';
import { bulkCallTasks, seedRecords, UPSERTABLE } from './records';
import { parseSoql, runSoql, SoqlError } from './soql';

type Row = Record<string, unknown>;

/** A fault to inject: matched by method and path (the path without the `/services/data/vNN.N` prefix too). */
export interface FaultRule {
  method?: string;
  path?: string | RegExp;
  /** Let this many matching requests through first. */
  skip?: number;
  /** How many matching requests fail (default 1). */
  times?: number;
  respond:
    | { status: number; errorCode?: string; message?: string; retryAfterSeconds?: number; html?: boolean }
    | { kind: 'reset' }
    | { kind: 'hang' }
    /** The request is carried out, then the connection drops before the answer: the client cannot tell. */
    | { kind: 'reset-after' }
    /** Collection upserts: the first `records` records of the batch fail with `errorCode`. */
    | { kind: 'record-error'; errorCode: string; records: number };
}

export interface SalesforceSimulatorOptions {
  port?: number;
  seed?: number;
  population?: SyntheticPopulation;
  faults?: FaultRule[];
  dailyApiLimit?: number;
  apiUsedAtStart?: number;
  /** Largest REST query page (Salesforce: 2,000). `Sforce-Query-Options: batchSize` asks for less. */
  queryPageSize?: number;
  /** Bulk API 2.0 result page size (Sforce-Locator paging). */
  bulkPageSize?: number;
  /** Extra call-log Tasks for backfill tests. */
  bulkTasks?: number;
  /** When set, JWT assertions must be RS256-signed by this key and issued by this client id. */
  jwt?: { clientId: string; publicKeyPem: string };
  /** The connected app the web-server (PKCE) flow accepts. */
  oauthClient?: { clientId: string; clientSecret?: string };
  /** What the org has; default a standard org (see OrgShape). */
  org?: OrgShape;
}

export interface SimulatorStats {
  /** Authenticated `/services/data` requests: what Salesforce counts against the daily allowance. */
  apiCalls: number;
  requests: { method: string; path: string; status: number; at?: number }[];
  tokenGrants: string[];
  bulkQueryJobs: number;
  bulkIngestJobs: number;
  faultsFired: number;
}

export interface SalesforceSimulator {
  url: string;
  population: SyntheticPopulation;
  stats: SimulatorStats;
  close(): Promise<void>;
  inject(rule: FaultRule): void;
  /** Invalidates every access token: the next call answers 401 INVALID_SESSION_ID. */
  expireSessions(): void;
  /** Sets how much of the daily allowance is already used (to test the slow-down). */
  setApiUsage(used: number): void;
  records(sobject: string): Row[];
  /** Adds or replaces records (by Id) in the org, e.g. many sharing one SystemModstamp. */
  putRecords(sobject: string, rows: Row[]): void;
  /** Valid username for JWT / the access token an access-token session can use. */
  username: string;
  issueAccessToken(): string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields: string[] = [],
  ) {
    super(message);
  }
}

const API_PREFIX = /^\/services\/data\/v(\d+\.\d+)/;

function b64url(buf: Buffer): string {
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function startSalesforceSimulator(
  options: SalesforceSimulatorOptions = {},
): Promise<SalesforceSimulator> {
  const population = options.population ?? syntheticPopulation(options.seed ?? 42);
  const store = new Map<string, Map<string, Row>>();
  const schema = orgSchema(options.org);
  const OBJECT_FIELDS = schema.fields;
  const all = seedRecords(population);
  if (options.bulkTasks)
    all['Task'] = [...(all['Task'] ?? []), ...bulkCallTasks(population, options.bulkTasks)];
  const seeded = fitToSchema(all, schema);
  for (const [type, rows] of Object.entries(seeded))
    store.set(type, new Map(rows.map((r) => [String(r['Id']), r])));
  for (const type of Object.keys(OBJECT_FIELDS)) if (!store.has(type)) store.set(type, new Map());

  const faults: (FaultRule & { seen: number; fired: number })[] = (options.faults ?? []).map((f) => ({
    ...f,
    seen: 0,
    fired: 0,
  }));
  const stats: SimulatorStats = {
    apiCalls: 0,
    requests: [],
    tokenGrants: [],
    bulkQueryJobs: 0,
    bulkIngestJobs: 0,
    faultsFired: 0,
  };
  // What the org's daily counter shows: other integrations' usage plus ours.
  let apiUsed = options.apiUsedAtStart ?? 0;
  const dailyLimit = options.dailyApiLimit ?? 100_000;
  const tokens = new Set<string>();
  const refreshTokens = new Set<string>();
  const authCodes = new Map<string, { challenge?: string; redirectUri: string }>();
  const cursors = new Map<string, { rows: Row[]; pos: number }>();
  const queryJobs = new Map<string, { rows: Row[]; columns: string[]; object: string; operation: string }>();
  const ingestJobs = new Map<
    string,
    {
      object: string;
      externalIdFieldName: string;
      state: string;
      csv: string;
      ok: Row[];
      failed: Row[];
      columns: string[];
    }
  >();
  let seq = 0;
  const nextSeq = () => ++seq;
  const user = population.integrationUser;
  let url = '';

  const issueAccessToken = () => {
    const t = `${population.orgId}!SIM${randomBytes(12).toString('hex')}`;
    tokens.add(t);
    return t;
  };

  const now = () => new Date().toISOString();
  const table = (sobject: string) => {
    const t = store.get(sobject);
    if (!t) throw new HttpError(400, 'INVALID_TYPE', `sObject type '${sobject}' is not supported.`);
    return t;
  };
  const typeOfId = (id: string): string | undefined => {
    for (const [type, rows] of store) if (rows.has(id)) return type;
    return undefined;
  };

  function takeFault(method: string, path: string) {
    for (const f of faults) {
      if (f.method && f.method !== method) continue;
      if (
        f.path &&
        !(typeof f.path === 'string' ? path === f.path || path.startsWith(f.path) : f.path.test(path))
      )
        continue;
      f.seen++;
      if (f.seen <= (f.skip ?? 0)) continue;
      if (f.fired >= (f.times ?? 1)) continue;
      f.fired++;
      stats.faultsFired++;
      return f.respond;
    }
    return undefined;
  }

  function project(row: Row, fields: readonly string[], type: string): Row {
    const out: Row = {
      attributes: { type, url: `/services/data/v60.0/sobjects/${type}/${String(row['Id'])}` },
    };
    for (const f of fields) out[f] = restDatetime(row[f] ?? null);
    return out;
  }

  function query(soql: string): { rows: Row[]; fields: string[]; count: boolean; from: string } {
    let q;
    try {
      q = parseSoql(soql);
    } catch (err) {
      if (err instanceof SoqlError) throw new HttpError(400, err.errorCode, err.message);
      throw err;
    }
    const known = OBJECT_FIELDS[q.from];
    if (!known) throw new HttpError(400, 'INVALID_TYPE', `sObject type '${q.from}' is not supported.`);
    try {
      const rows = runSoql(q, table(q.from).values(), new Set(known));
      return {
        rows: q.count ? rows : rows.map((r) => project(r, q.fields, q.from)),
        fields: q.fields,
        count: q.count,
        from: q.from,
      };
    } catch (err) {
      if (err instanceof SoqlError) throw new HttpError(400, err.errorCode, err.message);
      throw err;
    }
  }

  function queryPage(rows: Row[], pos: number, pageSize: number, version: string) {
    const page = rows.slice(pos, pos + pageSize);
    const done = pos + page.length >= rows.length;
    const body: Row = { totalSize: rows.length, done, records: page };
    if (!done) {
      const id = `01gSIM${nextSeq()}`;
      cursors.set(id, { rows, pos: pos + page.length });
      body['nextRecordsUrl'] = `/services/data/v${version}/query/${id}-${pos + page.length}`;
    }
    return body;
  }

  /** The describeGlobal answer: one entry per object the org has (and the user can see). */
  function describeGlobal() {
    return {
      encoding: 'UTF-8',
      maxBatchSize: 200,
      sobjects: Object.keys(OBJECT_FIELDS).map((name) => ({
        name,
        label: name.replace(/__c$/, '').replace(/_/g, ' '),
        custom: name.endsWith('__c'),
        keyPrefix: salesforceId(name, 0).slice(0, 3),
        queryable: true,
        retrieveable: true,
        createable: !schema.readOnly.has(name),
        updateable: !schema.readOnly.has(name),
        deletable: !schema.readOnly.has(name),
        urls: { sobject: `/services/data/v60.0/sobjects/${name}` },
      })),
    };
  }

  const systemField = (obj: string, f: string) =>
    ['Id', 'SystemModstamp', 'CreatedDate', 'Name'].includes(f) || (FORMULA_FIELDS[obj] ?? []).includes(f);

  /** One object's describe: its fields and what this user may do with it. */
  function describe(name: string) {
    const fields = OBJECT_FIELDS[name];
    if (!fields) throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
    const writable = !schema.readOnly.has(name);
    return {
      name,
      custom: name.endsWith('__c'),
      queryable: true,
      createable: writable,
      updateable: writable,
      fields: fields.map((f) => ({
        name: f,
        type: fieldType(name, f),
        externalId: (EXTERNAL_ID_FIELDS[name] ?? []).includes(f),
        idLookup: f === 'Id' || (EXTERNAL_ID_FIELDS[name] ?? []).includes(f),
        nillable: f !== 'Id',
        calculated: (FORMULA_FIELDS[name] ?? []).includes(f),
        createable: writable && !systemField(name, f),
        updateable: writable && !systemField(name, f),
      })),
    };
  }

  /** Validates and writes one record by external id. Returns the save result or throws a record error. */
  function upsertOne(sobject: string, extField: string, record: Row): { id: string; created: boolean } {
    if (schema.readOnly.has(sobject)) {
      throw new HttpError(400, 'INSUFFICIENT_ACCESS_OR_READONLY', `insufficient access rights on ${sobject}`);
    }
    if (!OBJECT_FIELDS[sobject]) {
      throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
    }
    const spec = UPSERTABLE[sobject];
    if (!spec || !spec.externalIds.includes(extField)) {
      throw new HttpError(400, 'INVALID_FIELD', `${extField} is not an external id on ${sobject}`, [
        extField,
      ]);
    }
    const known = new Set(OBJECT_FIELDS[sobject]);
    const values: Row = {};
    for (const [k, v] of Object.entries(record)) {
      if (k === 'attributes') continue;
      if ((FORMULA_FIELDS[sobject] ?? []).includes(k)) {
        throw new HttpError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${k}`, [
          k,
        ]);
      }
      if (!known.has(k) || k === 'SystemModstamp' || k === 'CreatedDate') {
        throw new HttpError(400, 'INVALID_FIELD', `No such column '${k}' on sobject of type ${sobject}`, [k]);
      }
      values[k] = v;
    }
    const key = values[extField];
    if (typeof key !== 'string' || key === '') {
      throw new HttpError(400, 'REQUIRED_FIELD_MISSING', `Required fields are missing: [${extField}]`, [
        extField,
      ]);
    }
    for (const [field, targets] of Object.entries(spec.references)) {
      const ref = values[field];
      if (ref === undefined || ref === null || ref === '') continue;
      const type = typeOfId(String(ref));
      if (!type || !targets.includes(type)) {
        throw new HttpError(
          400,
          'FIELD_INTEGRITY_EXCEPTION',
          `field integrity exception: unknown (${field})`,
          [field],
        );
      }
    }
    const t = table(sobject);
    const existing = [...t.values()].filter((r) => r[extField] === key);
    if (existing.length > 1)
      throw new HttpError(300, 'MULTIPLE_CHOICES', 'more than one record for external id');
    const stamp = now();
    if (existing[0]) {
      Object.assign(existing[0], values, { SystemModstamp: stamp });
      return { id: String(existing[0]['Id']), created: false };
    }
    const id = salesforceId(sobject, 900_000 + nextSeq());
    const fresh: Row = {
      attributes: { type: sobject },
      Id: id,
      ...values,
      SystemModstamp: stamp,
      CreatedDate: stamp,
    };
    if (sobject === 'Teachback_Interaction_Score__c')
      fresh['Name'] = `TIS-${String(t.size + 1).padStart(6, '0')}`;
    t.set(id, fresh);
    return { id, created: true };
  }

  function snapshot(): Map<string, Map<string, Row>> {
    const copy = new Map<string, Map<string, Row>>();
    for (const type of Object.keys(UPSERTABLE)) {
      if (!store.has(type)) continue;
      copy.set(type, new Map([...table(type)].map(([id, r]) => [id, structuredClone(r)])));
    }
    return copy;
  }
  function restore(copy: Map<string, Map<string, Row>>) {
    for (const [type, rows] of copy) store.set(type, rows);
  }

  function collectionUpsert(
    sobject: string,
    extField: string,
    body: unknown,
    fault: FaultRule['respond'] | undefined,
  ) {
    const b = body as { allOrNone?: boolean; records?: Row[] };
    if (!Array.isArray(b?.records)) throw new HttpError(400, 'JSON_PARSER_ERROR', 'records must be an array');
    if (b.records.length > 200) throw new HttpError(400, 'EXCEEDED_ID_LIMIT', 'more than 200 records');
    const before = b.allOrNone ? snapshot() : undefined;
    const lockFirst = fault && 'kind' in fault && fault.kind === 'record-error' ? fault : undefined;
    const results = b.records.map((record, i) => {
      if (lockFirst && i < lockFirst.records) {
        return {
          id: null,
          success: false,
          errors: [{ statusCode: lockFirst.errorCode, message: 'simulated', fields: [] }],
        };
      }
      try {
        const r = upsertOne(sobject, extField, record);
        return { id: r.id, success: true, created: r.created, errors: [] };
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        return {
          id: null,
          success: false,
          errors: [{ statusCode: err.errorCode, message: err.message, fields: err.fields }],
        };
      }
    });
    if (before && results.some((r) => !r.success)) {
      restore(before);
      return results.map((r) =>
        r.success
          ? {
              id: null,
              success: false,
              errors: [
                { statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK', message: 'rolled back', fields: [] },
              ],
            }
          : r,
      );
    }
    return results;
  }

  /** A REST call inside the data API; `path` is relative to `/services/data/vNN.N`. */
  function dataCall(
    method: string,
    path: string,
    search: URLSearchParams,
    body: unknown,
    headers: IncomingMessage['headers'],
    version: string,
    fault: FaultRule['respond'] | undefined,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    let m: RegExpExecArray | null;
    if (method === 'GET' && path === '/limits') {
      return {
        status: 200,
        body: {
          DailyApiRequests: { Max: dailyLimit, Remaining: Math.max(0, dailyLimit - apiUsed) },
          DailyBulkV2QueryJobs: { Max: 10_000, Remaining: 10_000 - stats.bulkQueryJobs },
          DailyBulkApiBatches: { Max: 15_000, Remaining: 15_000 - stats.bulkIngestJobs },
        },
      };
    }
    if (method === 'GET' && (path === '/query' || path === '/queryAll')) {
      const q = search.get('q');
      if (!q) throw new HttpError(400, 'MALFORMED_QUERY', 'q is required');
      const r = query(q);
      if (r.count) return { status: 200, body: { totalSize: r.rows.length, done: true, records: [] } };
      const asked = /batchSize=(\d+)/.exec(String(headers['sforce-query-options'] ?? ''));
      const pageSize = Math.min(options.queryPageSize ?? 2000, asked ? Number(asked[1]) : 2000);
      return { status: 200, body: queryPage(r.rows, 0, pageSize, version) };
    }
    if (method === 'GET' && (m = /^\/query\/(01gSIM\d+)-(\d+)$/.exec(path))) {
      const cursor = cursors.get(m[1]!);
      if (!cursor) throw new HttpError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
      // Locators stay valid for re-reads (a client retrying a lost answer asks again).
      const asked = /batchSize=(\d+)/.exec(String(headers['sforce-query-options'] ?? ''));
      const pageSize = Math.min(options.queryPageSize ?? 2000, asked ? Number(asked[1]) : 2000);
      return { status: 200, body: queryPage(cursor.rows, Number(m[2]), pageSize, version) };
    }
    if (method === 'GET' && (path === '/sobjects' || path === '/sobjects/')) {
      return { status: 200, body: describeGlobal() };
    }
    if (method === 'GET' && (m = /^\/sobjects\/(\w+)\/describe\/?$/.exec(path))) {
      return { status: 200, body: describe(m[1]!) };
    }
    if (method === 'GET' && (m = /^\/sobjects\/(\w+)\/(\w+)$/.exec(path))) {
      const row = table(m[1]!).get(m[2]!);
      if (!row) throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
      return {
        status: 200,
        body: Object.fromEntries(Object.entries(row).map(([k, v]) => [k, restDatetime(v)])),
      };
    }
    if (method === 'PATCH' && (m = /^\/sobjects\/(\w+)\/([a-zA-Z0-9]{15,18})$/.exec(path))) {
      // Update by record id: only fields the object has, the record must exist; 204 No Content.
      const row = table(m[1]!).get(m[2]!);
      if (!row) throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
      const known = new Set(OBJECT_FIELDS[m[1]!] ?? []);
      for (const k of Object.keys((body as Row) ?? {})) {
        if (k === 'attributes') continue;
        if (!known.has(k) || k === 'Id' || k === 'SystemModstamp' || k === 'CreatedDate')
          throw new HttpError(400, 'INVALID_FIELD', `No such column '${k}' on sobject of type ${m[1]}`, [k]);
      }
      for (const [k, v] of Object.entries((body as Row) ?? {})) if (k !== 'attributes') row[k] = v;
      row['SystemModstamp'] = now();
      return { status: 204, body: undefined };
    }
    if (method === 'PATCH' && (m = /^\/composite\/sobjects\/(\w+)\/(\w+)$/.exec(path))) {
      return { status: 200, body: collectionUpsert(m[1]!, m[2]!, body, fault) };
    }
    if (method === 'PATCH' && (m = /^\/sobjects\/(\w+)\/(\w+)\/([^/]+)$/.exec(path))) {
      if (fault && 'kind' in fault && fault.kind === 'record-error')
        throw new HttpError(400, fault.errorCode, 'simulated');
      const r = upsertOne(m[1]!, m[2]!, { ...(body as Row), [m[2]!]: decodeURIComponent(m[3]!) });
      return {
        status: r.created ? 201 : 200,
        body: { id: r.id, success: true, created: r.created, errors: [] },
      };
    }
    if (method === 'POST' && path === '/composite') return composite(body, version);
    if (path.startsWith('/jobs/query')) return bulkQuery(method, path, search, body);
    if (path.startsWith('/jobs/ingest')) return bulkIngest(method, path, body);
    throw new HttpError(404, 'NOT_FOUND', 'The requested resource does not exist');
  }

  function composite(body: unknown, version: string): { status: number; body: unknown } {
    const b = body as {
      allOrNone?: boolean;
      compositeRequest?: { method: string; url: string; referenceId: string; body?: unknown }[];
    };
    const subs = b?.compositeRequest;
    if (!Array.isArray(subs))
      throw new HttpError(400, 'JSON_PARSER_ERROR', 'compositeRequest must be an array');
    if (subs.length > 25) throw new HttpError(400, 'INVALID_BATCH_REQUEST', 'at most 25 subrequests');
    const before = b.allOrNone ? snapshot() : undefined;
    const refs = new Map<string, Row>();
    const resolve = (s: string) =>
      s.replace(/@\{(\w+)\.(\w+)\}/g, (_, ref: string, field: string) => {
        const v = refs.get(ref)?.[field];
        if (v === undefined) throw new HttpError(400, 'INVALID_REFERENCE', 'unresolved reference');
        return String(v);
      });
    const resolveDeep = (v: unknown): unknown =>
      typeof v === 'string'
        ? resolve(v)
        : Array.isArray(v)
          ? v.map(resolveDeep)
          : v && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolveDeep(x)]))
            : v;
    const out: {
      body: unknown;
      httpHeaders: Record<string, string>;
      httpStatusCode: number;
      referenceId: string;
    }[] = [];
    let failed = false;
    for (const sub of subs) {
      if (failed && b.allOrNone) {
        out.push({
          body: [
            {
              errorCode: 'PROCESSING_HALTED',
              message:
                'The transaction was rolled back since another operation in the same transaction failed.',
            },
          ],
          httpHeaders: {},
          httpStatusCode: 400,
          referenceId: sub.referenceId,
        });
        continue;
      }
      try {
        const full = new URL(resolve(sub.url), 'http://x');
        const rel = full.pathname.replace(API_PREFIX, '');
        const fault = takeFault(sub.method, rel);
        if (fault && 'status' in fault)
          throw new HttpError(
            fault.status,
            fault.errorCode ?? `ERROR_HTTP_${fault.status}`,
            fault.message ?? 'simulated',
          );
        const res = dataCall(sub.method, rel, full.searchParams, resolveDeep(sub.body), {}, version, fault);
        if (res.body && typeof res.body === 'object' && !Array.isArray(res.body))
          refs.set(sub.referenceId, res.body as Row);
        out.push({
          // Salesforce answers a 204 subrequest with `"body": null`.
          body: res.body ?? null,
          httpHeaders: {},
          httpStatusCode: res.status,
          referenceId: sub.referenceId,
        });
      } catch (err) {
        if (!(err instanceof HttpError)) throw err;
        failed = true;
        out.push({
          body: [{ errorCode: err.errorCode, message: err.message, fields: err.fields }],
          httpHeaders: {},
          httpStatusCode: err.status,
          referenceId: sub.referenceId,
        });
      }
    }
    if (failed && before) {
      restore(before);
      for (const o of out) {
        if (o.httpStatusCode < 300) {
          o.httpStatusCode = 400;
          o.body = [
            {
              errorCode: 'PROCESSING_HALTED',
              message:
                'The transaction was rolled back since another operation in the same transaction failed.',
            },
          ];
        }
      }
    }
    return { status: 200, body: { compositeResponse: out } };
  }

  function bulkQuery(
    method: string,
    path: string,
    search: URLSearchParams,
    body: unknown,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/jobs/query') {
      const b = body as { query?: string; operation?: string };
      if (!b?.query) throw new HttpError(400, 'INVALIDJOB', 'query is required');
      const r = query(b.query);
      const id = `750SIMQ${nextSeq()}`;
      stats.bulkQueryJobs++;
      queryJobs.set(id, {
        // Bulk API 2.0 CSV writes datetimes as `…000Z`, unlike REST's `+0000`.
        rows: r.rows.map((row) =>
          Object.fromEntries(
            Object.entries(row).map(([k, v]) => [
              k,
              typeof v === 'string' && /T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/.test(v)
                ? v.replace('+0000', 'Z')
                : v,
            ]),
          ),
        ),
        columns: r.fields,
        object: r.from,
        operation: b.operation ?? 'query',
      });
      return {
        status: 200,
        body: {
          id,
          operation: b.operation ?? 'query',
          object: r.from,
          state: 'UploadComplete',
          createdById: user.id,
        },
      };
    }
    if ((m = /^\/jobs\/query\/(\w+)(\/results)?$/.exec(path))) {
      const job = queryJobs.get(m[1]!);
      if (!job) throw new HttpError(404, 'NOT_FOUND', 'job not found');
      if (method === 'DELETE') {
        queryJobs.delete(m[1]!);
        return { status: 204, body: undefined };
      }
      if (!m[2]) {
        return {
          status: 200,
          body: {
            id: m[1],
            operation: job.operation,
            object: job.object,
            state: 'JobComplete',
            numberRecordsProcessed: job.rows.length,
          },
        };
      }
      const start = Number(search.get('locator') ?? '0');
      const size = Math.min(Number(search.get('maxRecords') ?? Infinity), options.bulkPageSize ?? 10_000);
      const page = job.rows.slice(start, start + size);
      const next = start + page.length < job.rows.length ? String(start + page.length) : 'null';
      return {
        status: 200,
        body: toCsv(job.columns, page),
        headers: {
          'content-type': 'text/csv',
          'sforce-locator': next,
          'sforce-numberofrecords': String(page.length),
        },
      };
    }
    throw new HttpError(404, 'NOT_FOUND', 'unknown bulk query resource');
  }

  function bulkIngest(
    method: string,
    path: string,
    body: unknown,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/jobs/ingest') {
      const b = body as { object?: string; operation?: string; externalIdFieldName?: string };
      if (b?.operation !== 'upsert' || !b.object || !b.externalIdFieldName) {
        throw new HttpError(400, 'INVALIDJOB', 'only upsert jobs with an external id are simulated');
      }
      table(b.object);
      const id = `750SIMI${nextSeq()}`;
      stats.bulkIngestJobs++;
      ingestJobs.set(id, {
        object: b.object,
        externalIdFieldName: b.externalIdFieldName,
        state: 'Open',
        csv: '',
        ok: [],
        failed: [],
        columns: [],
      });
      return {
        status: 200,
        body: {
          id,
          object: b.object,
          operation: 'upsert',
          state: 'Open',
          contentUrl: `services/data/v60.0/jobs/ingest/${id}/batches`,
        },
      };
    }
    if (
      (m = /^\/jobs\/ingest\/(\w+)(?:\/(batches|successfulResults|failedResults|unprocessedrecords))?$/.exec(
        path,
      ))
    ) {
      const id = m[1]!;
      const job = ingestJobs.get(id);
      if (!job) throw new HttpError(404, 'NOT_FOUND', 'job not found');
      const info = () => ({
        id,
        object: job.object,
        operation: 'upsert',
        state: job.state,
        numberRecordsProcessed: job.ok.length + job.failed.length,
        numberRecordsFailed: job.failed.length,
      });
      if (m[2] === 'batches' && method === 'PUT') {
        job.csv += String(body ?? '');
        return { status: 201, body: undefined };
      }
      if (!m[2] && method === 'PATCH') {
        const state = (body as { state?: string })?.state;
        if (state === 'UploadComplete') {
          const rows = parseCsv(job.csv);
          job.columns = Object.keys(rows[0] ?? {});
          for (const row of rows) {
            const record: Row = {};
            for (const [k, v] of Object.entries(row)) {
              if (k === 'Id' && (v === '' || v === '#N/A')) continue;
              // Bulk API 2.0: an empty cell leaves the field alone, #N/A sets it to null.
              if (v === '') continue;
              record[k] = v === '#N/A' ? null : v === 'true' ? true : v === 'false' ? false : v;
            }
            try {
              const r = upsertOne(job.object, job.externalIdFieldName, record);
              job.ok.push({ sf__Id: r.id, sf__Created: String(r.created), ...row });
            } catch (err) {
              if (!(err instanceof HttpError)) throw err;
              job.failed.push({ sf__Id: '', sf__Error: `${err.errorCode}:${err.message}`, ...row });
            }
          }
          job.state = 'JobComplete';
        } else if (state === 'Aborted') job.state = 'Aborted';
        return { status: 200, body: info() };
      }
      if (!m[2] && method === 'GET') return { status: 200, body: info() };
      if (!m[2] && method === 'DELETE') {
        ingestJobs.delete(id);
        return { status: 204, body: undefined };
      }
      if (m[2] === 'successfulResults')
        return {
          status: 200,
          body: toCsv(['sf__Id', 'sf__Created', ...job.columns], job.ok),
          headers: { 'content-type': 'text/csv' },
        };
      if (m[2] === 'failedResults')
        return {
          status: 200,
          body: toCsv(['sf__Id', 'sf__Error', ...job.columns], job.failed),
          headers: { 'content-type': 'text/csv' },
        };
      if (m[2] === 'unprocessedrecords')
        return { status: 200, body: toCsv(job.columns, []), headers: { 'content-type': 'text/csv' } };
    }
    throw new HttpError(404, 'NOT_FOUND', 'unknown bulk ingest resource');
  }

  function verifyJwt(assertion: string): string {
    const [h, p, s] = assertion.split('.');
    if (!h || !p || !s) throw new HttpError(400, 'invalid_grant', 'malformed assertion');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as { iss?: string; sub?: string };
    if (options.jwt) {
      const ok = createVerify('RSA-SHA256')
        .update(`${h}.${p}`)
        .verify(createPublicKey(options.jwt.publicKeyPem), Buffer.from(s, 'base64url'));
      if (!ok || claims.iss !== options.jwt.clientId)
        throw new HttpError(400, 'invalid_grant', 'invalid assertion');
    }
    if (claims.sub !== user.username)
      throw new HttpError(400, 'invalid_grant', "user hasn't approved this consumer");
    return claims.sub;
  }

  function tokenResponse(withRefresh: boolean) {
    const body: Row = {
      access_token: issueAccessToken(),
      instance_url: url,
      id: `${url}/id/${population.orgId}/${user.id}`,
      token_type: 'Bearer',
      issued_at: String(Date.now()),
      scope: 'api refresh_token',
      signature: b64url(randomBytes(32)),
    };
    if (withRefresh) {
      const r = `5Aep861SIM${randomBytes(16).toString('hex')}`;
      refreshTokens.add(r);
      body['refresh_token'] = r;
    }
    return body;
  }

  function oauth(
    method: string,
    path: string,
    search: URLSearchParams,
    form: URLSearchParams,
  ): { status: number; body: unknown; headers?: Record<string, string> } {
    if (path === '/services/oauth2/authorize' && method === 'GET') {
      // Stands in for the admin logging in and approving the connected app.
      if (options.oauthClient && search.get('client_id') !== options.oauthClient.clientId) {
        throw new HttpError(400, 'invalid_client_id', 'client identifier invalid');
      }
      const code = `aPrxSIM${randomBytes(12).toString('hex')}`;
      const challenge = search.get('code_challenge') ?? undefined;
      authCodes.set(code, {
        redirectUri: search.get('redirect_uri') ?? '',
        ...(challenge ? { challenge } : {}),
      });
      const to = new URL(search.get('redirect_uri') ?? 'http://localhost/');
      to.searchParams.set('code', code);
      if (search.get('state')) to.searchParams.set('state', search.get('state')!);
      return { status: 302, body: '', headers: { location: to.toString() } };
    }
    if (path === '/services/oauth2/token' && method === 'POST') {
      const grant = form.get('grant_type') ?? '';
      stats.tokenGrants.push(grant);
      if (grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
        verifyJwt(form.get('assertion') ?? '');
        return { status: 200, body: tokenResponse(false) };
      }
      if (grant === 'authorization_code') {
        const entry = authCodes.get(form.get('code') ?? '');
        if (!entry) throw new HttpError(400, 'invalid_grant', 'invalid authorization code');
        authCodes.delete(form.get('code')!);
        if (entry.challenge) {
          const verifier = form.get('code_verifier') ?? '';
          if (b64url(createHash('sha256').update(verifier).digest()) !== entry.challenge) {
            throw new HttpError(400, 'invalid_grant', 'invalid code verifier');
          }
        }
        if (
          options.oauthClient?.clientSecret &&
          form.get('client_secret') !== options.oauthClient.clientSecret
        ) {
          throw new HttpError(400, 'invalid_client', 'invalid client credentials');
        }
        return { status: 200, body: tokenResponse(true) };
      }
      if (grant === 'refresh_token') {
        if (!refreshTokens.has(form.get('refresh_token') ?? ''))
          throw new HttpError(400, 'invalid_grant', 'expired access/refresh token');
        return { status: 200, body: tokenResponse(false) };
      }
      throw new HttpError(400, 'unsupported_grant_type', 'grant type not supported');
    }
    throw new HttpError(404, 'NOT_FOUND', 'unknown oauth resource');
  }

  const authorized = (req: IncomingMessage) => {
    const h = req.headers['authorization'] ?? '';
    const m = /^(?:Bearer|OAuth) (.+)$/.exec(h);
    return !!m && tokens.has(m[1]!);
  };

  const userInfo = () => ({
    sub: `${url}/id/${population.orgId}/${user.id}`,
    user_id: user.id,
    organization_id: population.orgId,
    preferred_username: user.username,
    name: user.name,
    email: user.username,
  });

  async function handle(req: IncomingMessage, res: ServerResponse, raw: string) {
    const method = req.method ?? 'GET';
    // @salesforce/core sends one lookup as `//services/data/...`: collapse before parsing, or
    // URL() would read `services` as a host name.
    const full = new URL((req.url ?? '/').replace(/^\/{2,}/, '/'), 'http://sim');
    const path = full.pathname.replace(/\/{2,}/g, '/');
    let dropAnswer = false;
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      stats.requests.push({ method, path, status: dropAnswer ? 0 : status, at: Date.now() });
      if (dropAnswer) {
        req.socket.destroy();
        return;
      }
      const isText = typeof body === 'string';
      const h: Record<string, string> = {
        'sforce-limit-info': `api-usage=${apiUsed}/${dailyLimit}`,
        ...headers,
      };
      if (body === undefined || status === 204) {
        res.writeHead(status, h).end();
        return;
      }
      if (!h['content-type']) h['content-type'] = isText ? 'text/plain' : 'application/json;charset=UTF-8';
      res.writeHead(status, h).end(isText ? body : JSON.stringify(body));
    };
    try {
      const relPath = path.replace(API_PREFIX, '');
      const fault = takeFault(method, relPath === path ? path : relPath);
      if (fault) {
        if ('kind' in fault && fault.kind === 'reset') {
          stats.requests.push({ method, path, status: 0 });
          req.socket.destroy();
          return;
        }
        if ('kind' in fault && fault.kind === 'hang') {
          stats.requests.push({ method, path, status: 0 });
          return;
        }
        if ('kind' in fault && fault.kind === 'reset-after') dropAnswer = true;
        if ('status' in fault) {
          if (path.startsWith('/services/data')) apiUsed++;
          const headers: Record<string, string> =
            fault.retryAfterSeconds !== undefined ? { 'retry-after': String(fault.retryAfterSeconds) } : {};
          if (fault.html)
            return send(fault.status, '<html><body>Service Unavailable</body></html>', {
              ...headers,
              'content-type': 'text/html',
            });
          if (!fault.errorCode) return send(fault.status, `simulated ${fault.status}`, headers);
          return send(
            fault.status,
            [{ errorCode: fault.errorCode, message: fault.message ?? 'simulated fault' }],
            headers,
          );
        }
      }
      if (path.startsWith('/services/oauth2/') && path !== '/services/oauth2/userinfo') {
        const out = oauth(method, path, full.searchParams, new URLSearchParams(raw));
        return send(out.status, out.body, out.headers);
      }
      if (!authorized(req)) {
        return send(401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]);
      }
      if (path === '/services/oauth2/userinfo' || path.startsWith('/id/')) return send(200, userInfo());
      if (path === '/services/data' || path === '/services/data/') {
        return send(200, [{ label: 'Spring 24', url: '/services/data/v60.0', version: '60.0' }]);
      }
      const vm = API_PREFIX.exec(path);
      if (!vm)
        return send(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
      apiUsed++;
      stats.apiCalls++;
      if (apiUsed > dailyLimit) {
        return send(403, [{ errorCode: 'REQUEST_LIMIT_EXCEEDED', message: 'TotalRequests Limit exceeded.' }]);
      }
      const contentType = String(req.headers['content-type'] ?? '');
      const body = raw === '' ? undefined : contentType.includes('json') ? JSON.parse(raw) : raw;
      const out = dataCall(method, relPath, full.searchParams, body, req.headers, vm[1]!, fault);
      return send(out.status, out.body, out.headers);
    } catch (err) {
      if (err instanceof HttpError) {
        if (path.startsWith('/services/oauth2/'))
          return send(err.status, { error: err.errorCode, error_description: err.message });
        return send(err.status, [{ errorCode: err.errorCode, message: err.message, fields: err.fields }]);
      }
      if (err instanceof SyntaxError)
        return send(400, [{ errorCode: 'JSON_PARSER_ERROR', message: 'malformed JSON' }]);
      return send(500, [{ errorCode: 'UNKNOWN_EXCEPTION', message: 'simulator error' }]);
    }
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void handle(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  // Longer than a client's pause while it writes a large page, so idle keep-alive sockets are
  // not closed under it (that would show up as ECONNRESET retries in backfill tests).
  server.keepAliveTimeout = 65_000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    population,
    stats,
    username: user.username,
    issueAccessToken,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
    inject: (rule) => faults.push({ ...rule, seen: 0, fired: 0 }),
    expireSessions: () => tokens.clear(),
    setApiUsage: (used) => {
      apiUsed = used;
    },
    records: (sobject) => [...table(sobject).values()].map((r) => structuredClone(r)),
    putRecords: (sobject, rows) => {
      const t = table(sobject);
      for (const r of rows) t.set(String(r['Id']), { attributes: { type: sobject }, ...r });
    },
  };
}
