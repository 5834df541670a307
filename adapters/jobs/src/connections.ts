import { z } from 'zod';
import { TeachbackError, type AccessContext, type Platform } from '@teachback/core';
import { DatabaseTokenBucket, type SqlStore } from '@teachback/adapter-store';
import type { MetricsDefinitions } from '@teachback/config';
import { GenesysClient } from '@teachback/connector-genesys';
import type { GenesysInstallation } from '@teachback/adapter-genesys';
import { CountedOperationLimiter, CountedSharedThrottle, CountingThrottle, RequestCounter } from './requests';
import { Five9AdminClient } from '@teachback/connector-five9';
import { Five9Mappings, SftpRecordingSource, type ContactPushConfig } from '@teachback/adapter-five9';
import type { PlaybookFor } from './pipeline/steps';
import { callTypePlaybookOf, catalogPlaybookFor } from './playbook-for';
import type { GenesysConnection } from './plans/genesys';
import type { Five9Connection } from './plans/five9';
import type { SalesforceConnection } from './plans/salesforce';
import {
  SalesforceClient,
  createSalesforceSession,
  parseSalesforceAuth,
  type SalesforceAuthConfig,
} from '@teachback/connector-salesforce';
import { parseAdapterConfig } from '@teachback/adapter-salesforce';

/**
 * The tenant's playbook for this platform's calls, by id in the tenant's catalog (the version in
 * force is chosen per call). Left out: the call's queue or the catalog's default decides.
 */
const CatalogPlaybookId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "a playbook id in the tenant's catalog (e.g. healthcare-inbound)");

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
  playbook: CatalogPlaybookId.optional(),
  /** Shared by every worker of this credential (the DB token bucket). Genesys allows 300/min per token. */
  requestsPerMinute: z.number().int().positive().default(250),
  /** Polling of async details jobs (backfill). Genesys jobs take minutes; the simulator milliseconds. */
  jobPollIntervalMs: z.number().int().min(10).default(5_000),
  /** What provisioning created in the org (evaluation form, metrics); push needs it. */
  installation: z.unknown().optional(),
  /** The premium app's integration type id (assigned by Genesys on AppFoundry approval). */
  premiumAppIntegrationTypeId: z.string().min(1).optional(),
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
 * Each tenant's Genesys connection from its stored `genesys` connection: one client and one
 * database token bucket per tenant, cached for the life of the process.
 */
export function genesysConnections(store: SqlStore): (tenantId: string) => Promise<GenesysConnection> {
  return perTenant(async (tenantId: string) => {
    const conn = await store.tenants.readConnection(adminCtx(tenantId), tenantId, 'genesys');
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
      throttle: new CountedSharedThrottle(bucket, rpm, new RequestCounter(store.driver, tenantId, 'genesys')),
    });
    const settings = s.data;
    return {
      client,
      ...(settings.installation ? { installation: settings.installation as GenesysInstallation } : {}),
      evaluatorUserId: settings.evaluatorUserId,
      supervisorFor: (agent: string) => settings.supervisors[agent] ?? settings.defaultSupervisor,
      pollIntervalMs: settings.jobPollIntervalMs,
    };
  });
}

/**
 * The playbook an interaction is scored with: the tenant's catalog is asked on every call for the
 * version in force on the call's date and queue, so a version saved through the API scores the next
 * job with no restart. The connection may name the catalog playbook (read once per tenant and
 * platform, like the rest of a connection); otherwise the queue or the catalog's default decides.
 */
export function playbookFromCatalog(
  store: SqlStore,
  /** The tenant's call type → playbook mapping (`metrics.callTypes.playbooks`), asked after the connection. */
  metricsFor?: (tenantId: string) => MetricsDefinitions,
): PlaybookFor {
  const namedBy = perTenant(async (key: string) => {
    const [tenantId, platform] = key.split('|') as [string, Platform];
    const conn = await store.tenants.readConnection(adminCtx(tenantId), tenantId, platform);
    const parsed = z.looseObject({ playbook: CatalogPlaybookId.optional() }).safeParse(conn.settings);
    if (!parsed.success) throw invalid(tenantId, parsed.error, 'connection.settings');
    return parsed.data.playbook;
  });
  return catalogPlaybookFor(
    store.playbooks,
    (tenantId, interaction) => namedBy(`${tenantId}|${interaction.source.platform}`),
    metricsFor
      ? callTypePlaybookOf(async (tenantId) => {
          const defs = metricsFor(tenantId);
          return { playbooks: defs.callTypes.playbooks, mapping: defs.callTypes };
        })
      : undefined,
  );
}

