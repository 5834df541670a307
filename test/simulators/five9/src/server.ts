import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { XMLParser } from 'fast-xml-parser';
import { generateCalls, type CallLogOptions, type SimCall } from './call-log';
import {
  CUSTOM_CALL_LOG_COLUMNS,
  STOCK_CALL_LOG_COLUMNS,
  callToCustomRow,
  callToStockRow,
  pacificWallClock,
  renderCsv,
} from './report-format';

/**
 * A real HTTP SOAP endpoint behaving like Five9's AdminWebService for the operations Teachback
 * uses: Basic auth (401 as an HTML page), one request in flight per API user (SessionClosedFault
 * otherwise), per-operation-type limits in fixed minute/hour/day windows with
 * OperationsLimitExceededFault, an async report engine (ids, isReportRunning, ResultIsNotReady),
 * updateCrmRecord, getCallCountersState and closeSession. Fault bodies follow the v13 WSDL.
 */
export type SimOperationType = 'Query' | 'Modify' | 'SingleUpload' | 'ReportRequest' | 'RetrieveReport';

export interface SimWindowLimits {
  perMinute: number;
  perHour: number;
  perDay: number;
}

export const SIM_DEFAULT_LIMITS: Record<SimOperationType, SimWindowLimits> = {
  Query: { perMinute: 450, perHour: 15_000, perDay: 172_800 },
  Modify: { perMinute: 140, perHour: 7_200, perDay: 172_800 },
  SingleUpload: { perMinute: 160, perHour: 7_200, perDay: 172_800 },
  ReportRequest: { perMinute: 16, perHour: 120, perDay: 800 },
  RetrieveReport: { perMinute: 20, perHour: 200, perDay: 1_000 },
};

const OPERATION_TYPE: Record<string, SimOperationType | null> = {
  runReport: 'ReportRequest',
  isReportRunning: 'Query',
  getReportResult: 'RetrieveReport',
  getReportResultCsv: 'RetrieveReport',
  updateCrmRecord: 'SingleUpload',
  getContactRecords: 'Query',
  getCallCountersState: null,
  closeSession: null,
};

export const REPORTS = {
  stock: { folder: 'Call Log Reports', name: 'Call Log' },
  custom: { folder: 'Teachback', name: 'Teachback Call Log' },
} as const;

export type Injection =
  | { kind: 'fault'; fault: string; message?: string; operation?: string; times?: number }
  | { kind: 'status'; status: number; retryAfter?: string; operation?: string; times?: number }
  | { kind: 'reset'; operation?: string; times?: number }
  | { kind: 'delay'; ms: number; operation?: string; times?: number };

export interface Five9SimulatorOptions {
  port?: number;
  seed?: number;
  /** A number of generated calls, or the calls themselves. */
  calls?: number | SimCall[];
  callLog?: Omit<CallLogOptions, 'seed' | 'count'>;
  /** API users and passwords. */
  users?: Record<string, string>;
  limits?: Partial<Record<SimOperationType, Partial<SimWindowLimits>>>;
  /** Clock for limit windows; tests pass a fake one. */
  now?: () => number;
  /** isReportRunning answers "true" this many times per report before "false". */
  pollsUntilReady?: number;
  /** getReportResultCsv answers ResultIsNotReady this many times per report even once done. */
  notReadyAnswers?: number;
  /** Call ids whose report row is written with a broken TIMESTAMP. */
  malformedCallIds?: string[];
  /** getReportResultCsv returns at most this many rows, like Five9's 50,000 cap. */
  csvRowLimit?: number;
  /** Holds each SOAP response this long (makes concurrency observable). */
  responseDelayMs?: number;
  /**
   * Real milliseconds a report takes to run, as on Five9 where a report takes seconds to minutes,
   * longer than a job's time slice. With it isReportRunning long-polls (holds until the report is
   * done or `longPollMaxMs` passes, standing in for its `timeout` seconds) and `pollsUntilReady` is
   * not used.
   */
  reportRunMs?: number;
  /** The longest an isReportRunning long-poll is held (default 100 ms). */
  longPollMaxMs?: number;
}

export interface SimulatorStats {
  requests: number;
  byOperation: Record<string, number>;
  byOperationType: Record<string, number>;
  limitFaults: number;
  concurrencyRefusals: number;
  authFailures: number;
  /** Highest count seen in any one window, per type and window. */
  peak: Record<string, { perMinute: number; perHour: number; perDay: number }>;
  crmUpdates: number;
}

