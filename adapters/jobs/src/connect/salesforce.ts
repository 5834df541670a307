import {
  checkInstall,
  describeOrg,
  INSTALL_OBJECTS,
  objectsToDescribe,
  parseAdapterConfig,
  planSync,
} from '@teachback/adapter-salesforce';
import type { SqlStore } from '@teachback/adapter-store';
import {
  createSalesforceSession,
  parseSalesforceAuth,
  SalesforceClient,
  type SalesforceAuthConfig,
} from '@teachback/connector-salesforce';
import { TeachbackError, type ConnectReport } from '@teachback/core';
import { SalesforceConnectionSettings, saveSalesforceConnection } from '../connections';

/**
 * `teachback connect salesforce`: validates the connection (errors name the field), logs in,
 * checks Teachback's metadata and the integration user's permissions, discovers what the org has
 * (objects, fields, transcripts), then stores the connection (credentials encrypted by the store).
 * Nothing here logs or returns a secret: the report lists object and field names only.
 */
export async function connectSalesforce(
  store: SqlStore,
  tenantId: string,
  connection: { settings: unknown; credentials: unknown },
): Promise<ConnectReport> {
  const s = SalesforceConnectionSettings.safeParse(connection.settings ?? {});
  if (!s.success) {
    const issue = s.error.issues[0]!;
    throw new TeachbackError(
      'JOBS.CONNECTION_INVALID',
      `settings.${issue.path.join('.') || '(root)'}: ${issue.message}`,
      { details: { tenantId } },
    );
  }
  // Both name the bad field; neither echoes a value.
  const auth = parseSalesforceAuth(connection.credentials, { allowHttp: s.data.allowHttp });
  const config = parseAdapterConfig({ ...s.data.adapter, tenantId });

  const session = createSalesforceSession(auth as SalesforceAuthConfig, { allowHttp: s.data.allowHttp });
  let org;
  try {
    // The login itself is the auth check: a bad token or key fails here with a coded error.
    await session.connection();
    const client = new SalesforceClient({ session });
    // The sync reads surveys where the org has them (the runtime passes a survey sink): check them too.
    org = await describeOrg(client, [
      ...new Set([...objectsToDescribe(config, { surveys: true }), ...INSTALL_OBJECTS]),
    ]);
  } finally {
    // Removes a JWT key file the session wrote; the sync builds its own session.
    session.close();
  }
  const install = checkInstall(org);
  const plan = planSync(config, org, { surveys: true });
  const provisioned = [
    'login',
    ...install.provisioned,
    ...plan.streams.map((p) => `sync ${p.spec.name} (${p.fields.length} fields)`),
    ...(plan.transcripts ? ['transcripts from ConversationEntry'] : []),
    ...(plan.opportunities ? ['Opportunity stages of calls (Task.WhatId, VoiceCall.RelatedRecordId)'] : []),
    ...(plan.surveys ? ['post-call surveys from Feedback Management (SurveySubject-linked)'] : []),
  ];
  const missing = [...install.missing, ...plan.missing];

  await saveSalesforceConnection(store, tenantId, {
    settings: connection.settings ?? {},
    credentials: connection.credentials,
  });
  return { platform: 'salesforce', ok: missing.length === 0, provisioned, missing, skipped: plan.skipped };
}
