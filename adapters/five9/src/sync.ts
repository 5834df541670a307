import { TeachbackError, type CapabilityGap, type Interaction, type SurveyResponse } from '@teachback/core';
import {
  parseCsvTable,
  rowRecord,
  toPacificDateTime,
  type Five9AdminClient,
  type OperationType,
} from '@teachback/connector-five9';
import {
  CallLogCheckpoint,
  parseSyncConfig,
  type CallLogSyncConfig,
  type CallLogSyncConfigInput,
} from './config';
import { REQUIRED_COLUMNS, rowToInteraction, rowToSurveyResponse, type ReportColumns } from './mapping';
import { createHash } from 'node:crypto';
import type { CheckpointStore, InteractionSink, QuarantineSink, SurveySink, UpsertResult } from './ports';

export interface CallLogSyncPorts {
  client: Five9AdminClient;
  checkpoints: CheckpointStore;
  sink: InteractionSink;
  quarantine: QuarantineSink;
  /** Post-call IVR survey answers found on the rows (config.mappings.surveyColumns) go here. */
  surveys?: SurveySink;
  now?: () => number;
  /**
   * True once the caller wants its worker back (a job's time slice). The sync then stops after the
   * current window, or while a report is still running on Five9, with the report's identifier in
   * the checkpoint, and returns `paused`; the next call goes on from there.
   */
  shouldPause?: () => boolean;
  /**
   * Names this sync run (a job key). The end it syncs up to is fixed when the run starts and kept
   * in the checkpoint, so every resumption of the same run aims at the same end.
   */
  runId?: string;
}

export interface CallLogSyncResult {
  /** Report windows pulled and written. */
  chunks: number;
  /** Windows that hit the report row cap and were halved. */
  splits: number;
  /** runReport calls this pass made (a report resumed by its identifier is not run again). */
  reportsRun: number;
  rowsRead: number;
  written: UpsertResult;
  quarantined: number;
  /** Set when a checkpoint in the future was found and replaced. */
  checkpointReset?: 'in_future' | 'unreadable';
  highWaterMs: number;
  /** True when the sync handed back its worker before it was caught up (see `shouldPause`). */
  paused: boolean;
  /** Optional report columns the report lacks: synced without them (no SESSION ID → no aliases...). */
  skipped: CapabilityGap[];
  /** Five9 API requests this run used (retries included), by operation type. */
  requestsUsed: Partial<Record<OperationType, number>> & { total: number };
  /** requestsUsed.total per 1,000 report rows (the efficiency figure the acceptance asks for). */
  requestsPer1000Calls: number;
}

export function checkpointKey(tenantId: string, folderName: string, reportName: string): string {
  return `five9:${tenantId}:calllog:${folderName}/${reportName}`;
}

/** Columns we read when the report has them, and what is lost without each. */
export const OPTIONAL_COLUMNS: Partial<Record<keyof ReportColumns, string>> = {
  sessionId: 'no session id: Web Connector events and recordings named by session id cannot be joined',
  mediaType: 'no media type: channel taken from CALL TYPE',
  callType: 'no call type: direction unknown, the patient is taken from ANI',
  ani: 'no ANI: inbound callers are not identified',
  dnis: 'no DNIS: outbound patients are not identified',
  agent: 'no agent: scores are not attributed to an agent',
};

/** Optional columns the report header lacks, as capability gaps. */
export function missingOptionalColumns(header: readonly string[], columns: ReportColumns): CapabilityGap[] {
  const have = new Set(header.map((h) => h.toUpperCase()));
  return (Object.entries(OPTIONAL_COLUMNS) as [keyof ReportColumns, string][])
    .filter(([k]) => !have.has(columns[k].toUpperCase()))
    .map(([k, why]) => ({ what: `report column ${columns[k]}`, why }));
}

/** Required columns (call id, timestamp) the header lacks. */
export function missingRequiredColumns(header: readonly string[], columns: ReportColumns): string[] {
  const have = new Set(header.map((h) => h.toUpperCase()));
  return REQUIRED_COLUMNS.map((k) => columns[k]).filter((col) => !have.has(col.toUpperCase()));
}

