import { EventEmitter, on } from 'node:events';
import WebSocket from 'ws';
import {
  createEscalationMonitor,
  type Escalation,
  type EscalationMonitor,
  type GuidanceEvent,
  type GuidanceKind,
  type LiveSession,
  type LiveUtterance as CoreLiveUtterance,
  type Utterance,
} from '@teachback/core';
import {
  GENESYS_LIMITS,
  RawNotification,
  RawQueueConversationEvent,
  RawTranscriptionEvent,
  type GenesysClient,
} from '@teachback/connector-genesys';
import { backoffMs, DEFAULT_RETRY_POLICY } from '@teachback/connector-kit';

export interface LiveUtterance {
  conversationId: string;
  utteranceId: string | undefined;
  utterance: Utterance;
}

export type LiveEvent =
  | { type: 'conversation_started'; conversationId: string; queueId: string }
  | { type: 'conversation_ended'; conversationId: string; reason: 'ended' | 'idle' }
  | { type: 'capacity_exhausted'; conversationId: string }
  | { type: 'reconnected'; channelId: string; topics: number }
  | { type: 'reconnect_failed'; attempt: number; code: string }
  | { type: 'error'; code: string };

export interface LiveTranscriptionOptions {
  client: GenesysClient;
  queueIds: readonly string[];
  /** Conversations with no transcription for this long are unsubscribed. Default 10 min. */
  idleMs?: number;
  maxChannels?: number;
  maxTopicsPerChannel?: number;
  /** Queue topics at most (default LIVE_QUEUE_TOPICS_MAX); more is refused with a RangeError. */
  maxQueueTopics?: number;
  now?: () => number;
  /** Socket factory; defaults to `ws`. */
  connect?: (url: string) => WebSocket;
}

interface ChannelState {
  id: string;
  connectUri: string;
  topics: Set<string>;
  socket?: WebSocket;
  /** Serialises topic updates so a PUT never races another. */
  updating: Promise<unknown>;
  reconnecting: boolean;
}

/**
 * Queues one LiveTranscription subscribes at most: half of the 20 channels' 1,000 topics each, so
 * the other half stays for the calls' transcription topics (one per live call). Callers cap the
 * list to this and report the rest (`teachback serve` logs LIVE.GENESYS_QUEUES_CAPPED).
 */
export const LIVE_QUEUE_TOPICS_MAX =
  Math.floor(GENESYS_LIMITS.notificationChannelsPerApp / 2) * GENESYS_LIMITS.topicsPerChannel;

const transcriptionTopic = (conversationId: string) => `v2.conversations.${conversationId}.transcription`;
const queueTopic = (queueId: string) => `v2.routing.queues.${queueId}.conversations.calls`;
const QUEUE_TOPIC = /^v2\.routing\.queues\.([^.]+)\.conversations\.calls$/;
const TRANSCRIPTION_TOPIC = /^v2\.conversations\.([^.]+)\.transcription$/;

/**
 * Live transcription through the notifications API: discovers active calls on the configured
 * queues, subscribes each to `v2.conversations.{id}.transcription`, and turns final results into
 * core utterances (`'utterance'` events or `utterances()`). Spreads topics over channels within the
 * 20-channel / 1,000-topic limits, reconnects and resubscribes after a drop, and drops idle ones.
 * Escalation is wired by the caller: feed `utterances()` into core's escalation monitor.
 */
export class LiveTranscription extends EventEmitter {
  private readonly channels: ChannelState[] = [];
  private readonly active = new Map<
    string,
    { channel: ChannelState; lastActivity: number; queueId: string }
  >();
  private readonly options: LiveTranscriptionOptions;
  private readonly now: () => number;
  private stopped = false;
  private sweeper: NodeJS.Timeout | undefined;
  /** Queue topics subscribed now; they are spread over the channels like the call topics. */
  private queueTopics = new Set<string>();
  /** Serialises queue-list changes. */
  private queueUpdate: Promise<unknown> = Promise.resolve();

