import type { AddressInfo } from 'node:net';
import { createServerApp, type ServerOptions } from './app';
import { createAuthenticator } from './auth';
import { attachLiveStream } from './live/stream';
import { InProcessFanout } from './live/fanout';
import { LiveHub } from './live/hub';
import { catalogSessions } from './live/session';

/** Something that feeds the server's live hub (Genesys Cloud subscriptions); closed before the hub. */
export interface LiveFeed {
  close(): Promise<void>;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on `port` (0 picks a free one) at `host` (default 127.0.0.1). */
export async function startServer(
  options: ServerOptions & {
    /**
     * Started once the hub exists and the server listens (e.g. `teachback serve`'s Genesys Cloud
     * live subscriptions); closed first on `close()`. Not called when live guidance is off.
     */
    liveFeeds?: (hub: LiveHub) => LiveFeed;
  },
  listen: { port?: number; host?: string } = {},
): Promise<RunningServer> {
  const ownHub =
    options.live === undefined
      ? new LiveHub({
          live: options.store.live,
          sessions: catalogSessions(options.playbooks),
          fanout: options.liveFanout ?? new InProcessFanout(),
          // Codes only: fan-out messages that do not open, background writes that failed.
          ...(options.logger
            ? { onError: (code: string) => options.logger!.warn('live hub', { code }) }
            : {}),
        })
      : undefined;
  const live = options.live === false ? undefined : (options.live ?? ownHub);
  const app = createServerApp({ ...options, live: live ?? false });
  const host = listen.host ?? '127.0.0.1';
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(listen.port ?? 0, host, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  // The stream endpoint is attached for the default hub too, not only for one passed in.
  const wss = live
    ? attachLiveStream(
        server,
        live,
        createAuthenticator(options.store.tenants, options.auth),
        options.liveStream,
      )
    : undefined;
  const feed = live && options.liveFeeds ? options.liveFeeds(live) : undefined;
  const { port } = server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shown}:${port}`,
    port,
    close: async () => {
      await feed?.close().catch(() => undefined);
      return new Promise<void>((resolve, reject) => {
        for (const ws of wss?.clients ?? []) ws.terminate();
        wss?.close();
        if (ownHub) void ownHub.close();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      });
    },
  };
}
