import { TeachbackError, fieldPath } from '@teachback/core';
import { z } from 'zod';
import { ReportColumns } from './mapping';

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
  /** Where the first sync starts (ISO instant). */
  initialStart: z.iso.datetime({ offset: true }),
  /** Long ranges are split into chunks no longer than this (Five9 advises splitting). */
  chunkHours: z
    .number()
    .positive()
    .max(24 * 7)
    .default(6),
  /** Rows younger than this are left for the next run: Five9 finishes call records late. */
  settleMinutes: z.number().nonnegative().default(15),
  /** A checkpoint later than now (clock skew, corruption) restarts this far back. */
  futureCheckpointLookbackHours: z.number().positive().default(24),
  pollTimeoutSeconds: z.number().int().min(5).max(600).default(10),
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

/** The checkpoint: the inclusive start of the next report window. */
export const CallLogCheckpoint = z.strictObject({
  version: z.literal(1),
  highWaterMs: z.number().int().nonnegative(),
  updatedAt: z.string(),
});
export type CallLogCheckpoint = z.infer<typeof CallLogCheckpoint>;
