import * as fs from 'node:fs';
import { loadCompiledPlaybook } from '@teachback/config';
import { keyProviderFrom, openStore } from '@teachback/adapter-store';
import { GenesysClient } from '@teachback/connector-genesys';
import type { GenesysInstallation } from '@teachback/adapter-genesys';
import { DatabaseTokenBucket } from '@teachback/adapter-store';
import { SharedThrottle } from '../throttle';
import { DistributedRunner } from '../distributed';
import { JobLedger, migrateJobs } from '@teachback/adapter-store';
import { EmbeddedRunner, type JobEvent, type JobRunner } from '../runner';
import { pipelineSteps } from '../pipeline/steps';
import { genesysPlan } from '../plans/genesys';

/*
 * One backfill process against the Genesys simulator, as the crash test and the bench start it:
 * `role=backfill` enqueues the backfill and works until everything is done; `role=worker` only
 * works. Configuration comes from the environment (TB_*), output is one word per state on stdout.
 */
export interface ProcessEnv {
  /** The test's synthetic master key, handed down in the child's env. */
  TEACHBACK_MASTER_KEY?: string;
  TB_DB_URL: string;
  TB_RUNNER: 'embedded' | 'distributed';
  TB_ROLE: 'backfill' | 'worker';
  TB_BOSS_URL?: string;
  TB_BOSS_SCHEMA?: string;
  TB_SIM_URL: string;
  TB_TENANT: string;
  TB_FROM: string;
  TB_TO: string;
  TB_INSTALL_FILE: string;
  TB_SUPERVISOR: string;
  TB_CONCURRENCY?: string;
  TB_RPM?: string;
  TB_CHUNK_HOURS?: string;
  /** Pre-signed download host when TB_SIM_URL is a proxy in front of the simulator. */
  TB_DOWNLOAD_HOST?: string;
}

export async function runBackfillProcess(env: ProcessEnv): Promise<void> {
  const store = await openStore({
    url: env.TB_DB_URL,
    keys: keyProviderFrom({ masterKey: env.TEACHBACK_MASTER_KEY }),
  });
  await migrateJobs(store.driver);
  const installation = JSON.parse(fs.readFileSync(env.TB_INSTALL_FILE, 'utf8')) as GenesysInstallation;
  const rpm = Number(env.TB_RPM ?? 60_000);
  const bucket = new DatabaseTokenBucket(store.driver, `genesys:${installation.orgId}:sim-client`, {
    requestsPerMinute: rpm,
  });
  const client = new GenesysClient({
    orgId: installation.orgId,
    region: 'us_east_1',
    credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
    gateway: env.TB_SIM_URL,
    ...(env.TB_DOWNLOAD_HOST ? { downloadHosts: [env.TB_DOWNLOAD_HOST] } : {}),
    throttle: new SharedThrottle(bucket, rpm),
  });
  const playbook = loadCompiledPlaybook('healthcare-inbound');
  const steps = pipelineSteps({
    store,
    driver: store.driver,
    plans: [
      genesysPlan({
        store,
        connection: async () => ({
          client,
          installation,
          evaluatorUserId: 'teachback-evaluator',
          supervisorFor: () => env.TB_SUPERVISOR,
        }),
        pollIntervalMs: 20,
      }),
    ],
    playbookFor: async () => playbook,
  });
  const ledger = new JobLedger(store.driver);
  const concurrency = Number(env.TB_CONCURRENCY ?? 4);
  // Where this process's time went, for the bench: jobs run and their wall time, per step.
  const steps_: Record<string, { n: number; ms: number }> = {};
  const onEvent = (e: JobEvent): void => {
    const k = e.type === 'done' ? e.key.split('|').pop()! : e.type;
    const s = (steps_[k] ??= { n: 0, ms: 0 });
    s.n++;
    if (e.type === 'done') s.ms += e.ms;
  };
  const runner: JobRunner =
    env.TB_RUNNER === 'embedded'
      ? new EmbeddedRunner(ledger, steps, { concurrency, pollMs: 10, sliceMs: 500, onEvent })
      : new DistributedRunner(ledger, steps, {
          connectionString: env.TB_BOSS_URL!,
          schema: env.TB_BOSS_SCHEMA!,
          concurrency,
          leaseSeconds: 3,
          maintenanceSeconds: 1,
          sliceMs: 500,
          onEvent,
        });
  if (env.TB_ROLE === 'backfill') {
    await runner.enqueue({
      tenantId: env.TB_TENANT,
      platform: 'genesys',
      externalId: `backfill:${env.TB_FROM}/${env.TB_TO}`,
      step: 'sync',
      payload: {
        mode: 'backfill',
        from: env.TB_FROM,
        to: env.TB_TO,
        chunkHours: Number(env.TB_CHUNK_HOURS ?? 24),
      },
    });
  }
  await runner.start();
  const cpuAtReady = process.cpuUsage();
  process.stdout.write('ready\n');
  // A worker started before the backfill is enqueued waits for work instead of finding none.
  while (env.TB_ROLE === 'worker' && !(await ledger.hasPending(env.TB_TENANT))) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await runner.drain({ tenantId: env.TB_TENANT, pollMs: 50 });
  await runner.stop();
  await store.close();
  const cpu = process.cpuUsage();
  const work = process.cpuUsage(cpuAtReady);
  const stats = {
    workCpuMs: Math.round((work.user + work.system) / 1000),
    requests: client.stats.requests,
    steps: steps_,
  };
  process.stdout.write(`stats ${JSON.stringify(stats)}\n`);
  process.stdout.write(`drained cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms\n`);
}

if (require.main === module) {
  runBackfillProcess(process.env as unknown as ProcessEnv).then(
    () => process.exit(0),
    (err: unknown) => {
      const code = err && typeof err === 'object' && 'code' in err ? String(err.code) : 'UNKNOWN';
      process.stderr.write(`backfill process failed: ${code}\n`);
      process.exit(1);
    },
  );
}
