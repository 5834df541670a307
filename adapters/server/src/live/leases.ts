import { Client } from 'pg';
import type { LiveLeases } from './genesys';

/**
 * One lease per tenant across the instances of a deployment, as PostgreSQL session advisory
 * locks on one dedicated connection: held while this instance's connection lives, released by
 * PostgreSQL itself when the instance dies (its session ends), so a surviving instance takes the
 * tenant at its next poll. Keys are (hash of the namespace, hash of the tenant id); two tenants
 * whose ids hash alike share a lock, so one instance subscribes both, which is still one each.
 */
export class PostgresLiveLeases implements LiveLeases {
  private client: Client | undefined;
  private connecting: Promise<Client> | undefined;
  private readonly held = new Set<string>();
  private closed = false;

  /**
   * @param namespace what the lock is for within the database; include the schema so two
   *   deployments sharing a database do not share leases.
   */
  constructor(
    private readonly connectionString: string,
    private readonly namespace = 'teachback:genesys-live',
    private readonly onError?: (code: string) => void,
  ) {}

  async acquire(tenantId: string): Promise<boolean> {
    if (this.held.has(tenantId)) return true;
    const c = await this.connection();
    const r = await c.query<{ ok: boolean }>(
      'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok',
      [this.namespace, tenantId],
    );
    if (r.rows[0]?.ok && c === this.client) {
      this.held.add(tenantId);
      return true;
    }
    return false;
  }

  holds(tenantId: string): boolean {
    return this.held.has(tenantId);
  }

  async release(tenantId: string): Promise<void> {
    if (!this.held.delete(tenantId) || !this.client) return;
    await this.client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [
      this.namespace,
      tenantId,
    ]);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.held.clear();
    const c = this.client;
    this.client = undefined;
    // Ending the session releases every lock it holds.
    await c?.end().catch(() => undefined);
  }

  private connection(): Promise<Client> {
    if (this.closed)
      return Promise.reject(Object.assign(new Error('leases closed'), { code: 'LIVE.LEASES_CLOSED' }));
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      // Named, so an operator can see (and a test can end) the session that holds the leases.
      const c = new Client({
        connectionString: this.connectionString,
        application_name: 'teachback live leases',
      });
      c.on('error', () => this.lost(c));
      c.on('end', () => this.lost(c));
      try {
        await c.connect();
      } catch (err) {
        await c.end().catch(() => undefined);
        throw Object.assign(new Error('live leases: cannot connect'), {
          code: (err as { code?: string }).code === '28P01' ? 'LIVE.LEASES_AUTH' : 'LIVE.LEASES_UNAVAILABLE',
        });
      }
      this.client = c;
      return c;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  /** The session is gone and with it every lock: the subscriptions stop at the next poll. */
  private lost(c: Client): void {
    if (this.client !== c) return;
    this.client = undefined;
    this.held.clear();
    c.end().catch(() => undefined);
    if (!this.closed) this.onError?.('LIVE.LEASES_LOST');
  }
}
