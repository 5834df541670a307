import * as fs from 'node:fs';
import type { Command } from 'commander';
import { z } from 'zod';
import { TeachbackError, fieldPath } from '@teachback/core';
import { openStore, type SqlStore } from '@teachback/adapter-store';
import { MemoryReplayGuard } from '@teachback/adapter-genesys';
import {
  JobLedger,
  LedgerQuarantine,
  connectPlatform,
  migrateJobs,
  syncStatus,
} from '@teachback/adapter-jobs';
import {
  AuthConfig,
  five9ConnectorKey,
  startServer,
  type RunningServer,
  type ServerOptions,
} from '@teachback/adapter-server';
import { CliUsageError, run } from './store-cli';

/**
 * Web Connector secrets stay on the server; Five9 sends the tenant's key derived from them
 * (`teachback serve --five9-connector-key <tenant>`), never a secret itself.
 */
const Five9Secrets = z
  .array(z.string().min(32, 'must be 32 characters or more (e.g. `openssl rand -hex 32`)'))
  .min(1, 'give at least one secret');

/** Tenant id → Genesys webhook signing secrets (current first). */
const GenesysWebhookSecrets = z.record(
  z.string(),
  z.array(z.string().min(16, 'a secret must be 16 characters or more')).min(1),
);

/**
 * `teachback serve` settings: a JSON file (`--config`), then environment variables on top, so
 * secrets can stay out of the file. Strict: a misspelt key is an error that names it.
 */
export const ServeConfig = z.strictObject({
  port: z.number().int().min(0).max(65535).default(8080),
  host: z.string().min(1).default('0.0.0.0'),
  /** Set behind a load balancer (e.g. 1 = one proxy hop) so rate limits and audit see client IPs. */
  trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string()]).optional(),
  rateLimitPerMinute: z.number().int().min(1).default(600),
  auth: AuthConfig.default({ apiKeys: [] }),
  webhooks: z
    .strictObject({
      genesys: GenesysWebhookSecrets.optional(),
      five9: Five9Secrets.optional(),
    })
    .default({}),
});
export type ServeConfig = z.output<typeof ServeConfig>;

function parseJsonEnv(name: string, value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    throw new TeachbackError('CONFIG.INVALID', `${name}: not valid JSON`);
  }
}

/**
 * A setting given by an environment variable is checked on its own, so its error names the
 * variable the admin set rather than the config path it lands in. Values are never echoed.
 */
function checkedEnv<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where =
    name === 'TEACHBACK_FIVE9_CONNECTOR_SECRETS' && typeof issue.path[0] === 'number'
      ? `secret ${issue.path[0] + 1} of ${(value as unknown[]).length}: `
      : issue.path.length > 0
        ? `${fieldPath(issue.path)}: `
        : '';
  throw new TeachbackError('CONFIG.INVALID', `${name}: ${where}${issue.message}`);
}

/** File first, then `TEACHBACK_*` variables; validated once, errors name the setting. */
export function loadServeConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): ServeConfig {
  let base: Record<string, unknown> = {};
  if (file) {
    try {
      base = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (cause) {
      throw new TeachbackError('CONFIG.INVALID', `${file}: cannot be read as JSON`, { cause });
    }
  }
  const auth = { ...((base.auth as Record<string, unknown> | undefined) ?? {}) };
  if (env.TEACHBACK_OIDC_ISSUER) {
    auth.oidc = {
      issuer: env.TEACHBACK_OIDC_ISSUER,
      audience: env.TEACHBACK_OIDC_AUDIENCE,
      ...(env.TEACHBACK_OIDC_JWKS_URL ? { jwksUrl: env.TEACHBACK_OIDC_JWKS_URL } : {}),
      ...(env.TEACHBACK_OIDC_TENANT_CLAIM ? { tenantClaim: env.TEACHBACK_OIDC_TENANT_CLAIM } : {}),
      ...(env.TEACHBACK_SESSION_SECRET ? { hs256Secret: env.TEACHBACK_SESSION_SECRET } : {}),
    };
  }
  if (env.TEACHBACK_API_KEYS) auth.apiKeys = parseJsonEnv('TEACHBACK_API_KEYS', env.TEACHBACK_API_KEYS);
  const webhooks = { ...((base.webhooks as Record<string, unknown> | undefined) ?? {}) };
  if (env.TEACHBACK_GENESYS_WEBHOOK_SECRETS)
    webhooks.genesys = checkedEnv(
      'TEACHBACK_GENESYS_WEBHOOK_SECRETS',
      GenesysWebhookSecrets,
      parseJsonEnv('TEACHBACK_GENESYS_WEBHOOK_SECRETS', env.TEACHBACK_GENESYS_WEBHOOK_SECRETS),
    );
  if (env.TEACHBACK_FIVE9_CONNECTOR_SECRETS)
    webhooks.five9 = checkedEnv(
      'TEACHBACK_FIVE9_CONNECTOR_SECRETS',
      Five9Secrets,
      env.TEACHBACK_FIVE9_CONNECTOR_SECRETS.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );
  const merged = {
    ...base,
    ...(env.PORT ? { port: Number(env.PORT) } : {}),
    ...(env.TEACHBACK_HOST ? { host: env.TEACHBACK_HOST } : {}),
    auth,
    webhooks,
  };
  const parsed = ServeConfig.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keys = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
    throw new TeachbackError(
      'CONFIG.INVALID',
      `serve config ${issue.path.map(String).join('.') || '(root)'}: ${issue.message}${keys}`,
    );
  }
  return parsed.data;
}