  constructor(options: LiveTranscriptionOptions) {
    super();
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  private get maxTopics(): number {
    return this.options.maxTopicsPerChannel ?? GENESYS_LIMITS.topicsPerChannel;
  }

  private get maxQueueTopics(): number {
    return this.options.maxQueueTopics ?? LIVE_QUEUE_TOPICS_MAX;
  }

  async start(): Promise<void> {
    const topics = [...new Set(this.options.queueIds.map(queueTopic))];
    if (topics.length > this.maxQueueTopics)
      throw new RangeError(`queueIds: more than ${this.maxQueueTopics} queues`);
    const first = await this.openChannel();
    const touched = await this.place(topics);
    touched.add(first);
    await Promise.all([...touched].map((c) => this.pushTopics(c)));
    const idle = this.options.idleMs ?? 10 * 60_000;
    this.sweeper = setInterval(() => this.sweep(), Math.max(1000, idle / 2));
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const c of this.channels) c.socket?.close(1000, 'stopped');
    this.channels.length = 0;
    this.active.clear();
    this.queueTopics.clear();
    this.emit('close');
  }

  /**
   * Replaces the subscribed queues (an org's queue list read again): topics of queues gone are
   * removed, new ones added to channels with room (opening channels within the limit); live calls
   * keep their subscriptions. Resolves with what changed.
   */
  setQueues(queueIds: readonly string[]): Promise<{ added: number; removed: number }> {
    const next = this.queueUpdate
      .catch(() => undefined)
      .then(async () => {
        const wanted = new Set(queueIds.map(queueTopic));
        if (wanted.size > this.maxQueueTopics)
          throw new RangeError(`queueIds: more than ${this.maxQueueTopics} queues`);
        const touched = new Set<ChannelState>();
        let removed = 0;
        for (const t of this.queueTopics) {
          if (wanted.has(t)) continue;
          this.queueTopics.delete(t);
          removed++;
          const c = this.channels.find((x) => x.topics.has(t));
          if (c) {
            c.topics.delete(t);
            touched.add(c);
          }
        }
        const added = [...wanted].filter((t) => !this.queueTopics.has(t));
        for (const c of await this.place(added)) touched.add(c);
        await Promise.all([...touched].map((c) => this.pushTopics(c)));
        return { added: added.length, removed };
      });
    this.queueUpdate = next;
    return next;
  }

  /** Queues subscribed now. */
  get queueCount(): number {
    return this.queueTopics.size;
  }

  /**
   * Puts queue topics on channels with room, opening channels up to the channel limit; returns
   * the channels whose topic list changed (not pushed yet).
   */
  private async place(topics: readonly string[]): Promise<Set<ChannelState>> {
    const touched = new Set<ChannelState>();
    for (const t of topics) {
      let c = this.channels.find((x) => x.topics.size < this.maxTopics);
      if (!c) {
        if (this.channels.length >= (this.options.maxChannels ?? GENESYS_LIMITS.notificationChannelsPerApp)) {
          // Calls fill the other channels; a 21st would evict our oldest. Report, skip the rest.
          this.emit('event', { type: 'error', code: 'LIVE.GENESYS_QUEUES_CAPPED' } satisfies LiveEvent);
          break;
        }
        c = await this.openChannel();
      }
      c.topics.add(t);
      this.queueTopics.add(t);
      touched.add(c);
    }
    return touched;
  }

  /** Active conversations being transcribed. */
  get conversations(): string[] {
    return [...this.active.keys()];
  }

  get channelCount(): number {
    return this.channels.length;
  }

  /** Async stream of utterances until `stop()`. */
  async *utterances(): AsyncGenerator<LiveUtterance> {
    const ac = new AbortController();
    this.once('close', () => ac.abort());
    try {
      for await (const [u] of on(this, 'utterance', { signal: ac.signal })) yield u as LiveUtterance;
    } catch (err) {
      if ((err as { name?: string }).name !== 'AbortError') throw err;
    }
  }

