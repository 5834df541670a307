import {
  DEFAULT_RETRY_POLICY,
  decideRetry,
  defaultClassify,
  type RetryPolicy,
} from '@teachback/connector-kit';
import { AsyncLocalStorage } from 'node:async_hooks';
import { TeachbackError, type Job, type JobSpec, type JobStep, type Platform } from '@teachback/core';
import { parseJobSpec, type JobLedger } from '@teachback/adapter-store';

/** What a step may do besides its own work: schedule the next steps. */
export interface JobContext {
  /** Now, in a commit of its own: for jobs a step schedules before it is done (a sync's pages). */
  enqueue(spec: JobSpec): Promise<'enqueued' | 'duplicate'>;
  /**
   * When this job is done, in the same commit that marks it done (ledger.finishWith): for a step's
   * next step, scheduled as its last act. Dropped if the job fails or yields (its next run
   * schedules it again). Throws here on an invalid spec.
   */
  enqueueWhenDone(spec: JobSpec): void;
  /** True once the job has used its time slice; long steps yield between pages. */
  shouldYield(): boolean;
}

export type StepHandler = (job: Job, ctx: JobContext) => Promise<void>;
export type Steps = Partial<Record<JobStep, StepHandler>>;

/**
 * Thrown by a long step (a backfill) after it saved its checkpoint: the job goes back to the queue
 * and resumes from that checkpoint, so no single run outlives its lease.
 */
export class JobYield extends Error {
  constructor() {
    super('job yielded after a checkpoint');
    this.name = 'JobYield';
  }
}

/** The one contract both runners pass (see runner.contract.ts). */
export interface JobRunner {
  readonly kind: 'embedded' | 'distributed';
  readonly ledger: JobLedger;
  /** De-duplicated by key: a job that exists (in any state) is not added again. */
  enqueue(spec: JobSpec): Promise<'enqueued' | 'duplicate'>;
  /** Starts working on jobs with these steps. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones. */
  stop(): Promise<void>;
  /** Resolves when the ledger has nothing queued or running (of the tenant, if given). */
  drain(opts?: { tenantId?: string; pollMs?: number; timeoutMs?: number }): Promise<void>;
  /** Re-runs a dead letter; false when the key is not one of the tenant's dead letters. */
  rerun(tenantId: string, key: string): Promise<boolean>;
}

export interface RunOptions {
  retry?: Partial<RetryPolicy>;
  /** Time slice after which `shouldYield()` turns true. Default 2 s. */
  sliceMs?: number;
  now?: () => number;
  onEvent?: (e: JobEvent) => void;
}

/** For operators: keys and codes only, never content. */
export type JobEvent =
  | { type: 'done'; key: string; ms: number }
  | { type: 'retry'; key: string; code: string; reason: string; waitMs: number }
  | { type: 'dead'; key: string; code: string; reason: string }
  | { type: 'yield'; key: string };

/** A stable code for the ledger: codes only, because error messages may quote platform data. */
export function errorCode(err: unknown): string {
  if (err && typeof err === 'object' && 'code' in err && typeof err.code === 'string') return err.code;
  return err instanceof Error ? `JOBS.${err.name.toUpperCase()}` : 'JOBS.UNKNOWN';
}

export type Outcome = 'done' | 'retry' | 'dead' | 'yield' | 'skipped';

/** The sync run a step works for: what its platform requests and quarantined records count towards. */
export interface RunScope {
  tenantId: string;
  platform: Platform;
  /** The run's key: the sync job's own key, or the key of the sync job a step descends from. */
  run: string;
}

const runScope = new AsyncLocalStorage<RunScope>();

/**
 * The run of the job step this code is executing in, or undefined outside a job (connect, tests).
 * Platform clients are shared per tenant across runs, so the run is carried by the async context of
 * each step rather than by the client.
 */
export function currentRun(): RunScope | undefined {
  return runScope.getStore();
}

/** What a runner gives executeJob: its enqueue, and what it does with jobs scheduled at the finish. */
export interface RunnerContext {
  enqueue(spec: JobSpec): Promise<'enqueued' | 'duplicate'>;
  /** After the finish committed: hand the next jobs (as they are now) to the workers. */
  scheduled(next: Array<{ job: Job; created: boolean }>): Promise<void>;
}

/**
 * Runs one claimed job (state `running`) and records what happened. The retry decision is the
 * connector kit's table, the same one every HTTP call uses: a job is retried when the error that
 * stopped it is retryable there, and buried as a dead letter otherwise or after maxAttempts.
 */
