import type { Models } from 'purecloud-platform-client-v2';
import { ConnectorError } from '@teachback/connector-kit';
import type { GenesysClient } from './client';
import { GenesysErrorCode } from './errors';
import { GENESYS_LIMITS } from './regions';

export interface Interval {
  start: Date;
  end: Date;
}

export const formatInterval = (i: Interval): string => `${i.start.toISOString()}/${i.end.toISOString()}`;

export function parseInterval(value: string): Interval {
  const [a, b] = value.split('/');
  const start = new Date(a ?? '');
  const end = new Date(b ?? '');
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start) {
    throw new ConnectorError(
      GenesysErrorCode.BAD_REQUEST,
      'interval: expected ISO start/end with end after start',
    );
  }
  return { start, end };
}

export interface DetailsPage {
  interval: Interval;
  pageNumber: number;
  totalHits: number;
  conversations: Models.AnalyticsConversationWithoutAttributes[];
}

export interface DetailsQueryOptions {
  /** Filters etc.; interval and paging are set per page. */
  query?: Omit<Models.ConversationQuery, 'interval' | 'paging'>;
  pageSize?: number;
  /** Results a single interval may page through. Genesys answers 400 past 100,000. */
  resultCap?: number;
  /** Smallest window we will split down to before giving up. */
  minWindowMs?: number;
}

/**
 * Pages the synchronous details query over an interval, pages of 100. When the first page shows
 * the interval holds more than the paging cap, the interval is halved and each half paged on its
 * own. A conversation active in both halves comes back in both: callers de-duplicate by id.
 */
export async function* detailsQueryPages(
  client: GenesysClient,
  interval: Interval,
  options: DetailsQueryOptions = {},
): AsyncGenerator<DetailsPage> {
  const pageSize = Math.min(
    options.pageSize ?? GENESYS_LIMITS.detailsPageSizeMax,
    GENESYS_LIMITS.detailsPageSizeMax,
  );
  const cap = options.resultCap ?? GENESYS_LIMITS.detailsResultCap;
  const minWindowMs = options.minWindowMs ?? 1000;
  const pending: Interval[] = [interval];
  while (pending.length > 0) {
    const window = pending.shift()!;
    const split = (): boolean => {
      const span = window.end.getTime() - window.start.getTime();
      if (span <= minWindowMs) return false;
      const mid = new Date(window.start.getTime() + Math.floor(span / 2));
      pending.unshift({ start: window.start, end: mid }, { start: mid, end: window.end });
      return true;
    };
    for (let pageNumber = 1; ; pageNumber++) {
      if (pageNumber * pageSize > cap) {
        throw new ConnectorError(
          GenesysErrorCode.PAGING_CAP,
          'details query: interval grew past the paging cap',
          {
            details: { interval: formatInterval(window) },
          },
        );
      }
      let res: Models.AnalyticsConversationQueryResponse;
      try {
        res = await client.detailsQuery({
          order: 'asc',
          orderBy: 'conversationStart',
          ...options.query,
          interval: formatInterval(window),
          paging: { pageSize, pageNumber },
        });
      } catch (err) {
        // Hits can grow between pages; the 400 then tells us to split what is left.
        if (err instanceof ConnectorError && err.code === GenesysErrorCode.PAGING_CAP && split()) break;
        throw err;
      }
      const totalHits = res.totalHits ?? 0;
      if (pageNumber === 1 && totalHits > cap) {
        if (!split()) {
          throw new ConnectorError(
            GenesysErrorCode.PAGING_CAP,
            'details query: too many results in the smallest window',
            {
              details: { interval: formatInterval(window), totalHits },
            },
          );
        }
        break;
      }
      const conversations = res.conversations ?? [];
      if (conversations.length > 0) yield { interval: window, pageNumber, totalHits, conversations };
      if (conversations.length < pageSize || pageNumber * pageSize >= totalHits) break;
    }
  }
}