  /** Unsubscribes conversations that have been silent longer than idleMs (missed end events, dropped calls). */
  async sweep(): Promise<string[]> {
    const idle = this.options.idleMs ?? 10 * 60_000;
    const expired = [...this.active.entries()]
      .filter(([, a]) => this.now() - a.lastActivity > idle)
      .map(([id]) => id);
    for (const id of expired) await this.untrack(id, 'idle');
    return expired;
  }

  private async openChannel(): Promise<ChannelState> {
    const ch = await this.options.client.createNotificationChannel();
    if (!ch.id || !ch.connectUri) throw new Error('notification channel: response has no id/connectUri');
    const state: ChannelState = {
      id: ch.id,
      connectUri: ch.connectUri,
      topics: new Set(),
      updating: Promise.resolve(),
      reconnecting: false,
    };
    this.channels.push(state);
    await this.connect(state);
    return state;
  }

  private connect(state: ChannelState): Promise<void> {
    const url = this.options.client.notificationSocketUrl(state.connectUri);
    const socket = this.options.connect ? this.options.connect(url) : new WebSocket(url);
    state.socket = socket;
    socket.on('message', (data) => this.onMessage(data.toString()));
    // ws throws on an 'error' nobody listens to; a 'close' always follows, and that is where we act.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (state.socket === socket && !this.stopped && !state.reconnecting) void this.reconnect(state);
    });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', (err) => reject(err));
    });
  }

  /**
   * A dropped socket gets a fresh channel (the old one may be expired or evicted) and the whole
   * topic list again with one PUT.
   */
  private async reconnect(old: ChannelState): Promise<void> {
    old.reconnecting = true;
    try {
      await this.reconnectLoop(old);
    } finally {
      old.reconnecting = false;
    }
  }

  private async reconnectLoop(old: ChannelState): Promise<void> {
    for (let attempt = 1; !this.stopped; attempt++) {
      try {
        const ch = await this.options.client.createNotificationChannel();
        if (!ch.id || !ch.connectUri) throw new Error('notification channel: response has no id/connectUri');
        old.id = ch.id;
        old.connectUri = ch.connectUri;
        await this.connect(old);
        await this.pushTopics(old);
        this.emit('event', {
          type: 'reconnected',
          channelId: old.id,
          topics: old.topics.size,
        } satisfies LiveEvent);
        return;
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'UNKNOWN';
        this.emit('event', { type: 'reconnect_failed', attempt, code } satisfies LiveEvent);
        if (attempt >= 8) return;
        await new Promise((r) => setTimeout(r, backoffMs(attempt, DEFAULT_RETRY_POLICY)));
      }
    }
  }

  private pushTopics(state: ChannelState): Promise<unknown> {
    state.updating = state.updating
      .catch(() => undefined)
      .then(() => this.options.client.setChannelTopics(state.id, [...state.topics]));
    return state.updating;
  }

  private async track(conversationId: string, queueId: string): Promise<void> {
    if (this.active.has(conversationId)) return;
    let channel = this.channels.find((c) => c.topics.size < this.maxTopics);
    if (!channel) {
      if (this.channels.length >= (this.options.maxChannels ?? GENESYS_LIMITS.notificationChannelsPerApp)) {
        // A 21st channel would evict our oldest one; better to skip this call than lose 1,000.
        this.emit('event', { type: 'capacity_exhausted', conversationId } satisfies LiveEvent);
        return;
      }
      channel = await this.openChannel();
    }
    this.active.set(conversationId, { channel, lastActivity: this.now(), queueId });
    channel.topics.add(transcriptionTopic(conversationId));
    await this.pushTopics(channel);
    this.emit('event', { type: 'conversation_started', conversationId, queueId } satisfies LiveEvent);
  }

  private async untrack(conversationId: string, reason: 'ended' | 'idle'): Promise<void> {
    const a = this.active.get(conversationId);
    if (!a) return;
    this.active.delete(conversationId);
    a.channel.topics.delete(transcriptionTopic(conversationId));
    await this.pushTopics(a.channel);
    this.emit('event', { type: 'conversation_ended', conversationId, reason } satisfies LiveEvent);
  }

  /** Topic updates fail in the background; they are reported, never thrown into the socket handler. */
  private fault(e: unknown): void {
    const code = (e as { code?: unknown }).code;
    this.emit('event', {
      type: 'error',
      code: typeof code === 'string' ? code : 'UNKNOWN',
    } satisfies LiveEvent);
  }

  private onMessage(text: string): void {
    let frame;
    try {
      const parsed = RawNotification.safeParse(JSON.parse(text));
      if (!parsed.success) return;
      frame = parsed.data;
    } catch {
      return;
    }
    const q = QUEUE_TOPIC.exec(frame.topicName);
    if (q) {
      const ev = RawQueueConversationEvent.safeParse(frame.eventBody);
      if (!ev.success) return;
      const parts = ev.data.participants ?? [];
      const ended =
        parts.length > 0 &&
        parts.every((p) => p.state === 'terminated' || p.state === 'disconnected' || !!p.endTime);
      const agentConnected = parts.some((p) => p.purpose === 'agent' && p.state === 'connected');
      if (ended) void this.untrack(ev.data.id, 'ended').catch((e: unknown) => this.fault(e));
      else if (agentConnected) void this.track(ev.data.id, q[1]!).catch((e: unknown) => this.fault(e));
      return;
    }
    const t = TRANSCRIPTION_TOPIC.exec(frame.topicName);
    if (!t) return;
    const conversationId = t[1]!;
    const ev = RawTranscriptionEvent.safeParse(frame.eventBody);
    if (!ev.success) return;
    const a = this.active.get(conversationId);
    if (a) a.lastActivity = this.now();
    for (const r of ev.data.transcripts ?? []) {
      if (r.isFinal === false) continue;
      const alt = r.alternatives?.[0];
      const text = alt?.transcript?.trim();
      if (!alt || !text) continue;
      const startMs = Math.max(0, Math.round(alt.offsetMs ?? 0));
      const utterance: Utterance = {
        speaker: r.channel === 'INTERNAL' ? 'agent' : r.channel === 'EXTERNAL' ? 'customer' : 'unknown',
        startMs,
        endMs: startMs + Math.max(0, Math.round(alt.durationMs ?? 0)),
        text,
        ...(alt.confidence !== undefined ? { confidence: Math.min(1, Math.max(0, alt.confidence)) } : {}),
      };
      this.emit('utterance', {
        conversationId,
        utteranceId: r.utteranceId,
        utterance,
      } satisfies LiveUtterance);
    }
    if (ev.data.status?.status === 'SESSION_ENDED')
      void this.untrack(conversationId, 'ended').catch((e: unknown) => this.fault(e));
  }
}

