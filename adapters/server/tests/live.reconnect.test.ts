// Issue 16: a screen (re)connecting while its call's prompt is open must get that prompt, even when
// the prompt is closed (and its clear stored) while the store snapshot is being read — under load
// that read takes seconds, and the prompt would reach the screen only as its clear.
import winston from 'winston';
import { createLogger } from '@teachback/adapter-logger';
import type { LiveStore } from '@teachback/core';
import {
  InProcessFanout,
  LiveHub,
  catalogSessions,
  issueSessionToken,
  startServer,
  type RunningServer,
} from '../src';
import { AUDIENCE, ISSUER, SECRET, seed, type Fixture } from './fixture';
import { sse, utter } from './live-support';

let fx: Fixture;
let server: RunningServer;
let hub: LiveHub;
/** While set, the hub's snapshot reads wait for it: the moment a slow read is in flight. */
let gate: Promise<void> | undefined;

beforeAll(async () => {
  fx = await seed();
  const slow: LiveStore = Object.create(fx.store.live) as LiveStore;
  slow.review = async (tenantId, callId) => {
    if (gate) await gate;
    return fx.store.live.review(tenantId, callId);
  };
  hub = new LiveHub({
    live: slow,
    sessions: catalogSessions(fx.store.playbooks),
    fanout: new InProcessFanout(),
    tickMs: 0,
  });
  server = await startServer({
    store: fx.store,
    auth: { oidc: { issuer: ISSUER, audience: AUDIENCE, hs256Secret: SECRET } },
    playbooks: fx.store.playbooks,
    logger: createLogger({ transports: [new winston.transports.Console({ silent: true })] }),
    live: hub,
  });
});
afterAll(async () => {
  await server?.close();
  await hub?.close();
  await fx?.close();
});

it('a screen that connects while a prompt is open gets it, though the prompt is cleared before the snapshot is read', async () => {
  const callId = 'reconnect-1';
  await hub.start('clinic', { callId, agentId: 'ga-alex', platform: 'genesys' });
  const [guard] = (await hub.utterance('clinic', callId, utter(0))).events.concat(
    (await hub.utterance('clinic', callId, utter(1))).events,
  );
  expect(guard?.kind).toBe('order_guard');

  let release!: () => void;
  gate = new Promise<void>((r) => (release = r));
  const token = `Bearer ${await issueSessionToken({ secret: SECRET, issuer: ISSUER, audience: AUDIENCE, userId: 'alex', tenantId: 'clinic' })}`;
  const agent = await sse(`${server.url}/v1/live/calls/${callId}/events`, token);
  await agent.waitFor((e) => e.type === 'hello');
  // Subscribed, snapshot read in flight: the agent verifies the caller and the guard clears.
  await hub.utterance('clinic', callId, utter(2));
  await hub.utterance('clinic', callId, utter(3));
  await agent.waitFor((e) => e.type === 'event' && e.data.clears === guard!.id);
  gate = undefined;
  release();
  await new Promise((r) => setTimeout(r, 200));
  const ids = agent.events.filter((e) => e.type === 'event').map((e) => e.id);
  expect(ids).toContain(guard!.id);
  expect(ids.indexOf(guard!.id)).toBeLessThan(ids.indexOf(`${guard!.id}:clear`));
  expect(new Set(ids).size).toBe(ids.length);
  agent.close();
});
