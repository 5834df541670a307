import { TeachbackError, type Platform } from '@teachback/core';
import { JOB_STEPS } from './ledger';
import type { StepHandler, Steps } from './runner';

/**
 * One runner works jobs of every platform: each step routes by `job.platform` to that platform's
 * handler. A platform without one for the step is a missing handler (a dead letter), never another
 * platform's handler.
 */
export function platformSteps(byPlatform: Partial<Record<Platform, Steps>>): Steps {
  const steps: Steps = {};
  for (const step of JOB_STEPS) {
    if (!Object.values(byPlatform).some((s) => s?.[step])) continue;
    const route: StepHandler = async (job, ctx) => {
      const handler = byPlatform[job.platform]?.[step];
      if (!handler) {
        // Not retryable: this process was started without the platform's wiring.
        throw new TeachbackError('JOBS.NO_HANDLER', `no ${step} handler for platform ${job.platform}`);
      }
      await handler(job, ctx);
    };
    steps[step] = route;
  }
  return steps;
}
