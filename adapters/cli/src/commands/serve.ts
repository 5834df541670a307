import type { Command } from 'commander';
import { metricsDefinitionsFor, type Settings } from '@teachback/config';
import { TeachbackError } from '@teachback/core';
import { createLogger } from '@teachback/adapter-logger';
import { openConfiguredStore, type SqlStore } from '@teachback/adapter-store';
import { MemoryReplayGuard } from '@teachback/adapter-genesys';
import {
  JobLedger,
  LedgerQuarantine,
  connectPlatform,
  migrateJobs,
  requestSyncNow,
  syncStatus,
} from '@teachback/adapter-jobs';
import {
  five9ConnectorKey,
  startServer,
  type RunningServer,
  type ServerOptions,
} from '@teachback/adapter-server';
import type { CliContext } from './context';
import { genesysLiveFeed, serveFanout, type GenesysLiveServeOptions } from './serve-live';
import { CliUsageError, run } from './store-cli';

/**
 * What `teachback serve` runs with: the store, server, auth, webhooks, logging and metrics
 * settings, and the keys (the live fan-out's key is derived from the master key unless listed).
 */
export type ServeSettings = Pick<Settings, 'server' | 'auth' | 'webhooks' | 'logging' | 'store'> &
  Partial<Pick<Settings, 'metrics' | 'keys'>>;

/**
 * The server of scale mode: API, widget and webhooks on the configured store, with the jobs
 * ledger (adapters/jobs) behind sync status, dead letters and the webhooks' scheduling. Workers
 * (`teachback worker`) run the jobs. Unless `server.genesysLive` is false, it also subscribes to
 * Genesys Cloud live transcription for every tenant with a Genesys connection (./serve-live.ts).
 */
export async function startServe(
  settings: ServeSettings,
  store: SqlStore,
  live: GenesysLiveServeOptions = {},
): Promise<RunningServer> {
  await migrateJobs(store.driver);
  const ledger = new JobLedger(store.driver);
  const quarantine = new LedgerQuarantine(store.driver);
  const genesysSecrets = settings.webhooks.genesys;
  const five9Secrets = settings.webhooks.five9;
  const server = settings.server;
  const webhooks: NonNullable<ServerOptions['webhooks']> = {};
  if (genesysSecrets) {
    webhooks.genesys = {
      secretsFor: (t) => genesysSecrets[t],
      // A conversation end starts an incremental sync now instead of at the next poll; the
      // job key makes a second end event for the same conversation a no-op.
      scheduler: {
        schedule: async (job) =>
          (
            await ledger.insert({
              tenantId: job.tenantId,
              platform: 'genesys',
              externalId: `recent:${job.conversationId}`,
              step: 'sync',
              payload: { mode: 'recent', trigger: 'webhook' },
            })
          ).created
            ? 'scheduled'
            : 'duplicate',
      },
      replay: new MemoryReplayGuard(),
    };
  }
  if (five9Secrets) {
    webhooks.five9 = {
      secrets: five9Secrets,
      // An authenticated event we cannot read is kept with its reason, never dropped.
      quarantine: new LedgerQuarantine(store.driver),
      scheduler: {
        schedule: async (job) =>
          (
            await ledger.insert({
              tenantId: job.tenantId,
              platform: 'five9',
              externalId: `${job.step}:${job.externalId}`,
              step: 'sync',
              payload: { mode: 'recent', trigger: job.trigger },
            })
          ).created,
      },
    };
  }
  const logger = createLogger({ level: settings.logging.level ?? 'info', service: 'teachback-server' });
  const liveFanout = serveFanout({ server, keys: settings.keys ?? {} }, (code) =>
    logger.warn('live fanout', { code }),
  );
  return startServer(
    {
      store,
      storeKind: store.driver.kind,
      auth: settings.auth,
      playbooks: store.playbooks,
      rateLimitPerMinute: server.rateLimitPerMinute,
      logger,
      ...(server.trustProxy !== undefined ? { trustProxy: server.trustProxy } : {}),
      ...(liveFanout ? { liveFanout } : {}),
      ...(server.genesysLive !== false ? { liveFeeds: genesysLiveFeed(store, settings, logger, live) } : {}),
      sync: {
        status: (tenantId) => syncStatus(store.driver, tenantId),
        deadLetters: (tenantId) => ledger.deadLetters(tenantId),
        retryDeadLetter: async (tenantId, key) => {
          if (!(await ledger.revive(tenantId, key)))
            throw new TeachbackError('STORE.NOT_FOUND', 'dead letter not found');
          return { key, state: 'queued' };
        },
        quarantine: (tenantId, q) => quarantine.list(tenantId, q),
        // Workers pick the job up from the ledger (embedded poll, distributed sweeper).
        syncNow: (tenantId, platform) => requestSyncNow(ledger, tenantId, platform),
      },
      connections: { connect: (tenantId, platform, c) => connectPlatform(store, tenantId, platform, c) },
      webhooks,
      // The tenant's metric definitions: served metrics, call types and survey links use them.
      ...(settings.metrics
        ? { metrics: { definitionsFor: (t: string) => metricsDefinitionsFor(settings.metrics!, t) } }
        : {}),
    },
    { port: server.port, host: server.host ?? '0.0.0.0' },
  );
}

/**
 * The `tb_key` an admin pastes into a tenant's Five9 Web Connectors, under the current (first)
 * secret of the same settings `teachback serve` runs with.
 */
export function five9KeyFor(settings: Pick<Settings, 'webhooks'>, tenantId: string): string {
  const secrets = settings.webhooks.five9;
  if (!secrets)
    throw new TeachbackError(
      'CONFIG.INVALID',
      'TEACHBACK_FIVE9_CONNECTOR_SECRETS: not set (nor webhooks.five9 in the config file)',
    );
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(tenantId))
    throw new CliUsageError('tenant: must be a tenant id (letters, digits, - and _)');
  return five9ConnectorKey(secrets[0]!, tenantId);
}

export function register(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description(
      'Run the HTTP API, webhooks and agent widget on the store named by TEACHBACK_DATABASE_URL (run `teachback worker` beside it)',
    )
    .option(
      '--config <file>',
      'settings file, JSON or YAML (README "Settings"); TEACHBACK_* variables override it',
    )
    .option('--port <n>', 'port (default 8080, or PORT)')
    .option(
      '--five9-connector-key <tenant>',
      "print the tenant's tb_key for Five9 Web Connectors (from TEACHBACK_FIVE9_CONNECTOR_SECRETS) and exit",
    )
    .action(async (opts: { config?: string; port?: string; five9ConnectorKey?: string }) =>
      run('serve', async () => {
        const settings = context.settings(opts.config);
        if (opts.five9ConnectorKey !== undefined) {
          process.stdout.write(`${five9KeyFor(settings, opts.five9ConnectorKey)}\n`);
          return 0;
        }
        const port = opts.port !== undefined ? Number(opts.port) : settings.server.port;
        if (!Number.isInteger(port) || port < 0 || port > 65535)
          throw new CliUsageError('--port must be a whole number from 0 to 65535');
        const store = await openConfiguredStore(settings);
        const server = await startServe({ ...settings, server: { ...settings.server, port } }, store).catch(
          async (e: unknown) => {
            await store.close();
            throw e;
          },
        );
        process.stderr.write(`teachback serve: listening on ${server.url} (store: ${store.driver.kind})\n`);
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        await server.close();
        await store.close();
        return 0;
      }),
    );
}
