import type { ConnectReport } from '@teachback/core';
import type { SqlStore } from '@teachback/adapter-store';
import { saveSalesforceConnection } from '../connections';

/**
 * Placeholder until the Salesforce adapter's own connect lands (it provisions, checks permissions and
 * discovers capabilities): validates the connection with the stored schemas (errors name the field)
 * and stores it, credentials encrypted. It says plainly in `skipped` that nothing was checked.
 */
export async function connectSalesforce(
  store: SqlStore,
  tenantId: string,
  connection: { settings: unknown; credentials: unknown },
): Promise<ConnectReport> {
  await saveSalesforceConnection(store, tenantId, connection);
  return {
    platform: 'salesforce',
    ok: true,
    provisioned: ['connection stored (settings validated, credentials encrypted)'],
    missing: [],
    skipped: [{ what: 'provisioning and capability checks', why: 'not run by this version of connect' }],
  };
}
