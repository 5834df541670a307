import { installTeachbackPanel, type CrmSdk, type PanelConfig } from './panel';

/**
 * Browser entry of the bundle (dist/crm-sdk/teachback-five9.js). The page that hosts it must load
 * Five9's five9.crm.sdk.js first and set `window.TeachbackFive9Config`.
 */
interface HostWindow {
  Five9?: { CrmSdk?: CrmSdk };
  TeachbackFive9Config?: PanelConfig;
  fetch: (
    url: string,
    init: { headers: Record<string, string> },
  ) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;
  setInterval: (fn: () => void, ms: number) => unknown;
  clearInterval: (handle: unknown) => void;
  console: { warn(message: string): void };
}

const host = globalThis as unknown as HostWindow;

function boot(attempt: number): void {
  const sdk = host.Five9?.CrmSdk;
  const config = host.TeachbackFive9Config;
  if (!sdk || !config) {
    // The CRM SDK script may still be loading.
    if (attempt < 50) setTimeout(() => boot(attempt + 1), 200);
    else host.console.warn('teachback: window.Five9.CrmSdk or TeachbackFive9Config is missing');
    return;
  }
  try {
    installTeachbackPanel(sdk, config, {
      fetch: (url, init) => host.fetch.call(globalThis, url, init),
      setInterval: (fn, ms) => host.setInterval.call(globalThis, fn, ms),
      clearInterval: (h) => host.clearInterval.call(globalThis, h),
      log: (m) => host.console.warn(m),
    });
  } catch (err) {
    // A bad config must not break the agent desktop; say why in the console.
    host.console.warn(`teachback: panel not installed: ${(err as Error).message}`);
  }
}

boot(0);
