import { jobKey, type JobSpec, type Platform } from '@teachback/core';
import type { JobLedger } from './ledger';

/** What an admin's "sync now" did. */
export interface SyncNowResult {
  /** The incremental sync job that will run (or runs) for this request. */
  key: string;
  state: 'queued' | 'running';
  /** `enqueued`: a new job; `already-queued` / `already-running`: an incremental sync was on its way. */
  outcome: 'enqueued' | 'already-queued' | 'already-running';
}

/**
 * An immediate incremental sync of one platform for one tenant, through the job ledger both runners
 * work from (the embedded runner polls it; the distributed runner's sweeper hands queued ledger
 * jobs to pg-boss, as for webhook-started syncs). Idempotent while one is on its way: when an
 * incremental sync of the platform (not a backfill, not a step of another run) is queued or running,
 * that one is reported and nothing is added. `enqueue` is the runner's own when the caller has one.
 */
export async function requestSyncNow(
  ledger: JobLedger,
  tenantId: string,
  platform: Exclude<Platform, 'teachback'>,
  opts: { now?: () => number; enqueue?: (spec: JobSpec) => Promise<'enqueued' | 'duplicate'> } = {},
): Promise<SyncNowResult> {
  const active = await ledger.driver.all<{ job_key: string; state: string; payload: string }>(
    "SELECT job_key, state, payload FROM tb_jobs_ledger WHERE tenant_id = ? AND run_key IS NULL AND step = 'sync' AND state IN ('queued', 'running') AND platform = ? ORDER BY created_at, job_key",
    [tenantId, platform],
  );
  const incremental = active.filter(
    (r) => (JSON.parse(String(r.payload)) as Record<string, unknown>)['mode'] !== 'backfill',
  );
  const running = incremental.find((r) => r.state === 'running');
  const on = running ?? incremental[0];
  if (on)
    return {
      key: on.job_key,
      state: on.state as 'queued' | 'running',
      outcome: running ? 'already-running' : 'already-queued',
    };
  // Keyed by the second of the request: a later "sync now" after this one ended starts a new
  // sync, and two requests in the same second are one job.
  const at = new Date((opts.now ?? Date.now)()).toISOString().slice(0, 19);
  const spec: JobSpec = {
    tenantId,
    platform,
    externalId: `recent:now:${at}Z`,
    step: 'sync',
    payload: { mode: 'recent', trigger: 'admin' },
  };
  const created = opts.enqueue
    ? (await opts.enqueue(spec)) === 'enqueued'
    : (await ledger.insert(spec)).created;
  const key = jobKey(spec);
  if (created) return { key, state: 'queued', outcome: 'enqueued' };
  const job = await ledger.get(key);
  const state = job?.state === 'running' ? 'running' : 'queued';
  return { key, state, outcome: state === 'running' ? 'already-running' : 'already-queued' };
}
