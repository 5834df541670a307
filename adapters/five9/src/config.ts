import { TeachbackError, fieldPath } from '@teachback/core';
import { z } from 'zod';
import { Five9Mappings, ReportColumns } from './mapping';

/** The Five9 call-log sync's settings. Validated with zod; errors name the field. */
export const CallLogSyncConfig = z.strictObject({
  tenantId: z.string().min(1),
  report: z
    .strictObject({
      folderName: z.string().min(1).default('Call Log Reports'),
      reportName: z.string().min(1).default('Call Log'),
      columns: ReportColumns.default(ReportColumns.parse({})),
    })
    .default({ folderName: 'Call Log Reports', reportName: 'Call Log', columns: ReportColumns.parse({}) }),
  /** Disposition → stage / call type, skill → call type, and the survey's report columns. */
  mappings: Five9Mappings.default({
    dispositionStages: {},
    dispositionCallTypes: {},
    skillCallTypes: {},
    surveyColumns: [],
  }),
  /** Where the first sync starts (ISO instant). */
  initialStart: z.iso.datetime({ offset: true }),
  /**
   * The first report window. Later windows are sized from the rows the last one returned (see
   * `targetRowsPerReport`) and the size learnt is kept in the checkpoint.
   */
  chunkHours: z
    .number()
    .positive()
    .max(24 * 7)
    .default(24),
  /** No report window is longer than this (Five9 advises splitting long ranges). */
  maxWindowHours: z
    .number()
    .positive()
    .max(24 * 31)
    .default(24 * 7),
  /**
   * A range shorter than this is left for a later sync: each report costs one of 120 runReport an
   * hour, and without a floor a caught-up sync would chase the clock with few-second windows.
   */
  minWindowMinutes: z
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  /** Windows are sized so a report returns about this many rows (well under the 50,000 cap). */
  targetRowsPerReport: z.number().int().min(1).max(50_000).default(40_000),
  /** Rows younger than this are left for the next run: Five9 finishes call records late. */
  settleMinutes: z.number().nonnegative().default(15),
  /** A checkpoint later than now (clock skew, corruption) restarts this far back. */
  futureCheckpointLookbackHours: z.number().positive().default(24),
  pollTimeoutSeconds: z.number().int().min(5).max(600).default(10),
  /** A report still running after this many long-polls is an incident, not a wait. */
  maxPolls: z.number().int().min(1).max(10_000).default(360),
  /** getReportResultCsv's row cap: a window that returns this many rows is split and re-pulled. */
  reportRowLimit: z.number().int().min(2).max(50_000).default(50_000),
});
export type CallLogSyncConfig = z.infer<typeof CallLogSyncConfig>;
export type CallLogSyncConfigInput = z.input<typeof CallLogSyncConfig>;

export function parseSyncConfig(input: unknown): CallLogSyncConfig {
  const parsed = CallLogSyncConfig.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new TeachbackError(
      'CONFIG.INVALID',
      `five9 sync config ${fieldPath(issue.path)}: ${issue.message}`,
      {
        details: { field: fieldPath(issue.path) },
      },
    );
  }
  return parsed.data;
}

/**
 * The checkpoint: the inclusive start of the next report window, plus what lets a sync that hands
 * back its worker go on where it was: the window size learnt, the end this run syncs up to (fixed
 * when the run starts, so a resumed run does not chase the clock), and a report still running on
 * Five9 (resumed by its identifier rather than run again).
 */
export const CallLogCheckpoint = z.strictObject({
  version: z.literal(1),
  highWaterMs: z.number().int().nonnegative(),
  updatedAt: z.string(),
  windowMs: z.number().int().positive().optional(),
  run: z.strictObject({ id: z.string().min(1), endMs: z.number().int().nonnegative() }).optional(),
  pending: z
    .strictObject({
      identifier: z.string().min(1),
      startMs: z.number().int().nonnegative(),
      endMs: z.number().int().nonnegative(),
    })
    .optional(),
});
export type CallLogCheckpoint = z.infer<typeof CallLogCheckpoint>;
