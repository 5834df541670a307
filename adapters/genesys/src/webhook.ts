import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { PipelineScheduler, ReplayGuard } from './ports';

/*
 * Conversation-end trigger (EventBridge rule target or process-automation webhook) → schedules the
 * post-call pipeline. Framework-free: the HTTP server mounts `(headers, rawBody) => result`.
 * Signed like Standard Webhooks: HMAC-SHA256 over `${id}.${timestamp}.${body}`, base64, sent as
 * `webhook-signature: v1,<sig>` (several space-separated while secrets rotate).
 */

export const CONVERSATION_END_TOPIC = /^v2\.detail\.events\.conversation\.([^.]+)\.(customer|user)\.end$/;

const EventBridgeEnvelope = z.looseObject({
  'detail-type': z.string().optional(),
  detail: z.looseObject({
    topicName: z.string().regex(CONVERSATION_END_TOPIC, 'must be a conversation end topic'),
    eventBody: z.looseObject({ conversationId: z.string().min(1) }),
  }),
});
const ProcessAutomationBody = z.looseObject({ conversationId: z.string().min(1) });

export interface WebhookOptions {
  tenantId: string;
  /** Current secret first; older ones are accepted during rotation. */
  secrets: readonly string[];
  scheduler: PipelineScheduler;
  replay: ReplayGuard;
  now?: () => number;
  /** Default 5 minutes either way. */
  toleranceMs?: number;
}

export interface WebhookResult {
  status: number;
  body: { ok: boolean; code?: string; message?: string; conversationId?: string; duplicate?: boolean };
}

type Headers = Record<string, string | readonly string[] | undefined>;

function header(h: Headers, name: string): string | undefined {
  const v =
    h[name] ?? h[name.toLowerCase()] ?? Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];
  return Array.isArray(v) ? v[0] : (v as string | undefined);
}

export function signWebhook(secret: string, id: string, timestampSec: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${id}.${timestampSec}.`).update(body).digest('base64');
  return `v1,${mac}`;
}

const reject = (status: number, code: string, message: string): WebhookResult => ({
  status,
  body: { ok: false, code, message },
});

export function createConversationEndWebhook(
  options: WebhookOptions,
): (headers: Headers, rawBody: string | Buffer) => Promise<WebhookResult> {
  if (options.secrets.length === 0 || options.secrets.some((s) => s.length < 16)) {
    throw new Error('webhook secrets: at least one secret of 16+ characters is required');
  }
  const now = options.now ?? Date.now;
  const tolerance = options.toleranceMs ?? 5 * 60_000;
  return async (headers, rawBody) => {
    const id = header(headers, 'webhook-id');
    const ts = header(headers, 'webhook-timestamp');
    const sig = header(headers, 'webhook-signature');
    if (!id || !ts || !sig)
      return reject(
        401,
        'WEBHOOK.UNSIGNED',
        'webhook-id, webhook-timestamp and webhook-signature headers are required',
      );
    if (!/^\d{1,12}$/.test(ts))
      return reject(401, 'WEBHOOK.BAD_TIMESTAMP', 'webhook-timestamp: expected unix seconds');
    const tsSec = Number(ts);
    if (Math.abs(now() - tsSec * 1000) > tolerance)
      return reject(401, 'WEBHOOK.STALE', 'webhook-timestamp: outside the 5-minute window');
    const offered = sig.split(' ').map((s) => s.replace(/^v1,/, ''));
    const valid = options.secrets.some((secret) => {
      const expected = Buffer.from(signWebhook(secret, id, tsSec, rawBody).slice(3), 'base64');
      return offered.some((o) => {
        const got = Buffer.from(o, 'base64');
        return got.length === expected.length && timingSafeEqual(got, expected);
      });
    });
    if (!valid) return reject(401, 'WEBHOOK.BAD_SIGNATURE', 'webhook-signature: does not match');

    let json: unknown;
    try {
      json = JSON.parse(typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8'));
    } catch {
      return reject(400, 'WEBHOOK.INVALID_BODY', 'body: not JSON');
    }
    let conversationId: string;
    let reason: string;
    const eb = EventBridgeEnvelope.safeParse(json);
    if (eb.success) {
      conversationId = eb.data.detail.eventBody.conversationId;
      reason = eb.data.detail.topicName.replace(conversationId, '{id}');
    } else {
      const pa = ProcessAutomationBody.safeParse(json);
      if (!pa.success) {
        const looksEb = typeof json === 'object' && json !== null && 'detail' in json;
        const issue = (looksEb ? eb.error : pa.error).issues[0];
        const field = issue?.path.map(String).join('.') || '(root)';
        return reject(400, 'WEBHOOK.INVALID_BODY', `${field}: ${issue?.message ?? 'invalid'}`);
      }
      conversationId = pa.data.conversationId;
      reason = 'process-automation';
    }
    // Schedule first: the job key makes a second schedule a no-op, while remembering the id first
    // would turn a scheduler failure into a lost job (the sender's retry would look like a replay).
    const outcome = await options.scheduler.schedule({
      key: `${options.tenantId}:genesys:${conversationId}:post-call`,
      tenantId: options.tenantId,
      platform: 'genesys',
      conversationId,
      step: 'post-call',
      reason,
    });
    // Remembered for as long as a delivery could still pass the timestamp check.
    if (!(await options.replay.remember(id, tsSec * 1000 + tolerance))) {
      return { status: 200, body: { ok: true, duplicate: true, conversationId } };
    }
    return { status: 202, body: { ok: true, conversationId, duplicate: outcome === 'duplicate' } };
  };
}
