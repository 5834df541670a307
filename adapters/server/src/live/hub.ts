import { randomUUID } from 'node:crypto';
import {
  TeachbackError,
  decideAccess,
  type Actor,
  type GuidanceEvent,
  type LiveCall,
  type LiveStore,
  type LiveSupervisorAction,
  type LiveUtterance,
} from '@teachback/core';
import type { LiveFanout } from './fanout';
import type { CallStartInput } from './messages';
import type { GuidanceSession, GuidanceSessionFactory } from './session';

/** What travels between instances. `o` is the origin instance, so it skips its own copies. */
export type FanoutMessage =
  | { o: string; t: 'event'; tenantId: string; call: CallRef; event: GuidanceEvent }
  | { o: string; t: 'utterance'; tenantId: string; call: CallRef; u: LiveUtterance }
  | { o: string; t: 'call'; tenantId: string; call: CallRef; state: 'started' | 'ended' }
  | { o: string; t: 'action'; tenantId: string; call: CallRef; action: LiveSupervisorAction }
  | { o: string; t: 'control'; tenantId: string; call: CallRef; op: 'dismiss' | 'mute'; eventId: string };

/** The facts a subscriber's access check needs, carried with every message. */
export interface CallRef {
  callId: string;
  agentId: string;
  teamId: string | null;
}

/** One connected screen: an agent's live mode (one call) or a supervisor's board (the tenant). */
export interface LiveSubscriber {
  /** Returns false when the connection cannot take more (it is then closed by its transport). */
  send(type: string, id: string, data: unknown): boolean;
  /** Ids delivered on this connection: replays and other instances' copies are not sent twice. */
  readonly seen: Set<string>;
  /** Boards only: whether this supervisor may see the call. */
  allows?(call: CallRef): boolean;
}

export interface LiveHubOptions {
  live: LiveStore;
  sessions: GuidanceSessionFactory;
  fanout: LiveFanout;
  instanceId?: string;
  clock?: () => Date;
  /** Utterances in flight per call before the stream is told to slow down (default 64). */
  callQueueLimit?: number;
  /** How often timing rules are advanced between utterances (default 1000 ms; 0 disables). */
  tickMs?: number;
  /** A call with no utterance for this long leaves memory; the store keeps it for a resume (default 15 min). */
  idleMs?: number;
  /** Called with a code only (never content) when background work fails. */
  onError?: (code: string) => void;
  /**
   * Measurement hook (bench): ms from the utterance reaching this instance to each prompt it caused
   * being written to a screen connected here.
   */
  onDelivered?: (ms: number) => void;
}

interface CallEntry {
  tenantId: string;
  call: LiveCall;
  ref: CallRef;
  session: GuidanceSession;
  lastOffsetMs: number;
  lastWall: number;
  inflight: number;
  /** Agent prompts still open, for the followed / expired outcomes. */
  open: Map<string, GuidanceEvent>;
}

const key = (tenantId: string, callId: string) => `${tenantId}\n${callId}`;

export const liveError = (code: string, message: string) => new TeachbackError(code, message);

/**
 * The live path on one server instance: it owns the sessions of the calls streamed to it, stores
 * utterances and prompts as they happen, and delivers every message (its own and other
 * instances', through the fan-out) to the screens connected to it. Any instance can take any
 * call: one that receives a call it has no session for rebuilds the session by replaying the
 * stored utterances; the engine's ids are stable, so screens drop what they already have.
 */
export class LiveHub {
  readonly instanceId: string;
  private readonly calls = new Map<string, CallEntry>();
  /** Only with `onDelivered`: when the utterance behind each event arrived (performance.now()). */
  private readonly causedAt = new Map<string, number>();
  private readonly loading = new Map<string, Promise<CallEntry>>();
  private readonly agents = new Map<string, Set<LiveSubscriber>>();
  private readonly boards = new Map<string, Set<LiveSubscriber>>();
  private readonly clock: () => Date;
  private readonly queueLimit: number;
  private readonly idleMs: number;
  private timer: NodeJS.Timeout | undefined;
  private ready: Promise<void>;

