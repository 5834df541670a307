import { z } from 'zod';
import { MetricsDefinitions } from '../metrics';
import type { Setting } from './setting';

const TenantId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a tenant id (letters, digits, - and _)');

/**
 * The metric definitions every tenant gets (FCR window, funnel, call-type mappings, survey link),
 * plus whole per-tenant definitions under `tenants`. A tenant's entry replaces the base one, except
 * that the survey secret and base URL fall back to the base: one deployment usually has one public
 * URL and one secret (links are signed with a per-tenant key derived from it).
 */
export const MetricsSettings = MetricsDefinitions.extend({
  tenants: z.record(TenantId, MetricsDefinitions).default({}),
  /** Where `teachback digest --deliver` sends each supervisor's weekly digest. */
  digest: z
    .strictObject({
      webhookUrl: z.url('must be a URL').optional(),
      webhookSecret: z.string().min(32, 'at least 32 characters').optional(),
      /** A folder the admin's mail relay picks up (.eml files). */
      outboxDir: z.string().min(1).optional(),
      from: z.string().min(3).default('Teachback <no-reply@teachback.invalid>'),
    })
    .default({ from: 'Teachback <no-reply@teachback.invalid>' }),
});
export type MetricsSettings = z.output<typeof MetricsSettings>;

/** The definitions the server, the pipeline and the CLI use for one tenant. */
export function metricsDefinitionsFor(settings: MetricsSettings, tenantId: string): MetricsDefinitions {
  const { tenants, digest: _digest, ...base } = settings;
  const own = tenants[tenantId];
  if (!own) return base;
  const survey = { ...own.survey };
  if (survey.secret === undefined && base.survey.secret !== undefined) survey.secret = base.survey.secret;
  if (survey.baseUrl === undefined && base.survey.baseUrl !== undefined) survey.baseUrl = base.survey.baseUrl;
  return { ...own, survey };
}

const METRICS = 'serve, demo --serve, worker, metrics, digest, survey-link';

export const METRICS_SETTINGS: Setting[] = [
  {
    path: 'fcrWindowDays',
    env: 'TEACHBACK_METRICS_FCR_WINDOW_DAYS',
    read: 'number',
    about: 'first call resolution: days without a further contact about the same call type (1–90)',
    default: '7',
    commands: METRICS,
  },
  {
    path: 'rampWindowDays',
    env: 'TEACHBACK_METRICS_RAMP_WINDOW_DAYS',
    read: 'number',
    about: 'ramp time: trailing days of the rolling score compared with the team median (1–90)',
    default: '7',
    commands: METRICS,
  },
  {
    path: 'funnel',
    env: 'TEACHBACK_METRICS_FUNNEL',
    read: 'json',
    about:
      'conversion funnel as JSON `{"stages": ["Lead", "Quoted", "Sold"], "dispositions": {"Sale": "Sold"}}`',
    default: 'no stages',
    commands: METRICS,
  },
  {
    path: 'callTypes',
    env: 'TEACHBACK_METRICS_CALL_TYPES',
    read: 'json',
    about:
      'call types as JSON `{"queues": {"Billing": "billing-insurance"}, "dispositions": {...}, "playbooks": {"scheduling": "<playbook id>"}}`',
    default: 'none (classified from the conversation)',
    commands: METRICS,
  },
  {
    path: 'survey.secret',
    env: 'TEACHBACK_SURVEY_SECRET',
    about: 'signs post-call survey links (32+ characters); unset = survey links answer 501',
    commands: 'serve, demo --serve, survey-link',
    secret: true,
  },
  {
    path: 'survey.ttlHours',
    env: 'TEACHBACK_SURVEY_TTL_HOURS',
    read: 'number',
    about: 'hours a survey link stays valid (1–720)',
    default: '72',
    commands: 'serve, demo --serve, survey-link',
  },
  {
    path: 'survey.baseUrl',
    env: 'TEACHBACK_SURVEY_BASE_URL',
    about: 'public URL of the server survey links point at (https outside tests)',
    default: 'none (the link is a path: /survey/<token>)',
    commands: 'serve, demo --serve, survey-link',
  },
  {
    path: 'digest.webhookUrl',
    env: 'TEACHBACK_DIGEST_WEBHOOK_URL',
    about: 'weekly digest: one JSON POST per supervisor (no PHI) to this URL',
    commands: 'digest --deliver',
  },
  {
    path: 'digest.webhookSecret',
    env: 'TEACHBACK_DIGEST_WEBHOOK_SECRET',
    about: 'signs each digest POST (X-Teachback-Signature: sha256 HMAC of timestamp.body), 32+ characters',
    commands: 'digest --deliver',
    secret: true,
  },
  {
    path: 'digest.outboxDir',
    env: 'TEACHBACK_DIGEST_OUTBOX',
    about: 'weekly digest: a folder the mail relay picks up, one .eml per supervisor with an email address',
    commands: 'digest --deliver',
  },
  {
    path: 'digest.from',
    env: 'TEACHBACK_DIGEST_FROM',
    about: 'From: of digest emails',
    default: 'Teachback <no-reply@teachback.invalid>',
    commands: 'digest --deliver',
  },
  {
    path: 'tenants',
    about: 'per-tenant definitions (same keys as above), replacing the base ones for that tenant',
    default: 'none',
    commands: METRICS,
  },
];
