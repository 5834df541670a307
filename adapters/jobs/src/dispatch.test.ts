import type { Job } from './ledger';
import { platformSteps } from './dispatch';

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
const ctx = { enqueue: async () => 'enqueued' as const, shouldYield: () => false };

describe('platformSteps', () => {
  it('routes each job to its platform’s handler for the step', async () => {
    const seen: string[] = [];
    const steps = platformSteps({
      genesys: { score: async (j) => void seen.push(`genesys:${j.step}`) },
      five9: {
        score: async (j) => void seen.push(`five9:${j.step}`),
        push: async (j) => void seen.push(`five9:${j.step}`),
      },
    });
    await steps.score!(job('five9', 'score'), ctx);
    await steps.score!(job('genesys', 'score'), ctx);
    await steps.push!(job('five9', 'push'), ctx);
    expect(seen).toEqual(['five9:score', 'genesys:score', 'five9:push']);
    // No platform handles `escalate`: the runner sees no handler at all.
    expect(steps.escalate).toBeUndefined();
  });

  it('fails a platform without the step with JOBS.NO_HANDLER, never using another platform’s', async () => {
    const steps = platformSteps({ genesys: { push: async () => undefined } });
    await expect(steps.push!(job('salesforce', 'push'), ctx)).rejects.toMatchObject({
      code: 'JOBS.NO_HANDLER',
    });
  });
});
