// One server instance for `npm run bench:live`, run as its own process so the bench can measure
// its CPU and memory and kill it. Arguments: one JSON object (store URL, fan-out URL, API key hash).
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { createLogger } from '@teachback/adapter-logger';
import { LiveHub } from '../live/hub';
import { fanoutFrom } from '../live/fanout';
import { catalogSessions } from '../live/session';
import { startServer } from '../listen';

interface Args {
  store: string;
  fanout: string;
  channel?: string;
  keyHash: string;
  secret: string;
  issuer: string;
  audience: string;
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2] ?? '{}') as Args;
  const store = await openStore({ url: a.store, keys: new LocalKeyProvider(Buffer.alloc(32, 9)) });
  // Server-side receive→deliver: utterance frame read off the socket → prompt written to a screen.
  const delivered: number[] = [];
  const hub = new LiveHub({
    onDelivered: (ms) => delivered.push(ms),
    live: store.live,
    sessions: catalogSessions(store.playbooks),
    fanout: fanoutFrom(a.fanout, a.channel),
  });
  await hub.whenReady();
  // Compile the tenant's playbook before the first call, as a long-running server already has.
  await store.playbooks.resolve('bench', { date: new Date().toISOString().slice(0, 10) });
  const server = await startServer({
    store,
    auth: {
      oidc: { issuer: a.issuer, audience: a.audience, hs256Secret: a.secret },
      apiKeys: [{ id: 'bench', tenantId: 'bench', sha256: a.keyHash }],
    },
    playbooks: store.playbooks,
    live: hub,
    rateLimitPerMinute: 1_000_000,
    // Errors only: an access-log line per request would measure the logger, not the live path.
    logger: createLogger({ level: 'error' }),
  });
  process.stdout.write(`READY ${server.url}\n`);
  process.on('SIGTERM', () => {
    process.stdout.write(`DELIVERED ${JSON.stringify(delivered)}\n`, () => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `bench server failed: ${(err as Error).name} ${(err as { code?: string }).code ?? ''}\n`,
  );
  process.exit(1);
});