export interface LiveEscalation {
  conversationId: string;
  escalation: Escalation;
}

/**
 * Runs core's escalation monitor over each live call (one monitor per conversation, dropped when
 * the call ends) and calls `onEscalation` for what it raises. Returns a function that detaches.
 * Pass config's `newEscalationMonitor` as `newMonitor` to decide with the learned classifier (this
 * package loads no weights); the default is the cue rules alone.
 */
export function watchEscalations(
  live: LiveTranscription,
  onEscalation: (e: LiveEscalation) => void,
  newMonitor: () => EscalationMonitor = createEscalationMonitor,
): () => void {
  const monitors = new Map<string, EscalationMonitor>();
  const onUtterance = (u: LiveUtterance) => {
    let m = monitors.get(u.conversationId);
    if (!m) {
      m = newMonitor();
      monitors.set(u.conversationId, m);
    }
    for (const escalation of m.push(u.utterance))
      onEscalation({ conversationId: u.conversationId, escalation });
  };
  const onEvent = (e: LiveEvent) => {
    if (e.type === 'conversation_ended') monitors.delete(e.conversationId);
  };
  live.on('utterance', onUtterance);
  live.on('event', onEvent);
  return () => {
    live.off('utterance', onUtterance);
    live.off('event', onEvent);
    monitors.clear();
  };
}

