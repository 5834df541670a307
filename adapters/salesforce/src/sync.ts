import { createHash } from 'node:crypto';
import { TeachbackError } from '@teachback/core';
import type { SalesforceClient } from '@teachback/connector-salesforce';
import { z } from 'zod';
import type { SalesforceAdapterConfig } from './config';
import { STREAMS, type Mapped, type StreamName, type StreamSpec } from './mapping';
import type { CheckpointStore, DirectorySink, InteractionSink, UpsertOutcome } from './ports';
import { fromBulkRow } from './raw';

/**
 * Inclusive high-water mark: the next query asks for SystemModstamp >= highWater, and the ids
 * already taken at exactly that instant are skipped. Records sharing one SystemModstamp are
 * therefore neither lost (a `>` query would drop the rest of a tie split across runs) nor repeated.
 */
export const SalesforceCheckpoint = z.strictObject({
  highWater: z.string().datetime({ offset: true }),
  idsAtHighWater: z.array(z.string()),
});
export type SalesforceCheckpoint = z.infer<typeof SalesforceCheckpoint>;

export interface SyncDeps {
  client: SalesforceClient;
  checkpoints: CheckpointStore;
  interactions: InteractionSink;
  directory: DirectorySink;
  config: SalesforceAdapterConfig;
  now?: () => Date;
}

export interface StreamReport {
  stream: StreamName;
  mode: 'rest' | 'bulk';
  fetched: number;
  skippedAtHighWater: number;
  outcomes: Record<UpsertOutcome, number>;
  /** Records that failed validation: Salesforce id and the field/reason, never the value. */
  rejected: { id: string | undefined; reason: string }[];
  checkpointReset: boolean;
  checkpoint: SalesforceCheckpoint;
}

export interface SyncReport {
  streams: StreamReport[];
  /** REST calls plus Bulk API jobs made by this run, as counted by the client. */
  apiCallsMade: number;
  /** Daily API usage Salesforce reported before and after (its own count, bulk polling included). */
  dailyApiUsed?: { before: number; after: number; limit: number };
}

/** Checkpoints a little ahead of our clock are normal skew; this far ahead they are corrupt. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function contentHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const soqlDatetime = (iso: string) => new Date(iso).toISOString();

function soqlFor(
  spec: StreamSpec,
  config: SalesforceAdapterConfig,
  highWater: string,
  order: boolean,
): string {
  const where = [...spec.filter(config), `SystemModstamp >= ${soqlDatetime(highWater)}`].join(' AND ');
  return `SELECT ${spec.fields(config).join(', ')} FROM ${spec.sobject} WHERE ${where}${order ? ' ORDER BY SystemModstamp, Id' : ''}`;
}

async function write(mapped: Mapped, deps: SyncDeps, report: StreamReport): Promise<void> {
  const tenant = deps.config.tenantId;
  let outcome: UpsertOutcome;
  if (mapped.kind === 'rejected') {
    report.rejected.push({ id: mapped.id, reason: mapped.reason });
    return;
  }
  if (mapped.kind === 'interaction') {
    outcome = await deps.interactions.upsert(tenant, mapped.interaction, contentHash(mapped.interaction));
  } else if (mapped.kind === 'person') {
    outcome = await deps.directory.upsertPerson(tenant, mapped.person, contentHash(mapped.person));
  } else {
    outcome = await deps.directory.upsertCase(tenant, mapped.record, contentHash(mapped.record));
  }
  report.outcomes[outcome]++;
}

/** Advances the mark over records sorted by (SystemModstamp, Id). */
function advance(cp: SalesforceCheckpoint, records: { id: string; stamp: string }[]): SalesforceCheckpoint {
  let next = cp;
  for (const r of records) {
    const stamp = new Date(r.stamp).getTime();
    const mark = new Date(next.highWater).getTime();
    if (stamp > mark) next = { highWater: new Date(stamp).toISOString(), idsAtHighWater: [r.id] };
    else if (stamp === mark && !next.idsAtHighWater.includes(r.id)) {
      next = { highWater: next.highWater, idsAtHighWater: [...next.idsAtHighWater, r.id] };
    }
  }
  return next;
}

async function loadCheckpoint(
  deps: SyncDeps,
  spec: StreamSpec,
): Promise<{ cp: SalesforceCheckpoint; fresh: boolean; reset: boolean }> {
  const initial: SalesforceCheckpoint = {
    highWater: new Date(deps.config.startFrom).toISOString(),
    idsAtHighWater: [],
  };
  const raw = await deps.checkpoints.load(deps.config.tenantId, `salesforce:${spec.name}`);
  if (raw === undefined || raw === null) return { cp: initial, fresh: true, reset: false };
  const parsed = SalesforceCheckpoint.safeParse(raw);
  if (!parsed.success) {
    throw new TeachbackError(
      'SYNC.CHECKPOINT_INVALID',
      `Salesforce ${spec.name} checkpoint is not valid; refusing to guess where to resume`,
      {
        details: { stream: spec.name },
      },
    );
  }
  const now = (deps.now ?? (() => new Date()))().getTime();
  if (new Date(parsed.data.highWater).getTime() > now + FUTURE_TOLERANCE_MS) {
    // A mark in the future would silently skip everything until then; start over instead.
    // Upserts are idempotent, so re-reading is safe.
    return { cp: initial, fresh: true, reset: true };
  }
  return { cp: parsed.data, fresh: false, reset: false };
}

