import { createHmac, timingSafeEqual } from 'node:crypto';
import { fieldPath } from '@teachback/core';
import { z } from 'zod';
import type { PipelineScheduler, QuarantineSink } from './ports';

/**
 * Intake for Five9 Web Connectors. A connector fires from the agent desktop on a trigger and
 * sends the configured constants and call-variable placeholders (`@Call.call_id@`) by GET query
 * or POST form. Five9 cannot sign requests, so the connector carries a constant `tb_key` that is
 * an HMAC of the tenant id under our secret: it proves the connector was set up by someone holding
 * a key we issued, and it can be rotated by rotating the secret. The event only triggers work:
 * the post-call pipeline re-reads the call from Five9's report, so a forged event can at worst
 * schedule an idempotent re-read.
 *
 * Framework-free: `(method, query, headers, body)` → `{ status, body }`; the HTTP server mounts it.
 */
export const WEB_CONNECTOR_TRIGGERS = [
  'OnCallAccepted',
  'OnCallDisconnected',
  'OnCallDispositioned',
  'OnChatArrival',
  'OnChatTransfer',
  'OnChatTermination',
  'OnChatClose',
  'OnEmailArrival',
  'OnEmailTransfer',
  'OnEmailClose',
] as const;

const STARTS = new Set(['OnCallAccepted', 'OnChatArrival', 'OnEmailArrival']);
const ENDS = new Set([
  'OnCallDisconnected',
  'OnCallDispositioned',
  'OnChatTermination',
  'OnChatClose',
  'OnEmailClose',
]);

/** An unsubstituted placeholder means the connector's variable name is wrong in Five9. */
const PLACEHOLDER = /^@[A-Za-z]+\.[A-Za-z0-9_ ]+@$/;
const notPlaceholder = (s: string) => !PLACEHOLDER.test(s);

export const WebConnectorEvent = z.strictObject({
  tb_tenant: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a tenant id'),
  tb_key: z.string().regex(/^[0-9a-f]{64}$/, 'must be the 64-hex-digit key Teachback issued'),
  tb_event: z.enum(WEB_CONNECTOR_TRIGGERS),
  call_id: z
    .string()
    .refine(notPlaceholder, 'placeholder was not substituted; check the connector variable')
    .pipe(z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'must be a Five9 call id')),
  session_id: z
    .string()
    .refine(notPlaceholder, 'placeholder was not substituted; check the connector variable')
    .pipe(z.string().regex(/^[A-Za-z0-9-]{0,64}$/, 'must be a Five9 session id'))
    .optional(),
  campaign: z.string().max(200).refine(notPlaceholder, 'placeholder was not substituted').optional(),
  disposition: z.string().max(200).refine(notPlaceholder, 'placeholder was not substituted').optional(),
  agent: z.string().max(200).refine(notPlaceholder, 'placeholder was not substituted').optional(),
});
export type WebConnectorEvent = z.infer<typeof WebConnectorEvent>;

/** The constant an admin pastes into the connector for a tenant. */
export function connectorKey(secret: string, tenantId: string): string {
  return createHmac('sha256', secret).update(`five9-web-connector:${tenantId}`).digest('hex');
}

export interface WebConnectorResponse {
  status: number;
  headers: Record<string, string>;
  body: { ok: boolean; code?: string; message?: string; scheduled?: string[]; duplicate?: boolean };
}

export interface WebConnectorOptions {
  /** Current secret, plus the previous one while a rotation is under way. */
  secrets: readonly string[];
  scheduler: PipelineScheduler;
  /**
   * Where an authenticated event we cannot read is kept (an unsubstituted placeholder, a bad call
   * id): it came from a real connector, so it is not just refused but kept with its reason.
   */
  quarantine?: QuarantineSink;
  now?: () => number;
}

function respond(status: number, body: WebConnectorResponse['body']): WebConnectorResponse {
  return {
    status,
    // Connectors run in the agent's browser: answer CORS simply and never cache.
    headers: {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'Access-Control-Allow-Origin': '*',
    },
    body,
  };
}

function firstValues(input: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value !== undefined) out[k] = value;
  }
  return out;
}