/** One guidance event of one Genesys conversation. */
export interface LiveGuidance {
  conversationId: string;
  /** The queue the call was discovered on; undefined for a call first seen mid-stream. */
  queueId: string | undefined;
  event: GuidanceEvent;
}

export interface LiveGuidanceOptions {
  /**
   * Makes the live session of a new conversation (the queue's playbook from the catalog, the
   * call date, the act and escalation models). Called once per conversation.
   */
  newSession: (call: { conversationId: string; queueId: string | undefined }) => LiveSession;
  /** Called with every event, in order. */
  onGuidance?: (g: LiveGuidance) => void;
  /**
   * How often timing rules ("recording disclosure not given 15 s in") are checked while nobody
   * speaks, in ms; 0 turns the timer off (call `tick()` yourself). Default 1000.
   */
  tickMs?: number;
  now?: () => number;
}

/** The live guidance of every transcribed call: feed, per-call actions and the event stream. */
export interface LiveGuidanceFeed {
  /** Every event until `stop()`. */
  events(): AsyncGenerator<LiveGuidance>;
  session(conversationId: string): LiveSession | undefined;
  /** The agent dismissed a prompt. */
  dismiss(conversationId: string, eventId: string): GuidanceEvent[];
  /** The agent muted a kind of prompt for this call. */
  mute(conversationId: string, kind: GuidanceKind): GuidanceEvent[];
  /** Advances every call's clock to now (timing rules); the timer calls it. */
  tick(): void;
  stop(): void;
}

interface GuidedCall {
  session: LiveSession;
  queueId: string | undefined;
  /** Wall-clock time of the call's offset 0, learned from the first utterance. */
  zeroAt: number | undefined;
}

/**
 * Runs one core live session per Genesys conversation: conversation start creates it, every
 * final transcription result is pushed as it arrives, conversation end closes it. The Genesys
 * utterance id keeps event ids stable when the notification socket reconnects and results are
 * delivered again (the session ignores an id it has seen).
 */
export function guideLiveCalls(live: LiveTranscription, options: LiveGuidanceOptions): LiveGuidanceFeed {
  const calls = new Map<string, GuidedCall>();
  const bus = new EventEmitter();
  const now = options.now ?? Date.now;
  let stopped = false;

  const deliver = (conversationId: string, call: GuidedCall, events: readonly GuidanceEvent[]) => {
    for (const event of events) {
      const g: LiveGuidance = { conversationId, queueId: call.queueId, event };
      options.onGuidance?.(g);
      bus.emit('guidance', g);
    }
  };

  const callOf = (conversationId: string, queueId: string | undefined): GuidedCall => {
    let call = calls.get(conversationId);
    if (!call) {
      call = { session: options.newSession({ conversationId, queueId }), queueId, zeroAt: undefined };
      calls.set(conversationId, call);
    }
    return call;
  };

  const onUtterance = (u: LiveUtterance) => {
    const call = callOf(u.conversationId, undefined);
    const offsetMs = u.utterance.startMs ?? 0;
    call.zeroAt ??= now() - offsetMs;
    const speaker = u.utterance.speaker === 'system' ? 'unknown' : u.utterance.speaker;
    const lu: CoreLiveUtterance = {
      // Genesys gives each result an id; without one, the channel and offset identify it.
      id: u.utteranceId ?? `${speaker}:${offsetMs}`,
      speaker,
      text: u.utterance.text,
      offsetMs,
      ...(u.utterance.endMs !== null ? { endMs: u.utterance.endMs } : {}),
    };
    deliver(u.conversationId, call, call.session.push(lu));
  };

  const onEvent = (e: LiveEvent) => {
    if (e.type === 'conversation_started') {
      const call = callOf(e.conversationId, e.queueId);
      call.queueId ??= e.queueId;
    } else if (e.type === 'conversation_ended') {
      const call = calls.get(e.conversationId);
      if (!call) return;
      calls.delete(e.conversationId);
      const offset = call.zeroAt === undefined ? undefined : now() - call.zeroAt;
      deliver(e.conversationId, call, call.session.end(offset));
    }
  };

  const tick = () => {
    for (const [id, call] of calls) {
      if (call.zeroAt === undefined) continue;
      deliver(id, call, call.session.tick(now() - call.zeroAt));
    }
  };

  live.on('utterance', onUtterance);
  live.on('event', onEvent);
  const tickMs = options.tickMs ?? 1000;
  const timer = tickMs > 0 ? setInterval(tick, tickMs) : undefined;
  timer?.unref();

  const stop = () => {
    if (stopped) return;
    stopped = true;
    if (timer) clearInterval(timer);
    live.off('utterance', onUtterance);
    live.off('event', onEvent);
    calls.clear();
    bus.emit('close');
  };
  live.once('close', stop);

  return {
    async *events(): AsyncGenerator<LiveGuidance> {
      if (stopped) return;
      const ac = new AbortController();
      bus.once('close', () => ac.abort());
      try {
        for await (const [g] of on(bus, 'guidance', { signal: ac.signal })) yield g as LiveGuidance;
      } catch (err) {
        if ((err as { name?: string }).name !== 'AbortError') throw err;
      }
    },
    session: (id) => calls.get(id)?.session,
    dismiss(conversationId, eventId) {
      const call = calls.get(conversationId);
      if (!call) return [];
      const out = call.session.dismiss(eventId);
      deliver(conversationId, call, out);
      return out;
    },
    mute(conversationId, kind) {
      const call = calls.get(conversationId);
      if (!call) return [];
      const out = call.session.mute(kind);
      deliver(conversationId, call, out);
      return out;
    },
    tick,
    stop,
  };
}

