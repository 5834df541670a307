import type {
  LiveEvent,
  LiveTranscription,
  LiveUtterance as GenesysUtterance,
} from '@teachback/adapter-genesys';
import type { LiveHub } from './hub';

export interface GenesysBridgeOptions {
  tenantId: string;
  /**
   * The Genesys user id of the agent on a conversation (the transcription topic does not carry
   * it); e.g. from the conversation's participants. Undefined: the call is not guided.
   */
  agentOf(conversationId: string): Promise<string | undefined>;
  /** Called with a code only (never content) when a call could not be fed. */
  onError?: (code: string) => void;
}

/**
 * Feeds Genesys Cloud's live transcription (adapters/genesys `LiveTranscription`: the
 * `v2.conversations.{id}.transcription` topic and the queue conversation events) into the hub, so
 * Genesys calls get the same storage, fan-out, screens and resume as streamed ones. The call id is
 * the conversation id, which is what the Genesys interaction widget knows (`{{gcConversationId}}`).
 * Utterances of one conversation are fed in arrival order.
 */
export function bridgeGenesysLive(
  live: LiveTranscription,
  hub: LiveHub,
  o: GenesysBridgeOptions,
): () => void {
  const chains = new Map<string, Promise<unknown>>();
  const started = new Map<string, Promise<boolean>>();
  const fail = (err: unknown) =>
    o.onError?.(String((err as { code?: unknown }).code ?? 'LIVE.GENESYS_FEED_FAILED'));

  const start = (conversationId: string, queueId?: string): Promise<boolean> => {
    let p = started.get(conversationId);
    if (!p) {
      p = (async () => {
        const agentId = await o.agentOf(conversationId);
        if (!agentId) return false;
        await hub.start(o.tenantId, {
          callId: conversationId,
          agentId,
          platform: 'genesys',
          externalId: conversationId,
          ...(queueId ? { queue: queueId } : {}),
        });
        return true;
      })().catch((err: unknown) => {
        started.delete(conversationId);
        fail(err);
        return false;
      });
      started.set(conversationId, p);
    }
    return p;
  };

  const inOrder = (conversationId: string, step: () => Promise<unknown>) => {
    const next = (chains.get(conversationId) ?? Promise.resolve()).then(step).catch(fail);
    chains.set(conversationId, next);
    return next;
  };

  const onUtterance = (u: GenesysUtterance) => {
    void inOrder(u.conversationId, async () => {
      if (!(await start(u.conversationId))) return;
      const speaker = u.utterance.speaker === 'system' ? 'unknown' : u.utterance.speaker;
      const offsetMs = u.utterance.startMs ?? 0;
      await hub.utterance(o.tenantId, u.conversationId, {
        // Genesys gives each result an id; without one, the channel and offset identify it.
        id: u.utteranceId ?? `${speaker}:${offsetMs}`,
        speaker,
        text: u.utterance.text,
        offsetMs,
        ...(u.utterance.endMs !== null && u.utterance.endMs !== undefined
          ? { endMs: u.utterance.endMs }
          : {}),
      });
    });
  };
  const onEvent = (e: LiveEvent) => {
    if (e.type === 'conversation_started')
      void inOrder(e.conversationId, () => start(e.conversationId, e.queueId));
    if (e.type === 'conversation_ended')
      void inOrder(e.conversationId, async () => {
        if (await started.get(e.conversationId)) await hub.end(o.tenantId, e.conversationId);
        started.delete(e.conversationId);
        chains.delete(e.conversationId);
      });
  };
  live.on('utterance', onUtterance);
  live.on('event', onEvent);
  return () => {
    live.off('utterance', onUtterance);
    live.off('event', onEvent);
  };
}

/** A tenant with a Genesys connection; `version` changes when the connection is rewritten. */
export interface GenesysLiveTenant {
  tenantId: string;
  version: string;
}

/** What one tenant's subscription runs on, built from its stored connection. */
export interface GenesysLiveConnection {
  /** Not started yet: the supervisor starts and stops it. */
  live: LiveTranscription;
  agentOf(conversationId: string): Promise<string | undefined>;
  /** The call ended: its cached agent may go. */
  forget?(conversationId: string): void;
  /**
   * Called at each poll while subscribed (e.g. reads the org's queue list again and updates the
   * subscription). A failure is reported with its code; the subscription keeps running.
   */
  refresh?(): Promise<void>;
}