/**
 * Pulls one stream incrementally. Small windows page through REST (checkpoint saved after each
 * page is written); a first sync larger than `bulkThreshold` goes through one Bulk API 2.0 job.
 */
export async function syncStream(spec: StreamSpec, deps: SyncDeps): Promise<StreamReport> {
  const { cp: start, fresh, reset } = await loadCheckpoint(deps, spec);
  const report: StreamReport = {
    stream: spec.name,
    mode: 'rest',
    fetched: 0,
    skippedAtHighWater: 0,
    outcomes: { created: 0, updated: 0, unchanged: 0 },
    rejected: [],
    checkpointReset: reset,
    checkpoint: start,
  };
  const stream = `salesforce:${spec.name}`;
  const seen = new Set(start.idsAtHighWater);
  const startMark = new Date(start.highWater).getTime();
  const alreadyTaken = (id: string, stamp: string) => new Date(stamp).getTime() === startMark && seen.has(id);
  const idAndStamp = (r: Record<string, unknown>) => ({
    id: String(r['Id']),
    stamp: String(r['SystemModstamp']),
  });

  let cp = start;
  // Counting costs one call, so only a first sync (where a backlog is likely) asks.
  const useBulk =
    fresh &&
    (await deps.client.count(
      `SELECT COUNT() FROM ${spec.sobject} WHERE ${[...spec.filter(deps.config), `SystemModstamp >= ${soqlDatetime(start.highWater)}`].join(' AND ')}`,
    )) > deps.config.bulkThreshold;

  if (useBulk) {
    report.mode = 'bulk';
    const rows = (await deps.client.bulkQuery(soqlFor(spec, deps.config, start.highWater, false))).map(
      fromBulkRow,
    );
    rows.sort((a, b) => {
      const x = idAndStamp(a);
      const y = idAndStamp(b);
      return new Date(x.stamp).getTime() - new Date(y.stamp).getTime() || x.id.localeCompare(y.id);
    });
    for (const row of rows) {
      const key = idAndStamp(row);
      report.fetched++;
      if (alreadyTaken(key.id, key.stamp)) {
        report.skippedAtHighWater++;
        continue;
      }
      await write(spec.map(row, deps.config), deps, report);
    }
    cp = advance(
      cp,
      rows.map(idAndStamp).filter((r) => !Number.isNaN(new Date(r.stamp).getTime())),
    );
    await deps.checkpoints.save(deps.config.tenantId, stream, cp);
  } else {
    for await (const page of deps.client.queryPages(soqlFor(spec, deps.config, start.highWater, true), {
      batchSize: deps.config.pageSize,
    })) {
      const keys: { id: string; stamp: string }[] = [];
      for (const record of page) {
        const key = idAndStamp(record);
        report.fetched++;
        if (alreadyTaken(key.id, key.stamp)) {
          report.skippedAtHighWater++;
          continue;
        }
        await write(spec.map(record, deps.config), deps, report);
        if (!Number.isNaN(new Date(key.stamp).getTime())) keys.push(key);
      }
      // Saved only after the page is written: a crash re-reads the page, never skips it.
      cp = advance(cp, keys);
      await deps.checkpoints.save(deps.config.tenantId, stream, cp);
    }
  }
  report.checkpoint = cp;
  return report;
}

/** Pulls every configured stream: people and cases first, so activities can resolve to them. */
export async function syncSalesforce(deps: SyncDeps): Promise<SyncReport> {
  const wanted = deps.config.streams;
  const specs = STREAMS.filter(
    (s) => (!wanted || wanted.includes(s.name)) && (s.name !== 'PersonAccount' || deps.config.personAccounts),
  );
  const callsBefore = deps.client.apiCalls;
  const before = await deps.client.limits();
  const streams: StreamReport[] = [];
  for (const spec of specs) streams.push(await syncStream(spec, deps));
  const after = await deps.client.limits();
  const used = (l: typeof before) => l.DailyApiRequests.Max - l.DailyApiRequests.Remaining;
  return {
    streams,
    apiCallsMade: deps.client.apiCalls - callsBefore,
    dailyApiUsed: { before: used(before), after: used(after), limit: after.DailyApiRequests.Max },
  };
}
