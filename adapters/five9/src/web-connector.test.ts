import { MemoryScheduler } from './memory';
import { MemoryQuarantine } from '@teachback/core';
import { connectorKey, createWebConnectorHandler } from './web-connector';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const OLD = 'the-previous-secret-still-valid-during-rotation';
const key = connectorKey(SECRET, 'clinic1');

function setup() {
  const scheduler = new MemoryScheduler();
  const handle = createWebConnectorHandler({
    secrets: [SECRET, OLD],
    scheduler,
    now: () => Date.parse('2026-11-01T10:00:00Z'),
  });
  return { scheduler, handle };
}

const base = {
  tb_tenant: 'clinic1',
  tb_key: key,
  call_id: '300000007',
  session_id: '5E5511A000001F9',
  campaign: 'Nurse Line',
};

describe('Web Connector intake', () => {
  it('GET OnCallDisconnected schedules the post-call pipeline once; the repeat is a duplicate', async () => {
    const { scheduler, handle } = setup();
    const q = { ...base, tb_event: 'OnCallDisconnected' };
    const first = await handle('GET', q, {});
    expect(first).toMatchObject({
      status: 200,
      body: { ok: true, scheduled: ['clinic1:five9:300000007:post-call'] },
    });
    expect(first.headers['Cache-Control']).toBe('no-store');
    const again = await handle('GET', q, {});
    expect(again.body).toEqual({ ok: true, duplicate: true, scheduled: [] });
    // Dispositioned after disconnected: same job key, so still one pipeline run.
    const disp = await handle('GET', { ...q, tb_event: 'OnCallDispositioned', disposition: 'Resolved' }, {});
    expect(disp.body.duplicate).toBe(true);
    expect([...scheduler.jobs.values()]).toEqual([
      {
        key: 'clinic1:five9:300000007:post-call',
        tenantId: 'clinic1',
        platform: 'five9',
        externalId: '300000007',
        step: 'post-call',
        trigger: 'OnCallDisconnected',
        receivedAt: '2026-11-01T10:00:00.000Z',
      },
    ]);
  });

  it('POST form and JSON bodies, chat and email triggers', async () => {
    const { scheduler, handle } = setup();
    const form = new URLSearchParams({ ...base, tb_event: 'OnCallAccepted' }).toString();
    expect(
      (await handle('POST', {}, { 'Content-Type': 'application/x-www-form-urlencoded' }, form)).body
        .scheduled,
    ).toEqual(['clinic1:five9:300000007:interaction-started']);
    const chat = JSON.stringify({ ...base, call_id: 'C-77', tb_event: 'OnChatClose' });
    expect((await handle('POST', {}, { 'content-type': 'application/json' }, chat)).status).toBe(200);
    const email = JSON.stringify({ ...base, call_id: 'E-88', tb_event: 'OnEmailArrival' });
    expect((await handle('POST', {}, { 'content-type': 'application/json' }, email)).status).toBe(200);
    expect([...scheduler.jobs.keys()].sort()).toEqual([
      'clinic1:five9:300000007:interaction-started',
      'clinic1:five9:C-77:post-call',
      'clinic1:five9:E-88:interaction-started',
    ]);
    const transfer = await handle('GET', { ...base, tb_event: 'OnChatTransfer' }, {});
    expect(transfer.body).toEqual({ ok: true, scheduled: [] });
  });

  it('accepts the previous secret during rotation and refuses a wrong key', async () => {
    const { handle } = setup();
    const old = await handle(
      'GET',
      { ...base, tb_key: connectorKey(OLD, 'clinic1'), tb_event: 'OnCallDisconnected' },
      {},
    );
    expect(old.status).toBe(200);
    const wrong = await handle(
      'GET',
      { ...base, tb_key: connectorKey(SECRET, 'clinic2'), tb_event: 'OnCallDisconnected' },
      {},
    );
    expect(wrong).toMatchObject({ status: 401, body: { code: 'FIVE9.WEB_CONNECTOR_UNAUTHORIZED' } });
  });

  it.each([
    [{ call_id: '@Call.call_id@' }, 'call_id: placeholder was not substituted; check the connector variable'],
    [{ call_id: 'x y' }, 'call_id: must be a Five9 call id'],
    [{ tb_event: 'OnCoffeeBreak' }, 'tb_event: Invalid option'],
    [{ tb_key: 'short' }, 'tb_key: must be the 64-hex-digit key Teachback issued'],
    [{ tb_tenant: undefined }, 'tb_tenant: Invalid input'],
  ])('rejects %j with a message naming the field', async (patch, message) => {
    const { handle } = setup();
    const res = await handle('GET', { ...base, tb_event: 'OnCallDisconnected', ...patch }, {});
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('FIVE9.WEB_CONNECTOR_INVALID');
    expect(res.body.message).toContain(message);
  });

  it('ignores extra Five9 variables, rejects bad JSON and other methods', async () => {
    const { handle } = setup();
    expect(
      (await handle('GET', { ...base, tb_event: 'OnCallDisconnected', 'Call.ANI': '5550001111' }, {})).status,
    ).toBe(200);
    expect((await handle('POST', {}, { 'content-type': 'application/json' }, '{oops')).body.message).toBe(
      'body: not valid JSON',
    );
    expect((await handle('DELETE', {}, {})).status).toBe(405);
    expect((await handle('OPTIONS', {}, {})).status).toBe(204);
  });

  it('refuses to start with a short secret', () => {
    expect(() => createWebConnectorHandler({ secrets: ['short'], scheduler: new MemoryScheduler() })).toThrow(
      '32 characters',
    );
  });

  it('quarantines an authenticated event it cannot read; an unauthenticated one is only refused', async () => {
    const scheduler = new MemoryScheduler();
    const quarantine = new MemoryQuarantine();
    const handle = createWebConnectorHandler({
      secrets: [SECRET],
      scheduler,
      quarantine,
      now: () => Date.parse('2026-11-01T10:00:00Z'),
    });
    const bad = await handle(
      'GET',
      { ...base, tb_event: 'OnCallDisconnected', call_id: '@Call.call_id@' },
      {},
    );
    expect(bad.status).toBe(400);
    expect(quarantine.values()).toEqual([
      {
        tenantId: 'clinic1',
        platform: 'five9',
        kind: 'web-connector-event',
        ref: 'OnCallDisconnected 2026-11-01T10:00:00.000Z',
        reason: expect.stringContaining('call_id: placeholder was not substituted'),
        at: '2026-11-01T10:00:00.000Z',
      },
    ]);
    const forged = await handle(
      'GET',
      { ...base, tb_key: 'f'.repeat(64), tb_event: 'OnCallDisconnected', call_id: '@Call.call_id@' },
      {},
    );
    expect(forged.status).toBe(400);
    expect(quarantine.values()).toHaveLength(1);
  });
});
