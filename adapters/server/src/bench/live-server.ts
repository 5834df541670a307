// One server instance for `npm run bench:live`, run as its own process so the bench can measure
// its CPU and memory and kill it. Arguments: one JSON object (store URL, fan-out URL, API key hash).
import { LocalKeyProvider, openStore } from '@teachback/adapter-store';
import { createLogger } from '@teachback/adapter-logger';
import { LiveHub } from '../live/hub';
import { EncryptedFanout, fanoutFrom, parseFanoutKey, type LiveFanout } from '../live/fanout';
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

/**
 * The fan-out as `teachback serve` builds it: across processes, EncryptedFanout under the keys in
 * TEACHBACK_LIVE_FANOUT_KEYS (comma-separated) when set; in the clear when empty (--encrypt off).
 */
function benchFanout(url: string, channel: string | undefined): LiveFanout {
  const inner = fanoutFrom(url, channel);
  const keys = (process.env.TEACHBACK_LIVE_FANOUT_KEYS ?? '').split(',').filter((k) => k.trim() !== '');
  if (inner.kind === 'memory' || keys.length === 0) return inner;
  return new EncryptedFanout(inner, keys.map(parseFanoutKey), (code) =>
    process.stderr.write(`bench server fan-out: ${code}\n`),
  );
}

async function main(): Promise<void> {
  const a = JSON.parse(process.argv[2] ?? '{}') as Args;
  const store = await openStore({ url: a.store, keys: new LocalKeyProvider(Buffer.alloc(32, 9)) });
  // Server-side receive→deliver: utterance frame read off the socket → prompt written to a screen.
  const delivered: number[] = [];
  const fanout = benchFanout(a.fanout, a.channel);
  const hub = new LiveHub({
    onDelivered: (ms) => delivered.push(ms),
    live: store.live,
    sessions: catalogSessions(store.playbooks),
    fanout,
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
  process.stdout.write(
    `FANOUT ${fanout.kind} ${fanout instanceof EncryptedFanout ? 'encrypted' : 'clear'}\nREADY ${server.url}\n`,
  );
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