  constructor(private readonly o: LiveHubOptions) {
    this.instanceId = o.instanceId ?? randomUUID();
    this.clock = o.clock ?? (() => new Date());
    this.queueLimit = o.callQueueLimit ?? 64;
    this.idleMs = o.idleMs ?? 15 * 60_000;
    this.ready = o.fanout.subscribe((m) => this.fromFanout(m));
    const tickMs = o.tickMs ?? 1000;
    if (tickMs > 0) {
      this.timer = setInterval(() => this.tick(), tickMs);
      this.timer.unref();
    }
  }

  /** Resolves once this instance hears the fan-out (tests and the bench wait for it). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  get activeCalls(): number {
    return this.calls.size;
  }

  // ---- streams in ----

  /** Starts a call, or takes over one another instance started (resuming its session). */
  async start(tenantId: string, input: CallStartInput): Promise<{ call: LiveCall; resumed: boolean }> {
    const existing = await this.o.live.getCall(tenantId, input.callId);
    if (existing && existing.agentId !== input.agentId)
      throw liveError('LIVE.CALL_CONFLICT', 'callId: already started for another agent');
    if (!existing)
      await this.o.live.startCall(tenantId, {
        callId: input.callId,
        agentId: input.agentId,
        platform: input.platform,
        startedAt: input.startedAt ?? this.clock().toISOString(),
        ...(input.externalId !== undefined ? { externalId: input.externalId } : {}),
        ...(input.teamId !== undefined ? { teamId: input.teamId } : {}),
        ...(input.playbookId !== undefined ? { playbookId: input.playbookId } : {}),
        ...(input.queue !== undefined ? { queue: input.queue } : {}),
      });
    const entry = await this.entry(tenantId, input.callId);
    if (!existing)
      await this.broadcast({ o: this.instanceId, t: 'call', tenantId, call: entry.ref, state: 'started' });
    return { call: entry.call, resumed: Boolean(existing) };
  }

  /** Calls in flight for one call: what the HTTP fallback checks before taking a batch. */
  pending(tenantId: string, callId: string): number {
    return this.calls.get(key(tenantId, callId))?.inflight ?? 0;
  }

  /**
   * Feeds one utterance: the engine runs at once and its events go out before anything is
   * written; the promise settles once the utterance and the events are stored and published, so
   * an ack means a resume elsewhere would find them.
   */
  async utterance(
    tenantId: string,
    callId: string,
    u: LiveUtterance,
    receivedAt = performance.now(),
  ): Promise<{ duplicate: boolean; events: GuidanceEvent[] }> {
    const entry = await this.entry(tenantId, callId);
    if (entry.inflight >= this.queueLimit)
      throw liveError('LIVE.SLOW_DOWN', `call has ${entry.inflight} utterances in flight; slow down`);
    entry.inflight++;
    try {
      const events = entry.session.push(u);
      if (this.o.onDelivered) for (const e of events) this.causedAt.set(e.id, receivedAt);
      entry.lastOffsetMs = Math.max(entry.lastOffsetMs, u.endMs ?? u.offsetMs);
      entry.lastWall = Date.now();
      const tail = this.broadcast({
        o: this.instanceId,
        t: 'utterance',
        tenantId,
        call: entry.ref,
        u: { ...u, text: u.text.slice(0, 1000) },
      });
      const out = this.emit(entry, events);
      const [stored] = await Promise.all([
        this.o.live.appendUtterance(tenantId, callId, u, this.clock().toISOString()),
        tail,
        out,
      ]);
      return { duplicate: !stored, events };
    } finally {
      entry.inflight--;
    }
  }

