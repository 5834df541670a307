// A playbook edited through the API reaches the scoring of a worker that is already running.
// Three processes share one PostgreSQL store: `teachback serve` (A) takes the edit over HTTP,
// `teachback worker` (B) scores what each sync brings, and this test drives them: it starts the
// Genesys simulator, queues a sync per day of calls, and reads the scorecards back. B is started
// once, before the edit, and never restarted. Needs a built CLI (`npm test` builds first).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import nock from 'nock';
import { Client } from 'pg';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { saveGenesysConnection } from '@teachback/adapter-jobs';
import type { AccessContext } from '@teachback/core';
import { startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';
import { SignJWT } from 'jose';
import { cliWith } from './support/cli';
import { writeGenesysConnection } from './support/genesys-connection';

jest.setTimeout(240_000);

const BIN = path.resolve(__dirname, '../../adapters/cli/dist/bin.js');
const BASE = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = `tb_catalog2p_${process.pid}`;
const BOSS = `tb_catalog2p_boss_${process.pid}`;
const SESSION_SECRET = 'two-process-session-secret-0123456789';
const ISSUER = 'https://login.two-process.example';
const AUDIENCE = 'teachback';

const admin: AccessContext = {
  actor: {
    kind: 'system',
    id: 'two-process-test',
    tenantId: 'acme',
    roles: ['admin', 'compliance'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'test',
};

async function sql(text: string): Promise<void> {
  const c = new Client({ connectionString: BASE });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/** Starts `teachback <args>` and resolves once its stderr shows `ready`. */
function startCli(
  args: string[],
  env: NodeJS.ProcessEnv,
  ready: RegExp,
): Promise<{ child: ChildProcessWithoutNullStreams; match: RegExpExecArray; log: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { env });
  let err = '';
  child.stdout.resume();
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString('utf8');
      const m = ready.exec(err);
      if (m) resolve({ child, match: m, log: () => err });
    });
    child.once('exit', (code) => reject(new Error(`teachback ${args[0]} exited early (${code}): ${err}`)));
  });
}

