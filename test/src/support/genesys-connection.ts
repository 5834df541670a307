import * as fs from 'node:fs';
import { GenesysClient } from '@teachback/connector-genesys';
import {
  MemoryInstallations,
  MemoryVault,
  provisionGenesysOrg,
  type GenesysInstallation,
} from '@teachback/adapter-genesys';
import { loadCompiledPlaybook } from '@teachback/config';
import { SUPERVISORS } from '@teachback/simulator-genesys';

/**
 * Installs Teachback in the Genesys simulator at `simulatorUrl` for `tenantId` (the built-in
 * healthcare playbook, the simulator's fixed org and OAuth client) and returns the installation.
 */
export async function provisionInSimulator(
  simulatorUrl: string,
  tenantId: string,
): Promise<GenesysInstallation> {
  const installations = new MemoryInstallations();
  const res = await provisionGenesysOrg(
    {
      vault: new MemoryVault(),
      installations,
      playbook: loadCompiledPlaybook('healthcare-inbound').playbook,
      premiumAppIntegrationTypeId: 'teachback-premium-app',
      clientFor: (o) => new GenesysClient({ ...o, gateway: simulatorUrl }),
    },
    {
      tenantId,
      orgId: 'sim-org',
      region: 'mypurecloud.com',
      oauthClientId: 'sim-client',
      oauthClientSecret: 'sim-secret',
    },
  );
  if (!res.ok) throw new Error(`provisioning the Genesys simulator failed: ${res.error.code}`);
  return res.installation;
}

/**
 * Installs Teachback in the Genesys simulator for tenant `acme` and writes the connection file
 * `teachback sync --connection-file` takes (settings with the installation, credentials).
 */
export async function writeGenesysConnection(file: string, simulatorUrl: string): Promise<void> {
  const installation = await provisionInSimulator(simulatorUrl, 'acme');
  fs.writeFileSync(
    file,
    JSON.stringify({
      settings: {
        orgId: 'sim-org',
        region: 'us_east_1',
        gateway: simulatorUrl,
        evaluatorUserId: 'teachback-evaluator',
        defaultSupervisor: SUPERVISORS[0],
        requestsPerMinute: 6_000,
        jobPollIntervalMs: 20,
        installation,
      },
      credentials: { clientId: 'sim-client', clientSecret: 'sim-secret' },
    }),
  );
}
