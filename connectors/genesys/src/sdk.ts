import * as platformClient from 'purecloud-platform-client-v2';

/**
 * The SDK instance type. The SDK's typings export a singleton `ApiClient` but not the class, so
 * a second org would share the first org's token. `ApiClientClass` exists at runtime (v262
 * index.js); this narrow declaration is the only cast in the connector.
 */
export type SdkApiClient = typeof platformClient.ApiClient;

interface SdkWithClientClass {
  ApiClientClass: new () => SdkApiClient;
}

// Importing the SDK builds a default singleton ApiClient that watches the home-directory config
// file; nothing here uses the singleton, so stop its watcher too.
platformClient.ApiClient.config.live_reload_config = false;

/**
 * The SDK logs request and response bodies (PHI) when its config file asks for it, and formats
 * every request for logging even when it logs nothing. Teachback logs through its own redacting
 * logger, so the SDK's is switched off and its `log` made a no-op.
 */
function silenceSdkLogger(client: SdkApiClient): void {
  const logger = client.config.logger;
  logger.log_level = 'none';
  logger.log_to_console = false;
  logger.log_request_body = false;
  logger.log_response_body = false;
  logger.log_file_path = '';
  logger.setLogger();
  (logger as unknown as { log: () => void }).log = () => undefined;
}

export function newSdkApiClient(): SdkApiClient {
  const ctor = (platformClient as unknown as SdkWithClientClass).ApiClientClass;
  if (typeof ctor !== 'function') {
    throw new Error('purecloud-platform-client-v2 no longer exports ApiClientClass; pin the SDK version');
  }
  const client = new ctor();
  // Each ApiClient watches ~/.genesyscloudjavascript/config and reloads host/gateway from it at
  // runtime. A server must not take its target host from a file in the home directory, and one
  // watcher per org leaks: turn it off before anything else is set.
  client.config.live_reload_config = false;
  client.config.setConfigPath('');
  // The constructor has already read that file once: drop any gateway it named, so the only
  // gateway is the one GenesysClient sets from its own options.
  client.config.gateway = undefined;
  // The SDK's own refresh only covers code-grant tokens; 401s are ours to handle.
  client.config.refresh_access_token = false;
  silenceSdkLogger(client);
  return client;
}

/** What the SDK resolves with once `setReturnExtendedResponses(true)` is on. */
export interface ExtendedResponse<T> {
  status: number;
  headers: Record<string, string | undefined>;
  body: T;
}

export { platformClient };