/**
 * Builds a tenant's connection once per process and shares it; a failed build is forgotten so the
 * next job retries it (a connection fixed by an admin takes effect without a restart).
 */
function perTenant<T>(build: (tenantId: string) => Promise<T>): (tenantId: string) => Promise<T> {
  const cache = new Map<string, Promise<T>>();
  return (tenantId) => {
    let p = cache.get(tenantId);
    if (!p) {
      p = build(tenantId);
      p.catch(() => cache.delete(tenantId));
      cache.set(tenantId, p);
    }
    return p;
  };
}

/** Validates and stores a tenant's Genesys connection (the CLI's `sync --connection-file`). */
export async function saveGenesysConnection(
  store: SqlStore,
  tenantId: string,
  input: { settings: unknown; credentials: unknown },
): Promise<void> {
  await saveValidatedConnection(
    store,
    tenantId,
    'genesys',
    input,
    GenesysConnectionSettings,
    GenesysConnectionCredentials,
  );
}

/** Validates settings and credentials with their schemas (errors name the field), then stores them. */
async function saveValidatedConnection(
  store: SqlStore,
  tenantId: string,
  platform: 'genesys' | 'five9',
  input: { settings: unknown; credentials: unknown },
  settingsSchema: z.ZodType<Record<string, unknown>>,
  credentialsSchema: z.ZodType<Record<string, string>>,
): Promise<void> {
  const s = settingsSchema.safeParse(input.settings);
  if (!s.success) throw invalid(tenantId, s.error, 'settings');
  const c = credentialsSchema.safeParse(input.credentials);
  if (!c.success) throw invalid(tenantId, c.error, 'credentials');
  await store.tenants.writeConnection(adminCtx(tenantId), tenantId, {
    id: platform,
    platform,
    settings: s.data,
    credentials: c.data,
  });
}

/** Settings of a tenant's `five9` connection (non-secret). */
export const Five9ConnectionSettings = z.looseObject({
  dataCentre: z.enum(['US', 'UK', 'CA', 'EU']).default('US'),
  /** A local simulator instead of the data centre (tests and the demo only). */
  gateway: z.url().optional(),
  playbook: CatalogPlaybookId.optional(),
  report: z
    .strictObject({ folderName: z.string().min(1), reportName: z.string().min(1) })
    .default({ folderName: 'Call Log Reports', reportName: 'Call Log' }),
  /** Where the first sync starts (ISO instant). */
  initialStart: z.iso.datetime({ offset: true }),
  /** The first report window; later ones are sized from the rows returned. */
  chunkHours: z.number().positive().max(168).optional(),
  settleMinutes: z.number().nonnegative().default(15),
  /**
   * Disposition → stage / call type, skill → call type, and the report columns of the post-call
   * IVR survey (`surveyColumns`; without them no Five9 survey is read). See @teachback/adapter-five9.
   */
  mappings: Five9Mappings.optional(),
  /** Contact fields the push writes; see @teachback/adapter-five9's pushScoreToContact. */
  push: z.record(z.string(), z.unknown()).default({}),
  /** The customer's SFTP recording export (its password or key go in the credentials). */
  recordings: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().positive().max(65535).default(22),
      username: z.string().min(1),
      directory: z.string().min(1),
      /** SHA-256 of the server's host key, base64 as ssh-keygen -l prints it. */
      hostKeySha256: z.string().min(1).optional(),
      /** File-name pattern; default Five9's `__`-separated export names. */
      pattern: z.string().min(1).optional(),
    })
    .optional(),
});
export const Five9ConnectionCredentials = z.strictObject({
  username: z.string().min(1),
  password: z.string().min(1),
  sftpPassword: z.string().min(1).optional(),
  sftpPrivateKey: z.string().min(1).optional(),
});

/**
 * Each tenant's Five9 connection from its stored `five9` connection: one admin client per tenant.
 * Its limiter takes every per-minute grant from the database bucket of (tenant, API user,
 * operation type), so all workers share Five9's limit; hour/day windows are counted per process.
 */
