import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { InteractionRecord } from '@teachback/core';
import { register } from './metrics';
import { cliContext } from './context';
import { operator, withStore } from './store-cli';

const env: Record<string, string> = { TEACHBACK_MASTER_KEY: 'cd'.repeat(32) };
let dir: string;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const program = new Command('teachback').exitOverride();
  register(program, cliContext(env));
  let out = '';
  let err = '';
  const o = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = jest
    .spyOn(process.stderr, 'write')
    .mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  process.exitCode = 0;
  try {
    await program.parseAsync(['node', 'teachback', ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = 0;
  return { code, out, err };
}

const call = (
  n: number,
  at: string,
  cc: InteractionRecord['interaction']['contactCenter'],
): InteractionRecord => ({
  interaction: {
    id: `ix-${n}`,
    source: { platform: 'five9', externalId: `f9-${n}` },
    channel: 'voice',
    direction: 'inbound',
    startedAt: at,
    participants: [
      { role: 'agent', userId: 'ga-alex' },
      { role: 'customer', name: 'Zebulon Quillfeather' },
    ],
    contact: { memberId: 'M-1', phones: [], emails: [] },
    callType: 'billing-insurance',
    ...(cc ? { contactCenter: cc } : {}),
    links: [],
    recordings: [],
    attributes: {},
  },
  escalations: [],
  coaching: [],
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-metrics-cli-'));
  env.TEACHBACK_DATABASE_URL = `sqlite:${join(dir, 'tb.db')}`;
  await withStore(cliContext(env).settings(), async (s) => {
    await s.tenants.create({ id: 'clinic', name: 'Clinic' });
    const admin = operator('clinic', ['admin']);
    await s.tenants.saveTeam(admin, 'clinic', { id: 'team-1', name: 'Front desk' });
    await s.tenants.createUser(admin, 'clinic', {
      id: 'sam',
      displayName: 'Sam Supervisor',
      email: 'sam@clinic.example',
      roles: ['supervisor'],
      teamIds: ['team-1'],
    });
    await s.tenants.createUser(admin, 'clinic', {
      id: 'alex',
      displayName: 'Alex Agent',
      roles: ['agent'],
      teamIds: ['team-1'],
      agentIds: ['ga-alex'],
    });
    const ingest = operator('clinic', ['integration']);
    await s.interactions.save(
      ingest,
      'clinic',
      call(1, '2026-11-16T10:00:00.000Z', { answered: true, waitMs: 30000, handleMs: 240000 }),
    );
    await s.interactions.save(
      ingest,
      'clinic',
      call(2, '2026-11-17T10:00:00.000Z', { abandoned: true, waitMs: 70000 }),
    );
    await s.interactions.save(ingest, 'clinic', call(3, '2026-11-18T10:00:00.000Z', undefined));
    await s.followUps.save(ingest, 'clinic', {
      id: 'fu-1',
      interactionId: 'ix-3',
      owner: 'agent',
      text: "I'll call Zebulon Quillfeather back tomorrow",
      dueAt: '2026-11-19T17:00:00.000Z',
      madeAt: '2026-11-18T10:01:00.000Z',
    });
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('teachback metrics', () => {
  it('has no stale day on metrics-refresh after ordinary writes', async () => {
    const r = await cli('metrics-refresh', '--tenant', 'clinic');
    expect(r.code).toBe(0);
    // Saves keep the day cells current; only migration 12 and bulk loads mark days for a rebuild.
    expect(JSON.parse(r.out)).toEqual({ rebuilt: 0 });
  });

  it('prints csv with the counts behind each rate, missing as an empty cell', async () => {
    const r = await cli(
      'metrics',
      '--tenant',
      'clinic',
      '--from',
      '2026-11-16',
      '--to',
      '2026-11-23',
      '--format',
      'csv',
    );
    expect(r.code).toBe(0);
    const [head, row] = r.out.trim().split('\n');
    const cells = Object.fromEntries(head!.split(',').map((h, i) => [h, row!.split(',')[i]]));
    expect(cells).toMatchObject({
      key: 'ga-alex',
      period: '2026-11-16',
      interactions: '3',
      abandonment_pct: '50',
      abandonment_num: '1',
      abandonment_den: '2',
      abandonment_missing: '1',
      aht_ms: '240000',
      aht_missing: '1',
      asa_ms: '30000',
      csat_pct: '',
      csat_missing: '3',
    });
  });

  it('prints a table with n/a for missing data, and rejects a bad --by', async () => {
    const t = await cli(
      'metrics',
      '--tenant',
      'clinic',
      '--from',
      '2026-11-16',
      '--to',
      '2026-11-23',
      '--by',
      'call-type',
    );
    expect(t.out).toMatch(/billing-insurance\s+2026-11-16\s+3\s+50%\s+n\/a/);
    const bad = await cli(
      'metrics',
      '--tenant',
      'clinic',
      '--from',
      '2026-11-16',
      '--to',
      '2026-11-23',
      '--by',
      'shoe',
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--by must be one of/);
  });
});

describe('teachback follow-ups and digest', () => {
  it('settles the missed promise and puts it in the supervisor digest without PHI', async () => {
    const settled = await cli(
      'follow-ups',
      'settle',
      '--tenant',
      'clinic',
      '--as-of',
      '2026-11-22T00:00:00Z',
    );
    expect(JSON.parse(settled.out)).toEqual([
      { id: 'fu-1', interactionId: 'ix-3', agentId: 'ga-alex', status: 'missed', keptBy: null },
    ]);
    const hook = await cli('digest', '--tenant', 'clinic', '--week', '2026-11-18', '--format', 'webhook');
    const [payload] = JSON.parse(hook.out);
    expect(payload).toMatchObject({
      supervisorId: 'sam',
      week: { from: '2026-11-16T00:00:00.000Z' },
      followUps: { missed: 1 },
    });
    expect(payload.agents[0]).toMatchObject({ agentId: 'ga-alex', name: 'Alex Agent' });
    const mail = await cli('digest', '--tenant', 'clinic', '--week', '2026-11-18');
    expect(mail.out).toContain('Subject: Teachback weekly digest, week of 2026-11-16');
    for (const out of [hook.out, mail.out, settled.out]) expect(out).not.toMatch(/Zebulon|Quillfeather/);
  });

  it('delivers the digest: webhook POST retried through the retry table, signed, and an email in the outbox', async () => {
    const received: { body: string; headers: IncomingHttpHeaders }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ body, headers: req.headers });
        // The first attempt is turned away, as a busy receiver would.
        if (received.length === 1) res.writeHead(503, { 'Retry-After': '0' }).end();
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const outbox = join(dir, 'outbox');
    const secret = 'w'.repeat(40);
    env.TEACHBACK_DIGEST_WEBHOOK_URL = `http://127.0.0.1:${port}/digest`;
    env.TEACHBACK_DIGEST_WEBHOOK_SECRET = secret;
    env.TEACHBACK_DIGEST_OUTBOX = outbox;
    try {
      const r = await cli('digest', '--tenant', 'clinic', '--week', '2026-11-18', '--deliver');
      expect(r.err).toBe('');
      expect(r.out).toContain('1 posted, 1 emailed');
    } finally {
      delete env.TEACHBACK_DIGEST_WEBHOOK_URL;
      delete env.TEACHBACK_DIGEST_WEBHOOK_SECRET;
      delete env.TEACHBACK_DIGEST_OUTBOX;
      await new Promise((r) => server.close(r));
    }
    expect(received).toHaveLength(2);
    const last = received[1]!;
    expect(JSON.parse(last.body)).toMatchObject({ supervisorId: 'sam', followUps: { missed: 1 } });
    expect(last.headers['x-teachback-delivery']).toBe(received[0]!.headers['x-teachback-delivery']);
    const want = createHmac('sha256', secret)
      .update(`${String(last.headers['x-teachback-timestamp'])}.${last.body}`)
      .digest('hex');
    expect(last.headers['x-teachback-signature']).toBe(`sha256=${want}`);
    const files = readdirSync(outbox);
    expect(files).toEqual(['digest-2026-11-16-sam.eml']);
    const mail = readFileSync(join(outbox, files[0]!), 'utf8');
    expect(mail).toContain('To: sam@clinic.example\r\n');
    expect(mail).toContain('Subject: Teachback weekly digest, week of 2026-11-16');
    for (const text of [mail, last.body]) expect(text).not.toMatch(/Zebulon|Quillfeather/);
  });

  it('refuses --deliver with nowhere to deliver to', async () => {
    const r = await cli('digest', '--tenant', 'clinic', '--week', '2026-11-18', '--deliver');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('TEACHBACK_DIGEST_WEBHOOK_URL');
  });

  it('mints a survey link when the definitions hold a secret', async () => {
    const file = join(dir, 'metrics.json');
    writeFileSync(
      file,
      JSON.stringify({ survey: { secret: 'x'.repeat(40), baseUrl: 'https://tb.example.test' } }),
    );
    const r = await cli('survey-link', '--tenant', 'clinic', '--interaction', 'ix-1', '--definitions', file);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).url).toMatch(/^https:\/\/tb\.example\.test\/survey\/[\w-]+\.[\w-]{43}$/);
    const none = await cli('survey-link', '--tenant', 'clinic', '--interaction', 'ix-1');
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/survey.secret/);
  });
});

describe('teachback metrics --ramp', () => {
  const scored = (agent: string, day: string, score: number, n: number): InteractionRecord => ({
    interaction: {
      id: `ramp-${agent}-${day}-${n}`,
      source: { platform: 'five9', externalId: `ramp-${agent}-${day}-${n}` },
      channel: 'voice',
      direction: 'inbound',
      startedAt: `${day}T12:00:00.000Z`,
      participants: [{ role: 'agent', userId: agent }],
      links: [],
      recordings: [],
      attributes: {},
    },
    scorecard: {
      interactionId: `ramp-${agent}-${day}-${n}`,
      playbook: { id: 'healthcare-inbound', version: '1' },
      score,
      compliant: true,
      findings: [],
      needsReview: false,
      reviewReasons: [],
    },
    escalations: [],
    coaching: [],
  });

  it("gives each agent's days to the team median with the window from the settings", async () => {
    await withStore(cliContext(env).settings(), async (s) => {
      const ingest = operator('clinic', ['integration']);
      const calls: Array<[string, string, number]> = [
        ['ga-vet', '2026-11-01', 90],
        ['ga-vet', '2026-11-02', 90],
        ['ga-vet', '2026-11-03', 90],
        ['ga-new', '2026-11-02', 50],
        ['ga-new', '2026-11-03', 70],
        ['ga-new', '2026-11-05', 100],
        ['ga-new', '2026-11-06', 100],
      ];
      for (const [i, [agent, day, score]] of calls.entries())
        await s.interactions.save(ingest, 'clinic', scored(agent, day, score, i));
    });
    env.TEACHBACK_METRICS_RAMP_WINDOW_DAYS = '2';
    let r: Awaited<ReturnType<typeof cli>>;
    try {
      r = await cli(
        'metrics',
        '--tenant',
        'clinic',
        '--from',
        '2026-11-01',
        '--to',
        '2026-11-08',
        '--ramp',
        '--format',
        'json',
      );
    } finally {
      delete env.TEACHBACK_METRICS_RAMP_WINDOW_DAYS;
    }
    expect(r.err).toBe('');
    const rows = JSON.parse(r.out) as Array<{
      agentId: string;
      startDay: string;
      rampDays: number | null;
      teamMedian: number;
    }>;
    // By hand: agent means 90 and (50+70+100+100)/4 = 80, median 85. The new hire's 2-day rolling
    // score is 50, 60, 70, then 100 on 11-05: day 3 from the start on 11-02. The veteran is at 90 on day 0.
    expect(rows.map((x) => [x.agentId, x.startDay, x.rampDays, x.teamMedian])).toEqual([
      ['ga-new', '2026-11-02', 3, 85],
      ['ga-vet', '2026-11-01', 0, 85],
    ]);
    const table = await cli(
      'metrics',
      '--tenant',
      'clinic',
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-08',
      '--ramp',
    );
    expect(table.out.split('\n')[0]).toMatch(/^agent\s+start\s+ramp_days/);
  });
});