  async end(tenantId: string, callId: string, offsetMs?: number, endedAt?: string): Promise<GuidanceEvent[]> {
    const entry = await this.entry(tenantId, callId);
    const events = entry.session.end(offsetMs ?? entry.lastOffsetMs);
    await this.emit(entry, events);
    const at = endedAt ?? this.clock().toISOString();
    await Promise.all(
      [...entry.open.values()].map((e) => this.outcome(tenantId, callId, e.id, 'expired', 'engine', at)),
    );
    await this.o.live.endCall(tenantId, callId, at);
    this.calls.delete(key(tenantId, callId));
    await this.broadcast({ o: this.instanceId, t: 'call', tenantId, call: entry.ref, state: 'ended' });
    return events;
  }

  // ---- screens report back ----

  /** The agent's screen: shown / dismissed / muted. Dismiss and mute reach the session wherever it runs. */
  async agentOutcome(
    tenantId: string,
    call: LiveCall,
    eventId: string,
    outcome: 'shown' | 'dismissed' | 'muted',
    actor: string,
  ): Promise<void> {
    if (outcome !== 'shown') {
      const review = await this.o.live.review(tenantId, call.callId);
      const prompt = review?.prompts.find((p) => p.event.id === eventId);
      if (!prompt) throw liveError('STORE.NOT_FOUND', 'live prompt not found');
      if (prompt.event.severity === 'safety')
        throw liveError('LIVE.SAFETY_PROMPT', `eventId: safety prompts cannot be ${outcome}`);
      await this.broadcast({
        o: this.instanceId,
        t: 'control',
        tenantId,
        call: refOf(call),
        op: outcome === 'dismissed' ? 'dismiss' : 'mute',
        eventId,
      });
    }
    await this.outcome(tenantId, call.callId, eventId, outcome, actor, this.clock().toISOString());
  }

  async supervisorAction(
    tenantId: string,
    call: LiveCall,
    input: {
      eventId?: string | undefined;
      action: LiveSupervisorAction['action'];
      routedTo?: string | undefined;
      note?: string | undefined;
    },
    actor: string,
  ): Promise<LiveSupervisorAction> {
    const action: LiveSupervisorAction = {
      id: randomUUID(),
      callId: call.callId,
      eventId: input.eventId ?? null,
      action: input.action,
      actor,
      at: this.clock().toISOString(),
      routedTo: input.routedTo ?? null,
      note: input.note ?? null,
    };
    await this.o.live.recordAction(tenantId, action);
    // The note stays in the store: it may quote the caller, and screens need not see it (fan-out
    // payloads are encrypted by serve's EncryptedFanout, but a hub may run on a bare one).
    await this.broadcast({
      o: this.instanceId,
      t: 'action',
      tenantId,
      call: refOf(call),
      action: { ...action, note: null },
    });
    return action;
  }

  // ---- prompts out ----

  subscribeAgent(tenantId: string, callId: string, sub: LiveSubscriber): () => void {
    return this.add(this.agents, key(tenantId, callId), sub);
  }

  subscribeBoard(tenantId: string, sub: LiveSubscriber): () => void {
    return this.add(this.boards, tenantId, sub);
  }

  /**
   * The agent prompts open right now in this instance's session of the call (none if another
   * instance runs it). Read at once after subscribing: a prompt open then but closed before the
   * store snapshot is read would otherwise reach the screen only as its clear.
   */
  openPrompts(tenantId: string, callId: string): GuidanceEvent[] {
    return [...(this.calls.get(key(tenantId, callId))?.open.values() ?? [])];
  }

  /** What a screen that (re)connects is sent first: the call's open prompts and its clears. */
  async agentSnapshot(tenantId: string, callId: string): Promise<GuidanceEvent[]> {
    const review = await this.o.live.review(tenantId, callId);
    if (!review) return [];
    const closed = closedPrompts(review.prompts);
    // Open prompts, and every clear: a screen that reconnects may still show a prompt that was
    // cleared while it was away, and the clear is what takes that card down.
    return review.prompts
      .map((p) => p.event)
      .filter((e) => e.audience === 'agent' && (e.kind === 'clear' || !closed.has(e.id)));
  }