/** A connector error's code (FIVE9.*), read without depending on the connector kit. */
function codeOf(err: unknown): string | undefined {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** Outcome of waiting for one report. */
type ReportWait = { done: true; csv: string } | { done: false; reason: 'paused' | 'expired' };

/**
 * Long-polls a report that is running on Five9 until it is done, the caller wants its worker back,
 * or Five9 no longer knows the identifier (results expire; the window is run again).
 */
async function awaitReport(
  client: Five9AdminClient,
  identifier: string,
  config: CallLogSyncConfig,
  shouldPause: () => boolean,
): Promise<ReportWait> {
  const expired = (err: unknown) => codeOf(err) === 'FIVE9.UNKNOWN_IDENTIFIER';
  for (let poll = 0; poll < config.maxPolls; poll++) {
    let running: boolean;
    try {
      running = await client.isReportRunning(identifier, config.pollTimeoutSeconds);
    } catch (err) {
      if (expired(err)) return { done: false, reason: 'expired' };
      throw err;
    }
    if (!running) {
      try {
        return { done: true, csv: await client.getReportResultCsv(identifier) };
      } catch (err) {
        if (expired(err)) return { done: false, reason: 'expired' };
        // Done by the poll but not yet by the result: that is the protocol; poll again.
        if (codeOf(err) !== 'FIVE9.RESULT_NOT_READY') throw err;
      }
    }
    if (shouldPause()) return { done: false, reason: 'paused' };
  }
  throw new TeachbackError(
    'FIVE9.REPORT_TIMEOUT',
    `Five9 report ${config.report.folderName}/${config.report.reportName} was still running after ${config.maxPolls} polls`,
  );
}

/** The next window's size: grown when the last report was sparse, shrunk when it was dense. */
export function nextWindowMs(currentMs: number, rows: number, config: CallLogSyncConfig): number {
  const factor = rows === 0 ? 8 : Math.min(8, config.targetRowsPerReport / rows);
  const min = config.minWindowMinutes * 60_000;
  const max = config.maxWindowHours * 3_600_000;
  return Math.round(Math.min(max, Math.max(min, currentMs * factor)) / 1000) * 1000;
}

/**
 * Pulls Five9 call logs into core interactions, window by window. Each window: run the report (or
 * resume the one already running), map rows (bad rows to quarantine with a reason, the rest land),
 * upsert, and only then advance the checkpoint to the window's end. The checkpoint is the
 * inclusive start of the next window, so a crash re-reads at most one window and the upsert makes
 * that a no-op. The run ends when what is left before its end is shorter than the minimum window.
 */
export async function syncCallLogs(
  configInput: CallLogSyncConfigInput,
  ports: CallLogSyncPorts,
): Promise<CallLogSyncResult> {
  const config = parseSyncConfig(configInput);
  const now = ports.now ?? Date.now;
  const shouldPause = ports.shouldPause ?? (() => false);
  const { folderName, reportName, columns } = config.report;
  const key = checkpointKey(config.tenantId, folderName, reportName);
  const before = { ...ports.client.stats.byOperationType };
  const requestsBefore = ports.client.stats.requests;

  // Adopt the domain's live counters first (and prove the credentials), so other tools' usage is
  // counted against our limits.
  await ports.client.getCallCountersState();
  let startMs = Date.parse(config.initialStart);
  let checkpointReset: CallLogSyncResult['checkpointReset'];
  let cp: CallLogCheckpoint | undefined;
  const raw = await ports.checkpoints.load(config.tenantId, key);
  if (raw !== undefined) {
    const parsed = CallLogCheckpoint.safeParse(raw);
    if (!parsed.success) checkpointReset = 'unreadable';
    else if (parsed.data.highWaterMs > now()) {
      checkpointReset = 'in_future';
      startMs = Math.max(startMs, now() - config.futureCheckpointLookbackHours * 3_600_000);
    } else {
      cp = parsed.data;
      startMs = cp.highWaterMs;
    }
  }
  const sameRun = ports.runId !== undefined && cp?.run?.id === ports.runId;
  const endMs = sameRun ? cp!.run!.endMs : now() - config.settleMinutes * 60_000;
  const run = ports.runId !== undefined ? { id: ports.runId, endMs } : undefined;
  let windowMs = cp?.windowMs ?? config.chunkHours * 3_600_000;
  let pending = cp?.pending;
  const minWindowMs = config.minWindowMinutes * 60_000;
  const save = async (highWaterMs: number, extra: Partial<CallLogCheckpoint> = {}) => {
    const next: CallLogCheckpoint = {
      version: 1,
      highWaterMs,
      updatedAt: new Date(now()).toISOString(),
      windowMs,
      ...extra,
    };
    await ports.checkpoints.save(config.tenantId, key, next);
  };

  const written: UpsertResult = { inserted: 0, updated: 0, unchanged: 0 };
  const skipped: CapabilityGap[] = [];
  let rowsRead = 0;
  let quarantined = 0;
  let chunks = 0;
  let splits = 0;
  let reportsRun = 0;
  let highWaterMs = startMs;
  let paused = false;

  while (pending || endMs - highWaterMs >= minWindowMs) {
    let chunkStart: number;
    let chunkEnd: number;
    let identifier: string;
    if (pending && pending.startMs === highWaterMs) {
      ({ startMs: chunkStart, endMs: chunkEnd, identifier } = pending);
    } else {
      chunkStart = highWaterMs;
      chunkEnd = Math.min(chunkStart + windowMs, endMs);
      // A tail shorter than the minimum window rides along rather than waiting for the next sync.
      if (endMs - chunkEnd < minWindowMs) chunkEnd = endMs;
      identifier = await ports.client.runReport({
        folderName,
        reportName,
        start: toPacificDateTime(chunkStart),
        // Five9 treats the end as inclusive; stop one millisecond short of the next window.
        end: toPacificDateTime(chunkEnd - 1),
      });
      reportsRun++;
      await save(highWaterMs, {
        ...(run ? { run } : {}),
        pending: { identifier, startMs: chunkStart, endMs: chunkEnd },
      });
    }
    pending = undefined;
    const wait = await awaitReport(ports.client, identifier, config, shouldPause);
    if (!wait.done) {
      if (wait.reason === 'paused') {
        paused = true;
        break;
      }
      // Expired: the checkpoint still names it; run the window again.
      await save(highWaterMs, run ? { run } : {});
      continue;
    }
    const table = parseCsvTable(wait.csv);
    // getReportResultCsv stops at a row cap (50,000); a full answer may be cut short, so the
    // window is halved and pulled again rather than trusted.
    if (table.rows.length + table.problems.length >= config.reportRowLimit) {
      if (chunkEnd - chunkStart <= 60_000) {
        throw new TeachbackError(
          'FIVE9.REPORT_TOO_DENSE',
          `Five9 report ${folderName}/${reportName} returned ${config.reportRowLimit} rows for one minute`,
        );
      }
      windowMs = Math.max(60_000, Math.floor((chunkEnd - chunkStart) / 2 / 1000) * 1000);
      splits++;
      await save(highWaterMs, run ? { run } : {});
      continue;
    }
    chunks++;
    if (table.header.length > 0) {
      const missing = missingRequiredColumns(table.header, columns);
      if (missing.length > 0) {
        throw new TeachbackError(
          'FIVE9.REPORT_COLUMNS_MISSING',
          `Five9 report ${folderName}/${reportName} lacks column(s) ${missing.join(', ')}`,
          { details: { missing } },
        );
      }
      if (chunks === 1) skipped.push(...missingOptionalColumns(table.header, columns));
    }
    const chunkRef = `${new Date(chunkStart).toISOString()}..${new Date(chunkEnd).toISOString()}`;
    const at = new Date(now()).toISOString();
    const quarantine = async (line: number, reason: string) => {
      quarantined++;
      await ports.quarantine.add({
        tenantId: config.tenantId,
        platform: 'five9',
        kind: 'report-row',
        ref: `${folderName}/${reportName} ${chunkRef} line ${line}`,
        reason,
        at,
      });
    };
    for (const p of table.problems) await quarantine(p.line, p.reason);
    const byId = new Map<string, Interaction>();
    const surveysById = new Map<string, SurveyResponse>();
    for (const row of table.rows) {
      rowsRead++;
      let result: ReturnType<typeof rowToInteraction>;
      let record: Record<string, string> = {};
      try {
        record = rowRecord(table.header, row);
        result = rowToInteraction(record, {
          tenantId: config.tenantId,
          columns,
          mappings: config.mappings,
          windowStartMs: chunkStart,
          windowEndMs: chunkEnd,
        });
      } catch (err) {
        // A row the mapping cannot even judge is still kept with a reason; never the row's values.
        const code = err instanceof TeachbackError ? err.code : err instanceof Error ? err.name : 'unknown';
        result = { ok: false, reason: `row could not be mapped (${code})` };
      }
      if (!result.ok) {
        await quarantine(row.line, result.reason);
        continue;
      }
      // A call can appear on several rows (transfers); the last row is the most complete.
      byId.set(result.interaction.source.externalId, result.interaction);
      if (ports.surveys && config.mappings.surveyColumns.length > 0) {
        const survey = rowToSurveyResponse(record, result.interaction, config.mappings);
        if (survey) surveysById.set(survey.id, survey);
      }
    }
    rowsRead += table.problems.length;
    for (const interaction of byId.values()) {
      const outcome = await ports.sink.upsert(config.tenantId, interaction, contentHash(interaction));
      if (outcome === 'created') written.inserted++;
      else if (outcome === 'updated') written.updated++;
      else written.unchanged++;
    }
    // After the interactions they are about; the same id again replaces (a re-read window).
    for (const survey of surveysById.values()) await ports.surveys!.save(config.tenantId, survey);
    const rows = table.rows.length + table.problems.length;
    windowMs = nextWindowMs(chunkEnd - chunkStart, rows, config);
    highWaterMs = chunkEnd;
    await save(highWaterMs, run ? { run } : {});
    if (shouldPause() && endMs - highWaterMs >= minWindowMs) {
      paused = true;
      break;
    }
  }
  // Caught up: the run's end is forgotten, so the next run aims at its own.
  if (!paused) await save(highWaterMs);

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
    reportsRun,
    rowsRead,
    written,
    quarantined,
    highWaterMs,
    paused,
    skipped,
    requestsUsed,
    requestsPer1000Calls: rowsRead ? Math.round((requestsUsed.total / rowsRead) * 1000 * 10) / 10 : 0,
  };
  if (checkpointReset) result.checkpointReset = checkpointReset;
  return result;
}

/** What a report row says about a call: recordings arrive later, from the export, and are not content. */
export function contentHash(i: Interaction): string {
  const { recordings: _recordings, ...rest } = i;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex');
}