export interface Five9Simulator {
  url: string;
  close(): Promise<void>;
  stats: SimulatorStats;
  calls: SimCall[];
  limits: Record<SimOperationType, SimWindowLimits>;
  inject(injection: Injection): void;
  /** Contact records written by updateCrmRecord, keyed by their key-field values. */
  crmRecords: Map<string, Record<string, string>>;
  /**
   * Called after updateCrmRecord changed a contact and before the answer is sent: a crash test
   * kills the caller here, the window where Five9 holds the update but the caller never learnt of it.
   */
  afterWrite?: (operation: 'updateCrmRecord') => void;
  /** Every SOAP request body received (for contract tests). */
  requestLog: { operation: string; user: string; xml: string }[];
  /** Every SOAP response body sent (for contract tests). */
  responseLog: { operation: string; status: number; xml: string }[];
}

interface ReportJob {
  id: string;
  report: 'stock' | 'custom';
  startMs: number;
  endMs: number;
  pollsLeft: number;
  notReadyLeft: number;
  /** Real time (Date.now) the report is done, when reports take time. */
  readyAtMs?: number;
}

const NS = 'http://service.admin.ws.five9.com/';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function envelope(inner: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
    inner +
    '</soap:Body></soap:Envelope>'
  );
}

export function faultEnvelope(fault: string, detailXml: string, message: string): string {
  return envelope(
    `<soap:Fault><faultcode>soap:Server</faultcode><faultstring>${escapeXml(message)}</faultstring>` +
      `<detail><ns2:${fault} xmlns:ns2="${NS}">${detailXml}</ns2:${fault}></detail></soap:Fault>`,
  );
}

function messageFault(fault: string, message: string): string {
  return faultEnvelope(fault, `<message>${escapeXml(message)}</message>`, message);
}

function responseEnvelope(operation: string, inner: string): string {
  return envelope(`<ns2:${operation}Response xmlns:ns2="${NS}">${inner}</ns2:${operation}Response>`);
}

const JBOSS_401 =
  '<html><head><title>JBoss Web - Error report</title></head><body><h1>HTTP Status 401 - </h1>' +
  '<p><b>type</b> Status report</p><p><b>description</b> This request requires HTTP authentication.</p></body></html>';

/** Start of the Pacific calendar day holding `ms`, found by stepping back to the local midnight. */
export function pacificMidnight(ms: number): number {
  const p = pacificWallClock(ms);
  const sinceMidnight =
    ((Number(p['hour']) * 60 + Number(p['minute'])) * 60 + Number(p['second'])) * 1000 + (ms % 1000);
  let start = ms - sinceMidnight;
  // On DST-change days the wall-clock distance differs from the real one by an hour.
  const check = pacificWallClock(start);
  if (check['hour'] === '23') start += 3_600_000;
  else if (check['hour'] === '01') start -= 3_600_000;
  return start;
}

const xml = new XMLParser({ removeNSPrefix: true, parseTagValue: false, ignoreAttributes: true });

/** Reads an xs:dateTime with or without offset (no offset = Pacific, as Five9 reads it). */
function parseDateTime(text: string): number {
  const ms = Date.parse(text);
  return ms;
}

