import { z } from 'zod';
import { ConnectorError } from '@teachback/connector-kit';
import {
  GenesysClient,
  GenesysErrorCode,
  resolveRegion,
  type GenesysClientOptions,
} from '@teachback/connector-genesys';
import { evaluationFormFor, formNameFor, formRefFrom, type PlaybookForForm } from './push';
import type { CredentialVault, GenesysInstallation, InstallationStore } from './ports';

/** What the AppFoundry premium-app wizard posts to `/provision` (platforms/genesys.md §5). */
export const ProvisionRequest = z.strictObject({
  tenantId: z.string().min(1),
  orgId: z.string().min(1),
  /** Region id or host, as the wizard's `apiEnvironment` gives it. */
  region: z.string().min(1),
  oauthClientId: z.string().min(1),
  oauthClientSecret: z.string().min(1),
});
export type ProvisionRequest = z.infer<typeof ProvisionRequest>;

/** Every permission the OAuth client's role needs, by feature. The README table is generated from this. */
export const REQUIRED_PERMISSIONS = [
  {
    feature: 'entitlement check',
    permission: 'integrations:integration:view',
    api: 'GET /api/v2/integrations/types/{typeId}',
    operations: ['integrations.getType'],
  },
  {
    feature: 'pull conversations',
    permission: 'analytics:conversationDetail:view',
    api: 'POST /api/v2/analytics/conversations/details/query (+ /jobs)',
    operations: [
      'analytics.detailsQuery',
      'analytics.createDetailsJob',
      'analytics.getDetailsJob',
      'analytics.getDetailsJobResults',
      'analytics.jobsAvailability',
    ],
  },
  {
    feature: 'transcripts',
    permission: 'speechAndTextAnalytics:transcript:view',
    api: 'GET /api/v2/speechandtextanalytics/conversations/{id}/communications/{cid}/transcripturl',
    operations: ['sta.transcriptUrl'],
  },
  {
    feature: 'recordings',
    permission: 'recording:recording:view',
    api: 'GET /api/v2/conversations/{id}/recordings, POST /api/v2/recording/batchrequests',
    operations: ['recording.list', 'recording.createBatch', 'recording.getBatch'],
  },
  {
    feature: 'recordings with sensitive data',
    permission: 'recording:recording:viewSensitiveData',
    api: 'POST /api/v2/recording/batchrequests',
    operations: [],
  },
  {
    feature: 'message and email bodies',
    permission: 'conversation:message:view, conversation:email:view',
    api: 'GET /api/v2/conversations/messages|emails/{id}/messages',
    operations: [
      'conversations.getMessage',
      'conversations.messagesBulk',
      'conversations.emailMessages',
      'conversations.emailMessage',
    ],
  },
  {
    feature: 'evaluation form',
    permission: 'quality:evaluationForm:view',
    api: 'GET /api/v2/quality/forms/evaluations',
    operations: ['quality.listForms'],
  },
  {
    feature: 'evaluation form',
    permission: 'quality:evaluationForm:add',
    api: 'POST /api/v2/quality/forms/evaluations',
    operations: ['quality.createForm'],
  },
  {
    feature: 'evaluation form',
    permission: 'quality:evaluationForm:edit',
    api: 'POST /api/v2/quality/publishedforms/evaluations',
    operations: ['quality.publishForm'],
  },
  {
    feature: 'evaluations',
    permission: 'quality:evaluation:add',
    api: 'POST /api/v2/quality/conversations/{id}/evaluations',
    operations: ['quality.createEvaluation'],
  },
  {
    feature: 'coaching',
    permission: 'coaching:appointment:add',
    api: 'POST /api/v2/coaching/appointments',
    operations: ['coaching.createAppointment'],
  },
  {
    feature: 'scorecard metrics',
    permission: 'employeePerformance:externalMetricDefinition:view',
    api: 'GET /api/v2/employeeperformance/externalmetrics/definitions',
    operations: ['gamification.listMetricDefinitions'],
  },
  {
    feature: 'scorecard metrics',
    permission: 'employeePerformance:externalMetricDefinition:add',
    api: 'POST /api/v2/employeeperformance/externalmetrics/definitions',
    operations: ['gamification.createMetricDefinition'],
  },
  {
    feature: 'scorecard metrics',
    permission: 'employeePerformance:externalMetricData:add',
    api: 'POST /api/v2/employeeperformance/externalmetrics/data',
    operations: ['gamification.writeMetricData'],
  },
  {
    feature: 'live transcription',
    permission: 'speechAndTextAnalytics:data:view, routing:queue:view',
    api: 'POST /api/v2/notifications/channels + subscriptions',
    operations: ['notifications.createChannel', 'notifications.setTopics'],
  },
  {
    // Optional: without it the sync cannot tell whether STA is on and asks for transcripts anyway.
    // The permission name is assumed (not published where we could check it).
    feature: 'transcription setting (optional; name assumed)',
    permission: 'routing:transcriptionSettings:view',
    api: 'GET /api/v2/routing/settings/transcription',
    operations: ['routing.transcriptionSettings'],
  },
] as const;

