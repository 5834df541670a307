import { TeachbackError, type CapabilityGap, type ConnectReport } from '@teachback/core';
import { DEFAULT_PLAYBOOK_ID } from '@teachback/config';
import { DatabaseTokenBucket, migrateJobs, type SqlStore } from '@teachback/adapter-store';
import { GenesysClient, resolveRegion, throttleKey } from '@teachback/connector-genesys';
import {
  MemoryInstallations,
  MemoryVault,
  discoverOrgCapabilities,
  provisionGenesysOrg,
  type GenesysInstallation,
} from '@teachback/adapter-genesys';
import { SharedThrottle } from '../throttle';
import {
  GenesysConnectionCredentials,
  GenesysConnectionSettings,
  saveGenesysConnection,
} from '../connections';

/**
 * The premium app's integration type id when the settings name none. Genesys assigns the real one
 * on AppFoundry approval; an org that has not bought the app does not have it.
 */
export const DEFAULT_PREMIUM_APP_TYPE_ID = 'teachback-premium-app';

function invalid(what: string, issue: { path: PropertyKey[]; message: string } | undefined): TeachbackError {
  return new TeachbackError(
    'JOBS.CONNECTION_INVALID',
    `${what}.${issue?.path.map(String).join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    { details: { platform: 'genesys' } },
  );
}

/**
 * `teachback connect genesys`: checks the connection, finds out what the org has (permissions,
 * Speech & Text Analytics, live transcription topics), installs what push needs (evaluation form,
 * external metrics; the premium app's integration type must be there), and stores the connection
 * with what was installed. Required and absent things are listed in `missing`; optional ones in
 * `skipped` (synced without). Never logs or returns the client secret.
 */
export async function connectGenesys(
  store: SqlStore,
  tenantId: string,
  connection: { settings: unknown; credentials: unknown },
): Promise<ConnectReport> {
  const s = GenesysConnectionSettings.safeParse(connection.settings);
  if (!s.success) throw invalid('settings', s.error.issues[0]);
  const c = GenesysConnectionCredentials.safeParse(connection.credentials);
  if (!c.success) throw invalid('credentials', c.error.issues[0]);
  const settings = s.data;
  const region = resolveRegion(settings.region);
  if (!region) {
    throw invalid('settings', { path: ['region'], message: 'not one of the 18 Genesys Cloud regions' });
  }
  const typeId = settings.premiumAppIntegrationTypeId ?? DEFAULT_PREMIUM_APP_TYPE_ID;
  // The shared token bucket lives in the jobs tables; connect may run before any worker made them.
  await migrateJobs(store.driver);
  const bucket = new DatabaseTokenBucket(store.driver, throttleKey(settings.orgId, c.data.clientId), {
    requestsPerMinute: settings.requestsPerMinute,
  });
  const client = new GenesysClient({
    orgId: settings.orgId,
    region,
    credentials: c.data,
    ...(settings.gateway ? { gateway: settings.gateway } : {}),
    // Shares the workers' budget for this credential: connecting during a sync causes no 429s.
    throttle: new SharedThrottle(bucket, settings.requestsPerMinute),
  });

  const caps = await discoverOrgCapabilities(client).catch((err: unknown) => {
    throw credentialError(err) ?? err;
  });
  const missing: CapabilityGap[] = [...caps.missing];
  const provisioned: string[] = caps.verified.map((v) => `verified ${v}`);

  const installations = new MemoryInstallations();
  const result = await provisionGenesysOrg(
    {
      // The credentials are stored once, encrypted, with the connection below; not a second time.
      vault: new MemoryVault(),
      installations,
      // The evaluation form mirrors the newest version of the tenant's playbook.
      playbook: (await store.playbooks.latest(tenantId, settings.playbook ?? DEFAULT_PLAYBOOK_ID)).playbook,
      premiumAppIntegrationTypeId: typeId,
      clientFor: () => client,
    },
    {
      tenantId,
      orgId: settings.orgId,
      region,
      oauthClientId: c.data.clientId,
      oauthClientSecret: c.data.clientSecret,
    },
  );
  let installation: GenesysInstallation | undefined;
  if (result.ok) {
    installation = result.installation;
    provisioned.push(
      `integration type ${typeId} (premium app entitlement)`,
      `evaluation form "${installation.form.name}" (${installation.form.formId})`,
      `external metric "Teachback compliance %" (${installation.metrics.compliance})`,
      `external metric "Teachback playbook adherence %" (${installation.metrics.adherence})`,
    );
  } else {
    const e = result.error;
    if (e.code === 'GENESYS.AUTH_FAILED') throw credentialError(e) ?? new Error(e.message);
    if (e.code === 'GENESYS.ORG_MISMATCH') {
      throw invalid('settings', { path: ['orgId'], message: 'the OAuth client belongs to a different org' });
    }
    const what = e.permission ?? (e.code === 'GENESYS.NOT_ENTITLED' ? `integration type ${typeId}` : e.step);
    if (!missing.some((m) => m.what === what)) {
      missing.push({ what, why: `provisioning step ${e.step}: ${e.message}` });
    }
  }

  // Stored even when something is missing: the sync runs with what exists; connect again once
  // the admin has granted the rest, and the installation is added then.
  await saveGenesysConnection(store, tenantId, {
    settings: {
      ...settings,
      region,
      ...(installation ? { installation } : {}),
      capabilities: { checkedAt: new Date().toISOString(), skipped: caps.skipped, missing },
    },
    credentials: c.data,
  });
  return {
    platform: 'genesys',
    ok: missing.length === 0 && installation !== undefined,
    provisioned,
    missing,
    skipped: caps.skipped,
  };
}

/** A refused client-credentials grant as an error naming the field an admin must fix. */
function credentialError(err: unknown): TeachbackError | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code !== 'GENESYS.AUTH_FAILED') return undefined;
  return new TeachbackError(
    'JOBS.CONNECTION_INVALID',
    'credentials.clientSecret: Genesys refused the OAuth client id/secret (client-credentials grant)',
    { details: { platform: 'genesys' } },
  );
}
