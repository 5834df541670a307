import { ConnectorError } from '@teachback/connector-kit';
import type { Job, JobSpec } from '@teachback/core';
import { JobLedger, migrateJobs } from '@teachback/adapter-store';
import { JobYield, type JobRunner, type RunOptions, type Steps } from './runner';
import type { SqlDriver } from '@teachback/adapter-store';

/** Builds a runner of one kind over a fresh database; the suite closes it. */
export interface RunnerFixture {
  runner: JobRunner;
  close(): Promise<void>;
}
export type RunnerFactory = (steps: Steps, options: RunOptions) => Promise<RunnerFixture>;

const spec = (externalId: string, step: JobSpec['step'] = 'score'): JobSpec => ({
  tenantId: 't-contract',
  platform: 'genesys',
  externalId,
  step,
});

const fast: RunOptions = { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 10 } };

/**
 * The one contract both runners pass. Steps are plain functions that count their calls, so each
 * assertion is about what the runner did with them: de-duplication, retries by the retry table,
 * dead letters and re-runs, yields, chained steps, and a job a dead process left running.
 */
export function runnerContract(name: string, factory: RunnerFactory): void {
  describe(`job runner contract: ${name}`, () => {
    let fixture: RunnerFixture | undefined;
    afterEach(async () => {
      await fixture?.close();
      fixture = undefined;
    });

    const make = async (steps: Steps, options: RunOptions = fast) => {
      fixture = await factory(steps, options);
      return fixture.runner;
    };

    it('runs a job once however often it is enqueued, before and after it ran', async () => {
      const calls: string[] = [];
      const runner = await make({ score: async (j) => void calls.push(j.externalId) });
      expect(await runner.enqueue(spec('c-1'))).toBe('enqueued');
      expect(await runner.enqueue(spec('c-1'))).toBe('duplicate');
      await runner.start();
      await runner.drain({ timeoutMs: 20_000 });
      expect(await runner.enqueue(spec('c-1'))).toBe('duplicate');
      await runner.drain({ timeoutMs: 20_000 });
      expect(calls).toEqual(['c-1']);
      expect((await runner.ledger.get('t-contract|genesys|c-1|score'))?.state).toBe('done');
    });

    it('rejects a job spec with a clear error naming the field', async () => {
      const runner = await make({});
      await expect(
        runner.enqueue({ ...spec('c-x'), step: 'dance' as JobSpec['step'] }),
      ).rejects.toMatchObject({
        code: 'JOBS.INVALID',
        message: expect.stringContaining('job.step'),
      });
    });

    it('retries what the retry table calls transient, and chains the next step', async () => {
      let n = 0;
      const pushed: string[] = [];
      const runner = await make({
        score: async (j, ctx) => {
          if (++n === 1) throw new ConnectorError('GENESYS.SERVER_ERROR', 'upstream 503', { status: 503 });
          await ctx.enqueue({ ...spec(j.externalId, 'push') });
        },
        push: async (j) => void pushed.push(j.externalId),
      });
      await runner.enqueue(spec('c-2'));
      await runner.start();
      await runner.drain({ timeoutMs: 20_000 });
      const job = await runner.ledger.get('t-contract|genesys|c-2|score');
      expect(job).toMatchObject({ state: 'done', attempts: 2 });
      expect(pushed).toEqual(['c-2']);
    });

    it('schedules a step’s next job with its finish, and not from an attempt that failed', async () => {
      let n = 0;
      const seenBeforeRetry: Array<Job | undefined> = [];
      const pushed: string[] = [];
      const runner = await make({
        score: async (j, ctx) => {
          ctx.enqueueWhenDone({ ...spec(j.externalId, 'push') });
          if (++n === 1) throw new ConnectorError('GENESYS.SERVER_ERROR', 'upstream 503', { status: 503 });
          // The failed attempt's next job was dropped with it.
          seenBeforeRetry.push(await runner.ledger.get('t-contract|genesys|c-7|push'));
        },
        push: async (j) => void pushed.push(j.externalId),
      });
      await runner.enqueue(spec('c-7'));
      await runner.start();
      await runner.drain({ timeoutMs: 20_000 });
      expect(seenBeforeRetry).toEqual([undefined]);
      expect(await runner.ledger.get('t-contract|genesys|c-7|score')).toMatchObject({
        state: 'done',
        attempts: 2,
      });
      expect(pushed).toEqual(['c-7']);
    });

    it('buries a permanent failure at once, lists it as a dead letter, and re-runs it on request', async () => {
      let fail = true;
      const runner = await make({
        score: async () => {
          if (fail) throw new ConnectorError('GENESYS.BAD_REQUEST', 'refused', { status: 400 });
        },
      });
      await runner.enqueue(spec('c-3'));
      await runner.start();
      await runner.drain({ timeoutMs: 20_000 });
      const dead = await runner.ledger.deadLetters('t-contract');
      expect(dead.map((d: Job) => [d.key, d.lastError, d.attempts])).toEqual([
        ['t-contract|genesys|c-3|score', 'GENESYS.BAD_REQUEST', 1],
      ]);
      expect(await runner.rerun('other-tenant', dead[0]!.key)).toBe(false);
      fail = false;
      expect(await runner.rerun('t-contract', dead[0]!.key)).toBe(true);
      await runner.drain({ timeoutMs: 20_000 });
      expect(await runner.ledger.deadLetters('t-contract')).toEqual([]);
      expect((await runner.ledger.get(dead[0]!.key))?.state).toBe('done');
    });

    it('gives up on a transient failure after maxAttempts', async () => {
      let n = 0;
      const runner = await make({
        score: async () => {
          n++;
          throw new ConnectorError('GENESYS.SERVER_ERROR', 'upstream 503', { status: 503 });
        },
      });
      await runner.enqueue(spec('c-4'));
      await runner.start();
      await runner.drain({ timeoutMs: 20_000 });
      expect(n).toBe(3);
      expect(await runner.ledger.get('t-contract|genesys|c-4|score')).toMatchObject({
        state: 'dead',
        attempts: 3,
        lastError: 'GENESYS.SERVER_ERROR',
      });
    });

    it('resumes a job that yields, without counting the yields as attempts', async () => {
      let n = 0;
      const runner = await make({
        sync: async () => {
          if (++n < 3) throw new JobYield();
        },
      });
      await runner.enqueue(spec('backfill:x', 'sync'));
      await runner.start();
      await runner.drain({ timeoutMs: 20_000 });
      expect(n).toBe(3);
      expect(await runner.ledger.get('t-contract|genesys|backfill:x|sync')).toMatchObject({
        state: 'done',
        attempts: 1,
      });
    });

    it('picks up a dead letter revived through the ledger alone (as an admin API in another process does)', async () => {
      let fail = true;
      const runner = await make({
        score: async () => {
          if (fail) throw new ConnectorError('GENESYS.BAD_REQUEST', 'refused', { status: 400 });
        },
      });
      await runner.enqueue(spec('c-6'));
      await runner.start();
      await runner.drain({ timeoutMs: 20_000 });
      fail = false;
      expect(await runner.ledger.revive('t-contract', 't-contract|genesys|c-6|score')).toBe(true);
      await runner.drain({ timeoutMs: 20_000 });
      expect((await runner.ledger.get('t-contract|genesys|c-6|score'))?.state).toBe('done');
    });

    it('runs again a job that a dead process left running', async () => {
      const calls: string[] = [];
      const runner = await make({ score: async (j) => void calls.push(j.externalId) });
      await runner.enqueue(spec('c-5'));
      // What a SIGKILLed worker leaves behind: the job marked running, never finished.
      expect(await runner.ledger.start('t-contract|genesys|c-5|score')).toBe(true);
      await runner.start();
      await runner.drain({ timeoutMs: 20_000 });
      expect(calls).toEqual(['c-5']);
    });
  });
}

export async function freshLedger(driver: SqlDriver): Promise<JobLedger> {
  await migrateJobs(driver);
  return new JobLedger(driver);
}
