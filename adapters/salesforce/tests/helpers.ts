import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import {
  createSalesforceSession,
  SalesforceClient,
  usePrivateSalesforceHome,
  type SalesforceClientOptions,
} from '@teachback/connector-salesforce';
import type { SalesforceSimulator } from '@teachback/simulator-salesforce';
import { MemoryCheckpoints, MemoryInteractions, MemoryPushReceipts, MemoryQuarantine } from '@teachback/core';
import { MemoryDirectory, parseAdapterConfig, type SalesforceAdapterConfigInput } from '../src';

/**
 * A private HOME for @salesforce/core. Jest hands each test file a copy of process.env, so the
 * native os.homedir() is pointed there too; the auth file is created up front because the
 * library's "file missing" check fails across jest's realms (costing a 10 s lock wait).
 */
export function privateHome(): string {
  const home = usePrivateSalesforceHome();
  jest.spyOn(os, 'homedir').mockReturnValue(home);
  writeFileSync(join(home, '.sfdx', 'integration@teachback-sim.example.org.json'), '{}', { mode: 0o600 });
  return home;
}

export async function clientFor(sim: SalesforceSimulator, extra: Partial<SalesforceClientOptions> = {}) {
  const session = createSalesforceSession(
    { flow: 'access-token', accessToken: sim.issueAccessToken(), instanceUrl: sim.url },
    { allowHttp: true },
  );
  await session.connection();
  return new SalesforceClient({ session, sleep: async () => undefined, bulkPollIntervalMs: 10, ...extra });
}

export async function depsFor(
  sim: SalesforceSimulator,
  config: Partial<SalesforceAdapterConfigInput> = {},
  extra: Partial<SalesforceClientOptions> = {},
) {
  return {
    client: await clientFor(sim, extra),
    checkpoints: new MemoryCheckpoints(),
    interactions: new MemoryInteractions(),
    directory: new MemoryDirectory(),
    quarantine: new MemoryQuarantine(),
    outbox: new MemoryPushReceipts(),
    config: parseAdapterConfig({ tenantId: 't1', ...config }),
  };
}
