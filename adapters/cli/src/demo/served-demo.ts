import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  TeachbackError,
  type AccessContext,
  type RecordingTranscriber,
  type Role,
  type Transcript,
} from '@teachback/core';
import { checkArea, metricsDefinitionsFor, type MetricsSettings } from '@teachback/config';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import { MemoryReplayGuard, MemoryScheduler } from '@teachback/adapter-genesys';
import { connectPlatform, openRunner, syncStatus } from '@teachback/adapter-jobs';
import { createLogger } from '@teachback/adapter-logger';
import {
  five9ConnectorKey,
  hashApiKey,
  issueSessionToken,
  startServer,
  type RunningServer,
} from '@teachback/adapter-server';
// Only the CLI's demo mode may load the simulators (layering rule); they stand in for Genesys.
import { AGENTS, startGenesysSimulator, type GenesysSimulator } from '@teachback/simulator-genesys';
import { DEMO_QUEUE_IDS, demoPopulation, genesysCalls, type DemoPopulation } from './population';

export const DEMO_TENANT = 'demo';
const ISSUER = 'teachback-demo';
const AUDIENCE = 'teachback';

const setup: AccessContext = {
  actor: {
    kind: 'system',
    id: 'demo-setup',
    tenantId: DEMO_TENANT,
    roles: ['admin'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'demo',
};

/** Reads every interaction, as a compliance officer may: what the demo shows and counts. */
const reviewer: AccessContext = {
  actor: { ...setup.actor, roles: ['compliance'] },
  source: 'demo',
};

/**
 * Stands in for a speech engine: the simulator's synthetic recordings carry their script after the
 * WAV header, so "hearing" them is reading it back.
 */
const scriptReader: RecordingTranscriber = {
  async transcribe(audio): Promise<Transcript> {
    const text = Buffer.isBuffer(audio) ? audio.subarray(44).toString('utf8') : '';
    return {
      source: 'asr',
      engine: 'demo-script',
      utterances: text
        .split('\n')
        .filter(Boolean)
        .map((line, i) => {
          const [speaker, ...rest] = line.split(': ');
          return {
            speaker: speaker === 'agent' ? 'agent' : 'customer',
            startMs: i * 4000,
            endMs: i * 4000 + 3500,
            text: rest.join(': '),
          };
        }),
    };
  },
};

export interface DemoLogin {
  userId: string;
  role: Role;
  token: string;
}

export interface ServedDemo {
  server: RunningServer;
  simulator: GenesysSimulator;
  store: SqlStore;
  databaseFile: string;
  /** False when the database lives in a temp folder removed on close. */
  kept: boolean;
  /** Conversations the sync found and took through the pipeline. */
  synced: number;
  /** The invented patients and calls the simulator served. */
  population: DemoPopulation;
  scored: number;
  logins: DemoLogin[];
  apiKey: string;
  /** Where platforms deliver events in the demo, and the credentials they sign with. */
  webhooks: {
    genesys: { url: string; secret: string };
    /** A Five9 Web Connector's constants: `tb_tenant` and `tb_key`. */
    five9: { url: string; tenant: string; key: string };
  };
  /** The widget for the lowest-scored voice call, signed in as the agent who took it (`logins[0]`). */
  widgetUrl: string;
  close(): Promise<void>;
}

export interface ServedDemoOptions {
  port?: number;
  host?: string;
  conversations?: number;
  /** Keep the demo database here instead of a temp folder that is deleted on close. */
  dataDir?: string;
  /** The `logging.level` setting; the demo is quiet (`warn`) unless one is set. */
  logLevel?: string;
  /** The `metrics` settings; without a survey secret the demo makes one so survey links work. */
  metrics?: MetricsSettings;
}

/**
 * `teachback demo --serve`: the server on an embedded SQLite store, the Genesys simulator in
 * process, its healthcare conversations synced through the real Genesys adapter and SDK, scored,
 * and demo logins to look at them with.
 */
export async function startServedDemo(opts: ServedDemoOptions = {}): Promise<ServedDemo> {
  const dir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'teachback-demo-'));
  fs.mkdirSync(dir, { recursive: true });
  const databaseFile = path.join(dir, 'demo.db');
  fs.rmSync(databaseFile, { force: true });
  const store = await openStore({
    url: `sqlite:${databaseFile}`,
    keys: new LocalKeyProvider(randomBytes(32)),
  });
  const cleanups: Array<() => Promise<void>> = [
    async () => {
      await store.close();
      if (!opts.dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  ];
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      for (const c of [...cleanups].reverse()) await c().catch(() => undefined);
    })());
  try {
    await store.tenants.create({ id: DEMO_TENANT, name: 'Northwind Health (demo)' });
    await store.tenants.saveTeam(setup, DEMO_TENANT, { id: 'front-desk', name: 'Front desk' });
    // Every simulated Genesys agent is a Teachback user, so their calls count for the team.
    for (const [i, agentId] of AGENTS.entries()) {
      await store.tenants.createUser(setup, DEMO_TENANT, {
        id: `agent-${String(i + 1).padStart(2, '0')}`,
        displayName: `Demo Agent ${i + 1}`,
        roles: ['agent'],
        teamIds: ['front-desk'],
        agentIds: [agentId],
      });
    }
    const people: Array<{ id: string; role: Role; teamIds?: string[] }> = [
      { id: 'sam', role: 'supervisor', teamIds: ['front-desk'] },
      { id: 'cora', role: 'compliance' },
      { id: 'ada', role: 'admin' },
    ];
    for (const p of people)
      await store.tenants.createUser(setup, DEMO_TENANT, {
        id: p.id,
        displayName: `Demo ${p.role}`,
        roles: [p.role],
        teamIds: p.teamIds ?? [],
      });

    const now = Date.now();
    const population = demoPopulation({
      seed: 42,
      count: opts.conversations ?? 150,
      agents: AGENTS.length,
      startMs: now - 20 * 3_600_000,
      spanMs: 18 * 3_600_000,
    });
    const simulator = await startGenesysSimulator({
      calls: genesysCalls(population),
      // The demo runs in real time: lift the published 300/min so the sync takes seconds.
      rateLimitPerMinute: 60_000,
    });
    cleanups.push(() => simulator.close());

    // One secret per purpose: whoever configures a webhook sender must not be able to mint sessions.
    const sessionSecret = randomBytes(32).toString('base64url');
    const genesysWebhookSecret = randomBytes(32).toString('base64url');
    const five9ConnectorSecret = randomBytes(32).toString('hex');
    // Events are accepted and kept here; the demo has no Five9 to re-read a call from.
    const five9Jobs = new Set<string>();
    const apiKey = `tbk_demo_${randomBytes(18).toString('base64url')}`;
    const metricsSettings = { ...(opts.metrics ?? checkArea('metrics', {})) };
    if (metricsSettings.survey.secret === undefined)
      metricsSettings.survey = { ...metricsSettings.survey, secret: randomBytes(32).toString('base64url') };
    const server = await startServer(
      {
        store,
        storeKind: store.driver.kind,
        auth: {
          oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: sessionSecret },
          apiKeys: [{ id: 'demo-integration', tenantId: DEMO_TENANT, sha256: hashApiKey(apiKey) }],
        },
        playbooks: store.playbooks,
        logger: createLogger({ level: opts.logLevel ?? 'warn', service: 'teachback-demo' }),
        metrics: { definitionsFor: (t: string) => metricsDefinitionsFor(metricsSettings, t) },
        webhooks: {
          genesys: {
            secretsFor: (t) => (t === DEMO_TENANT ? [genesysWebhookSecret] : undefined),
            scheduler: new MemoryScheduler(),
            replay: new MemoryReplayGuard(),
          },
          five9: {
            secrets: [five9ConnectorSecret],
            scheduler: {
              schedule: async (job) => {
                if (five9Jobs.has(job.key)) return false;
                five9Jobs.add(job.key);
                return true;
              },
            },
          },
        },
      },
      { port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' },
    );
    cleanups.push(() => server.close());

    const { synced, scored } = await syncThroughPipeline(store, simulator.url, metricsSettings);

    // Show the widget for the lowest-scored voice call, signed in as the agent who took it: the
    // widget then has missed items, evidence and coaching to show.
    const all = await store.interactions.list(reviewer, DEMO_TENANT, { channel: 'voice' }, { limit: 500 });
    const pick = all.items
      .filter((i) => i.score !== null)
      .sort((a, b) => a.score! - b.score! || b.escalationCount - a.escalationCount)[0];
    const agentIndex = pick ? AGENTS.indexOf(pick.agentIds[0] ?? '') : -1;
    const agentUser = `agent-${String((agentIndex < 0 ? 0 : agentIndex) + 1).padStart(2, '0')}`;

    const token = (userId: string) =>
      issueSessionToken({
        secret: sessionSecret,
        issuer: ISSUER,
        audience: AUDIENCE,
        userId,
        tenantId: DEMO_TENANT,
      });
    const logins: DemoLogin[] = [
      { userId: agentUser, role: 'agent', token: await token(agentUser) },
      ...(await Promise.all(
        people.map(async (p) => ({ userId: p.id, role: p.role, token: await token(p.id) })),
      )),
    ];
    const agentToken = logins[0]!.token;
    const widgetUrl = pick
      ? `${server.url}/widget/?platform=genesys&externalId=${encodeURIComponent(pick.externalId)}#access_token=${agentToken}`
      : `${server.url}/widget/#access_token=${agentToken}`;
    return {
      server,
      simulator,
      store,
      databaseFile,
      kept: opts.dataDir !== undefined,
      synced,
      population,
      scored,
      logins,
      apiKey,
      webhooks: {
        genesys: { url: `${server.url}/webhooks/genesys/${DEMO_TENANT}`, secret: genesysWebhookSecret },
        five9: {
          url: `${server.url}/webhooks/five9`,
          tenant: DEMO_TENANT,
          key: five9ConnectorKey(five9ConnectorSecret, DEMO_TENANT),
        },
      },
      widgetUrl,
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/**
 * Connects the demo tenant to the simulator as an admin would (`teachback connect genesys`: the
 * evaluation form and metrics are provisioned there), then runs one sync through the real job
 * runner and the Genesys plan: sync → score → escalate → push back, as production does.
 */
async function syncThroughPipeline(
  store: SqlStore,
  gateway: string,
  metrics: MetricsSettings,
): Promise<{ synced: number; scored: number }> {
  // As an admin would: the Medicare sales queue gets its own playbook in the tenant's catalog; every
  // other queue is scored with the default (healthcare-inbound).
  const medicare = await store.playbooks.latest(DEMO_TENANT, 'medicare-sales');
  await store.playbooks.save(setup, DEMO_TENANT, medicare.playbook, {
    note: 'Medicare sales queue: TPMO disclaimer and scope of appointment',
    effectiveFrom: null,
    queues: [DEMO_QUEUE_IDS['medicare-sales']],
  });
  const report = await connectPlatform(store, DEMO_TENANT, 'genesys', {
    settings: {
      orgId: 'sim-org',
      region: 'us_east_1',
      gateway,
      evaluatorUserId: 'teachback-evaluator',
      defaultSupervisor: AGENTS[0],
      // The demo runs in real time against a local simulator: no need to pace like Genesys.
      requestsPerMinute: 50_000,
      jobPollIntervalMs: 100,
    },
    credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
  });
  if (!report.ok)
    throw new TeachbackError('DEMO.CONNECT_FAILED', 'the Genesys simulator refused the demo connection');
  const runner = await openRunner(store, {
    kind: 'embedded',
    concurrency: 6,
    metricsFor: (t) => metricsDefinitionsFor(metrics, t),
    genesys: {
      transcriber: scriptReader,
      // The simulator transcodes and batches at once; Genesys' own pacing would only add waiting.
      recent: {
        initialLookbackMs: 24 * 3_600_000,
        concurrency: 6,
        transcodingRetryMs: 100,
        batchPollMs: 100,
      },
    },
  });
  await runner.enqueue({
    tenantId: DEMO_TENANT,
    platform: 'genesys',
    externalId: `recent:${new Date().toISOString()}`,
    step: 'sync',
    payload: { mode: 'recent' },
  });
  await runner.start();
  try {
    await runner.drain({ tenantId: DEMO_TENANT, pollMs: 50 });
  } finally {
    await runner.stop();
  }
  const status = await syncStatus(store.driver, DEMO_TENANT, { platform: 'genesys' });
  const all = await store.interactions.list(reviewer, DEMO_TENANT, {}, { limit: 500 });
  return { synced: status.total, scored: all.items.filter((i) => i.score !== null).length };
}

/** What `teachback demo --serve` prints. Tokens are synthetic demo credentials for synthetic people. */
export function demoBanner(d: ServedDemo): string {
  const base = d.server.url;
  const pad = (s: string) => s.padEnd(22);
  return [
    '',
    'Teachback demo is running.',
    `  store:     embedded SQLite at ${d.databaseFile}${d.kept ? '' : ' (deleted on exit)'}`,
    `  platform:  Genesys Cloud simulator at ${d.simulator.url}`,
    `  synced ${d.synced} conversations through the job pipeline (Genesys plan), scored ${d.scored} with their queue's playbook from the catalog (healthcare-inbound; medicare-sales on the Medicare sales queue)`,
    '',
    `Agent widget (signed in as ${d.logins[0]!.userId}, their lowest-scored call):`,
    `  ${d.widgetUrl}`,
    '',
    'Web app (calls, review, disputes, coaching, dashboards; one link per role, already signed in):',
    ...d.logins.map((l) => `  ${pad(`${l.userId} (${l.role})`)} ${base}/app/#access_token=${l.token}`),
    '',
    'Demo logins (bearer tokens, 8 h). In the widget, "Sign out" then paste one to switch user:',
    ...d.logins.map((l) => `  ${pad(`${l.userId} (${l.role})`)} ${l.token}`),
    `  ${pad('integration API key')} ${d.apiKey}   (Authorization: ApiKey <key>)`,
    '',
    'Webhooks (the demo checks and records each event; no job runs them):',
    `  ${pad('Genesys')} POST ${d.webhooks.genesys.url}   signing secret ${d.webhooks.genesys.secret}`,
    `  ${pad('Five9 Web Connector')} ${d.webhooks.five9.url}   tb_tenant=${d.webhooks.five9.tenant} tb_key=${d.webhooks.five9.key}`,
    '',
    'API:',
    `  curl -H "Authorization: Bearer <sam's token>" ${base}/v1/interactions`,
    `  ${base}/openapi.json   ${base}/healthz`,
    '',
    'Ctrl+C stops the demo.',
    '',
  ].join('\n');
}