export function permissionFor(operation: string): { permission: string; api: string } | undefined {
  const row = REQUIRED_PERMISSIONS.find((r) => (r.operations as readonly string[]).includes(operation));
  return row ? { permission: row.permission, api: row.api } : undefined;
}

export const METRIC_DEFINITIONS = {
  compliance: {
    name: 'Teachback compliance %',
    unit: 'Percent',
    precision: 1,
    defaultObjectiveType: 'HigherIsBetter',
    enabled: true,
  },
  adherence: {
    name: 'Teachback playbook adherence %',
    unit: 'Percent',
    precision: 1,
    defaultObjectiveType: 'HigherIsBetter',
    enabled: true,
  },
} as const;

/**
 * Contact-center metrics a tenant may add to the agents' scorecards (issue 18). Not created at
 * install: an org has at most 50 external metrics, so each is created only when turned on.
 */
export const CONTACT_CENTER_METRIC_DEFINITIONS = {
  fcr: {
    name: 'Teachback first contact resolution %',
    unit: 'Percent',
    precision: 1,
    defaultObjectiveType: 'HigherIsBetter',
    enabled: true,
  },
  csat: {
    name: 'Teachback CSAT (1-5)',
    unit: 'Number',
    precision: 2,
    defaultObjectiveType: 'HigherIsBetter',
    enabled: true,
  },
  aht: {
    name: 'Teachback average handle time',
    unit: 'Seconds',
    precision: 0,
    defaultObjectiveType: 'LowerIsBetter',
    enabled: true,
  },
} as const;
export type ContactCenterMetricName = keyof typeof CONTACT_CENTER_METRIC_DEFINITIONS;

/**
 * Finds or creates the definitions of the named contact-center metrics and returns the
 * installation with their ids (the caller stores it). Safe to repeat: existing names are reused.
 */
export async function ensureContactCenterMetrics(
  client: GenesysClient,
  installation: GenesysInstallation,
  which: readonly ContactCenterMetricName[],
): Promise<GenesysInstallation> {
  const existing = (await client.listExternalMetricDefinitions()).entities ?? [];
  const metrics = { ...installation.metrics };
  for (const name of which) {
    if (metrics[name]) continue;
    const d = CONTACT_CENTER_METRIC_DEFINITIONS[name];
    metrics[name] =
      existing.find((e) => e.name === d.name)?.id ??
      (await client.createExternalMetricDefinition({ ...d })).id!;
  }
  return { ...installation, metrics };
}

export interface ProvisionDeps {
  vault: CredentialVault;
  installations: InstallationStore;
  playbook: PlaybookForForm;
  /** The premium app's integration type id, assigned by Genesys on AppFoundry approval. */
  premiumAppIntegrationTypeId: string;
  /** Builds the per-org client; tests point it at the simulator. */
  clientFor?: (o: Pick<GenesysClientOptions, 'orgId' | 'region' | 'credentials'>) => GenesysClient;
  now?: () => Date;
}

export type ProvisionStep =
  | 'validate'
  | 'verify-credentials'
  | 'verify-entitlement'
  | 'verify-analytics'
  | 'store-credentials'
  | 'evaluation-form'
  | 'metric-definitions';

export interface ProvisionFailure {
  ok: false;
  status: number;
  error: {
    code: string;
    message: string;
    step: ProvisionStep;
    field?: string;
    permission?: string;
    api?: string;
  };
}
export type ProvisionResult = { ok: true; status: 200; installation: GenesysInstallation } | ProvisionFailure;

class StepFailure extends Error {
  constructor(readonly failure: ProvisionFailure) {
    super(failure.error.message);
  }
}

function fail(step: ProvisionStep, err: unknown): never {
  if (err instanceof ConnectorError) {
    const operation = typeof err.details?.['operation'] === 'string' ? err.details['operation'] : '';
    if (err.code === GenesysErrorCode.PERMISSION_MISSING) {
      const p = permissionFor(operation);
      throw new StepFailure({
        ok: false,
        status: 403,
        error: {
          code: 'GENESYS.PERMISSION_MISSING',
          step,
          message: p
            ? `The OAuth client's role lacks ${p.permission}, needed for ${p.api}. Add it to the role and retry.`
            : `The OAuth client's role lacks a permission needed by ${operation}.`,
          ...(p ? { permission: p.permission, api: p.api } : {}),
        },
      });
    }
    if (err.code === GenesysErrorCode.AUTH_FAILED) {
      throw new StepFailure({
        ok: false,
        status: 401,
        error: {
          code: err.code,
          step,
          field: 'oauthClientSecret',
          message: 'Genesys refused the OAuth client id/secret (client-credentials grant).',
        },
      });
    }
    throw new StepFailure({ ok: false, status: 502, error: { code: err.code, step, message: err.message } });
  }
  throw err;
}