export async function executeJob(
  ledger: JobLedger,
  steps: Steps,
  job: Job,
  ctx: RunnerContext,
  options: RunOptions = {},
): Promise<Outcome> {
  const now = options.now ?? Date.now;
  const started = now();
  const handler = steps[job.step];
  if (!handler) {
    const code = 'JOBS.NO_HANDLER';
    await ledger.bury(job.key, code);
    options.onEvent?.({ type: 'dead', key: job.key, code, reason: 'no_handler' });
    return 'dead';
  }
  const slice = options.sliceMs ?? 2_000;
  try {
    const scope: RunScope = { tenantId: job.tenantId, platform: job.platform, run: job.run ?? job.key };
    const whenDone: JobSpec[] = [];
    const jobCtx: JobContext = {
      enqueue: ctx.enqueue,
      enqueueWhenDone: (spec) => {
        parseJobSpec(spec);
        whenDone.push(spec);
      },
      shouldYield: () => now() - started >= slice,
    };
    await runScope.run(scope, () => handler(job, jobCtx));
    const next = await ledger.finishWith(job.key, whenDone);
    if (next.length > 0) await ctx.scheduled(next);
    options.onEvent?.({ type: 'done', key: job.key, ms: now() - started });
    return 'done';
  } catch (err) {
    if (err instanceof JobYield) {
      await ledger.yieldJob(job.key);
      options.onEvent?.({ type: 'yield', key: job.key });
      return 'yield';
    }
    const code = errorCode(err);
    const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    const decision = decideRetry(defaultClassify(err), job.attempts, policy);
    if (decision.retry) {
      await ledger.retryAt(job.key, now() + decision.waitMs, code);
      options.onEvent?.({
        type: 'retry',
        key: job.key,
        code,
        reason: decision.reason,
        waitMs: decision.waitMs,
      });
      return 'retry';
    }
    await ledger.bury(job.key, code);
    options.onEvent?.({ type: 'dead', key: job.key, code, reason: decision.reason });
    return 'dead';
  }
}

export async function waitUntilDrained(
  ledger: JobLedger,
  opts: { tenantId?: string; pollMs?: number; timeoutMs?: number } = {},
): Promise<void> {
  const deadline = opts.timeoutMs !== undefined ? Date.now() + opts.timeoutMs : Infinity;
  for (;;) {
    if (!(await ledger.hasPending(opts.tenantId))) return;
    if (Date.now() > deadline) throw new TeachbackError('JOBS.TIMEOUT', 'jobs still pending at the deadline');
    await new Promise((r) => setTimeout(r, opts.pollMs ?? 50));
  }
}

export interface EmbeddedOptions extends RunOptions {
  /** Jobs run at once in this process. Default 4. */
  concurrency?: number;
  /**
   * How often to look for due jobs when idle. Default 25 ms, doubling while nothing is due up to
   * 8× (an idle runner does not spin); new work, a finished job or a rerun wakes it at once.
   */
  pollMs?: number;
}

/**
 * The embedded runner: the ledger table is the queue, and a small in-process limiter runs at most
 * `concurrency` jobs at once. It assumes it is the only process working this database (the
 * embedded mode), so on start whatever a crashed predecessor left `running` is queued again.
 * (Not p-queue: p-queue 9 is ESM-only and jest cannot load it from our CommonJS build; a slot
 * counter over the ledger is all this needs.)
 */
export class EmbeddedRunner implements JobRunner {
  readonly kind = 'embedded' as const;
  private running = new Set<Promise<unknown>>();
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Set by `poke` until the loop has looked again: a wake-up is never lost. */
  private poked = false;

  constructor(
    readonly ledger: JobLedger,
    private readonly steps: Steps,
    private readonly options: EmbeddedOptions = {},
  ) {}

  async enqueue(spec: JobSpec): Promise<'enqueued' | 'duplicate'> {
    const { created } = await this.ledger.insert(spec);
    if (created) this.poke();
    return created ? 'enqueued' : 'duplicate';
  }

  /** New work, a finished job, a rerun or a stop: look again now. */
  private poke(): void {
    this.poked = true;
    this.wake?.();
  }

  async start(): Promise<void> {
    if (this.loop) return;
    this.stopping = false;
    await this.ledger.requeueRunning();
    this.loop = this.work();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.poke();
    await this.loop;
    this.loop = undefined;
  }

  drain(opts?: { tenantId?: string; pollMs?: number; timeoutMs?: number }): Promise<void> {
    return waitUntilDrained(this.ledger, opts);
  }

  async rerun(tenantId: string, key: string): Promise<boolean> {
    const ok = await this.ledger.revive(tenantId, key);
    if (ok) this.poke();
    return ok;
  }

  private async work(): Promise<void> {
    const limit = Math.max(1, this.options.concurrency ?? 4);
    const ctx: RunnerContext = {
      enqueue: (s: JobSpec) => this.enqueue(s),
      scheduled: async (next) => {
        if (next.some((n) => n.created)) this.poke();
      },
    };
    const pollMs = this.options.pollMs ?? 25;
    let idleMs = pollMs;
    while (!this.stopping) {
      const free = limit - this.running.size;
      const due = free > 0 ? await this.ledger.due(free) : [];
      for (const job of due) {
        if (!(await this.ledger.start(job.key))) continue;
        const p = executeJob(
          this.ledger,
          this.steps,
          { ...job, attempts: job.attempts + 1 },
          ctx,
          this.options,
        )
          .catch(() => undefined)
          .finally(() => {
            this.running.delete(p);
            this.poke();
          });
        this.running.add(p);
      }
      if (due.length === 0 || this.running.size >= limit) {
        // Nothing due: wait longer each time (retries come due on their own clock, not ours).
        const waitMs = due.length === 0 ? idleMs : pollMs;
        idleMs = due.length === 0 ? Math.min(idleMs * 2, pollMs * 8) : pollMs;
        // A poke that came while we were looking (no one waiting yet) still counts.
        if (!this.poked) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, waitMs);
            this.wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          this.wake = undefined;
        }
        if (this.poked) idleMs = pollMs;
        this.poked = false;
      } else {
        idleMs = pollMs;
      }
    }
    await Promise.all(this.running);
  }
}