async function stop(child: ChildProcessWithoutNullStreams | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Playbook version and criteria of each scorecard of calls started on `day` (UTC). */
async function scorecardsOf(
  store: SqlStore,
  day: string,
): Promise<Array<{ version: string; criteria: string[] }>> {
  const page = await store.interactions.list(
    admin,
    'acme',
    { from: `${day}T00:00:00Z`, to: `${day}T23:59:59Z` },
    { limit: 500 },
  );
  const out: Array<{ version: string; criteria: string[] }> = [];
  for (const s of page.items) {
    const d = await store.interactions.get(admin, 'acme', s.id);
    if (d.scorecard)
      out.push({
        version: `${d.scorecard.playbook.id}@${d.scorecard.playbook.version}`,
        criteria: d.scorecard.findings.map((f) => f.criterionId),
      });
  }
  return out;
}

describe('a playbook saved through the API scores the next job of a running worker', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tb-catalog-2p-'));
  let sim: GenesysSimulator;
  let store: SqlStore;
  let serve: ChildProcessWithoutNullStreams | undefined;
  let worker: ChildProcessWithoutNullStreams | undefined;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    await sql(`CREATE SCHEMA ${SCHEMA}`);
    env = {
      ...process.env,
      TEACHBACK_DATABASE_URL: `${BASE}?schema=${SCHEMA}`,
      TEACHBACK_PGBOSS_SCHEMA: BOSS,
      // Synthetic key for a throw-away database.
      TEACHBACK_MASTER_KEY: 'ef'.repeat(32),
      TEACHBACK_LOG_LEVEL: 'warn',
    };
    sim = await startGenesysSimulator({
      conversations: 24,
      spanHours: 48,
      rateLimitPerMinute: 100_000,
      jobPollsUntilFulfilled: 1,
      evaluationsPerAgentPerDay: 100_000,
    });
    store = await openStore({
      url: env.TEACHBACK_DATABASE_URL!,
      keys: new LocalKeyProvider(Buffer.from(env.TEACHBACK_MASTER_KEY!, 'hex')),
    });
    await store.tenants.create({ id: 'acme', name: 'Acme Health' });
    await store.tenants.createUser(admin, 'acme', { id: 'ada', displayName: 'Ada Admin', roles: ['admin'] });
    const file = path.join(dir, 'genesys.json');
    await writeGenesysConnection(file, sim.url);
    await saveGenesysConnection(store, 'acme', JSON.parse(fs.readFileSync(file, 'utf8')));
  });

  afterAll(async () => {
    await stop(worker);
    await stop(serve);
    await store?.close();
    await sim?.close();
    await sql(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE; DROP SCHEMA IF EXISTS ${BOSS} CASCADE`);
    fs.rmSync(dir, { recursive: true, force: true });
    nock.cleanAll();
    nock.enableNetConnect();
  });

  // Two days per sync: a one-chunk backfill shares its plan's job key (see the report), so it
  // would plan nothing; the day before the simulator's first call is empty.
  const syncDays = async (since: string, until: string) => {
    const r = await cliWith(env as Record<string, string>)(
      'sync',
      '--tenant',
      'acme',
      '--platform',
      'genesys',
      '--runner',
      'distributed',
      '--since',
      since,
      '--until',
      until,
    );
    expect(r.err).toMatch(/errors 0/);
  };

  it('takes the edit in process A and uses it in process B on the next sync, without a restart', async () => {
    // B first: the worker is running before anything is edited, and stays up to the end.
    const b = await startCli(['worker', '--concurrency', '2'], env, /worker started/);
    worker = b.child;
    const a = await startCli(
      ['serve', '--port', '0'],
      {
        ...env,
        TEACHBACK_HOST: '127.0.0.1',
        TEACHBACK_OIDC_ISSUER: ISSUER,
        TEACHBACK_OIDC_AUDIENCE: AUDIENCE,
        TEACHBACK_SESSION_SECRET: SESSION_SECRET,
      },
      /listening on (http:\/\/\S+)/,
    );
    serve = a.child;
    const api = a.match[1]!;

    await syncDays('2026-10-31', '2026-11-02');
    const before = await scorecardsOf(store, '2026-11-01');
    expect(before.length).toBeGreaterThan(3);
    expect(new Set(before.map((s) => s.version))).toEqual(new Set(['healthcare-inbound@1']));

    // The admin edits the playbook through A's API: a new criterion, in force from the 2nd.
    const token = await new SignJWT({ tenant_id: 'acme', tb_ver: 1 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('ada')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(SESSION_SECRET));
    const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
    const v1 = (await (
      await fetch(`${api}/v1/playbooks/healthcare-inbound`, { headers: auth })
    ).json()) as any;
    expect(v1.version).toBe(1);
    const res = await fetch(`${api}/v1/playbooks/healthcare-inbound/versions`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        version: 2,
        note: 'thank the caller at the end',
        effectiveFrom: '2026-11-02',
        playbook: {
          ...v1.playbook,
          criteria: [
            ...v1.playbook.criteria,
            {
              id: 'closing-thanks',
              title: 'Thanks the caller',
              category: 'soft-skill',
              severity: 'low',
              weight: 1,
              tip: 'Thank the caller before ending the call.',
              rule: { require: [{ phrases: ['thanks for choosing northwind health'], speaker: 'agent' }] },
            },
          ],
        },
      }),
    });
    expect(await res.json()).toMatchObject({ version: 2, author: 'ada' });
    expect(res.status).toBe(201);

    // The next job in B, still the same process, scores with version 2.
    await syncDays('2026-11-02', '2026-11-04');
    const after = await scorecardsOf(store, '2026-11-02');
    expect(after.length).toBeGreaterThan(3);
    expect(new Set(after.map((s) => s.version))).toEqual(new Set(['healthcare-inbound@2']));
    expect(after.every((s) => s.criteria.includes('closing-thanks'))).toBe(true);
    expect(before.some((s) => s.criteria.includes('closing-thanks'))).toBe(false);
    expect(worker.exitCode).toBeNull();
  });
});