function parseBody(
  headers: Record<string, string | undefined>,
  body: string | undefined,
): Record<string, string> | string {
  if (!body) return {};
  const type = (headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/json')) {
    try {
      const json: unknown = JSON.parse(body);
      if (!json || typeof json !== 'object' || Array.isArray(json)) return 'body: must be a JSON object';
      return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, String(v)]));
    } catch {
      return 'body: not valid JSON';
    }
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export function createWebConnectorHandler(options: WebConnectorOptions) {
  if (options.secrets.length === 0 || options.secrets.some((s) => s.length < 32)) {
    throw new Error('web connector secrets: at least one, each 32 characters or longer');
  }
  const now = options.now ?? Date.now;
  const keyMatches = (tenantId: string, key: string): boolean => {
    const given = Buffer.from(key, 'hex');
    return options.secrets.some((s) => {
      const want = Buffer.from(connectorKey(s, tenantId), 'hex');
      return want.length === given.length && timingSafeEqual(want, given);
    });
  };
  /** The tenant of an event whose own fields are bad but whose tenant and key are genuine. */
  const authenticTenant = (known: Record<string, string | undefined>): string | undefined => {
    const tenant = WebConnectorEvent.shape.tb_tenant.safeParse(known['tb_tenant']);
    const key = WebConnectorEvent.shape.tb_key.safeParse(known['tb_key']);
    return tenant.success && key.success && keyMatches(tenant.data, key.data) ? tenant.data : undefined;
  };
  return async function handleWebConnector(
    method: string,
    query: Record<string, string | string[] | undefined>,
    headers: Record<string, string | undefined>,
    body?: string,
  ): Promise<WebConnectorResponse> {
    const m = method.toUpperCase();
    if (m === 'OPTIONS') return respond(204, { ok: true });
    if (m !== 'GET' && m !== 'POST')
      return respond(405, { ok: false, code: 'HTTP.METHOD_NOT_ALLOWED', message: 'use GET or POST' });
    const lowered = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    const fromBody = m === 'POST' ? parseBody(lowered, body) : {};
    if (typeof fromBody === 'string')
      return respond(400, { ok: false, code: 'FIVE9.WEB_CONNECTOR_INVALID', message: fromBody });
    const params = { ...firstValues(query), ...fromBody };
    // Five9 sends other configured variables too; keep only ours and ignore the rest.
    const known = Object.fromEntries(
      Object.entries(params).filter(
        ([k]) => Object.keys(WebConnectorEvent.shape).includes(k) && params[k] !== '',
      ),
    );
    const parsed = WebConnectorEvent.safeParse(known);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const reason = `${fieldPath(issue.path)}: ${issue.message}`;
      const tenantId = authenticTenant(known);
      if (tenantId && options.quarantine) {
        const at = new Date(now()).toISOString();
        // The reference carries the trigger and time only: the bad fields could hold anything.
        const trigger = WEB_CONNECTOR_TRIGGERS.find((t) => t === known['tb_event']) ?? 'unknown-trigger';
        await options.quarantine.add({
          tenantId,
          platform: 'five9',
          kind: 'web-connector-event',
          ref: `${trigger} ${at}`,
          reason,
          at,
        });
      }
      return respond(400, { ok: false, code: 'FIVE9.WEB_CONNECTOR_INVALID', message: reason });
    }
    const event = parsed.data;
    if (!keyMatches(event.tb_tenant, event.tb_key))
      return respond(401, {
        ok: false,
        code: 'FIVE9.WEB_CONNECTOR_UNAUTHORIZED',
        message: 'tb_key is not valid for this tenant',
      });

    const step = STARTS.has(event.tb_event)
      ? 'interaction-started'
      : ENDS.has(event.tb_event)
        ? 'post-call'
        : undefined;
    if (!step) return respond(200, { ok: true, scheduled: [] });
    const key = `${event.tb_tenant}:five9:${event.call_id}:${step}`;
    const fresh = await options.scheduler.schedule({
      key,
      tenantId: event.tb_tenant,
      platform: 'five9',
      externalId: event.call_id,
      step,
      trigger: event.tb_event,
      receivedAt: new Date(now()).toISOString(),
    });
    return respond(
      200,
      fresh ? { ok: true, scheduled: [key] } : { ok: true, duplicate: true, scheduled: [] },
    );
  };
}
