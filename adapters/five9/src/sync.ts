import { TeachbackError, type Interaction } from '@teachback/core';
import {
  parseCsvTable,
  rowRecord,
  runReportToCsv,
  splitRange,
  type Five9AdminClient,
  type OperationType,
} from '@teachback/connector-five9';
import { CallLogCheckpoint, parseSyncConfig, type CallLogSyncConfigInput } from './config';
import { REQUIRED_COLUMNS, rowToInteraction } from './mapping';
import type { CheckpointStore, InteractionSink, QuarantineSink, UpsertResult } from './ports';

export interface CallLogSyncPorts {
  client: Five9AdminClient;
  checkpoints: CheckpointStore;
  sink: InteractionSink;
  quarantine: QuarantineSink;
  now?: () => number;
}

export interface CallLogSyncResult {
  /** Report windows pulled and written. */
  chunks: number;
  /** Windows that hit the report row cap and were halved. */
  splits: number;
  rowsRead: number;
  written: UpsertResult;
  quarantined: number;
  /** Set when a checkpoint in the future was found and replaced. */
  checkpointReset?: 'in_future' | 'unreadable';
  highWaterMs: number;
  /** Five9 API requests this run used (retries included), by operation type. */
  requestsUsed: Partial<Record<OperationType, number>> & { total: number };
  /** requestsUsed.total per 1,000 report rows (the efficiency figure the acceptance asks for). */
  requestsPer1000Calls: number;
}

export function checkpointKey(tenantId: string, folderName: string, reportName: string): string {
  return `five9:${tenantId}:calllog:${folderName}/${reportName}`;
}

/**
 * Pulls Five9 call logs into core interactions, chunk by chunk. Each chunk: run the report, map
 * rows (bad rows to quarantine with a reason, the rest land), upsert, and only then advance the
 * checkpoint to the chunk's end. The checkpoint is the inclusive start of the next window, so a
 * crash anywhere re-reads at most one chunk and the upsert makes that a no-op.
 */
export async function syncCallLogs(
  configInput: CallLogSyncConfigInput,
  ports: CallLogSyncPorts,
): Promise<CallLogSyncResult> {
  const config = parseSyncConfig(configInput);
  const now = ports.now ?? Date.now;
  const { folderName, reportName, columns } = config.report;
  const key = checkpointKey(config.tenantId, folderName, reportName);
  const before = { ...ports.client.stats.byOperationType };
  const requestsBefore = ports.client.stats.requests;

  // Adopt the domain's live counters first, so other tools' usage is counted against our limits.
  await ports.client.getCallCountersState();
  const endMs = now() - config.settleMinutes * 60_000;
  let startMs = Date.parse(config.initialStart);
  let checkpointReset: CallLogSyncResult['checkpointReset'];
  const raw = await ports.checkpoints.load(key);
  if (raw !== undefined) {
    const parsed = CallLogCheckpoint.safeParse(raw);
    if (!parsed.success) checkpointReset = 'unreadable';
    else if (parsed.data.highWaterMs > now()) {
      checkpointReset = 'in_future';
      startMs = Math.max(startMs, now() - config.futureCheckpointLookbackHours * 3_600_000);
    } else startMs = parsed.data.highWaterMs;
  }

  // Five9 resolves names per user locale; the header check catches a report that is not ours.
  const written: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
  let rowsRead = 0;
  let quarantined = 0;
  // Chunks still to pull, next one last (a stack, so a split chunk's halves run in order).
  const pending = splitRange(startMs, endMs, config.chunkHours * 3_600_000).reverse();
  let chunks = 0;
  let highWaterMs = startMs;
  let splits = 0;
  while (pending.length > 0) {
    const [chunkStart, chunkEnd] = pending.pop()!;
    const csv = await runReportToCsv(ports.client, {
      folderName,
      reportName,
      startMs: chunkStart,
      endMs: chunkEnd,
      pollTimeoutSeconds: config.pollTimeoutSeconds,
    });
    const table = parseCsvTable(csv);
    // getReportResultCsv stops at a row cap (50,000); a full answer may be cut short, so the
    // window is halved and pulled again rather than trusted.
    if (table.rows.length + table.problems.length >= config.reportRowLimit) {
      if (chunkEnd - chunkStart <= 60_000) {
        throw new TeachbackError(
          'FIVE9.REPORT_TOO_DENSE',
          `Five9 report ${folderName}/${reportName} returned ${config.reportRowLimit} rows for one minute`,
        );
      }
      const mid = chunkStart + Math.floor((chunkEnd - chunkStart) / 2 / 1000) * 1000;
      pending.push([mid, chunkEnd], [chunkStart, mid]);
      splits++;
      continue;
    }
    chunks++;
    const header = new Set(table.header.map((h) => h.toUpperCase()));
    if (table.header.length > 0) {
      const missing = REQUIRED_COLUMNS.map((k) => columns[k]).filter((col) => !header.has(col.toUpperCase()));
      if (missing.length > 0) {
        throw new TeachbackError(
          'FIVE9.REPORT_COLUMNS_MISSING',
          `Five9 report ${folderName}/${reportName} lacks column(s) ${missing.join(', ')}`,
          { details: { missing } },
        );
      }
    }
    const chunkRef = `${new Date(chunkStart).toISOString()}..${new Date(chunkEnd).toISOString()}`;
    const at = new Date(now()).toISOString();
    for (const p of table.problems) {
      quarantined++;
      await ports.quarantine.add({
        tenantId: config.tenantId,
        platform: 'five9',
        kind: 'report-row',
        ref: `${folderName}/${reportName} ${chunkRef} line ${p.line}`,
        reason: p.reason,
        at,
      });
    }
    const byId = new Map<string, Interaction>();
    for (const row of table.rows) {
      rowsRead++;
      const result = rowToInteraction(rowRecord(table.header, row), {
        tenantId: config.tenantId,
        columns,
        windowStartMs: chunkStart,
        windowEndMs: chunkEnd,
      });
      if (!result.ok) {
        quarantined++;
        await ports.quarantine.add({
          tenantId: config.tenantId,
          platform: 'five9',
          kind: 'report-row',
          ref: `${folderName}/${reportName} ${chunkRef} line ${row.line}`,
          reason: result.reason,
          at,
        });
        continue;
      }
      // A call can appear on several rows (transfers); the last row is the most complete.
      byId.set(result.interaction.source.externalId, result.interaction);
    }
    rowsRead += table.problems.length;
    const res = await ports.sink.upsert([...byId.values()]);
    written.inserted += res.inserted;
    written.updated += res.updated;
    written.unchanged += res.unchanged;
    const checkpoint: CallLogCheckpoint = { version: 1, highWaterMs: chunkEnd, updatedAt: at };
    await ports.checkpoints.save(key, checkpoint);
    highWaterMs = chunkEnd;
  }

  const requestsUsed: CallLogSyncResult['requestsUsed'] = {
    total: ports.client.stats.requests - requestsBefore,
  };
  for (const [type, n] of Object.entries(ports.client.stats.byOperationType) as [OperationType, number][]) {
    const used = n - (before[type] ?? 0);
    if (used > 0) requestsUsed[type] = used;
  }
  const result: CallLogSyncResult = {
    chunks,
    splits,
    rowsRead,
    written,
    quarantined,
    highWaterMs,
    requestsUsed,
    requestsPer1000Calls: rowsRead ? Math.round((requestsUsed.total / rowsRead) * 1000 * 10) / 10 : 0,
  };
  if (checkpointReset) result.checkpointReset = checkpointReset;
  return result;
}
