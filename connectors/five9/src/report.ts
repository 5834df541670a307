import { ConnectorError } from '@teachback/connector-kit';
import type { Five9AdminClient } from './client';
import type { ReportObjectList } from './envelopes';
import { toPacificDateTime } from './pacific-time';

export interface ReportRun {
  folderName: string;
  reportName: string;
  /** UTC epoch ms, inclusive start. */
  startMs: number;
  /** UTC epoch ms, exclusive end. */
  endMs: number;
  reportObjects?: ReportObjectList[];
  /** isReportRunning long-poll timeout; Five9 advises at least 5 s. */
  pollTimeoutSeconds?: number;
  /** Gives up after this many polls (a report that never finishes is an incident, not a wait). */
  maxPolls?: number;
}

/**
 * runReport → isReportRunning (long-poll) → getReportResultCsv, the flow Five9 documents.
 * A ResultIsNotReady answer after the poll said "done" sends us back to polling; that is the
 * protocol, not a retry (retries of each call happen inside the client).
 */
export async function runReportToCsv(client: Five9AdminClient, run: ReportRun): Promise<string> {
  const identifier = await client.runReport({
    folderName: run.folderName,
    reportName: run.reportName,
    start: toPacificDateTime(run.startMs),
    // Five9 treats the end as inclusive; stop one millisecond short of the next chunk.
    end: toPacificDateTime(run.endMs - 1),
    ...(run.reportObjects ? { reportObjects: run.reportObjects } : {}),
  });
  const timeout = Math.max(5, run.pollTimeoutSeconds ?? 10);
  const maxPolls = run.maxPolls ?? 120;
  for (let poll = 0; poll < maxPolls;) {
    while (poll < maxPolls && (await client.isReportRunning(identifier, timeout))) poll++;
    try {
      return await client.getReportResultCsv(identifier);
    } catch (err) {
      if (!(err instanceof ConnectorError && err.code === 'FIVE9.RESULT_NOT_READY')) throw err;
      poll++;
    }
  }
  throw new ConnectorError(
    'FIVE9.REPORT_TIMEOUT',
    `Five9 report ${run.folderName}/${run.reportName} was still running after ${maxPolls} polls`,
    { details: { reason: 'FIVE9.REPORT_TIMEOUT', folderName: run.folderName, reportName: run.reportName } },
  );
}
