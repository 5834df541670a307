import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { Redis } from 'ioredis';

/**
 * How a prompt produced on the instance that took the stream reaches a browser connected to
 * another instance. One port, three implementations: in-process (SQLite, one instance),
 * PostgreSQL LISTEN/NOTIFY and Redis pub/sub. Messages are JSON text; every instance gets every
 * message and delivers to its own subscribers, so the publisher needs no routing table. Across
 * processes the messages carry prompt text and the transcript tail: `teachback serve` wraps the
 * PostgreSQL and Redis fan-outs in `EncryptedFanout`.
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

/** One key of the fan-out encryption; `id` names it on the wire (a hash, never the key). */
export interface FanoutKey {
  readonly id: string;
  readonly key: Buffer;
}

const WIRE = 'tbf1';

/** A 32-byte key as `TEACHBACK_LIVE_FANOUT_KEYS` gives it (64 hex digits or base64). */
export function parseFanoutKey(text: string): FanoutKey {
  const t = text.trim();
  const raw = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (raw.length !== 32) throw new Error('live fanout key: must be 64 hex digits or base64 of 32 bytes');
  return fanoutKey(raw);
}

/**
 * The fan-out key derived from the store's master key (HKDF-SHA256 with its own label), so a
 * deployment whose instances share the master key needs no other setting, and the master key
 * itself never encrypts anything here.
 */
export function fanoutKeyFromMaster(masterKey: Uint8Array): FanoutKey {
  return fanoutKey(Buffer.from(hkdfSync('sha256', masterKey, 'teachback', 'live-fanout/v1', 32)));
}

function fanoutKey(key: Buffer): FanoutKey {
  return {
    id: createHash('sha256').update('teachback live fanout key id').update(key).digest('hex').slice(0, 12),
    key,
  };
}

/**
 * AES-256-GCM around another fan-out: each message is `tbf1.<key id>.<iv>.<ciphertext+tag>`
 * (base64url), the version and key id bound in as additional data. Published under the first
 * key; any listed key opens, so a new key is rolled out by listing it second everywhere, then
 * first, then dropping the old one. A message that does not open (unknown key, tampered, not
 * encrypted) is dropped and reported by code; it never reaches a screen.
 */
export class EncryptedFanout implements LiveFanout {
  private readonly byId: Map<string, Buffer>;

  constructor(
    private readonly inner: LiveFanout,
    private readonly keys: readonly FanoutKey[],
    private readonly onError?: (code: string) => void,
  ) {
    if (keys.length === 0) throw new Error('live fanout: at least one key');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get kind(): LiveFanout['kind'] {
    return this.inner.kind;
  }

  publish(message: string): Promise<void> {
    return this.inner.publish(this.seal(message));
  }

  subscribe(onMessage: (message: string) => void): Promise<void> {
    return this.inner.subscribe((raw) => {
      const plain = this.open(raw);
      if (plain !== undefined) onMessage(plain);
    });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  seal(message: string): string {
    const { id, key } = this.keys[0]!;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(`${WIRE}.${id}`));
    const body = Buffer.concat([c.update(message, 'utf8'), c.final(), c.getAuthTag()]);
    return `${WIRE}.${id}.${iv.toString('base64url')}.${body.toString('base64url')}`;
  }

  open(raw: string): string | undefined {
    const parts = raw.split('.');
    if (parts.length !== 4 || parts[0] !== WIRE) {
      this.onError?.('LIVE.FANOUT_NOT_ENCRYPTED');
      return undefined;
    }
    const key = this.byId.get(parts[1]!);
    if (!key) {
      this.onError?.('LIVE.FANOUT_KEY_UNKNOWN');
      return undefined;
    }
    try {
      const iv = Buffer.from(parts[2]!, 'base64url');
      const body = Buffer.from(parts[3]!, 'base64url');
      if (iv.length !== 12 || body.length < 16) throw new Error('short');
      const d = createDecipheriv('aes-256-gcm', key, iv);
      d.setAAD(Buffer.from(`${WIRE}.${parts[1]!}`));
      d.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([d.update(body.subarray(0, body.length - 16)), d.final()]).toString('utf8');
    } catch {
      this.onError?.('LIVE.FANOUT_UNREADABLE');
      return undefined;
    }
  }
}
