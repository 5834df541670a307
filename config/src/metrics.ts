import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { CallType, TeachbackError, fieldPath } from '@teachback/core';

const Name = z.string().min(1, 'must not be empty').max(200, 'at most 200 characters');

/**
 * A tenant's metric definitions and mappings: the FCR window, the sales funnel (stages in order and
 * which dispositions mean which stage), how queues and dispositions map to call types, which
 * playbook scores each call type, and Teachback's own survey link. No secret other than the
 * survey signing secret, which is required only to mint or verify survey links.
 */
export const MetricsDefinitions = z.strictObject({
  fcrWindowDays: z.number().int().min(1, 'at least 1 day').max(90, 'at most 90 days').default(7),
  /** Trailing window of the rolling score used for ramp time. */
  rampWindowDays: z.number().int().min(1).max(90).default(7),
  funnel: z
    .strictObject({
      stages: z.array(Name).max(20).default([]),
      /** Disposition (or wrap-up code) → stage, used when the platform reports no stage. */
      dispositions: z.record(Name, Name).default({}),
    })
    .default({ stages: [], dispositions: {} })
    .superRefine((f, ctx) => {
      for (const [d, s] of Object.entries(f.dispositions))
        if (!f.stages.includes(s))
          ctx.addIssue({
            code: 'custom',
            path: ['dispositions', d],
            message: `stage "${s}" is not in funnel.stages`,
          });
    }),
  callTypes: z
    .strictObject({
      /** Queue name → call type: the platform's routing is the strongest evidence. */
      queues: z.record(Name, CallType).default({}),
      dispositions: z.record(Name, CallType).default({}),
      /** Call type → playbook id, so each call is scored against its type's process. */
      playbooks: z.partialRecord(CallType, Name).default({}),
    })
    .default({ queues: {}, dispositions: {}, playbooks: {} }),
  survey: z
    .strictObject({
      /** HMAC key material for survey links (per tenant keys are derived from it). */
      secret: z.string().min(32, 'at least 32 characters').optional(),
      ttlHours: z
        .number()
        .int()
        .min(1)
        .max(24 * 30)
        .default(72),
      /** Public base URL of the server the link points at (https outside tests). */
      baseUrl: z.url('must be a URL').optional(),
    })
    .default({ ttlHours: 72 }),
});
export type MetricsDefinitions = z.output<typeof MetricsDefinitions>;
export type MetricsDefinitionsInput = z.input<typeof MetricsDefinitions>;

/** Validates definitions; CONFIG.INVALID names the field (`funnel.dispositions.Sale`) and why. */
export function parseMetricsDefinitions(raw: unknown, source = 'metrics definitions'): MetricsDefinitions {
  const r = MetricsDefinitions.safeParse(raw ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = fieldPath(issue.path);
  const extra = issue.code === 'unrecognized_keys' ? `: ${issue.keys.join(', ')}` : '';
  throw new TeachbackError('CONFIG.INVALID', `${source}: ${field}: ${issue.message}${extra}`, {
    details: { field },
  });
}

/** Reads a JSON definitions file. */
export function loadMetricsDefinitions(file: string): MetricsDefinitions {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new TeachbackError('CONFIG.INVALID', `${file}: not readable JSON`, { cause: e });
  }
  return parseMetricsDefinitions(raw, file);
}

export const DEFAULT_METRICS_DEFINITIONS: MetricsDefinitions = parseMetricsDefinitions({});
