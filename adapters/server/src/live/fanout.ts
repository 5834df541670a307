import { Client, Pool } from 'pg';
import { Redis } from 'ioredis';

/**
 * How a prompt produced on the instance that took the stream reaches a browser connected to
 * another instance. One port, three implementations: in-process (SQLite, one instance),
 * PostgreSQL LISTEN/NOTIFY and Redis pub/sub. Messages are JSON text; every instance gets every
 * message and delivers to its own subscribers, so the publisher needs no routing table.
 */
export interface LiveFanout {
  readonly kind: 'memory' | 'postgres' | 'redis';
  publish(message: string): Promise<void>;
  /** Starts delivery to `onMessage`; resolves once subscribed (so nothing published after is missed). */
  subscribe(onMessage: (message: string) => void): Promise<void>;
  close(): Promise<void>;
}

export class InProcessFanout implements LiveFanout {
  readonly kind = 'memory' as const;
  private readonly listeners: ((m: string) => void)[] = [];
  publish(message: string): Promise<void> {
    for (const l of this.listeners) l(message);
    return Promise.resolve();
  }
  subscribe(onMessage: (message: string) => void): Promise<void> {
    this.listeners.push(onMessage);
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.listeners.length = 0;
    return Promise.resolve();
  }
}

/** A channel name PostgreSQL accepts unquoted; tests pick their own so parallel runs never meet. */
const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

// NOTIFY payloads are limited to 8000 bytes; the hub keeps its messages far below that.
export const PG_NOTIFY_LIMIT = 7900;

/**
 * LISTEN on one dedicated connection, NOTIFY through a small pool. A lost LISTEN connection is
 * reopened; messages sent while it was down are lost to this instance, which is why browsers
 * reconnecting get a snapshot from the store.
 */
export class PostgresFanout implements LiveFanout {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private listener: Client | undefined;
  private closed = false;
  private onMessage: ((m: string) => void) | undefined;

  constructor(
    private readonly connectionString: string,
    private readonly channel = 'teachback_live',
  ) {
    if (!CHANNEL.test(channel)) throw new Error('live fanout: channel must be a lower-case identifier');
    this.pool = new Pool({ connectionString, max: 4 });
    this.pool.on('error', () => undefined);
  }

  async publish(message: string): Promise<void> {
    if (Buffer.byteLength(message) > PG_NOTIFY_LIMIT)
      throw new Error('live fanout: message larger than a NOTIFY payload');
    await this.pool.query('SELECT pg_notify($1, $2)', [this.channel, message]);
  }

  async subscribe(onMessage: (message: string) => void): Promise<void> {
    this.onMessage = onMessage;
    await this.listen();
  }

  private async listen(): Promise<void> {
    const c = new Client({ connectionString: this.connectionString });
    c.on('notification', (n) => {
      if (n.channel === this.channel && n.payload !== undefined) this.onMessage?.(n.payload);
    });
    c.on('error', () => {
      c.end().catch(() => undefined);
      if (!this.closed) setTimeout(() => void this.listen().catch(() => undefined), 500);
    });
    await c.connect();
    await c.query(`LISTEN ${this.channel}`);
    this.listener = c;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}

/** Redis pub/sub: one connection publishes, a duplicate subscribes (a subscribed connection can do nothing else). */
export class RedisFanout implements LiveFanout {
  readonly kind = 'redis' as const;
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    url: string,
    private readonly channel = 'teachback:live',
  ) {
    this.pub = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.sub = this.pub.duplicate();
    // ioredis reconnects by itself; an unhandled 'error' event would end the process.
    this.pub.on('error', () => undefined);
    this.sub.on('error', () => undefined);
  }

  async publish(message: string): Promise<void> {
    await this.pub.publish(this.channel, message);
  }

  async subscribe(onMessage: (message: string) => void): Promise<void> {
    this.sub.on('message', (ch: string, m: string) => {
      if (ch === this.channel) onMessage(m);
    });
    await this.sub.subscribe(this.channel);
  }

  async close(): Promise<void> {
    this.sub.disconnect();
    this.pub.disconnect();
    return Promise.resolve();
  }
}

/** `memory`, `postgres://...` or `redis://...`, as `TEACHBACK_LIVE_FANOUT` would give it. */
export function fanoutFrom(url: string | undefined, channel?: string): LiveFanout {
  if (!url || url === 'memory') return new InProcessFanout();
  if (/^postgres(ql)?:\/\//.test(url)) return new PostgresFanout(url, channel);
  if (/^rediss?:\/\//.test(url)) return new RedisFanout(url, channel);
  throw new Error('live fanout: expected memory, postgres://... or redis://...');
}
