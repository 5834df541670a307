import { userInfo } from 'node:os';
import { TeachbackError, type AccessContext, type Role } from '@teachback/core';
import { openConfiguredStore, type SqlStore, type StoreSettingsInput } from '@teachback/adapter-store';

/**
 * The CLI runs on the host, as the operator. It acts as a `system` actor of the tenant it is
 * pointed at, with only the roles the command needs, and every action lands in the audit trail
 * under `system:cli:<os user>`.
 */
export function operator(tenantId: string, roles: Role[]): AccessContext {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // Containers without a passwd entry: keep "unknown".
  }
  return {
    actor: { kind: 'system', id: `cli:${who}`, tenantId, roles, teamIds: [], agentIds: [], active: true },
    source: 'cli',
  };
}

/** Opens the store the settings name (TEACHBACK_DATABASE_URL, master key), runs `fn`, always closes. */
export async function withStore<T>(
  settings: StoreSettingsInput,
  fn: (store: SqlStore) => Promise<T>,
): Promise<T> {
  const store = await openConfiguredStore(settings);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

export class CliUsageError extends Error {}

/** Prints `teachback <command>: CODE: message` and returns the exit code (2 usage, 1 otherwise). */
export function report(command: string, err: unknown): number {
  if (err instanceof CliUsageError) {
    process.stderr.write(`teachback ${command}: ${err.message}\n`);
    return 2;
  }
  if (err instanceof TeachbackError) {
    process.stderr.write(`teachback ${command}: ${err.code}: ${err.message}\n`);
    return err.code.startsWith('CONFIG.') || err.code.endsWith('.INVALID') ? 2 : 1;
  }
  process.stderr.write(`teachback ${command}: ${err instanceof Error ? err.message : String(err)}\n`);
  return 1;
}

/** Runs a command body and sets the exit code from its outcome. */
export async function run(command: string, body: () => Promise<unknown>): Promise<void> {
  try {
    const code = await body();
    process.exitCode = typeof code === 'number' ? code : 0;
  } catch (err) {
    process.exitCode = report(command, err);
  }
}

export function requireTenant(tenant: string | undefined): string {
  if (!tenant) throw new CliUsageError('--tenant is required');
  return tenant;
}
