import { TeachbackError, type ConnectReport, type Platform } from '@teachback/core';
import type { SqlStore } from '@teachback/adapter-store';
import { connectFive9 } from './five9';
import { connectGenesys } from './genesys';
import { connectSalesforce } from './salesforce';

export type ConnectPlatform = Exclude<Platform, 'teachback'>;
export const CONNECT_PLATFORMS: readonly ConnectPlatform[] = ['genesys', 'five9', 'salesforce'];

export { connectFive9, connectGenesys, connectSalesforce };

/**
 * Connects a tenant to a platform: validates and stores the connection and runs the platform's
 * provisioning and checks (`teachback connect` and `POST /v1/connections/{platform}` both land here).
 * The report never carries secrets.
 */
export async function connectPlatform(
  store: SqlStore,
  tenantId: string,
  platform: ConnectPlatform,
  connection: { settings: unknown; credentials: unknown },
): Promise<ConnectReport> {
  const connect = { genesys: connectGenesys, five9: connectFive9, salesforce: connectSalesforce }[platform];
  try {
    return await connect(store, tenantId, connection);
  } catch (err) {
    // Each schema says what is wrong in its own code; callers need one: the input was bad (CLI
    // exit 2, HTTP 400), not the platform or us.
    if (isInvalidConnection(err)) throw new TeachbackError('CONNECT.INVALID', (err as Error).message);
    throw err;
  }
}

/** The validation errors of the connection schemas (jobs, the Salesforce connector and adapter). */
function isInvalidConnection(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    err instanceof Error &&
    typeof code === 'string' &&
    (code === 'JOBS.CONNECTION_INVALID' || code === 'CONFIG.INVALID' || code.endsWith('.CONFIG_INVALID'))
  );
}