  /** The board on (re)connect: calls in progress the supervisor may see, open risks, actions, transcript tail. */
  async boardSnapshot(
    tenantId: string,
    actor: Actor,
    tailSize = 8,
  ): Promise<
    { call: LiveCall; open: GuidanceEvent[]; actions: LiveSupervisorAction[]; tail: LiveUtterance[] }[]
  > {
    const calls = (await this.o.live.openCalls(tenantId)).filter((c) =>
      boardAllows(actor, tenantId, refOf(c)),
    );
    return Promise.all(
      calls.map(async (call) => {
        const review = await this.o.live.review(tenantId, call.callId);
        const cleared = new Set(
          (review?.prompts ?? []).flatMap((p) => (p.event.clears ? [p.event.clears] : [])),
        );
        const acted = new Set(
          (review?.actions ?? []).flatMap((a) => (a.eventId && a.action !== 'listened' ? [a.eventId] : [])),
        );
        const open = (review?.prompts ?? [])
          .map((p) => p.event)
          .filter(
            (e) =>
              e.kind !== 'clear' && !cleared.has(e.id) && !(e.audience === 'supervisor' && acted.has(e.id)),
          );
        const utterances = await this.o.live.utterances(tenantId, call.callId);
        return {
          call,
          open,
          actions: (review?.actions ?? []).map((a) => ({ ...a, note: null })),
          tail: utterances.slice(-tailSize),
        };
      }),
    );
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.o.fanout.close();
  }

  // ---- inside ----

  private add(map: Map<string, Set<LiveSubscriber>>, k: string, sub: LiveSubscriber): () => void {
    let set = map.get(k);
    if (!set) map.set(k, (set = new Set()));
    set.add(sub);
    return () => {
      set.delete(sub);
      if (set.size === 0 && map.get(k) === set) map.delete(k);
    };
  }

  /** The call's session on this instance, built (and replayed from the store) on first use. */
  private entry(tenantId: string, callId: string): Promise<CallEntry> {
    const k = key(tenantId, callId);
    const have = this.calls.get(k);
    if (have) return Promise.resolve(have);
    let p = this.loading.get(k);
    if (!p) {
      p = this.load(tenantId, callId).finally(() => this.loading.delete(k));
      this.loading.set(k, p);
    }
    return p;
  }

  private async load(tenantId: string, callId: string): Promise<CallEntry> {
    const call = await this.o.live.getCall(tenantId, callId);
    if (!call) throw liveError('LIVE.CALL_NOT_STARTED', 'callId: no such call; send a start message first');
    if (call.endedAt) throw liveError('LIVE.CALL_ENDED', 'callId: the call has ended');
    const session = await this.o.sessions({
      tenantId,
      callId,
      callDate: call.startedAt.slice(0, 10),
      playbookId: call.playbookId,
      queue: call.queue,
    });
    const entry: CallEntry = {
      tenantId,
      call,
      ref: refOf(call),
      session,
      lastOffsetMs: 0,
      lastWall: Date.now(),
      inflight: 0,
      open: new Map(),
    };
    // Resume: the same utterances give the same events with the same ids; dismissals and mutes
    // the agent made are applied again after them.
    const stored = await this.o.live.utterances(tenantId, callId);
    const replayed: GuidanceEvent[] = [];
    for (const u of stored) {
      replayed.push(...session.push(u));
      entry.lastOffsetMs = Math.max(entry.lastOffsetMs, u.endMs ?? u.offsetMs);
    }
    const prompts = (await this.o.live.review(tenantId, callId))?.prompts ?? [];
    // A timer prompt fired between utterances (by an instance now gone) moved the call's clock past
    // the last utterance: the clock goes on from there, so the same timers fire with the same ids.
    const clock = prompts.reduce((m, p) => Math.max(m, p.event.at.offsetMs), 0);
    if (clock > entry.lastOffsetMs) {
      replayed.push(...session.tick(clock));
      entry.lastOffsetMs = clock;
    }
    for (const p of prompts) {
      for (const o of p.outcomes) {
        if (o.outcome === 'dismissed') replayed.push(...session.dismiss(p.event.id));
        if (o.outcome === 'muted') replayed.push(...session.mute(p.event.kind));
      }
    }
    // What the store holds and the replay did not give again: an instance stored it and may have
    // died before publishing it, so screens connected elsewhere never had it. Published again
    // (screens drop ids they have), as a reconnecting screen's snapshot would give it.
    const again = new Set(replayed.map((e) => e.id));
    const closed = closedPrompts(prompts);
    const owed = prompts
      .map((p) => p.event)
      .filter((e) => !again.has(e.id) && (e.kind === 'clear' || !closed.has(e.id)));
    const k = key(tenantId, callId);
    const raced = this.calls.get(k);
    if (raced) return raced;
    this.calls.set(k, entry);
    for (const e of owed) if (e.kind !== 'clear' && e.audience === 'agent') entry.open.set(e.id, e);
    await Promise.all([
      this.emit(entry, replayed),
      ...owed.map((event) =>
        this.broadcast({ o: this.instanceId, t: 'event', tenantId, call: entry.ref, event }),
      ),
    ]);
    return entry;
  }