export async function startFive9Simulator(options: Five9SimulatorOptions = {}): Promise<Five9Simulator> {
  const calls: SimCall[] = Array.isArray(options.calls)
    ? options.calls
    : generateCalls({ ...options.callLog, seed: options.seed ?? 42, count: options.calls ?? 200 });
  const users = options.users ?? {
    'api.sync1@clinic.example': 'secret-one',
    'api.sync2@clinic.example': 'secret-two',
  };
  const now = options.now ?? Date.now;
  const limits = Object.fromEntries(
    Object.entries(SIM_DEFAULT_LIMITS).map(([k, v]) => [
      k,
      { ...v, ...options.limits?.[k as SimOperationType] },
    ]),
  ) as Record<SimOperationType, SimWindowLimits>;
  const malformed = new Set(options.malformedCallIds ?? []);
  const stats: SimulatorStats = {
    requests: 0,
    byOperation: {},
    byOperationType: {},
    limitFaults: 0,
    concurrencyRefusals: 0,
    authFailures: 0,
    peak: {},
    crmUpdates: 0,
  };
  const injections: Injection[] = [];
  const inFlight = new Map<string, number>();
  const windows = new Map<string, { start: number; used: number }>();
  const jobs = new Map<string, ReportJob>();
  const crmRecords = new Map<string, Record<string, string>>();
  const requestLog: Five9Simulator['requestLog'] = [];
  const responseLog: Five9Simulator['responseLog'] = [];
  let nextJob = 1;

  const WINDOW_SIZES = [
    ['perMinute', 60_000],
    ['perHour', 3_600_000],
    ['perDay', 86_400_000],
  ] as const;

  function windowOf(type: string, name: string, size: number): { start: number; used: number } {
    // Five9 resets day counters at the data centre's local midnight (Pacific), not UTC's.
    const start = name === 'perDay' ? pacificMidnight(now()) : Math.floor(now() / size) * size;
    const key = `${type}:${name}`;
    let w = windows.get(key);
    if (!w || w.start !== start) {
      w = { start, used: 0 };
      windows.set(key, w);
    }
    return w;
  }

  /** Returns the exceeded limit, or undefined after counting the call. */
  function count(type: SimOperationType): number | undefined {
    for (const [name, size] of WINDOW_SIZES) {
      if (windowOf(type, name, size).used >= limits[type][name]) return limits[type][name];
    }
    const peak = (stats.peak[type] ??= { perMinute: 0, perHour: 0, perDay: 0 });
    for (const [name, size] of WINDOW_SIZES) {
      const w = windowOf(type, name, size);
      w.used++;
      peak[name] = Math.max(peak[name], w.used);
    }
    return undefined;
  }

  function takeInjection(operation: string): Injection | undefined {
    const idx = injections.findIndex((i) => i.operation === undefined || i.operation === operation);
    if (idx < 0) return undefined;
    const inj = injections[idx]!;
    const left = (inj.times ?? 1) - 1;
    if (left <= 0) injections.splice(idx, 1);
    else injections[idx] = { ...inj, times: left };
    return inj;
  }

  function reportCsv(job: ReportJob): string {
    const rows = calls
      .filter((c) => c.startedAtMs >= job.startMs && c.startedAtMs <= job.endMs)
      .filter((c) => job.report === 'custom' || c.mediaType === 'VOICE')
      .slice(0, options.csvRowLimit ?? 50_000)
      .map((c) => {
        const row = job.report === 'custom' ? callToCustomRow(c) : callToStockRow(c);
        if (malformed.has(c.callId)) row['TIMESTAMP'] = 'not a time';
        return row;
      });
    return renderCsv(job.report === 'custom' ? CUSTOM_CALL_LOG_COLUMNS : STOCK_CALL_LOG_COLUMNS, rows);
  }

  function stillRunning(job: ReportJob): boolean {
    return job.readyAtMs !== undefined && Date.now() < job.readyAtMs;
  }

  /** isReportRunning is a long poll: it answers when the report is done or its timeout passes. */
  async function holdLongPoll(args: Record<string, unknown>): Promise<void> {
    const job = jobs.get(typeof args['identifier'] === 'string' ? args['identifier'] : '');
    if (!job?.readyAtMs) return;
    const timeoutMs = Number(args['timeout'] ?? 0) * 1000;
    const hold = Math.min(job.readyAtMs - Date.now(), timeoutMs, options.longPollMaxMs ?? 100);
    if (hold > 0) await new Promise((r) => setTimeout(r, hold));
  }

  function handle(operation: string, args: Record<string, unknown>): { status: number; body: string } {
    const str = (k: string): string => (typeof args[k] === 'string' ? (args[k] as string) : '');
    switch (operation) {
      case 'runReport': {
        const folder = str('folderName');
        const name = str('reportName');
        const report = (Object.keys(REPORTS) as ('stock' | 'custom')[]).find(
          (k) => REPORTS[k].folder === folder && REPORTS[k].name === name,
        );
        if (!report) {
          return {
            status: 500,
            body: faultEnvelope(
              'ReportNotFoundFault',
              `<reportName>${escapeXml(name)}</reportName>`,
              'Report not found',
            ),
          };
        }
        const time = ((args['criteria'] as Record<string, unknown> | undefined)?.['time'] ?? {}) as Record<
          string,
          string
        >;
        const startMs = parseDateTime(time['start'] ?? '');
        const endMs = parseDateTime(time['end'] ?? '');
        if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
          return {
            status: 500,
            body: faultEnvelope(
              'InvalidDateRangeFault',
              `<end>${escapeXml(time['end'] ?? '')}</end><start>${escapeXml(time['start'] ?? '')}</start>`,
              'Invalid date range',
            ),
          };
        }
        const id = `F9RPT-${String(nextJob++).padStart(6, '0')}`;
        jobs.set(id, {
          id,
          report,
          startMs,
          endMs,
          pollsLeft: options.reportRunMs !== undefined ? 0 : (options.pollsUntilReady ?? 1),
          notReadyLeft: options.notReadyAnswers ?? 0,
          ...(options.reportRunMs !== undefined ? { readyAtMs: Date.now() + options.reportRunMs } : {}),
        });
        return { status: 200, body: responseEnvelope(operation, `<return>${id}</return>`) };
      }
      case 'isReportRunning': {
        const job = jobs.get(str('identifier'));
        if (!job) return { status: 500, body: messageFault('UnknownIdentifierFault', 'Unknown identifier') };
        const running = job.pollsLeft > 0 || stillRunning(job);
        if (job.pollsLeft > 0) job.pollsLeft--;
        return { status: 200, body: responseEnvelope(operation, `<return>${running}</return>`) };
      }
      case 'getReportResultCsv': {
        const job = jobs.get(str('identifier'));
        if (!job) return { status: 500, body: messageFault('UnknownIdentifierFault', 'Unknown identifier') };
        if (job.pollsLeft > 0 || job.notReadyLeft > 0 || stillRunning(job)) {
          if (job.pollsLeft === 0) job.notReadyLeft--;
          return { status: 500, body: messageFault('ResultIsNotReadyFault', 'Result is not ready') };
        }
        return {
          status: 200,
          body: responseEnvelope(operation, `<return>${escapeXml(reportCsv(job))}</return>`),
        };
      }
      case 'getCallCountersState': {
        const states = WINDOW_SIZES.map(([name, size]) => {
          const counters = (Object.keys(limits) as SimOperationType[])
            .map(
              (type) =>
                `<callCounterStates><limit>${limits[type][name]}</limit><operationType>${type}</operationType>` +
                `<value>${windowOf(type, name, size).used}</value></callCounterStates>`,
            )
            .join('');
          return `<return>${counters}<timeout>${size / 1000}</timeout></return>`;
        }).join('');
        return { status: 200, body: responseEnvelope(operation, states) };
      }
      case 'updateCrmRecord': {
        const settings = (args['crmUpdateSettings'] ?? {}) as Record<string, unknown>;
        const mapping = ([] as unknown[]).concat(settings['fieldsMapping'] ?? []) as Record<string, string>[];
        const fields = ([] as unknown[]).concat(
          ((args['record'] ?? {}) as Record<string, unknown>)['fields'] ?? [],
        );
        const values: Record<string, string> = {};
        for (const m of mapping)
          values[m['fieldName']!] = String(fields[Number(m['columnNumber']) - 1] ?? '');
        const key = mapping
          .filter((m) => m['key'] === 'true')
          .map((m) => values[m['fieldName']!])
          .join('|');
        const existed = crmRecords.has(key);
        const addMode = settings['crmAddMode'] === 'ADD_NEW';
        let inserted = 0;
        let updated = 0;
        if (existed) {
          crmRecords.set(key, { ...crmRecords.get(key), ...values });
          updated = 1;
        } else if (addMode) {
          crmRecords.set(key, values);
          inserted = 1;
        }
        stats.crmUpdates++;
        self.afterWrite?.('updateCrmRecord');
        return {
          status: 200,
          body: responseEnvelope(
            operation,
            '<return><success>true</success><uploadDuplicatesCount>0</uploadDuplicatesCount>' +
              '<uploadErrorsCount>0</uploadErrorsCount><warningsCount/>' +
              `<crmRecordsDeleted>0</crmRecordsDeleted><crmRecordsInserted>${inserted}</crmRecordsInserted>` +
              `<crmRecordsUpdated>${updated}</crmRecordsUpdated></return>`,
          ),
        };
      }
      case 'getContactRecords': {
        // Every criterion must equal the contact's field; the answer lists the contact fields once,
        // then each record's values in that order (contactsLookupResult), at most 1000 records.
        const lookup = (args['lookupCriteria'] ?? {}) as Record<string, unknown>;
        const criteria = ([] as unknown[]).concat(lookup['criteria'] ?? []) as Record<string, string>[];
        const matches = [...crmRecords.values()]
          .filter((r) => criteria.every((c) => (r[c['field'] ?? ''] ?? '') === String(c['value'] ?? '')))
          .slice(0, 1000);
        if (matches.length === 0) return { status: 200, body: responseEnvelope(operation, '') };
        const fields = [...new Set(matches.flatMap((r) => Object.keys(r)))];
        const records = matches
          .map(
            (r) =>
              '<records><values>' +
              fields
                .map((f) =>
                  r[f] === undefined
                    ? '<data xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"/>'
                    : `<data>${escapeXml(r[f])}</data>`,
                )
                .join('') +
              '</values></records>',
          )
          .join('');
        return {
          status: 200,
          body: responseEnvelope(
            operation,
            `<return>${fields.map((f) => `<fields>${escapeXml(f)}</fields>`).join('')}${records}</return>`,
          ),
        };
      }
      case 'closeSession':
        return { status: 200, body: responseEnvelope(operation, '') };
      default:
        return { status: 500, body: messageFault('ServerFault', `Operation ${operation} is not simulated`) };
    }
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const send = (
      status: number,
      body: string,
      headers: Record<string, string> = {},
      operation = '?',
    ): void => {
      responseLog.push({ operation, status, xml: body });
      res.writeHead(status, {
        'Content-Type': body.startsWith('<html') ? 'text/html' : 'text/xml; charset=utf-8',
        ...headers,
      });
      res.end(body);
    };
    if (req.method !== 'POST' || !req.url?.startsWith('/wsadmin/v13/AdminWebService')) {
      send(404, '<html><body>Not Found</body></html>');
      return;
    }
    const auth = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    const [user, password] = auth ? Buffer.from(auth[1]!, 'base64').toString('utf8').split(/:(.*)/s) : [];
    let operation = '?';
    let args: Record<string, unknown> = {};
    try {
      const doc = xml.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
      const body = doc['Envelope']?.['Body'] ?? {};
      operation = Object.keys(body)[0] ?? '?';
      const a = body[operation];
      args = a && typeof a === 'object' ? (a as Record<string, unknown>) : {};
    } catch {
      send(400, messageFault('IncorrectArgumentFault', 'Malformed SOAP request'));
      return;
    }
    stats.requests++;
    stats.byOperation[operation] = (stats.byOperation[operation] ?? 0) + 1;
    requestLog.push({ operation, user: user ?? '', xml: text });
    if (!user || users[user] === undefined || users[user] !== password) {
      stats.authFailures++;
      send(401, JBOSS_401, { 'WWW-Authenticate': 'Basic realm="ApplicationRealm"' }, operation);
      return;
    }
    const injection = takeInjection(operation);
    if (injection?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if ((inFlight.get(user) ?? 0) > 0) {
      stats.concurrencyRefusals++;
      send(
        500,
        messageFault('SessionClosedFault', 'Session was closed by a concurrent request'),
        {},
        operation,
      );
      return;
    }
    inFlight.set(user, 1);
    try {
      if (options.responseDelayMs) await new Promise((r) => setTimeout(r, options.responseDelayMs));
      if (injection?.kind === 'delay') await new Promise((r) => setTimeout(r, injection.ms));
      if (res.destroyed) return;
      if (injection?.kind === 'status') {
        if (injection.status === 401) stats.authFailures++;
        send(
          injection.status,
          injection.status === 401 ? JBOSS_401 : `<html><body>HTTP ${injection.status}</body></html>`,
          injection.retryAfter ? { 'Retry-After': injection.retryAfter } : {},
          operation,
        );
        return;
      }
      if (injection?.kind === 'fault') {
        send(500, messageFault(injection.fault, injection.message ?? injection.fault), {}, operation);
        return;
      }
      const type = OPERATION_TYPE[operation];
      if (type) {
        const exceeded = count(type);
        if (exceeded !== undefined) {
          stats.limitFaults++;
          send(
            500,
            faultEnvelope(
              'OperationsLimitExceededFault',
              `<limit>${exceeded}</limit><message>Operations limit exceeded</message><operationType>${type}</operationType>`,
              `${type} operations limit of ${exceeded} exceeded`,
            ),
            {},
            operation,
          );
          return;
        }
        stats.byOperationType[type] = (stats.byOperationType[type] ?? 0) + 1;
      }
      if (operation === 'isReportRunning') await holdLongPoll(args);
      const out = handle(operation, args);
      send(out.status, out.body, {}, operation);
    } finally {
      inFlight.set(user, 0);
    }
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const self: Five9Simulator = {
    url: `http://127.0.0.1:${port}`,
    stats,
    calls,
    limits,
    crmRecords,
    requestLog,
    responseLog,
    inject: (i) => void injections.push(i),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  return self;
}
