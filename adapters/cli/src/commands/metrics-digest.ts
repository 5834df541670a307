import { createHmac, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  ConnectorError,
  executeWithRetry,
  parseRetryAfter,
  type ExecuteOptions,
} from '@teachback/connector-kit';
import type { WeeklyDigestPayload } from '@teachback/core';

/** One supervisor's digest as `weeklyDigest` (core/src/metrics/digest.ts) builds it. */
export interface SupervisorDigest {
  payload: WeeklyDigestPayload;
  email: { subject: string; text: string };
  /** The supervisor's address; without one no email is written for them. */
  to?: string | null | undefined;
}

export interface DigestDelivery {
  /** POSTed one request per supervisor (JSON payload, numbers and ids only). */
  webhookUrl?: string | undefined;
  /** Signs each POST (`X-Teachback-Signature: sha256=<hex HMAC of timestamp.body>`), when set. */
  webhookSecret?: string | undefined;
  /** A folder the admin's mail relay picks up: one RFC 5322 `.eml` message per supervisor. */
  outboxDir?: string | undefined;
  from?: string;
  fetch?: typeof fetch;
  retry?: ExecuteOptions;
  now?: () => Date;
}

export interface DeliveryReport {
  posted: number;
  emailed: number;
  /** Supervisors with no email address: their digest went to the webhook only. */
  noAddress: number;
}

/**
 * Delivers the digests: each payload to the webhook through the connectors' one retry table (429 +
 * Retry-After, 5xx, network errors), each email body into the outbox as a file written whole (a
 * temp name renamed into place, so the relay never picks up half a message).
 */
export async function deliverDigests(
  digests: readonly SupervisorDigest[],
  opts: DigestDelivery,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { posted: 0, emailed: 0, noAddress: 0 };
  const now = opts.now ?? (() => new Date());
  const send = opts.fetch ?? fetch;
  for (const d of digests) {
    if (opts.webhookUrl) {
      const body = JSON.stringify(d.payload);
      const deliveryId = `${d.payload.tenantId}:${d.payload.supervisorId}:${d.payload.week.from.slice(0, 10)}`;
      await executeWithRetry(async () => {
        const timestamp = String(Math.floor(now().getTime() / 1000));
        const headers: Record<string, string> = {
          'Content-Type': 'application/json',
          // The same id on every retry and re-run: the receiver can drop a duplicate.
          'X-Teachback-Delivery': deliveryId,
          'X-Teachback-Timestamp': timestamp,
        };
        if (opts.webhookSecret)
          headers['X-Teachback-Signature'] =
            `sha256=${createHmac('sha256', opts.webhookSecret).update(`${timestamp}.${body}`).digest('hex')}`;
        let res: Response;
        try {
          res = await send(opts.webhookUrl!, { method: 'POST', headers, body });
        } catch (cause) {
          throw new ConnectorError('DIGEST.WEBHOOK_UNREACHABLE', 'digest webhook unreachable', { cause });
        }
        await res.arrayBuffer().catch(() => undefined);
        if (!res.ok) {
          const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
          throw new ConnectorError('DIGEST.WEBHOOK_FAILED', `digest webhook answered ${res.status}`, {
            status: res.status,
            ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
          });
        }
      }, opts.retry);
      report.posted++;
    }
    if (opts.outboxDir) {
      if (!d.to) {
        report.noAddress++;
        continue;
      }
      fs.mkdirSync(opts.outboxDir, { recursive: true });
      const name = `digest-${d.payload.week.from.slice(0, 10)}-${d.payload.supervisorId.replace(/[^A-Za-z0-9_-]/g, '_')}.eml`;
      const message = [
        `From: ${opts.from ?? 'Teachback <no-reply@teachback.invalid>'}`,
        `To: ${d.to}`,
        `Subject: ${d.email.subject.replace(/[\r\n]+/g, ' ')}`,
        `Date: ${now().toUTCString()}`,
        `Message-ID: <${randomUUID()}@teachback.invalid>`,
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        d.email.text.replace(/\r?\n/g, '\r\n'),
        '',
      ].join('\r\n');
      const tmp = path.join(opts.outboxDir, `.${name}.${process.pid}.tmp`);
      fs.writeFileSync(tmp, message, { mode: 0o600 });
      fs.renameSync(tmp, path.join(opts.outboxDir, name));
      report.emailed++;
    }
  }
  return report;
}
