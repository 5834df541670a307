import { z } from 'zod';
import type { Setting } from './setting';

/**
 * A platform connection given through the environment (`teachback connect <platform>`): plain
 * text here; the connection's own schema (adapters/jobs) validates it with the flags and the
 * connection file on top, so a secret never has to be typed on a command line.
 */
const Text = z.string().min(1).optional();

export const ConnectSettings = z.strictObject({
  genesys: z
    .strictObject({
      orgId: Text,
      region: Text,
      gateway: Text,
      evaluatorUserId: Text,
      defaultSupervisor: Text,
      playbook: Text,
      clientId: Text,
      clientSecret: Text,
    })
    .default({}),
  five9: z
    .strictObject({
      dataCentre: Text,
      gateway: Text,
      initialStart: Text,
      playbook: Text,
      username: Text,
      password: Text,
    })
    .default({}),
  salesforce: z
    .strictObject({
      playbook: Text,
      flow: Text,
      loginUrl: Text,
      instanceUrl: Text,
      clientId: Text,
      username: Text,
      clientSecret: Text,
      refreshToken: Text,
      accessToken: Text,
      privateKeyPem: Text,
    })
    .default({}),
});
export type ConnectSettings = z.output<typeof ConnectSettings>;

const c = (path: string, env: string, about: string, secret = false): Setting => ({
  path,
  env,
  about,
  commands: 'connect',
  ...(secret ? { secret } : {}),
});

export const CONNECT_SETTINGS: Setting[] = [
  c('genesys.orgId', 'TEACHBACK_GENESYS_ORG_ID', 'Genesys Cloud organization id'),
  c('genesys.region', 'TEACHBACK_GENESYS_REGION', 'Genesys region, e.g. us_east_1 or mypurecloud.com'),
  c(
    'genesys.gateway',
    'TEACHBACK_GENESYS_GATEWAY',
    'a local simulator or proxy instead of Genesys (tests, demo)',
  ),
  c('genesys.evaluatorUserId', 'TEACHBACK_GENESYS_EVALUATOR_USER_ID', 'user the evaluations are written as'),
  c(
    'genesys.defaultSupervisor',
    'TEACHBACK_GENESYS_DEFAULT_SUPERVISOR',
    'coaching facilitator when an agent has no supervisor',
  ),
  c(
    'genesys.playbook',
    'TEACHBACK_GENESYS_PLAYBOOK',
    'playbook the synced Genesys interactions are scored with',
  ),
  c('genesys.clientId', 'TEACHBACK_GENESYS_CLIENT_ID', 'OAuth client id'),
  c('genesys.clientSecret', 'TEACHBACK_GENESYS_CLIENT_SECRET', 'OAuth client secret', true),
  c('five9.dataCentre', 'TEACHBACK_FIVE9_DATA_CENTRE', 'Five9 data centre: US, UK, CA or EU'),
  c('five9.gateway', 'TEACHBACK_FIVE9_GATEWAY', 'a local simulator or proxy instead of Five9 (tests, demo)'),
  c('five9.initialStart', 'TEACHBACK_FIVE9_INITIAL_START', 'where the first sync starts (ISO instant)'),
  c('five9.playbook', 'TEACHBACK_FIVE9_PLAYBOOK', 'playbook the synced Five9 interactions are scored with'),
  c('five9.username', 'TEACHBACK_FIVE9_USERNAME', 'Five9 API user'),
  c('five9.password', 'TEACHBACK_FIVE9_PASSWORD', "the API user's password", true),
  c(
    'salesforce.playbook',
    'TEACHBACK_SALESFORCE_PLAYBOOK',
    'playbook the synced Salesforce activities are scored with',
  ),
  c('salesforce.flow', 'TEACHBACK_SALESFORCE_FLOW', 'login flow: jwt, refresh-token or access-token'),
  c('salesforce.loginUrl', 'TEACHBACK_SALESFORCE_LOGIN_URL', 'login URL (default production)'),
  c('salesforce.instanceUrl', 'TEACHBACK_SALESFORCE_INSTANCE_URL', "the org's My Domain URL"),
  c('salesforce.clientId', 'TEACHBACK_SALESFORCE_CLIENT_ID', "connected app's client id"),
  c('salesforce.username', 'TEACHBACK_SALESFORCE_USERNAME', 'integration user (jwt flow)'),
  c('salesforce.clientSecret', 'TEACHBACK_SALESFORCE_CLIENT_SECRET', "connected app's secret", true),
  c(
    'salesforce.refreshToken',
    'TEACHBACK_SALESFORCE_REFRESH_TOKEN',
    'refresh token (refresh-token flow)',
    true,
  ),
  c(
    'salesforce.accessToken',
    'TEACHBACK_SALESFORCE_ACCESS_TOKEN',
    'access token (access-token flow; tests)',
    true,
  ),
  c('salesforce.privateKeyPem', 'TEACHBACK_SALESFORCE_PRIVATE_KEY', 'PEM private key (jwt flow)', true),
];
