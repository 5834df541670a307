import { ConnectorError } from '@teachback/connector-kit';
import { REPORTS, WsdlContract, startFive9Simulator, type Five9Simulator } from '@teachback/simulator-five9';
import { Five9AdminClient, type Five9ClientOptions } from './client';
import { OperationLimiter } from './limiter';
import { DATA_CENTRES, adminServiceUrl } from './manifest';
import { runReportToCsv } from './report';

const USER1 = { username: 'api.sync1@clinic.example', password: 'secret-one' };
const USER2 = { username: 'api.sync2@clinic.example', password: 'secret-two' };
const contract = WsdlContract.load(process.env['FIVE9_WSDL']);

function client(sim: Five9Simulator, extra: Partial<Five9ClientOptions> = {}) {
  const sleeps: number[] = [];
  const c = new Five9AdminClient({
    credentials: [USER1],
    baseUrl: sim.url,
    random: () => 0.5,
    ...extra,
    sleep: async (ms) => {
      sleeps.push(ms);
      await extra.sleep?.(ms);
    },
  });
  return { c, sleeps };
}

const realWait = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 400)));

async function codeOf(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ConnectorError) return err;
    throw err;
  }
  throw new Error('expected a ConnectorError');
}

describe('Five9AdminClient', () => {
  let sim: Five9Simulator;
  beforeEach(async () => {
    sim = await startFive9Simulator({ calls: 40 });
  });
  afterEach(() => sim.close());

  it('offers the four data centres and the v13 path', () => {
    expect(Object.keys(DATA_CENTRES)).toEqual(['US', 'UK', 'CA', 'EU']);
    expect(new Five9AdminClient({ credentials: [USER1], dataCentre: 'EU' }).endpoint).toBe(
      'https://api.eu.five9.com/wsadmin/v13/AdminWebService',
    );
    expect(adminServiceUrl('http://127.0.0.1:1/')).toBe('http://127.0.0.1:1/wsadmin/v13/AdminWebService');
  });

  it('runs a report end to end, and every request it sent follows the WSDL', async () => {
    const { c } = client(sim);
    const csv = await runReportToCsv(c, {
      folderName: REPORTS.custom.folder,
      reportName: REPORTS.custom.name,
      startMs: Date.parse('2026-10-31T07:00:00Z'),
      endMs: Date.parse('2026-11-02T08:00:00Z'),
    });
    expect(csv.split('\r\n')[0]).toContain('CALL ID,SESSION ID');
    expect(sim.requestLog.map((r) => r.operation)).toEqual([
      'runReport',
      'isReportRunning',
      'isReportRunning',
      'getReportResultCsv',
    ]);
    for (const r of sim.requestLog) expect(contract.validateEnvelope(r.xml)).toEqual([]);
    expect(sim.requestLog[0]!.xml).toContain('<start>2026-10-31T00:00:00.000-07:00</start>');
    expect(sim.requestLog[0]!.xml).toContain('<end>2026-11-01T23:59:59.999-08:00</end>');
    expect(c.stats.byOperationType).toEqual({ ReportRequest: 1, Query: 2, RetrieveReport: 1 });
  });

  it('goes back to polling when the result is not ready yet', async () => {
    await sim.close();
    sim = await startFive9Simulator({ calls: 5, pollsUntilReady: 2, notReadyAnswers: 1 });
    const { c } = client(sim);
    await runReportToCsv(c, {
      folderName: REPORTS.stock.folder,
      reportName: REPORTS.stock.name,
      startMs: 0,
      endMs: 1000,
    });
    expect(sim.requestLog.map((r) => r.operation)).toEqual([
      'runReport',
      'isReportRunning',
      'isReportRunning',
      'isReportRunning',
      'getReportResultCsv',
      'isReportRunning',
      'getReportResultCsv',
    ]);
  });

  describe('faults become coded errors', () => {
    it('OperationsLimitExceededFault → FIVE9.LIMIT_EXCEEDED with limit and operation type', async () => {
      await sim.close();
      let clock = Date.parse('2026-11-01T10:00:30Z');
      sim = await startFive9Simulator({
        calls: 1,
        now: () => clock,
        limits: { ReportRequest: { perMinute: 1 } },
      });
      // The client does not know this domain's lower limit, so the server refuses the second call.
      const { c, sleeps } = client(sim, {
        limiter: new OperationLimiter({ now: () => clock, sleep: async (ms) => void (clock += ms) }),
        sleep: async (ms) => {
          clock += ms;
        },
      });
      const req = {
        folderName: REPORTS.stock.folder,
        reportName: REPORTS.stock.name,
        start: '2026-11-01T00:00:00-07:00',
        end: '2026-11-01T01:00:00-07:00',
      };
      await c.runReport(req);
      await c.runReport(req);
      // Retried once, after waiting exactly to the minute boundary.
      expect(sleeps).toEqual([30_000]);
      expect(sim.stats.limitFaults).toBe(1);
      const noRetry = client(sim, { retry: { maxAttempts: 1 } }).c;
      const err = await codeOf(noRetry.runReport(req));
      expect(err.code).toBe('FIVE9.LIMIT_EXCEEDED');
      expect(err.details).toMatchObject({ limit: 1, operationType: 'ReportRequest', operation: 'runReport' });
    });

    it.each([
      ['ResultIsNotReadyFault', 'FIVE9.RESULT_NOT_READY', 1],
      ['UnknownIdentifierFault', 'FIVE9.UNKNOWN_IDENTIFIER', 1],
      ['IncorrectArgumentFault', 'FIVE9.INCORRECT_ARGUMENT', 1],
      ['SessionClosedFault', 'FIVE9.SESSION_CLOSED', 5],
      ['UserAlreadyLoggedInFault', 'FIVE9.SESSION_CLOSED', 5],
      ['ServiceUnavailableFault', 'FIVE9.SERVICE_UNAVAILABLE', 5],
      ['SomethingNewFault', 'FIVE9.FAULT', 1],
    ])('%s → %s after %i attempt(s)', async (fault, code, attempts) => {
      sim.inject({ kind: 'fault', fault, operation: 'getReportResultCsv', times: 10 });
      const { c } = client(sim);
      const err = await codeOf(c.getReportResultCsv('F9RPT-000001'));
      expect(err.code).toBe(code);
      expect(err.details?.['fault']).toBe(fault);
      expect(sim.stats.byOperation['getReportResultCsv']).toBe(attempts);
      expect(err.message).not.toContain('<');
    });

    it('a 401 HTML page → FIVE9.AUTH_FAILED, without retrying Basic credentials', async () => {
      const c = new Five9AdminClient({ credentials: [{ ...USER1, password: 'wrong' }], baseUrl: sim.url });
      const err = await codeOf(c.getCallCountersState());
      expect(err.code).toBe('FIVE9.AUTH_FAILED');
      expect(err.status).toBe(401);
      expect(err.message).not.toContain('wrong');
      expect(sim.stats.authFailures).toBe(1);
    });
  });

  describe('failure matrix', () => {
    it('429 with Retry-After waits what the server asked, then succeeds', async () => {
      sim.inject({ kind: 'status', status: 429, retryAfter: '7' });
      const { c, sleeps } = client(sim);
      await c.getCallCountersState();
      expect(sleeps).toEqual([7000]);
    });

    it('500 (HTML, no fault) then 200', async () => {
      sim.inject({ kind: 'status', status: 500 });
      const { c, sleeps } = client(sim);
      await c.getCallCountersState();
      expect(sleeps).toHaveLength(1);
      expect(sim.stats.byOperation['getCallCountersState']).toBe(2);
    });

    it('ECONNRESET is retried', async () => {
      sim.inject({ kind: 'reset', times: 2 });
      const { c, sleeps } = client(sim);
      await c.getCallCountersState();
      expect(sleeps).toHaveLength(2);
    });

    it('a timeout is retried', async () => {
      sim.inject({ kind: 'delay', ms: 300 });
      // Real waits here: the simulator still holds the user's first request until it finishes.
      const { c, sleeps } = client(sim, { requestTimeoutMs: 100, sleep: realWait });
      await c.getCallCountersState();
      expect(sleeps).toHaveLength(1);
    });

    it('a 401 in the middle of a run is reported, not looped on', async () => {
      sim.inject({ kind: 'status', status: 401 });
      const { c } = client(sim);
      expect((await codeOf(c.getCallCountersState())).code).toBe('FIVE9.AUTH_FAILED');
    });

    it('a malformed body is FIVE9.BAD_RESPONSE', async () => {
      const fake: typeof fetch = async () =>
        new Response('<?xml version="1.0"?><soap:Envelope><soap:Body>', { status: 200 });
      const c = new Five9AdminClient({ credentials: [USER1], baseUrl: sim.url, fetch: fake });
      expect((await codeOf(c.getCallCountersState())).code).toBe('FIVE9.BAD_RESPONSE');
    });
  });

  describe('credential pool', () => {
    it('keeps one request in flight per API user, so Five9 never refuses for concurrency', async () => {
      await sim.close();
      sim = await startFive9Simulator({ calls: 1, responseDelayMs: 20 });
      const { c } = client(sim, { credentials: [USER1, USER2] });
      await Promise.all(Array.from({ length: 12 }, () => c.getCallCountersState()));
      expect(sim.stats.concurrencyRefusals).toBe(0);
      const users = new Set(sim.requestLog.map((r) => r.user));
      expect(users).toEqual(new Set([USER1.username, USER2.username]));
    });

    it('without the pool (two clients sharing a user) Five9 refuses, and the retry table recovers', async () => {
      await sim.close();
      sim = await startFive9Simulator({ calls: 1, responseDelayMs: 20 });
      const a = client(sim, { sleep: realWait }).c;
      const b = client(sim, { sleep: realWait }).c;
      await Promise.all([a.getCallCountersState(), b.getCallCountersState()]);
      expect(sim.stats.concurrencyRefusals).toBeGreaterThanOrEqual(1);
      expect(sim.stats.byOperation['getCallCountersState']).toBe(2 + sim.stats.concurrencyRefusals);
    });

    it('rejects an empty or duplicated credential list', () => {
      expect(() => new Five9AdminClient({ credentials: [] })).toThrow('at least one API user');
      expect(() => new Five9AdminClient({ credentials: [USER1, USER1] })).toThrow('only once');
    });
  });

  it('updateCrmRecord writes contact fields and reads the import result', async () => {
    const { c } = client(sim);
    const fieldsMapping = [
      { columnNumber: 1, fieldName: 'number1', key: true },
      { columnNumber: 2, fieldName: 'tb_score', key: false },
    ];
    expect(
      await c.updateCrmRecord({ fieldsMapping, fields: ['5550100001', '91'], crmAddMode: 'ADD_NEW' }),
    ).toEqual({
      inserted: 1,
      updated: 0,
      deleted: 0,
    });
    expect(await c.updateCrmRecord({ fieldsMapping, fields: ['5550100001', '64'] })).toEqual({
      inserted: 0,
      updated: 1,
      deleted: 0,
    });
    expect(sim.crmRecords.get('5550100001')).toEqual({ number1: '5550100001', tb_score: '64' });
  });
});