/**
 * Who subscribes a tenant when several instances serve one deployment: one lease per tenant, held
 * by one instance at a time (PostgreSQL advisory locks, ./leases.ts). Without it every instance
 * would open its own notification channels (20 per OAuth client and user, the 21st evicting the
 * oldest) and feed every call twice.
 */
export interface LiveLeases {
  /** Takes the tenant's lease if nobody holds it; true when this instance holds it. */
  acquire(tenantId: string): Promise<boolean>;
  /** Whether this instance still holds it (a lost database session loses every lease). */
  holds(tenantId: string): boolean;
  release(tenantId: string): Promise<void>;
  close(): Promise<void>;
}

export interface GenesysLiveOptions {
  hub: LiveHub;
  /** Every tenant with a Genesys connection, read on each poll. */
  tenants(): Promise<GenesysLiveTenant[]>;
  /**
   * Builds a tenant's subscription from its stored connection; undefined when the connection does
   * not ask for live guidance (no queues), which is not retried until the connection changes.
   */
  open(tenantId: string): Promise<GenesysLiveConnection | undefined>;
  leases?: LiveLeases;
  /** How often the connection list is read again (default 60 s). */
  pollMs?: number;
  /** First retry delay after a failed start; doubles up to 5 min (default 2 s). */
  retryBaseMs?: number;
  /** A code (never content or credentials) and the tenant it concerns. */
  onError?: (code: string, tenantId: string | undefined) => void;
  /** Subscriptions started and stopped, for the log. */
  onChange?: (tenantId: string, state: 'subscribed' | 'unsubscribed' | 'not-configured') => void;
}

interface TenantLive {
  version: string;
  state: 'running' | 'idle' | 'failed' | 'not-configured';
  failures: number;
  retryAt: number;
  stop?: () => Promise<void>;
  refresh?: () => Promise<void>;
}

const codeOf = (err: unknown, fallback: string): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Za-z0-9_.:-]{1,80}$/.test(code) ? code : fallback;
};

/**
 * What `teachback serve` runs for Genesys Cloud live guidance: for every tenant with a Genesys
 * connection, one `LiveTranscription` on the connection's queues, bridged into the hub
 * (`bridgeGenesysLive`). The connection list is polled, so a connection added, changed or removed
 * while serving is picked up at the next poll; a start that fails (token, socket) is retried with
 * back-off, a socket that gave up reconnecting is started again, and nothing here throws into the
 * server. With `leases`, one instance of a deployment subscribes each tenant.
 */
export class GenesysLiveSubscriptions {
  private readonly tenants = new Map<string, TenantLive>();
  private readonly pollMs: number;
  private readonly retryBaseMs: number;
  private timer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;
  private closed = false;

  constructor(private readonly o: GenesysLiveOptions) {
    this.pollMs = o.pollMs ?? 60_000;
    this.retryBaseMs = o.retryBaseMs ?? 2_000;
  }

  /** The first poll, then one every `pollMs`. Never rejects. */
  async start(): Promise<void> {
    await this.poll();
    if (this.closed) return;
    this.timer = setInterval(() => void this.poll(), this.pollMs);
    this.timer.unref();
  }

  /** Tenants this instance subscribes now. */
  get subscribed(): string[] {
    return [...this.tenants.entries()].filter(([, t]) => t.state === 'running').map(([id]) => id);
  }

  /** Reads the connection list and brings the subscriptions in line with it. Never rejects. */
  poll(): Promise<void> {
    this.polling ??= this.reconcile()
      .catch((err: unknown) => this.o.onError?.(codeOf(err, 'LIVE.GENESYS_POLL_FAILED'), undefined))
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    await this.polling;
    await Promise.all([...this.tenants.keys()].map((id) => this.stopTenant(id)));
    this.tenants.clear();
    await this.o.leases?.close().catch(() => undefined);
  }

  private async reconcile(): Promise<void> {
    const wanted = new Map((await this.o.tenants()).map((t) => [t.tenantId, t.version]));
    for (const [id, t] of [...this.tenants]) {
      if (this.closed) return;
      const version = wanted.get(id);
      // Removed, rewritten (new credentials or queues), or the lease was lost: stop; a rewritten one starts again below.
      if (version === undefined || version !== t.version || (t.state === 'running' && !this.leaseHeld(id))) {
        await this.stopTenant(id);
        this.tenants.delete(id);
      }
    }
    const now = Date.now();
    for (const [id, version] of wanted) {
      if (this.closed) return;
      let t = this.tenants.get(id);
      if (!t) this.tenants.set(id, (t = { version, state: 'idle', failures: 0, retryAt: 0 }));
      if (t.state === 'running') {
        await t
          .refresh?.()
          .catch((err: unknown) => this.o.onError?.(codeOf(err, 'LIVE.GENESYS_REFRESH_FAILED'), id));
        continue;
      }
      if (t.state === 'not-configured' || t.retryAt > now) continue;
      await this.startTenant(id, t);
    }
  }

