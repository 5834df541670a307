import type { ConnectReport } from '@teachback/core';
import type { SqlStore } from '@teachback/adapter-store';
import { saveGenesysConnection } from '../connections';

/**
 * Placeholder until the Genesys adapter's own connect lands (it provisions, checks permissions and
 * discovers capabilities): validates the connection with the stored schemas (errors name the field)
 * and stores it, credentials encrypted. It says plainly in `skipped` that nothing was checked.
 */
export async function connectGenesys(
  store: SqlStore,
  tenantId: string,
  connection: { settings: unknown; credentials: unknown },
): Promise<ConnectReport> {
  await saveGenesysConnection(store, tenantId, connection);
  return {
    platform: 'genesys',
    ok: true,
    provisioned: ['connection stored (settings validated, credentials encrypted)'],
    missing: [],
    skipped: [{ what: 'provisioning and capability checks', why: 'not run by this version of connect' }],
  };
}
