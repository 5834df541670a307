import { LedgerQuarantine, LedgerSkipped, SyncRuns, type SqlDriver } from '@teachback/adapter-store';
import type { CapabilityGap, Platform } from '@teachback/core';
import { runRequestCount } from './requests';

/** What the CLI bar and the API's sync status show for the latest sync run of a tenant (and platform). */
export interface SyncStatus {
  tenantId: string;
  platform: Platform | null;
  /** The sync job's key, null when the tenant never synced. */
  run: string | null;
  state: 'idle' | 'discovering' | 'processing' | 'done';
  /** Interactions found so far; grows while `discovering`. */
  total: number;
  /** Interactions through the whole pipeline (pushed back, or nothing to push). */
  done: number;
  /** Jobs that ended as dead letters in this run. */
  errors: number;
  /** Records this run set aside as unreadable (`teachback sync --quarantine` lists them). */
  quarantined: number;
  /** Platform API requests this run made, in every worker (see requests.ts). */
  requests: number;
  /** What the org lacks and the run synced without, and why (see skipped.ts). */
  skipped: CapabilityGap[];
  /** Interactions per second since the run started. */
  ratePerSec: number;
  /** Seconds left at the current rate; null while unknown. */
  etaSec: number | null;
  startedAt: string | null;
  updatedAt: string | null;
}

/**
 * Status of the latest sync run. The ledger is the source: each interaction's last step (`push`)
 * done counts it as done; dead letters count as errors. Cheap enough to serve on every API poll.
 */
export async function syncStatus(
  driver: SqlDriver,
  tenantId: string,
  opts: { platform?: Platform; now?: () => number } = {},
): Promise<SyncStatus> {
  const now = opts.now ?? Date.now;
  const runs = new SyncRuns(driver);
  const latest = await runs.latest(tenantId, opts.platform);
  if (!latest) {
    return {
      tenantId,
      platform: opts.platform ?? null,
      run: null,
      state: 'idle',
      total: 0,
      done: 0,
      errors: 0,
      quarantined: 0,
      requests: 0,
      skipped: [],
      ratePerSec: 0,
      etaSec: null,
      startedAt: null,
      updatedAt: null,
    };
  }
  const counts = await runs.stepCounts(tenantId, latest.run);
  const n = (step: string | null, state: string | null) =>
    counts
      .filter((c) => (step === null || c.step === step) && (state === null || c.state === state))
      .reduce((a, c) => a + c.n, 0);
  // Each interaction found gets a score job, or first a transcribe job that then schedules it.
  const total = n('score', null) + n('transcribe', null) - n('transcribe', 'done');
  const done = n('push', 'done');
  const errors = n(null, 'dead');
  const last = counts.reduce((a, c) => Math.max(a, c.last), latest.createdAt);
  // The plan and its chunks: discovery goes on while any of them is open.
  const syncOpen = n('sync', 'queued') + n('sync', 'running') > 0;
  const open = n(null, 'queued') + n(null, 'running');
  const started = latest.createdAt;
  const elapsed = Math.max(1, (open > 0 ? now() : last) - started) / 1000;
  const ratePerSec = Math.round((done / elapsed) * 100) / 100;
  const remaining = Math.max(
    0,
    total - done - n('transcribe', 'dead') - n('score', 'dead') - n('escalate', 'dead') - n('push', 'dead'),
  );
  const quarantined = await new LedgerQuarantine(driver).count(tenantId, { run: latest.run });
  const { requests } = await runRequestCount(driver, tenantId, latest.run, total);
  const skipped = await new LedgerSkipped(driver).forRun(tenantId, latest.run);
  return {
    tenantId,
    platform: latest.platform,
    run: latest.run,
    state: syncOpen ? 'discovering' : open > 0 ? 'processing' : 'done',
    total,
    done,
    errors,
    quarantined,
    requests,
    skipped,
    ratePerSec,
    etaSec: open === 0 ? 0 : ratePerSec > 0 && !syncOpen ? Math.ceil(remaining / ratePerSec) : null,
    startedAt: new Date(started).toISOString(),
    updatedAt: new Date(last).toISOString(),
  };
}

/** One line for a terminal: `[#####.....] 120/300 40% 12.5/s ETA 15s errors 0`. */
export function progressLine(s: SyncStatus, width = 30): string {
  const ratio = s.total > 0 ? Math.min(1, s.done / s.total) : 0;
  const filled = Math.round(ratio * width);
  const bar = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}]`;
  const eta = s.etaSec === null ? 'ETA ?' : `ETA ${formatSeconds(s.etaSec)}`;
  const found = s.state === 'discovering' ? '+' : '';
  const quarantined = s.quarantined > 0 ? ` quarantined ${s.quarantined}` : '';
  return `${bar} ${s.done}/${s.total}${found} ${Math.round(ratio * 100)}% ${s.ratePerSec}/s ${eta} errors ${s.errors}${quarantined}`;
}

function formatSeconds(sec: number): string {
  if (sec < 60) return `${sec}s`;
  const m = Math.floor(sec / 60);
  return m < 60
    ? `${m}m${String(sec % 60).padStart(2, '0')}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}