  private leaseHeld(tenantId: string): boolean {
    return !this.o.leases || this.o.leases.holds(tenantId);
  }

  private async startTenant(tenantId: string, t: TenantLive): Promise<void> {
    if (this.o.leases && !this.o.leases.holds(tenantId)) {
      const got = await this.o.leases.acquire(tenantId).catch((err: unknown) => {
        this.o.onError?.(codeOf(err, 'LIVE.GENESYS_LEASE_FAILED'), tenantId);
        return false;
      });
      // Another instance subscribes this tenant; the next poll looks again (it may have stopped).
      if (!got) return;
    }
    let conn: GenesysLiveConnection | undefined;
    try {
      conn = await this.o.open(tenantId);
      if (!conn) {
        t.state = 'not-configured';
        await this.o.leases?.release(tenantId).catch(() => undefined);
        this.o.onChange?.(tenantId, 'not-configured');
        return;
      }
      await conn.live.start();
    } catch (err) {
      await conn?.live.stop().catch(() => undefined);
      this.failed(tenantId, t, codeOf(err, 'LIVE.GENESYS_START_FAILED'));
      return;
    }
    if (this.closed) {
      await conn.live.stop().catch(() => undefined);
      return;
    }
    const { live } = conn;
    const forget = conn.forget?.bind(conn);
    const unbridge = bridgeGenesysLive(live, this.o.hub, {
      tenantId,
      agentOf: (id) => conn.agentOf(id),
      onError: (code) => this.o.onError?.(code, tenantId),
    });
    const onEvent = (e: LiveEvent) => {
      if (e.type === 'conversation_ended') forget?.(e.conversationId);
      else if (e.type === 'error' || e.type === 'capacity_exhausted')
        this.o.onError?.(e.type === 'error' ? e.code : 'LIVE.GENESYS_CAPACITY_EXHAUSTED', tenantId);
      else if (e.type === 'reconnect_failed') {
        this.o.onError?.(e.code, tenantId);
        // LiveTranscription gives up after its 8th attempt: start the tenant again, with back-off.
        if (e.attempt >= 8 && t.state === 'running')
          void this.stopTenant(tenantId).then(() => this.failed(tenantId, t, 'LIVE.GENESYS_SOCKET_LOST'));
      }
    };
    live.on('event', onEvent);
    t.stop = async () => {
      live.off('event', onEvent);
      unbridge();
      await live.stop().catch(() => undefined);
    };
    if (conn.refresh) t.refresh = conn.refresh.bind(conn);
    t.state = 'running';
    t.failures = 0;
    this.o.onChange?.(tenantId, 'subscribed');
  }

  private failed(tenantId: string, t: TenantLive, code: string): void {
    this.o.onError?.(code, tenantId);
    t.state = 'failed';
    t.failures++;
    const delay = Math.min(5 * 60_000, this.retryBaseMs * 2 ** Math.min(t.failures - 1, 10));
    t.retryAt = Date.now() + delay;
    // After a failed start the lease stays held while retrying (another instance would fail the
    // same way); after a lost socket it was released with the subscription.
    this.scheduleRetry();
  }

  /** One timer, at the earliest retry due (a poll in between retries too). */
  private scheduleRetry(): void {
    if (this.closed) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const due = [...this.tenants.values()].filter((x) => x.state === 'failed').map((x) => x.retryAt);
    if (due.length === 0) return;
    const wait = Math.max(0, Math.min(...due) - Date.now());
    this.retryTimer = setTimeout(() => void this.poll().then(() => this.scheduleRetry()), wait + 10);
    this.retryTimer.unref();
  }

  private async stopTenant(tenantId: string): Promise<void> {
    const t = this.tenants.get(tenantId);
    if (!t) return;
    const stop = t.stop;
    t.stop = undefined;
    t.refresh = undefined;
    const was = t.state;
    t.state = 'idle';
    if (stop) await stop();
    if (was === 'running') this.o.onChange?.(tenantId, 'unsubscribed');
    await this.o.leases?.release(tenantId).catch(() => undefined);
  }
}
