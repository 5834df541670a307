import type { Job, Store } from '@teachback/core';
import type { SqlDriver } from '@teachback/adapter-store';
import { JobYield } from '../runner';
import type { PlatformPlan, SyncedPlatform } from './plan';
import { pipelineSteps } from './steps';

const job = (platform: Job['platform'], step: Job['step']): Job => ({
  key: `t|${platform}|x|${step}`,
  tenantId: 't',
  platform,
  externalId: 'x',
  step,
  payload: {},
  run: null,
  state: 'running',
  attempts: 1,
  runAfter: 0,
  lastError: null,
  createdAt: 0,
  updatedAt: 0,
});
const ctx = {
  enqueue: async () => 'enqueued' as const,
  enqueueWhenDone: () => undefined,
  shouldYield: () => false,
};

/** A plan that only says which of its parts ran; the sync touches no store. */
function plan(platform: SyncedPlatform, seen: string[], extra: Partial<PlatformPlan> = {}): PlatformPlan {
  return {
    platform,
    keepsLaterAdditions: false,
    yieldsAfterCheckpoint: false,
    sync: async ({ job: j }) => {
      seen.push(`${platform}:sync:${j.platform}`);
      return { skipped: [] };
    },
    push: async () => void seen.push(`${platform}:push`),
    ...extra,
  };
}

// Routing never reaches the store here: the step handlers are chosen before any read.
// A finished sync settles due follow-ups: none are due here.
const deps = (plans: PlatformPlan[]) => ({
  store: { followUps: { settle: async () => [] } } as unknown as Store,
  driver: {} as SqlDriver,
  plans,
  playbookFor: async () => {
    throw new Error('not scored in this test');
  },
});

describe('pipelineSteps', () => {
  it('routes each sync to its platform’s plan, and a plan’s own step to that plan only', async () => {
    const seen: string[] = [];
    const steps = pipelineSteps(
      deps([
        plan('genesys', seen, { steps: { metrics: async () => void seen.push('genesys:metrics') } }),
        plan('five9', seen),
      ]),
    );
    await steps.sync!(job('five9', 'sync'), ctx);
    await steps.sync!(job('genesys', 'sync'), ctx);
    await steps.metrics!(job('genesys', 'metrics'), ctx);
    expect(seen).toEqual(['five9:sync:five9', 'genesys:sync:genesys', 'genesys:metrics']);
    await expect(steps.metrics!(job('five9', 'metrics'), ctx)).rejects.toMatchObject({
      code: 'JOBS.NO_HANDLER',
    });
  });

  it('fails a platform without a plan with JOBS.NO_HANDLER, never using another platform’s', async () => {
    const seen: string[] = [];
    const steps = pipelineSteps(deps([plan('genesys', seen)]));
    await expect(steps.sync!(job('salesforce', 'sync'), ctx)).rejects.toMatchObject({
      code: 'JOBS.NO_HANDLER',
    });
    await expect(steps.push!(job('salesforce', 'push'), ctx)).rejects.toMatchObject({
      code: 'JOBS.NO_HANDLER',
    });
    expect(seen).toEqual([]);
    // No plan has a metrics step: the runner sees no handler at all.
    expect(steps.metrics).toBeUndefined();
  });

  it('hands the worker back when the plan’s sync paused', async () => {
    const steps = pipelineSteps(
      deps([plan('five9', [], { sync: async () => ({ skipped: [], paused: true }) })]),
    );
    await expect(steps.sync!(job('five9', 'sync'), ctx)).rejects.toBeInstanceOf(JobYield);
  });
});