  /** Delivers here at once, then publishes and stores; the first failure is the caller's. */
  private async emit(entry: CallEntry, events: readonly GuidanceEvent[]): Promise<void> {
    if (events.length === 0) return;
    const now = this.clock().toISOString();
    const work: Promise<unknown>[] = [];
    for (const event of events) {
      if (event.kind === 'clear' && event.clears) {
        const cleared = entry.open.get(event.clears);
        entry.open.delete(event.clears);
        // Followed = the agent did the thing within the prompt's window (the engine's clock).
        if (
          cleared?.followWithinSec !== undefined &&
          event.at.offsetMs - cleared.at.offsetMs <= cleared.followWithinSec * 1000
        )
          work.push(this.outcome(entry.tenantId, entry.call.callId, cleared.id, 'followed', 'engine', now));
      } else if (event.audience === 'agent') {
        entry.open.set(event.id, event);
      }
      const m: FanoutMessage = {
        o: this.instanceId,
        t: 'event',
        tenantId: entry.tenantId,
        call: entry.ref,
        event,
      };
      // Screens here get it at once; other instances only once it is stored, so that an instance
      // killed in between leaves it in the store, where a resume (see `load`) and every
      // reconnecting screen's snapshot find it. Delivered here again once stored: a screen that
      // connected in between read a snapshot without it.
      this.deliver(m);
      work.push(
        this.o.live.recordEvent(entry.tenantId, event, now).then(() => {
          this.deliver(m);
          return this.o.fanout.publish(JSON.stringify(m));
        }),
      );
    }
    await Promise.all(work);
  }

  private async outcome(
    tenantId: string,
    callId: string,
    eventId: string,
    outcome: 'shown' | 'followed' | 'dismissed' | 'muted' | 'expired',
    actor: string,
    at: string,
  ): Promise<void> {
    // A prompt stored by no one yet (both in one batch, written concurrently) loses its outcome
    // rather than failing the utterance; the review still shows the clear.
    await this.o.live.recordOutcome(tenantId, callId, eventId, outcome, actor, at).catch((err: unknown) => {
      if ((err as { code?: string }).code !== 'STORE.NOT_FOUND') throw err;
    });
  }

  /** Local delivery first (no round trip for screens on this instance), then the other instances. */
  private async broadcast(m: FanoutMessage): Promise<void> {
    this.deliver(m);
    await this.o.fanout.publish(JSON.stringify(m));
  }

  private fromFanout(raw: string): void {
    let m: FanoutMessage;
    try {
      m = JSON.parse(raw) as FanoutMessage;
    } catch {
      this.o.onError?.('LIVE.FANOUT_MALFORMED');
      return;
    }
    if (m.o === this.instanceId) return;
    if (m.t === 'control') {
      const entry = this.calls.get(key(m.tenantId, m.call.callId));
      if (entry) {
        const events = m.op === 'dismiss' ? entry.session.dismiss(m.eventId) : this.muteFor(entry, m.eventId);
        this.emit(entry, events).catch(() => this.o.onError?.('LIVE.EMIT_FAILED'));
      }
      return;
    }
    if (m.t === 'call' && m.state === 'ended') this.calls.delete(key(m.tenantId, m.call.callId));
    this.deliver(m);
  }

