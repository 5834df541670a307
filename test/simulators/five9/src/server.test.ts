import { REPORTS, startFive9Simulator, type Five9Simulator } from './server';
import { WsdlContract } from './wsdl-contract';
import { startLoopbackSftp, writeRecordingExport, exportFileName } from './sftp';
import { readdirSync } from 'node:fs';
import SftpClient from 'ssh2-sftp-client';

const contract = WsdlContract.load(process.env['FIVE9_WSDL']);
const auth = 'Basic ' + Buffer.from('api.sync1@clinic.example:secret-one').toString('base64');
const NS = 'http://service.admin.ws.five9.com/';

function env(op: string, inner: string): string {
  return `<?xml version="1.0"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="${NS}"><soapenv:Body><ser:${op}>${inner}</ser:${op}></soapenv:Body></soapenv:Envelope>`;
}

async function post(
  sim: Five9Simulator,
  body: string,
  authorization = auth,
): Promise<{ status: number; text: string }> {
  const res = await fetch(`${sim.url}/wsadmin/v13/AdminWebService`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', Authorization: authorization },
    body,
  });
  return { status: res.status, text: await res.text() };
}

describe('Five9 simulator', () => {
  let sim: Five9Simulator;
  let clock = Date.parse('2026-11-01T12:00:00Z');
  beforeAll(async () => {
    sim = await startFive9Simulator({
      calls: 50,
      limits: { ReportRequest: { perMinute: 2 } },
      now: () => clock,
    });
  });
  afterAll(() => sim.close());

  it('runs the report flow, and every response body follows the WSDL', async () => {
    const time =
      '<time><end>2026-11-02T00:00:00.000-08:00</end><start>2026-10-31T00:00:00.000-07:00</start></time>';
    const run = await post(
      sim,
      env(
        'runReport',
        `<folderName>${REPORTS.custom.folder}</folderName><reportName>${REPORTS.custom.name}</reportName><criteria>${time}</criteria>`,
      ),
    );
    expect(run.status).toBe(200);
    const id = /<return>([^<]+)<\/return>/.exec(run.text)![1]!;
    const early = await post(sim, env('getReportResultCsv', `<identifier>${id}</identifier>`));
    expect(early.text).toContain('ResultIsNotReadyFault');
    expect(
      (await post(sim, env('isReportRunning', `<identifier>${id}</identifier><timeout>5</timeout>`))).text,
    ).toContain('<return>true</return>');
    expect(
      (await post(sim, env('isReportRunning', `<identifier>${id}</identifier><timeout>5</timeout>`))).text,
    ).toContain('<return>false</return>');
    const csv = await post(sim, env('getReportResultCsv', `<identifier>${id}</identifier>`));
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('CALL ID,SESSION ID,TIMESTAMP');
    await post(sim, env('getCallCountersState', ''));
    await post(sim, env('isReportRunning', `<identifier>nope</identifier><timeout>5</timeout>`));
    for (const r of sim.responseLog)
      expect({ op: r.operation, problems: contract.validateEnvelope(r.xml) }).toEqual({
        op: r.operation,
        problems: [],
      });
  });

  it('answers a bad password with the JBoss HTML 401 page', async () => {
    const res = await post(
      sim,
      env('closeSession', ''),
      'Basic ' + Buffer.from('api.sync1@clinic.example:wrong').toString('base64'),
    );
    expect(res.status).toBe(401);
    expect(res.text).toMatch(/^<html>/);
  });

  it('refuses the third runReport in a minute with OperationsLimitExceededFault, then resets at the boundary', async () => {
    clock = Date.parse('2026-11-01T13:00:00Z');
    const body = env(
      'runReport',
      `<folderName>${REPORTS.stock.folder}</folderName><reportName>${REPORTS.stock.name}</reportName><criteria><time><end>2026-11-01T00:00:00-07:00</end><start>2026-10-31T00:00:00-07:00</start></time></criteria>`,
    );
    expect((await post(sim, body)).status).toBe(200);
    expect((await post(sim, body)).status).toBe(200);
    const refused = await post(sim, body);
    expect(refused.status).toBe(500);
    expect(refused.text).toContain('<limit>2</limit>');
    expect(refused.text).toContain('<operationType>ReportRequest</operationType>');
    expect(contract.validateEnvelope(refused.text)).toEqual([]);
    clock += 60_000;
    expect((await post(sim, body)).status).toBe(200);
  });

  it('refuses a second concurrent request for the same API user', async () => {
    const slow = await startFive9Simulator({ calls: 1, responseDelayMs: 100 });
    try {
      const [a, b] = await Promise.all([
        post(slow, env('closeSession', '')),
        post(slow, env('closeSession', '')),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 500]);
      expect(slow.stats.concurrencyRefusals).toBe(1);
    } finally {
      await slow.close();
    }
  });
});

describe('loopback SFTP export', () => {
  it('serves fixture recordings in Five9 export naming over real sshd', async () => {
    const server = await startLoopbackSftp();
    const client = new SftpClient();
    try {
      const sim = await startFive9Simulator({ calls: 10 });
      await sim.close();
      const names = writeRecordingExport(server.exportDir, sim.calls, { owner: server.username });
      expect(names.length).toBeGreaterThan(0);
      expect(readdirSync(server.exportDir).sort()).toEqual([...names].sort());
      expect(names[0]).toBe(exportFileName(sim.calls.find((c) => c.recorded)!));
      await client.connect({
        host: server.host,
        port: server.port,
        username: server.username,
        privateKey: server.privateKey,
      });
      const listed = await client.list(server.exportDir);
      expect(listed.map((f) => f.name).sort()).toEqual([...names].sort());
    } finally {
      await client.end().catch(() => undefined);
      await server.close();
    }
  });
});
