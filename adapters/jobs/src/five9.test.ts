import { LocalKeyProvider, openStore, type SqlStore } from '@teachback/adapter-store';
import type { Interaction, Transcript } from '@teachback/core';
import {
  CENTER_OUTBOUND_NUMBER,
  DEFAULT_RANGE,
  REPORTS,
  startFive9Simulator,
  type Five9Simulator,
} from '@teachback/simulator-five9';
import { saveFive9Connection } from './connections';
import { jobsActor } from './actor';
import { openRunner } from './runtime';
import { scratchDatabase, TEST_PG_URL, type ScratchDatabase } from './testing/databases';

// Synthetic master key for throw-away databases, passed to every store this file opens.
const MASTER_KEY = 'ef'.repeat(32);
const MASTER_KEYS = new LocalKeyProvider(Buffer.from(MASTER_KEY, 'hex'));

// Integration tests against the simulator and a real database: slow under load.
jest.setTimeout(120_000);

const CALLS = 60;
const TENANT = 'clinic9';

/** Stands in for the recordings' transcription: even call ids follow the script, odd ones do not. */
const transcripts = async (_tenantId: string, i: Interaction): Promise<Transcript | undefined> => {
  if (i.channel !== 'voice') return undefined;
  const good = Number(i.source.externalId.replace(/\D/g, '').slice(-1)) % 2 === 0;
  const lines: [Transcript['utterances'][number]['speaker'], string][] = good
    ? [
        ['agent', 'Thank you for calling, this call may be recorded for quality and training.'],
        ['customer', 'Hi, I have a question about my bill.'],
        ['agent', 'Happy to help with your bill today.'],
      ]
    : [
        ['agent', 'Hello.'],
        ['customer', 'I have a rash on my arm.'],
        ['agent', "It's probably eczema, just put some cream on it."],
      ];
  return {
    utterances: lines.map(([speaker, text], n) => ({
      speaker,
      text,
      startMs: n * 5_000,
      endMs: n * 5_000 + 4_000,
    })),
    source: 'asr',
    engine: 'test-script',
  };
};