export interface DetailsJobOptions {
  query?: Omit<Models.AsyncConversationQuery, 'interval'>;
  pageSize?: number;
  pollIntervalMs?: number;
  /** Give up after this many polls (the job keeps running on Genesys' side). */
  maxPolls?: number;
  sleep?: (ms: number) => Promise<void>;
  onJob?: (jobId: string) => void;
}

export interface DetailsJobPage {
  jobId: string;
  cursor: string | undefined;
  dataAvailabilityDate: string | undefined;
  conversations: Models.AnalyticsConversation[];
}

const FINAL_FAILURES = new Set(['FAILED', 'CANCELLED', 'EXPIRED']);

/**
 * Backfill through an async details job: submit, poll until FULFILLED, then follow the cursor.
 * Pass `resume` (jobId + cursor from a checkpoint) to continue a job after a restart.
 */
export async function* detailsJobPages(
  client: GenesysClient,
  interval: Interval,
  options: DetailsJobOptions = {},
  resume?: { jobId: string; cursor?: string },
): AsyncGenerator<DetailsJobPage> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const pollMs = options.pollIntervalMs ?? 3000;
  const maxPolls = options.maxPolls ?? 400;
  const jobId =
    resume?.jobId ??
    (await client.createDetailsJob({ ...options.query, interval: formatInterval(interval) }));
  options.onJob?.(jobId);
  for (let poll = 0; ; poll++) {
    const status = await client.getDetailsJob(jobId);
    const state = status.state ?? 'UNKNOWN';
    if (state === 'FULFILLED') break;
    if (FINAL_FAILURES.has(state)) {
      throw new ConnectorError(GenesysErrorCode.JOB_FAILED, `details job ended in state ${state}`, {
        details: { jobId, state },
      });
    }
    if (poll + 1 >= maxPolls) {
      throw new ConnectorError(GenesysErrorCode.JOB_TIMEOUT, 'details job did not finish in time', {
        details: { jobId, polls: poll + 1 },
      });
    }
    await sleep(pollMs);
  }
  let cursor = resume?.cursor;
  for (;;) {
    const res = await client.getDetailsJobResults(jobId, {
      pageSize: options.pageSize ?? GENESYS_LIMITS.asyncResultsPageSize,
      ...(cursor ? { cursor } : {}),
    });
    const next = res.cursor;
    yield {
      jobId,
      cursor: next,
      dataAvailabilityDate: res.dataAvailabilityDate,
      conversations: res.conversations ?? [],
    };
    if (!next || next === cursor) return;
    cursor = next;
  }
}

/**
 * Every queue id of the org (GET /api/v2/routing/queues, page by page, each page through the
 * client's throttle and retry table). Stops at `pageCount`, at a short page, or at `maxPages`
 * (a runaway listing fails with PAGING_CAP rather than looping).
 */
export async function listAllQueueIds(
  client: Pick<GenesysClient, 'listQueues'>,
  options: { pageSize?: number; maxPages?: number } = {},
): Promise<string[]> {
  const pageSize = Math.min(options.pageSize ?? GENESYS_LIMITS.queuesPageSize, GENESYS_LIMITS.queuesPageSize);
  const maxPages = options.maxPages ?? 1000;
  const ids = new Set<string>();
  for (let pageNumber = 1; ; pageNumber++) {
    if (pageNumber > maxPages)
      throw new ConnectorError(GenesysErrorCode.PAGING_CAP, `routing queues: more than ${maxPages} pages`);
    const page = await client.listQueues(pageNumber, pageSize);
    const entities = page.entities ?? [];
    for (const q of entities) if (q.id) ids.add(q.id);
    const pageCount =
      page.pageCount ?? (page.total !== undefined ? Math.ceil(page.total / pageSize) : undefined);
    if (
      entities.length === 0 ||
      (pageCount !== undefined ? pageNumber >= pageCount : entities.length < pageSize)
    )
      break;
  }
  return [...ids];
}