export function five9Connections(store: SqlStore): (tenantId: string) => Promise<Five9Connection> {
  return perTenant(async (tenantId: string): Promise<Five9Connection> => {
    const conn = await store.tenants.readConnection(adminCtx(tenantId), tenantId, 'five9');
    const s = Five9ConnectionSettings.safeParse(conn.settings);
    if (!s.success) throw invalid(tenantId, s.error, 'connection.settings');
    const c = Five9ConnectionCredentials.safeParse(conn.credentials);
    if (!c.success) throw invalid(tenantId, c.error, 'connection.credentials');
    const client = new Five9AdminClient({
      credentials: [c.data],
      dataCentre: s.data.dataCentre,
      ...(s.data.gateway ? { baseUrl: s.data.gateway } : {}),
      limiter: new CountedOperationLimiter(
        store.driver,
        { tenantId, username: c.data.username },
        new RequestCounter(store.driver, tenantId, 'five9'),
      ),
    });
    return {
      client,
      sync: {
        report: s.data.report,
        initialStart: s.data.initialStart,
        ...(s.data.chunkHours !== undefined ? { chunkHours: s.data.chunkHours } : {}),
        settleMinutes: s.data.settleMinutes,
        ...(s.data.mappings ? { mappings: s.data.mappings } : {}),
      },
      push: s.data.push as ContactPushConfig,
      ...(s.data.recordings ? { recordings: recordingExport(s.data.recordings, c.data) } : {}),
    };
  });
}

function recordingExport(
  r: NonNullable<z.infer<typeof Five9ConnectionSettings>['recordings']>,
  c: z.infer<typeof Five9ConnectionCredentials>,
): NonNullable<Five9Connection['recordings']> {
  const { pattern, ...sftp } = r;
  const settings = {
    ...sftp,
    ...(c.sftpPassword ? { password: c.sftpPassword } : {}),
    ...(c.sftpPrivateKey ? { privateKey: c.sftpPrivateKey } : {}),
  };
  return { open: () => new SftpRecordingSource(settings), ...(pattern ? { pattern } : {}) };
}

/** Validates and stores a tenant's Five9 connection. */
export async function saveFive9Connection(
  store: SqlStore,
  tenantId: string,
  input: { settings: unknown; credentials: unknown },
): Promise<void> {
  await saveValidatedConnection(
    store,
    tenantId,
    'five9',
    input,
    Five9ConnectionSettings,
    Five9ConnectionCredentials,
  );
}

/** Settings of a tenant's `salesforce` connection (non-secret): the adapter's config without the tenant. */
export const SalesforceConnectionSettings = z.looseObject({
  playbook: CatalogPlaybookId.optional(),
  adapter: z.record(z.string(), z.unknown()).default({}),
  /** Plain-http instance and login URLs: the simulator (tests and the demo) only. */
  allowHttp: z.boolean().default(false),
});

/**
 * Each tenant's Salesforce connection from its stored `salesforce` connection; the credentials are
 * the connector's auth config (jwt, refresh-token or access-token flow). The Salesforce library
 * keeps login state under $HOME: call `usePrivateSalesforceHome` first.
 */
export function salesforceConnections(store: SqlStore): (tenantId: string) => Promise<SalesforceConnection> {
  return perTenant(async (tenantId: string): Promise<SalesforceConnection> => {
    const conn = await store.tenants.readConnection(adminCtx(tenantId), tenantId, 'salesforce');
    const s = SalesforceConnectionSettings.safeParse(conn.settings);
    if (!s.success) throw invalid(tenantId, s.error, 'connection.settings');
    const session = createSalesforceSession(conn.credentials as SalesforceAuthConfig, {
      allowHttp: s.data.allowHttp,
    });
    return {
      client: new SalesforceClient({
        session,
        throttle: new CountingThrottle(new RequestCounter(store.driver, tenantId, 'salesforce')),
      }),
      config: parseAdapterConfig({ ...s.data.adapter, tenantId }),
    };
  });
}

/** Validates and stores a tenant's Salesforce connection. */
export async function saveSalesforceConnection(
  store: SqlStore,
  tenantId: string,
  input: { settings: unknown; credentials: unknown },
): Promise<void> {
  const s = SalesforceConnectionSettings.safeParse(input.settings);
  if (!s.success) throw invalid(tenantId, s.error, 'settings');
  // The connector's own schema names the bad field; http is allowed only where the settings say so.
  parseSalesforceAuth(input.credentials, { allowHttp: s.data.allowHttp });
  parseAdapterConfig({ ...s.data.adapter, tenantId });
  await store.tenants.writeConnection(adminCtx(tenantId), tenantId, {
    id: 'salesforce',
    platform: 'salesforce',
    settings: s.data as Record<string, unknown>,
    credentials: input.credentials as Record<string, string>,
  });
}
