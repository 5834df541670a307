import { MemoryReplayGuard, MemoryScheduler } from './memory';
import { createConversationEndWebhook, signWebhook } from './webhook';

const SECRET = 'whsec-test-0123456789abcdef';
const T0 = Date.parse('2026-11-27T07:00:00Z');

function setup(now = T0) {
  const scheduler = new MemoryScheduler();
  const handle = createConversationEndWebhook({
    tenantId: 't-1',
    secrets: [SECRET],
    scheduler,
    replay: new MemoryReplayGuard(() => now),
    now: () => now,
  });
  return { scheduler, handle };
}

const eventBridge = (conversationId: string) =>
  JSON.stringify({
    'detail-type': 'v2.detail.events.conversation.{id}.customer.end',
    source: 'aws.partner/genesys.com/cloud/org/teachback',
    detail: {
      topicName: `v2.detail.events.conversation.${conversationId}.customer.end`,
      eventBody: { conversationId, eventTime: 1764226800000 },
    },
  });

function signed(body: string, id = 'msg-1', ts = Math.floor(T0 / 1000), secret = SECRET) {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(ts),
    'webhook-signature': signWebhook(secret, id, ts, body),
  };
}

describe('conversation-end webhook', () => {
  it('schedules the post-call pipeline for a signed EventBridge event', async () => {
    const { scheduler, handle } = setup();
    const body = eventBridge('c-1');
    const res = await handle(signed(body), body);
    expect(res).toEqual({ status: 202, body: { ok: true, conversationId: 'c-1', duplicate: false } });
    expect([...scheduler.jobs.values()]).toEqual([
      {
        key: 't-1:genesys:c-1:post-call',
        tenantId: 't-1',
        platform: 'genesys',
        conversationId: 'c-1',
        step: 'post-call',
        reason: 'v2.detail.events.conversation.{id}.customer.end',
      },
    ]);
  });

  it('accepts a process-automation body and any of several signatures during rotation', async () => {
    const { scheduler, handle } = setup();
    const body = JSON.stringify({ conversationId: 'c-2' });
    const h = signed(body);
    h['webhook-signature'] =
      `${signWebhook('some-older-secret-xyz', 'msg-1', Math.floor(T0 / 1000), body)} ${h['webhook-signature']}`;
    expect((await handle(h, Buffer.from(body))).status).toBe(202);
    expect(scheduler.jobs.size).toBe(1);
  });

  it('rejects unsigned, tampered, wrongly keyed and stale deliveries', async () => {
    const { scheduler, handle } = setup();
    const body = eventBridge('c-3');
    expect((await handle({}, body)).body.code).toBe('WEBHOOK.UNSIGNED');
    expect((await handle(signed(body), body.replace('c-3', 'c-4'))).body.code).toBe('WEBHOOK.BAD_SIGNATURE');
    expect(
      (await handle(signed(body, 'msg-1', Math.floor(T0 / 1000), 'another-secret-0123456'), body)).status,
    ).toBe(401);
    const stale = Math.floor(T0 / 1000) - 301;
    expect((await handle(signed(body, 'msg-9', stale), body)).body.code).toBe('WEBHOOK.STALE');
    expect(scheduler.jobs.size).toBe(0);
  });

  it('answers a replayed delivery as a duplicate and schedules nothing new', async () => {
    const { scheduler, handle } = setup();
    const body = eventBridge('c-5');
    await handle(signed(body, 'msg-5'), body);
    const again = await handle(signed(body, 'msg-5'), body);
    expect(again).toEqual({ status: 200, body: { ok: true, duplicate: true, conversationId: 'c-5' } });
    // A redelivery under a new id still maps to the same job key.
    const other = await handle(signed(body, 'msg-6'), body);
    expect(other.body.duplicate).toBe(true);
    expect(scheduler.jobs.size).toBe(1);
  });

  it('names the field when a signed body is not a conversation-end event', async () => {
    const { handle } = setup();
    const body = JSON.stringify({ detail: { topicName: 'v2.users.x.presence', eventBody: {} } });
    const res = await handle(signed(body), body);
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^detail\.topicName: /);
  });

  it('refuses short secrets at construction', () => {
    expect(() =>
      createConversationEndWebhook({
        tenantId: 't',
        secrets: ['short'],
        scheduler: new MemoryScheduler(),
        replay: new MemoryReplayGuard(),
      }),
    ).toThrow(/16\+ characters/);
  });
});