describe('OperationLimiter', () => {
  it('never grants more than a window allows, waiting for the boundary', async () => {
    let clock = Date.parse('2026-11-01T10:00:10Z');
    const limiter = new OperationLimiter({ now: () => clock, sleep: async (ms) => void (clock += ms) });
    const grants: number[] = [];
    for (let i = 0; i < 40; i++) {
      await limiter.acquire('ReportRequest');
      grants.push(clock);
    }
    const perMinute = new Map<number, number>();
    for (const t of grants)
      perMinute.set(Math.floor(t / 60_000), (perMinute.get(Math.floor(t / 60_000)) ?? 0) + 1);
    expect(Math.max(...perMinute.values())).toBe(16);
    expect(perMinute.size).toBe(3);
  });

  it('respects the hour and day windows too', async () => {
    let clock = Date.parse('2026-11-01T10:00:00Z');
    const limiter = new OperationLimiter({
      now: () => clock,
      sleep: async (ms) => void (clock += ms),
      limits: { RetrieveReport: { perMinute: 20, perHour: 30, perDay: 45 } },
    });
    const grants: number[] = [];
    for (let i = 0; i < 50; i++) {
      await limiter.acquire('RetrieveReport');
      grants.push(clock);
    }
    const hour = (t: number) => Math.floor(t / 3_600_000);
    const day = (t: number) => Math.floor(t / 86_400_000);
    const count = (f: (t: number) => number) => {
      const m = new Map<number, number>();
      for (const t of grants) m.set(f(t), (m.get(f(t)) ?? 0) + 1);
      return Math.max(...m.values());
    };
    expect(count(hour)).toBe(30);
    expect(count(day)).toBe(45);
    expect(limiter.granted.get('RetrieveReport')).toBe(50);
  });

  it('adopts the server counters and limits from getCallCountersState', async () => {
    let clock = Date.parse('2026-11-01T10:00:10Z');
    const sim = await startFive9Simulator({
      calls: 1,
      now: () => clock,
      limits: { RetrieveReport: { perMinute: 3 } },
    });
    try {
      const limiter = new OperationLimiter({ now: () => clock, sleep: async (ms) => void (clock += ms) });
      const c = new Five9AdminClient({ credentials: [USER1], baseUrl: sim.url, limiter });
      // Someone else on the domain already used two of the three.
      const other = new Five9AdminClient({
        credentials: [USER2],
        baseUrl: sim.url,
        retry: { maxAttempts: 1 },
      });
      await codeOf(other.getReportResultCsv('x'));
      await codeOf(other.getReportResultCsv('y'));
      await c.getCallCountersState();
      expect(limiter.limitsFor('RetrieveReport')?.perMinute).toBe(3);
      expect(limiter.resetInMs('RetrieveReport')).toBe(0);
      await codeOf(c.getReportResultCsv('z'));
      expect(limiter.resetInMs('RetrieveReport')).toBe(50_000);
      expect(sim.stats.limitFaults).toBe(0);
    } finally {
      await sim.close();
    }
  });
});