/** The agent lookup of a live bridge: one GET per conversation, remembered until `forget`. */
export interface ConversationAgents {
  /** The Genesys user id of the agent on the conversation; undefined when it has none (yet). */
  agentOf(conversationId: string): Promise<string | undefined>;
  /** Drops a conversation from the cache (its call ended). */
  forget(conversationId: string): void;
  readonly cached: number;
}

/**
 * The agent of a live conversation, read from its participants (GET /api/v2/conversations/{id}
 * through the client, so under its throttle and the retry table): the `agent` (or `user`)
 * participant with a user id, preferring one still on the call, the latest to connect after a
 * transfer. The transcription topic does not name the agent; this does. An answer with no agent
 * is not cached (the agent may not be connected yet); a failure is thrown to the caller.
 */
export function conversationAgents(client: Pick<GenesysClient, 'getConversation'>): ConversationAgents {
  const cache = new Map<string, Promise<string | undefined>>();
  return {
    agentOf(conversationId) {
      let p = cache.get(conversationId);
      if (!p) {
        p = client.getConversation(conversationId).then((c) => agentUserId(c.participants ?? []));
        cache.set(conversationId, p);
        void p.then(
          (id) => id === undefined && cache.get(conversationId) === p && cache.delete(conversationId),
          () => cache.get(conversationId) === p && cache.delete(conversationId),
        );
      }
      return p;
    },
    forget(conversationId) {
      cache.delete(conversationId);
    },
    get cached() {
      return cache.size;
    },
  };
}

function agentUserId(
  participants: readonly { purpose?: string; userId?: string; endTime?: string; connectedTime?: string }[],
): string | undefined {
  const agents = participants.filter((p) => (p.purpose === 'agent' || p.purpose === 'user') && p.userId);
  const on = agents.filter((p) => !p.endTime);
  const pool = on.length > 0 ? on : agents;
  // The latest to connect is the one a transfer handed the call to; the order of the list breaks ties.
  let best: (typeof pool)[number] | undefined;
  for (const p of pool) if (!best || (p.connectedTime ?? '') >= (best.connectedTime ?? '')) best = p;
  return best?.userId;
}
