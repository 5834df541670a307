import { z } from 'zod';
import { TeachbackError, type AccessContext, type CompiledPlaybook } from '@teachback/core';
import { loadCompiledPlaybook } from '@teachback/config';
import type { SqlStore } from '@teachback/adapter-store';
import { GenesysClient } from '@teachback/connector-genesys';
import type { GenesysInstallation } from '@teachback/adapter-genesys';
import { DatabaseTokenBucket, SharedThrottle } from './bucket';
import type { GenesysTenant, GenesysWiring } from './genesys';

/** Settings of a tenant's `genesys` connection (non-secret; credentials are stored encrypted beside). */
export const GenesysConnectionSettings = z.looseObject({
  orgId: z.string().min(1),
  region: z.string().min(1),
  /** A local simulator or proxy instead of the region (tests and the demo only). */
  gateway: z.url().optional(),
  evaluatorUserId: z.string().min(1),
  /** Agent user id → supervisor user id; coaching appointments need a facilitator. */
  supervisors: z.record(z.string(), z.string()).default({}),
  defaultSupervisor: z.string().optional(),
  playbook: z.string().default('healthcare-inbound'),
  /** Shared by every worker of this credential (the DB token bucket). Genesys allows 300/min per token. */
  requestsPerMinute: z.number().int().positive().default(250),
  /** Polling of async details jobs (backfill). Genesys jobs take minutes; the simulator milliseconds. */
  jobPollIntervalMs: z.number().int().min(10).default(5_000),
  /** What provisioning created in the org (evaluation form, metrics); push needs it. */
  installation: z.unknown().optional(),
});
export const GenesysConnectionCredentials = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});

const adminCtx = (tenantId: string): AccessContext => ({
  actor: {
    kind: 'system',
    id: 'jobs',
    tenantId,
    roles: ['admin', 'integration'],
    teamIds: [],
    agentIds: [],
    active: true,
  },
  source: 'worker',
});

function invalid(tenantId: string, err: z.ZodError, what: string): TeachbackError {
  const issue = err.issues[0];
  return new TeachbackError(
    'JOBS.CONNECTION_INVALID',
    `${what}.${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    { details: { tenantId } },
  );
}

/**
 * Builds the Genesys steps' wiring from each tenant's stored `genesys` connection. One client and
 * one database token bucket per tenant, cached for the life of the process.
 */
export function genesysWiringFromStore(
  store: SqlStore,
  opts: { pollIntervalMs?: number } = {},
): GenesysWiring {
  const cache = new Map<
    string,
    Promise<{
      client: GenesysClient;
      settings: z.infer<typeof GenesysConnectionSettings>;
      playbook: CompiledPlaybook;
    }>
  >();
  const load = (tenantId: string) => {
    let p = cache.get(tenantId);
    if (!p) {
      p = (async () => {
        const conn = await store.getConnection(adminCtx(tenantId), tenantId, 'genesys');
        const s = GenesysConnectionSettings.safeParse(conn.settings);
        if (!s.success) throw invalid(tenantId, s.error, 'connection.settings');
        const c = GenesysConnectionCredentials.safeParse(conn.credentials);
        if (!c.success) throw invalid(tenantId, c.error, 'connection.credentials');
        const rpm = s.data.requestsPerMinute;
        const bucket = new DatabaseTokenBucket(store.driver, `genesys:${s.data.orgId}:${c.data.clientId}`, {
          requestsPerMinute: rpm,
        });
        const client = new GenesysClient({
          orgId: s.data.orgId,
          region: s.data.region,
          credentials: c.data,
          ...(s.data.gateway ? { gateway: s.data.gateway } : {}),
          throttle: new SharedThrottle(bucket, rpm),
        });
        return { client, settings: s.data, playbook: loadCompiledPlaybook(s.data.playbook) };
      })();
      p.catch(() => cache.delete(tenantId));
      cache.set(tenantId, p);
    }
    return p;
  };
  return {
    store,
    driver: store.driver,
    tenant: async (tenantId): Promise<GenesysTenant> => {
      const l = await load(tenantId);
      const s = l.settings;
      return {
        client: l.client,
        ...(s.installation ? { installation: s.installation as GenesysInstallation } : {}),
        playbook: l.playbook,
        evaluatorUserId: s.evaluatorUserId,
        supervisorFor: (agent) => s.supervisors[agent] ?? s.defaultSupervisor,
        pollIntervalMs: s.jobPollIntervalMs,
      };
    },
    ...(opts.pollIntervalMs !== undefined ? { pollIntervalMs: opts.pollIntervalMs } : {}),
  };
}

/** Validates and stores a tenant's Genesys connection (the CLI's `sync --connection-file`). */
export async function saveGenesysConnection(
  store: SqlStore,
  tenantId: string,
  input: { settings: unknown; credentials: unknown },
): Promise<void> {
  const s = GenesysConnectionSettings.safeParse(input.settings);
  if (!s.success) throw invalid(tenantId, s.error, 'settings');
  const c = GenesysConnectionCredentials.safeParse(input.credentials);
  if (!c.success) throw invalid(tenantId, c.error, 'credentials');
  await store.saveConnection(adminCtx(tenantId), tenantId, {
    id: 'genesys',
    platform: 'genesys',
    settings: s.data as Record<string, unknown>,
    credentials: c.data,
  });
}