describe.each(['embedded', 'distributed'] as const)(
  'Five9 through the job runner (%s, Five9 simulator)',
  (kind) => {
    let sim: Five9Simulator;
    let db: ScratchDatabase;
    let store: SqlStore;
    const clock = { now: DEFAULT_RANGE.endMs + 20 * 60_000 };

    beforeAll(async () => {
      sim = await startFive9Simulator({ calls: CALLS, seed: 9, now: () => clock.now });
      // Five9 holds the callers as contacts; the push only ever updates them.
      for (const c of sim.calls)
        if (/^\d{10}$/.test(c.patientAddress))
          sim.crmRecords.set(c.patientAddress, { number1: c.patientAddress });
      db = await scratchDatabase(kind === 'embedded' ? 'sqlite' : 'postgres');
      store = await openStore({ url: db.url, keys: MASTER_KEYS });
      await store.tenants.create({ id: TENANT, name: 'Clinic Nine' });
      await saveFive9Connection(store, TENANT, {
        settings: {
          gateway: sim.url,
          report: { folderName: REPORTS.custom.folder, reportName: REPORTS.custom.name },
          initialStart: new Date(DEFAULT_RANGE.startMs).toISOString(),
          chunkHours: 24,
          // The post-call IVR survey's call variables, columns of the simulator's custom report.
          mappings: {
            surveyColumns: [
              { column: 'SURVEY.CSAT', questionId: 'csat', kind: 'csat' },
              { column: 'SURVEY.NPS', questionId: 'nps', kind: 'nps' },
            ],
          },
        },
        credentials: { username: 'api.sync1@clinic.example', password: 'secret-one' },
      });
    });
    afterAll(async () => {
      await store.close();
      await db.drop();
      await sim.close();
    });

    const runOnce = async (externalId: string) => {
      const runner = await openRunner(store, {
        kind,
        ...(kind === 'distributed'
          ? { databaseUrl: TEST_PG_URL, bossSchema: db.bossSchema!, pollSeconds: 0.5 }
          : {}),
        five9: { transcripts, now: () => clock.now },
        // Concurrent workers can deadlock on shared roll-up rows (PostgreSQL 40P01, retried like a
        // network failure): the production attempt count, short waits.
        retry: { maxAttempts: 5, baseDelayMs: 20, maxDelayMs: 200 },
      });
      await runner.enqueue({ tenantId: TENANT, platform: 'five9', externalId, step: 'sync' });
      await runner.start();
      await runner.drain({ tenantId: TENANT, timeoutMs: 60_000 });
      await runner.stop();
      return runner;
    };

    /** Survey answers in the SQL store (the runtime's default saver: no `surveys` option is given). */
    const storedSurveys = async () => {
      const ctx = jobsActor(TENANT);
      const out: Record<string, unknown> = {};
      for (const c of sim.calls) {
        const s = await store.interactions.findBySource(ctx, TENANT, 'five9', c.callId);
        if (!s) continue;
        const responses = await store.surveys.listForInteraction(ctx, TENANT, s.id);
        if (responses.length) out[c.callId] = responses;
      }
      return out;
    };

    const snapshot = async () => {
      const ctx = jobsActor(TENANT);
      const out: Record<string, { score: number | null; version: number | null; hasTranscript: boolean }> =
        {};
      for (const c of sim.calls) {
        const s = await store.interactions.findBySource(ctx, TENANT, 'five9', c.callId);
        if (!s) continue;
        const d = await store.interactions.get(ctx, TENANT, s.id);
        out[c.callId] = {
          score: d.scorecard?.score ?? null,
          version: s.scoreVersion ?? null,
          hasTranscript: d.interaction.transcript !== undefined,
        };
      }
      return out;
    };

    it('syncs, scores and pushes every call once; a re-run and a replayed sync change nothing', async () => {
      const runner = await runOnce('recent');
      expect(await runner.ledger.deadLetters(TENANT)).toEqual([]);

      const first = await snapshot();
      expect(Object.keys(first)).toHaveLength(CALLS);
      const voice = sim.calls.filter((c) => c.mediaType === 'VOICE');
      const scored = Object.values(first).filter((v) => v.score !== null);
      expect(scored).toHaveLength(voice.length);
      // The two scripts score differently: the scores came from the playbook, not a constant.
      expect(new Set(scored.map((v) => v.score)).size).toBeGreaterThan(1);

      // Every scored call with a number on file got its contact updated, once, with no PHI fields.
      const withNumber = voice.filter((c) => /^\d{10}$/.test(c.patientAddress));
      expect(sim.stats.crmUpdates).toBe(withNumber.length);
      for (const c of withNumber) {
        const rec = sim.crmRecords.get(c.patientAddress)!;
        expect(Object.keys(rec).sort()).toEqual(
          ['number1', 'teachback_compliance', 'teachback_score', 'teachback_scored_at'].sort(),
        );
        expect(Number(rec['teachback_score'])).toBe(Math.round(first[c.callId]!.score!));
      }
      // Outbound and manual calls are written to the patient they dialled, never to the center's caller id.
      expect(voice.some((c) => c.callType === 'Outbound' || c.callType === 'Manual')).toBe(true);
      expect(sim.crmRecords.has(CENTER_OUTBOUND_NUMBER)).toBe(false);
      const tasks = await store.coaching.listTasks(jobsActor(TENANT), TENANT);
      const taskCount = tasks.length;
      expect(taskCount).toBeGreaterThan(0);

      // The IVR survey answers of every surveyed call are in the store, on that call.
      const surveyed = sim.calls.filter((c) => c.survey);
      expect(surveyed.length).toBeGreaterThan(0);
      const surveys = await storedSurveys();
      expect(Object.keys(surveys).sort()).toEqual(surveyed.map((c) => c.callId).sort());
      for (const c of surveyed) {
        expect(surveys[c.callId]).toEqual([
          expect.objectContaining({
            id: `five9:survey:${c.callId}`,
            interaction: { platform: 'five9', externalId: c.callId },
            answers: [
              { questionId: 'csat', kind: 'csat', value: c.survey!.csat },
              { questionId: 'nps', kind: 'nps', value: c.survey!.nps },
            ],
          }),
        ]);
      }

      // The same job again is a duplicate; a second sync job (new key) re-reads from the checkpoint.
      const pushesBefore = sim.stats.crmUpdates;
      await runOnce('recent');
      await runOnce('replay-1');
      // The checkpoint gone too: the whole range is read again, and still nothing changes.
      await store.sync.writeCheckpoint(
        TENANT,
        'five9',
        `five9:${TENANT}:calllog:${REPORTS.custom.folder}/${REPORTS.custom.name}`,
        {
          version: 1,
          highWaterMs: DEFAULT_RANGE.startMs,
          updatedAt: new Date(DEFAULT_RANGE.startMs).toISOString(),
        },
      );
      await runOnce('replay-2');
      expect(await snapshot()).toEqual(first);
      expect(sim.stats.crmUpdates).toBe(pushesBefore);
      const again = await store.coaching.listTasks(jobsActor(TENANT), TENANT);
      expect(again.length).toBe(taskCount);
      // Re-read rows save the same responses again: still one per surveyed call.
      expect(await storedSurveys()).toEqual(surveys);
    });
  },
);
