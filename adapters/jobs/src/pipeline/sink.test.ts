import type { Interaction, Job, JobSpec, Store, Transcript } from '@teachback/core';
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { jobsActor } from '../actor';
import { scratchDatabase } from '../testing/databases';
import type { PlatformPlan } from './plan';
import { StoreSink } from './sink';
import { pipelineSteps } from './steps';

// Synthetic master key for throw-away databases.
const KEYS = new LocalKeyProvider(Buffer.from('ef'.repeat(32), 'hex'));
const TENANT = 'clinic-resync';

/** A Five9 call as the report brings it: no transcript, no recordings. */
const call: Interaction = {
  id: 'five9:clinic-resync:300000028',
  source: { platform: 'five9', externalId: '300000028' },
  links: [],
  channel: 'voice',
  direction: 'inbound',
  startedAt: '2026-10-31T13:15:00.000Z',
  endedAt: '2026-10-31T13:21:01.000Z',
  durationMs: 361_000,
  participants: [{ role: 'agent', userId: 'agent-a' }],
  recordings: [],
  attributes: {},
};
const transcript: Transcript = {
  utterances: [{ speaker: 'agent', startMs: 0, endMs: 3000, text: 'Thank you for calling, how can I help?' }],
};

const plan: PlatformPlan = {
  platform: 'five9',
  keepsLaterAdditions: true,
  yieldsAfterCheckpoint: false,
  sync: async () => ({ skipped: [] }),
  push: async () => undefined,
};

const asJob = (spec: JobSpec, key: string): Job => ({
  key,
  tenantId: spec.tenantId,
  platform: spec.platform,
  externalId: spec.externalId,
  step: spec.step,
  payload: spec.payload ?? {},
  run: spec.run ?? null,
  state: 'running',
  attempts: 1,
  runAfter: 0,
  lastError: null,
  createdAt: 0,
  updatedAt: 0,
});

/** The store as the re-sync sees it: before each of its writes, `before` runs to the end. */
function writesFirst(store: Store, before: () => Promise<void>): Store {
  const interactions = new Proxy(store.interactions, {
    get: (target, name, receiver) =>
      name === 'save'
        ? async (...args: Parameters<Store['interactions']['save']>) => {
            await before();
            return target.save(...args);
          }
        : Reflect.get(target, name, receiver),
  });
  return new Proxy(store, {
    get: (target, name, receiver) =>
      name === 'interactions' ? interactions : Reflect.get(target, name, receiver),
  });
}

/*
 * A sync worker died after storing a call and scheduling its transcribe step. The next worker runs
 * that transcribe step and the sync (again from its checkpoint, so the call comes again without a
 * transcript) at the same time. The transcript the transcribe step commits just before the re-sync
 * writes the call must survive that write: otherwise the call is scored without a transcript and
 * its score is never pushed (the transcribe job is done, so nothing fetches the transcript again).
 */
describe.each(['sqlite', 'postgres'] as const)('StoreSink re-syncing a call (%s)', (kind) => {
  it('keeps the transcript a transcribe step saved while the re-sync was writing the call', async () => {
    const db = await scratchDatabase(kind);
    const store = await openStore({ url: db.url, keys: KEYS });
    try {
      await store.tenants.create({ id: TENANT, name: 'Resync Clinic' });
      const enqueued: JobSpec[] = [];
      const ctx = {
        enqueue: async (spec: JobSpec) => {
          enqueued.push(spec);
          return 'enqueued' as const;
        },
        enqueueWhenDone: (spec: JobSpec) => void enqueued.push(spec),
        shouldYield: () => false,
      };
      const sync = asJob({ tenantId: TENANT, platform: 'five9', externalId: 'recent', step: 'sync' }, 'sync');
      const saved = await new StoreSink(store, plan, sync, ctx, () => true).save(TENANT, call);
      expect(saved.outcome).toBe('created');
      expect(enqueued.map((s) => s.step)).toEqual(['transcribe']);

      const steps = pipelineSteps({
        store,
        driver: store.driver,
        plans: [plan],
        playbookFor: async () => {
          throw new Error('not scored in this test');
        },
        transcripts: { five9: async () => transcript },
      });
      let transcribed = 0;
      const racing = writesFirst(store, async () => {
        if (transcribed++ === 0) await steps.transcribe!(asJob(enqueued[0]!, 'transcribe'), ctx);
      });
      const again = await new StoreSink(racing, plan, sync, ctx, () => true).save(TENANT, call);

      expect(transcribed).toBe(1);
      // The call came again without a transcript: the write keeps the one just committed.
      expect(again.id).toBe(saved.id);
      const stored = await store.interactions.get(jobsActor(TENANT), TENANT, saved.id);
      expect(stored.interaction.transcript).toEqual(transcript);
      // The transcribe step went on to score; the re-sync's transcribe is the job that already ran.
      expect(enqueued.map((s) => s.step)).toEqual(['transcribe', 'score', 'transcribe']);
    } finally {
      await store.close();
      await db.drop();
    }
  });
});
