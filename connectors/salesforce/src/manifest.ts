import type { RetryPolicy } from '@teachback/connector-kit';

/**
 * What we rely on from Salesforce, in one place. Limits come from the REST API docs:
 * sObject collections take at most 200 records, `/composite` at most 25 subrequests (and counts as
 * one API call), and the daily allowance is org-wide, shared with every other integration.
 */
export const SALESFORCE_MANIFEST = {
  /** Passing the version to Connection.create skips the `/services/data` version probe. */
  apiVersion: '60.0',
  loginUrls: {
    production: 'https://login.salesforce.com',
    sandbox: 'https://test.salesforce.com',
  },
  collectionMaxRecords: 200,
  compositeMaxSubrequests: 25,
  /** REST query page size we ask for; Salesforce may return fewer (2,000 is its usual maximum). */
  queryBatchSize: 2000,
  /** Above this many records a backfill goes through Bulk API 2.0 instead of REST paging. */
  bulkThreshold: 10_000,
  scopes: 'api refresh_token',
} as const;

/**
 * Salesforce-specific reasons for the kit's one retry table. UNABLE_TO_LOCK_ROW is another
 * transaction holding the row: retrying later works. INVALID_SESSION_ID means our token expired:
 * log in again. REQUEST_LIMIT_EXCEEDED is deliberately absent: when it is the daily allowance,
 * retrying only burns more of it; the concurrent-request flavour gets its own transient reason.
 */
export const SALESFORCE_RETRY_POLICY: Pick<RetryPolicy, 'transientReasons' | 'reauthReasons'> = {
  transientReasons: ['UNABLE_TO_LOCK_ROW', 'SERVER_UNAVAILABLE', 'CONCURRENT_REQUEST_LIMIT'],
  reauthReasons: ['INVALID_SESSION_ID'],
};
