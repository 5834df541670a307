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
  // The SDK's own refresh only covers code-grant tokens; 401s are ours to handle.
  client.config.refresh_access_token = false;
  return client;
}

/** What the SDK resolves with once `setReturnExtendedResponses(true)` is on. */
export interface ExtendedResponse<T> {
  status: number;
  headers: Record<string, string | undefined>;
  body: T;
}

export { platformClient };
