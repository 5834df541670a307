// Issue 16: an instance killed mid-call must lose no prompt. Two hubs on one PostgreSQL store and
// fan-out; instance A stores a timer prompt (the recording disclosure, due 15 s into the call) and
// dies before its fan-out message leaves, so the screen connected to B never hears of it until
// the call is resumed on B.
import { Client } from 'pg';
import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import type { GuidanceEvent, LiveUtterance } from '@teachback/core';
import { LiveHub, PostgresFanout, catalogSessions, type LiveFanout, type LiveSubscriber } from '../src';

const PG = process.env.TEACHBACK_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const run = `${process.pid}_${Date.now().toString(36)}`;
const schema = `tb_live_kill_${run}`;
const keys = () => new LocalKeyProvider(Buffer.alloc(32, 6));

async function admin(sql: string): Promise<void> {
  const c = new Client({ connectionString: PG });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A fan-out that stops sending when its process is "killed": what was not yet published is gone. */
class KillableFanout implements LiveFanout {
  readonly kind = 'postgres' as const;
  dead = false;
  constructor(private readonly inner: LiveFanout) {}
  publish(message: string): Promise<void> {
    return this.dead ? Promise.resolve() : this.inner.publish(message);
  }
  subscribe(onMessage: (message: string) => void): Promise<void> {
    return this.inner.subscribe((m) => {
      if (!this.dead) onMessage(m);
    });
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/** An agent's screen as the SSE route builds it: delivered ids in `seen`, events in order. */
function screen(): LiveSubscriber & { events: GuidanceEvent[] } {
  const events: GuidanceEvent[] = [];
  return {
    events,
    seen: new Set(),
    send(type, _id, data) {
      if (type === 'event') events.push(data as GuidanceEvent);
      return true;
    },
  };
}

async function until<T>(
  what: string,
  f: () => Promise<T | undefined> | T | undefined,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const callId = 'kill-timer';
const u = (id: string, speaker: 'agent' | 'customer', text: string, offsetMs: number): LiveUtterance => ({
  id,
  speaker,
  text,
  offsetMs,
});

let storeA: SqlStore;
let storeB: SqlStore;
let a: LiveHub;
let b: LiveHub;
let fanA: KillableFanout;

beforeAll(async () => {
  await admin(`CREATE SCHEMA ${schema}`);
  const seed = await openStore({ url: `${PG}?schema=${schema}`, keys: keys() });
  await seed.tenants.create({ id: 'clinic', name: 'Riverbend Clinic' });
  await seed.close();
  storeA = await openStore({ url: `${PG}?schema=${schema}`, keys: keys() });
  storeB = await openStore({ url: `${PG}?schema=${schema}`, keys: keys() });
  const channel = `tb_live_kill_${run}`;
  fanA = new KillableFanout(new PostgresFanout(PG, channel));
  // A advances timers; B only moves when spoken to, so nothing on B fires the prompt by itself.
  a = new LiveHub({
    live: storeA.live,
    sessions: catalogSessions(storeA.playbooks),
    fanout: fanA,
    tickMs: 20,
  });
  b = new LiveHub({
    live: storeB.live,
    sessions: catalogSessions(storeB.playbooks),
    fanout: new PostgresFanout(PG, channel),
    tickMs: 0,
  });
  await Promise.all([a.whenReady(), b.whenReady()]);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await storeA?.close();
  await storeB?.close();
  await admin(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
});

it('a timer prompt stored by an instance killed before publishing it reaches the screen on the other instance when the call resumes there, and clears there', async () => {
  await a.start('clinic', { callId, agentId: 'ga-alex', platform: 'genesys' });
  const agent = screen();
  b.subscribeAgent('clinic', callId, agent);
  await a.utterance('clinic', callId, u('u0', 'agent', 'Riverbend Clinic, this is Alex.', 1000));
  await a.utterance('clinic', callId, u('u1', 'customer', 'Hi, I have a question.', 14_000));

  // A's fan-out goes down with it from here: the timer fires on A a second later and is stored.
  fanA.dead = true;
  const due = await until('the recording disclosure prompt stored by A', async () => {
    const review = await storeB.live.review('clinic', callId);
    return review?.prompts.find((p) => p.event.kind === 'compliance_due')?.event;
  });
  await a.close();
  expect(agent.events.map((e) => e.id)).not.toContain(due.id);

  // The transcriber reconnects to B and starts the call again: B resumes it from the store.
  const r = await b.start('clinic', { callId, agentId: 'ga-alex', platform: 'genesys' });
  expect(r.resumed).toBe(true);
  await until('the prompt on the screen connected to B', () =>
    agent.events.some((e) => e.id === due.id) ? true : undefined,
  );

  // B's session has the prompt open too: the disclosure said now clears it, as on A it would have.
  await b.utterance(
    'clinic',
    callId,
    u('u2', 'agent', 'This call may be recorded for quality and training purposes.', 17_000),
  );
  await until('the clear of the prompt', () =>
    agent.events.some((e) => e.kind === 'clear' && e.clears === due.id) ? true : undefined,
  );
  expect(agent.events.filter((e) => e.id === due.id)).toHaveLength(1);
  const review = await storeB.live.review('clinic', callId);
  const ids = review!.prompts.map((p) => p.event.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(review!.prompts.find((p) => p.event.id === due.id)!.outcomes.map((o) => o.outcome)).toContain(
    'followed',
  );
});
