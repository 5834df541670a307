import type { JobSpec } from '@teachback/core';
import { JobLedger, type SqlDriver } from '@teachback/adapter-store';
import { freshLedger } from './runner.contract';
import { scratchDatabase } from './testing/databases';

const spec = (externalId: string): JobSpec => ({
  tenantId: 't-ledger',
  platform: 'genesys',
  externalId,
  step: 'score',
  payload: { interactionId: `i-${externalId}` },
});

/** The ledger's one-statement insert and claim, on both stores (the distributed runner's path). */
describe.each(['sqlite', 'postgres'] as const)('job ledger on %s', (kind) => {
  let driver: SqlDriver;
  let drop: () => Promise<void>;
  let clock = 1_000;
  beforeEach(async () => {
    const db = await scratchDatabase(kind);
    driver = db.driver();
    drop = db.drop;
    clock = 1_000;
  });
  afterEach(async () => {
    await driver.close();
    await drop();
  });
  const ledger = async () => {
    await freshLedger(driver);
    return new JobLedger(driver, () => clock);
  };

  it('inserts a job once and answers the stored row either way', async () => {
    const l = await ledger();
    const first = await l.insert(spec('c-1'));
    expect(first.created).toBe(true);
    expect(first.job).toEqual(await l.get(first.job.key));
    expect(first.job).toMatchObject({ state: 'queued', attempts: 0, payload: { interactionId: 'i-c-1' } });
    clock = 2_000;
    await l.finish(first.job.key);
    const again = await l.insert(spec('c-1'));
    expect(again.created).toBe(false);
    expect(again.job).toMatchObject({
      key: first.job.key,
      state: 'done',
      createdAt: 1_000,
      updatedAt: 2_000,
    });
  });

  it('claims a due job once, counting the attempt, and nothing done, dead, unknown or not yet due', async () => {
    const l = await ledger();
    const { job } = await l.insert(spec('c-2'));
    const claimed = await l.claim(job.key, clock);
    expect(claimed).toMatchObject({ key: job.key, state: 'running', attempts: 1 });
    expect(await l.get(job.key)).toEqual(claimed);
    // Running: its worker died or its lease ran out, so a redelivery runs it again.
    expect(await l.claim(job.key, clock)).toMatchObject({ state: 'running', attempts: 2 });
    await l.retryAt(job.key, 5_000, 'GENESYS.SERVER_ERROR');
    expect(await l.claim(job.key, 4_999)).toBeUndefined();
    expect(await l.claim(job.key, 5_000)).toMatchObject({ state: 'running', attempts: 3 });
    await l.finish(job.key);
    expect(await l.claim(job.key, clock)).toBeUndefined();
    const other = (await l.insert(spec('c-3'))).job;
    await l.bury(other.key, 'GENESYS.BAD_REQUEST');
    expect(await l.claim(other.key, clock)).toBeUndefined();
    expect(await l.claim('t-ledger|genesys|nope|score', clock)).toBeUndefined();
    expect(await l.get(job.key)).toMatchObject({ state: 'done', attempts: 3 });
  });

  it('answers whether a tenant has unfinished jobs as the count does: queued or running, not done or dead', async () => {
    const l = await ledger();
    const agree = async (tenantId: string | undefined, expected: boolean): Promise<void> => {
      expect(await l.hasPending(tenantId)).toBe(expected);
      expect((await l.pending(tenantId)) > 0).toBe(expected);
    };
    await agree('t-ledger', false);
    await agree(undefined, false);
    const { job } = await l.insert(spec('p-1'));
    await agree('t-ledger', true);
    await agree('t-other', false);
    await agree(undefined, true);
    await l.claim(job.key, clock);
    await agree('t-ledger', true);
    await l.finish(job.key);
    await agree('t-ledger', false);
    const other = (await l.insert(spec('p-2'))).job;
    await l.bury(other.key, 'GENESYS.BAD_REQUEST');
    await agree('t-ledger', false);
    await agree(undefined, false);
  });

  it('finishes a job and inserts its next jobs in one commit, answering each as it is now', async () => {
    const l = await ledger();
    const { job } = await l.insert(spec('c-4'));
    await l.claim(job.key, clock);
    // One next job exists already (a replay): it is answered as stored, not inserted again.
    const old = await l.insert({ ...spec('c-4'), step: 'push' });
    await l.finish(old.job.key);
    clock = 3_000;
    const next = await l.finishWith(job.key, [
      { ...spec('c-4'), step: 'escalate' },
      { ...spec('c-4'), step: 'push' },
      { ...spec('c-4'), step: 'escalate' },
    ]);
    expect(next.map((n) => [n.job.step, n.job.state, n.created])).toEqual([
      ['escalate', 'queued', true],
      ['push', 'done', false],
      ['escalate', 'queued', false],
    ]);
    expect(next[0]!.job).toEqual(await l.get(next[0]!.job.key));
    expect(next[0]!.job).toMatchObject({ createdAt: 3_000, payload: { interactionId: 'i-c-4' } });
    expect(await l.get(job.key)).toMatchObject({ state: 'done', updatedAt: 3_000, lastError: null });
    // Nothing next: only the finish.
    const { job: lone } = await l.insert(spec('c-5'));
    await l.claim(lone.key, clock);
    expect(await l.finishWith(lone.key, [])).toEqual([]);
    expect(await l.get(lone.key)).toMatchObject({ state: 'done' });
  });

  it('rejects an invalid next job before writing anything', async () => {
    const l = await ledger();
    const { job } = await l.insert(spec('c-6'));
    await l.claim(job.key, clock);
    await expect(
      l.finishWith(job.key, [{ ...spec('c-6'), step: 'dance' as JobSpec['step'] }]),
    ).rejects.toMatchObject({ code: 'JOBS.INVALID' });
    expect(await l.get(job.key)).toMatchObject({ state: 'running' });
  });

  if (kind === 'postgres') {
    it('turns the flush wait off for the claim and finish statements only: the connection stays synchronous', async () => {
      const l = await ledger();
      const { job } = await l.insert(spec('c-7'));
      // The driver's pool may hand each statement another connection: ask every one of them.
      const settings = async () =>
        Promise.all(
          Array.from({ length: 8 }, () =>
            driver.get<{ synchronous_commit: string }>('SHOW synchronous_commit'),
          ),
        );
      await l.claim(job.key, clock);
      await l.finishWith(job.key, [{ ...spec('c-7'), step: 'push' }]);
      for (const r of await settings()) expect(r?.synchronous_commit).toBe('on');
      const inTx = await driver.transaction((tx) =>
        tx.get<{ synchronous_commit: string }>('SHOW synchronous_commit'),
      );
      expect(inTx?.synchronous_commit).toBe('on');
    });
  }
});
