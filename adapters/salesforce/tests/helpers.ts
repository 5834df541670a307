import {
  createSalesforceSession,
  SalesforceClient,
  type SalesforceClientOptions,
} from '@teachback/connector-salesforce';
import type { SalesforceSimulator } from '@teachback/simulator-salesforce';
import { MemoryCheckpoints, MemoryInteractions, MemoryPushReceipts, MemoryQuarantine } from '@teachback/core';
import { MemoryDirectory, parseAdapterConfig, type SalesforceAdapterConfigInput } from '../src';

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