  private muteFor(entry: CallEntry, eventId: string): GuidanceEvent[] {
    const e = entry.open.get(eventId);
    return e ? entry.session.mute(e.kind) : [];
  }

  private deliver(m: FanoutMessage): void {
    if (m.t === 'control') {
      // The instance that published it may hold the session too.
      const entry = this.calls.get(key(m.tenantId, m.call.callId));
      if (entry) {
        const events = m.op === 'dismiss' ? entry.session.dismiss(m.eventId) : this.muteFor(entry, m.eventId);
        this.emit(entry, events).catch(() => this.o.onError?.('LIVE.EMIT_FAILED'));
      }
      return;
    }
    const id =
      m.t === 'event'
        ? m.event.id
        : m.t === 'utterance'
          ? `u:${m.call.callId}:${m.u.id}`
          : m.t === 'call'
            ? `c:${m.call.callId}:${m.state}`
            : `a:${m.action.id}`;
    const data =
      m.t === 'event'
        ? m.event
        : m.t === 'utterance'
          ? { callId: m.call.callId, ...m.u }
          : m.t === 'call'
            ? { ...m.call, state: m.state }
            : m.action;
    const toAgent =
      (m.t === 'event' && m.event.audience === 'agent') ||
      m.t === 'action' ||
      (m.t === 'call' && m.state === 'ended');
    if (toAgent) this.send(this.agents.get(key(m.tenantId, m.call.callId)), m.t, id, data, m.call);
    this.send(this.boards.get(m.tenantId), m.t, id, data, m.call);
  }

  private send(
    subs: Set<LiveSubscriber> | undefined,
    type: string,
    id: string,
    data: unknown,
    call: CallRef,
  ): void {
    if (!subs) return;
    for (const s of subs) {
      if (s.seen.has(id) || (s.allows && !s.allows(call))) continue;
      s.seen.add(id);
      s.send(type, id, data);
      const t0 = this.o.onDelivered ? this.causedAt.get(id) : undefined;
      if (t0 !== undefined) {
        this.causedAt.delete(id);
        this.o.onDelivered!(performance.now() - t0);
      }
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const [k, entry] of this.calls) {
      if (now - entry.lastWall > this.idleMs) {
        this.calls.delete(k);
        continue;
      }
      const events = entry.session.tick(entry.lastOffsetMs + (now - entry.lastWall));
      if (events.length) this.emit(entry, events).catch(() => this.o.onError?.('LIVE.EMIT_FAILED'));
    }
  }
}

/** Prompts taken down: cleared, or dismissed, muted, followed or expired. */
function closedPrompts(
  prompts: readonly { event: GuidanceEvent; outcomes: readonly { outcome: string }[] }[],
): Set<string> {
  const closed = new Set<string>();
  for (const p of prompts) {
    if (p.event.clears) closed.add(p.event.clears);
    if (p.outcomes.some((o) => o.outcome !== 'shown')) closed.add(p.event.id);
  }
  return closed;
}

export function refOf(call: LiveCall): CallRef {
  return { callId: call.callId, agentId: call.agentId, teamId: call.teamId };
}

/** A board shows a call, its prompts and its transcript tail to whoever may read the call's transcript. */
export function boardAllows(actor: Actor, tenantId: string, call: CallRef): boolean {
  return decideAccess(actor, 'read', {
    type: 'transcript',
    tenantId,
    ownerAgentIds: [call.agentId],
    teamId: call.teamId,
  }).allowed;
}

/** An agent's live mode shows a call's prompts to whoever may read the interaction. */
export function agentAllows(actor: Actor, tenantId: string, call: CallRef): boolean {
  return decideAccess(actor, 'read', {
    type: 'interaction',
    tenantId,
    ownerAgentIds: [call.agentId],
    teamId: call.teamId,
  }).allowed;
}