/**
 * The server of scale mode: API, widget and webhooks on the configured store, with the jobs
 * ledger (adapters/jobs) behind sync status, dead letters and the webhooks' scheduling. Workers
 * (`teachback worker`) run the jobs.
 */
export async function startServe(config: ServeConfig, store: SqlStore): Promise<RunningServer> {
  await migrateJobs(store.driver);
  const ledger = new JobLedger(store.driver);
  const quarantine = new LedgerQuarantine(store.driver);
  const genesysSecrets = config.webhooks.genesys;
  const five9Secrets = config.webhooks.five9;
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
  return startServer(
    {
      store,
      auth: config.auth,
      playbooks: store.playbooks,
      rateLimitPerMinute: config.rateLimitPerMinute,
      ...(config.trustProxy !== undefined ? { trustProxy: config.trustProxy } : {}),
      sync: {
        status: (tenantId) => syncStatus(store.driver, tenantId),
        deadLetters: (tenantId) => ledger.deadLetters(tenantId),
        retryDeadLetter: async (tenantId, key) => {
          if (!(await ledger.revive(tenantId, key)))
            throw new TeachbackError('STORE.NOT_FOUND', 'dead letter not found');
          return { key, state: 'queued' };
        },
        quarantine: (tenantId, q) => quarantine.list(tenantId, q),
      },
      connections: { connect: (tenantId, platform, c) => connectPlatform(store, tenantId, platform, c) },
      webhooks,
    },
    { port: config.port, host: config.host },
  );
}

/**
 * The `tb_key` an admin pastes into a tenant's Five9 Web Connectors, under the current (first)
 * secret of the same settings `teachback serve` runs with.
 */
export function five9KeyFor(config: ServeConfig, tenantId: string): string {
  const secrets = config.webhooks.five9;
  if (!secrets)
    throw new TeachbackError(
      'CONFIG.INVALID',
      'TEACHBACK_FIVE9_CONNECTOR_SECRETS: not set (nor webhooks.five9 in the config file)',
    );
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(tenantId))
    throw new CliUsageError('tenant: must be a tenant id (letters, digits, - and _)');
  return five9ConnectorKey(secrets[0]!, tenantId);
}

export function register(program: Command): void {
  program
    .command('serve')
    .description(
      'Run the HTTP API, webhooks and agent widget on the store named by TEACHBACK_DATABASE_URL (run `teachback worker` beside it)',
    )
    .option(
      '--config <file>',
      'JSON settings file (see the server README); TEACHBACK_* variables override it',
    )
    .option('--port <n>', 'port (default 8080, or PORT)')
    .option(
      '--five9-connector-key <tenant>',
      "print the tenant's tb_key for Five9 Web Connectors (from TEACHBACK_FIVE9_CONNECTOR_SECRETS) and exit",
    )
    .action(async (opts: { config?: string; port?: string; five9ConnectorKey?: string }) =>
      run('serve', async () => {
        const config = loadServeConfig(opts.config);
        if (opts.five9ConnectorKey !== undefined) {
          process.stdout.write(`${five9KeyFor(config, opts.five9ConnectorKey)}\n`);
          return 0;
        }
        if (opts.port !== undefined) config.port = Number(opts.port);
        const store = await openStore();
        const server = await startServe(config, store).catch(async (e: unknown) => {
          await store.close();
          throw e;
        });
        process.stderr.write(`teachback serve: listening on ${server.url} (store: ${store.kind})\n`);
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