async function step<T>(name: ProvisionStep, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof StepFailure) throw err;
    fail(name, err);
  }
}

/**
 * The provisioning contract the premium app's post-custom-setup posts to. Verifies the
 * credentials, the org and the product entitlement, stores the credentials through the vault,
 * then creates (or finds) the evaluation form and the external metric definitions. Safe to
 * re-post: existing objects are reused.
 */
export async function provisionGenesysOrg(deps: ProvisionDeps, body: unknown): Promise<ProvisionResult> {
  const parsed = ProvisionRequest.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join('.') || '(root)';
    return {
      ok: false,
      status: 400,
      error: {
        code: 'GENESYS.PROVISION_INVALID',
        step: 'validate',
        field,
        message: `${field}: ${issue?.message ?? 'invalid'}`,
      },
    };
  }
  const req = parsed.data;
  const region = resolveRegion(req.region);
  if (!region) {
    return {
      ok: false,
      status: 400,
      error: {
        code: 'GENESYS.PROVISION_INVALID',
        step: 'validate',
        field: 'region',
        message: 'region: not one of the 18 Genesys Cloud regions',
      },
    };
  }
  const now = deps.now ?? (() => new Date());
  const opts = {
    orgId: req.orgId,
    region,
    credentials: { clientId: req.oauthClientId, clientSecret: req.oauthClientSecret },
  };
  const client = deps.clientFor ? deps.clientFor(opts) : new GenesysClient(opts);
  try {
    const token = await step('verify-credentials', () => client.getTokenInfo());
    if (token.organization?.id && token.organization.id !== req.orgId) {
      return {
        ok: false,
        status: 409,
        error: {
          code: 'GENESYS.ORG_MISMATCH',
          step: 'verify-credentials',
          field: 'orgId',
          message: 'orgId: the OAuth client belongs to a different Genesys org',
        },
      };
    }
    await step('verify-entitlement', async () => {
      try {
        await client.getIntegrationType(deps.premiumAppIntegrationTypeId);
      } catch (err) {
        if (err instanceof ConnectorError && err.code === GenesysErrorCode.NOT_FOUND) {
          throw new StepFailure({
            ok: false,
            status: 403,
            error: {
              code: 'GENESYS.NOT_ENTITLED',
              step: 'verify-entitlement',
              message: 'The org has not purchased the Teachback premium app (integration type not found).',
            },
          });
        }
        throw err;
      }
    });
    await step('verify-analytics', () => {
      const end = now();
      const start = new Date(end.getTime() - 3_600_000);
      return client.detailsQuery({
        interval: `${start.toISOString()}/${end.toISOString()}`,
        paging: { pageSize: 1, pageNumber: 1 },
      });
    });
    await step('store-credentials', () =>
      deps.vault.put(req.tenantId, 'genesys', {
        orgId: req.orgId,
        region,
        clientId: req.oauthClientId,
        clientSecret: req.oauthClientSecret,
      }),
    );
    const form = await step('evaluation-form', async () => {
      const name = formNameFor(deps.playbook);
      const found = (await client.findEvaluationForms(name)).entities?.find((f) => f.name === name);
      let created = found ?? (await client.createEvaluationForm(evaluationFormFor(deps.playbook)));
      if (!created.published) {
        // The published version carries its own ids; evaluations must use those.
        const published = await client.publishEvaluationForm(created.id!);
        created = published.questionGroups?.length
          ? published
          : { ...published, questionGroups: created.questionGroups ?? [] };
      }
      created = {
        ...(await client.publishEvaluationForm(created.id!)),
        questionGroups: created.questionGroups ?? [],
      };
      return formRefFrom(deps.playbook, created);
    });
    const metrics = await step('metric-definitions', async () => {
      const existing = (await client.listExternalMetricDefinitions()).entities ?? [];
      const ensure = async (d: (typeof METRIC_DEFINITIONS)[keyof typeof METRIC_DEFINITIONS]) =>
        existing.find((e) => e.name === d.name)?.id ??
        (await client.createExternalMetricDefinition({ ...d })).id!;
      return {
        compliance: await ensure(METRIC_DEFINITIONS.compliance),
        adherence: await ensure(METRIC_DEFINITIONS.adherence),
      };
    });
    const installation: GenesysInstallation = {
      tenantId: req.tenantId,
      orgId: req.orgId,
      region,
      form,
      metrics,
      installedAt: now().toISOString(),
    };
    await deps.installations.put(installation);
    return { ok: true, status: 200, installation };
  } catch (err) {
    if (err instanceof StepFailure) return err.failure;
    throw err;
  }
}
