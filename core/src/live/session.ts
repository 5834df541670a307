import { TeachbackError } from '../errors';
import { createEscalationMonitor, type EscalationModel, type EscalationMonitor } from '../escalation';
import type { Escalation, EscalationType } from '../model/escalation';
import type { Finding } from '../model/scorecard';
import type { Utterance } from '../model/transcript';
import { newTextAnalysis } from '../text/analyzer';
import { actHitsOfUtterance } from '../playbook/act-hits';
import type { ActTagger, ActTagLike } from '../playbook/acts-port';
import type { CompiledPlaybook } from '../playbook/compile';
import { evaluateHits, readRules } from '../playbook/evaluate';
import { analyzeTranscript, findHits, type AnalyzedTranscript, type Hit } from '../playbook/match';
import type { Condition, LivePrompt, LivePromptKind } from '../playbook/schema';
import type { GuidanceEvent, GuidanceKind, GuidanceSeverity, LiveUtterance, PromptOutcome } from './types';

/** How the engine keeps prompts few (issue 16: overload is what agents hate about assist tools). */
export interface LivePolicy {
  /** Seconds after a prompt of a kind is shown before another of that kind may show. */
  cooldownSec: Partial<Record<GuidanceKind, number>>;
  /** Default follow-up window per kind, seconds (a prompt's own `followWithinSec` wins). */
  followWithinSec: Partial<Record<GuidanceKind, number>>;
  /** Prompts waiting behind the open one; the lowest-ranked is dropped past this. */
  maxQueued: number;
  /** A queued prompt older than this is no longer relevant and is dropped. */
  queueTtlSec: number;
}

export const DEFAULT_LIVE_POLICY: LivePolicy = {
  cooldownSec: {
    compliance_due: 0,
    order_guard: 30,
    moment_prompt: 60,
    teach_back_reminder: 90,
    empathy_prompt: 90,
  },
  followWithinSec: {
    compliance_due: 60,
    order_guard: 60,
    moment_prompt: 60,
    teach_back_reminder: 45,
    empathy_prompt: 30,
    protocol_card: 60,
  },
  maxQueued: 3,
  queueTtlSec: 30,
};

export interface LiveSessionOptions {
  callId: string;
  /** Compiled with config's `compileForScoring` (act and escalation models attached). */
  playbook: CompiledPlaybook;
  /** YYYY-MM-DD: selects effective-dated prompts and criterion versions, as scoring does. */
  callDate?: string | undefined;
  /** Defaults to the model attached to the playbook. */
  actModel?: ActTagger | undefined;
  /** Defaults to the model attached to the playbook. */
  escalationModel?: EscalationModel | undefined;
  policy?: Partial<LivePolicy> | undefined;
}

/** What happened to one prompt shown to the agent, for measuring usefulness. */
export interface PromptRecord {
  eventId: string;
  ruleId: string;
  kind: GuidanceKind;
  severity: GuidanceSeverity;
  shownAtMs: number;
  /** `shown` while open; then followed / dismissed / muted / expired. */
  outcome: PromptOutcome;
  resolvedAtMs?: number;
}

export interface LiveSessionState {
  utterances: number;
  /** Call clock: the latest offset seen (utterance or tick). */
  offsetMs: number;
  /** Distinct identifiers confirmed or given so far (name, date of birth, member ID, ...). */
  verifiedIdentifiers: string[];
  /** Compliance criteria met so far (recording disclosure, TPMO disclaimer, ...). */
  disclosuresGiven: string[];
  /** Dialogue acts tagged so far. */
  actsSeen: string[];
  escalations: EscalationType[];
  /** Open prompts: at most one non-safety, plus any safety cards. */
  open: string[];
  queued: string[];
  muted: GuidanceKind[];
  /** Kinds cooling down, with the call offset (ms) until which no other prompt of the kind shows. */
  coolingUntil: Partial<Record<GuidanceKind, number>>;
}

/** One input of a session, as stored for replay (server side keeps them in arrival order). */
export type LiveInput =
  | { type: 'utterance'; utterance: LiveUtterance }
  | { type: 'tick'; offsetMs: number }
  | { type: 'dismiss'; eventId: string }
  | { type: 'mute'; kind: GuidanceKind }
  | { type: 'end'; offsetMs?: number | undefined };

export interface LiveSession {
  readonly callId: string;
  /** Feeds the next finished utterance; returns the events it caused (usually none). A repeated id is ignored. */
  push(u: LiveUtterance): GuidanceEvent[];
  /** Advances the call clock without speech: timing rules ("disclosure not given 30 s in") and expiry. */
  tick(offsetMs: number): GuidanceEvent[];
  /** The agent dismissed a non-safety prompt. Safety prompts cannot be dismissed (returns []). */
  dismiss(eventId: string): GuidanceEvent[];
  /** No more prompts of this kind for the call (never protocol cards or supervisor alerts). */
  mute(kind: GuidanceKind): GuidanceEvent[];
  /** The call ended: open prompts expire. */
  end(offsetMs?: number): GuidanceEvent[];
  apply(input: LiveInput): GuidanceEvent[];
  /** Every event emitted so far, in order. */
  events(): readonly GuidanceEvent[];
  outcomes(): PromptRecord[];
  state(): LiveSessionState;
  /** The call so far scored exactly as post-call scoring scores it (same rules, same hits). */
  findings(): Finding[];
}

const RANK: Record<GuidanceSeverity, number> = { info: 0, warning: 1, critical: 2, safety: 3 };

const DEFAULT_SEVERITY: Record<LivePromptKind, GuidanceSeverity> = {
  protocol_card: 'safety',
  order_guard: 'critical',
  compliance_due: 'warning',
  moment_prompt: 'info',
  teach_back_reminder: 'info',
  empathy_prompt: 'info',
};

/** Acts tag an utterance from its own words and the previous turn's; a third back settles carried tags. */
const ACT_WINDOW = 3;

const IDENTIFIER_ACTS = new Set(['identifier-confirm', 'identifier-provide']);

const EMERGENCY_TYPES: readonly EscalationType[] = ['medical_emergency', 'mental_health_crisis'];

interface Prompt {
  event: GuidanceEvent;
  rule: LivePrompt | undefined;
  /** Utterance index of the trigger (-1 for timing rules before any speech). */
  triggerIndex: number;
  triggerMs: number;
  shownAtMs?: number;
  shownIndex?: number;
  record?: PromptRecord;
  /**
   * A protocol card raised after its criterion was already met (a second emergency on the call):
   * the criterion, which judges the first one, cannot tell when this one is answered, so the
   * agent's emergency instruction or crisis hand-off after the card does.
   */
  byResponse?: boolean;
}

function inEffect(
  p: { effectiveFrom?: string | undefined; effectiveTo?: string | undefined },
  date?: string,
): boolean {
  if (!date) return true;
  if (p.effectiveFrom && date < p.effectiveFrom) return false;
  if (p.effectiveTo && date >= p.effectiveTo) return false;
  return true;
}

/**
 * A live guidance session for one call: pure and incremental. Each utterance is matched against
 * the playbook's intents and acts once, appended to the call's hits, and the call so far is scored
 * with the post-call rules; live prompts fire on their `when` conditions and timing, and clear
 * when the criterion they serve is met. Event ids come from the call id, the rule and the
 * triggering utterance id, so replaying the same inputs emits the same ids.
 */
export function createLiveSession(options: LiveSessionOptions): LiveSession {
  const cp = options.playbook;
  const callId = options.callId;
  const date = options.callDate;
  const policy: LivePolicy = {
    ...DEFAULT_LIVE_POLICY,
    ...options.policy,
    cooldownSec: { ...DEFAULT_LIVE_POLICY.cooldownSec, ...options.policy?.cooldownSec },
    followWithinSec: { ...DEFAULT_LIVE_POLICY.followWithinSec, ...options.policy?.followWithinSec },
  };
  const actModel = options.actModel ?? cp.actModel;
  if (cp.usesActs && !actModel) {
    throw new TeachbackError(
      'LIVE.NO_ACT_MODEL',
      `playbook ${cp.playbook.id}: its rules use learned acts, so a live session needs an act model`,
      { details: { field: 'actModel' } },
    );
  }
  const escalationModel = options.escalationModel ?? cp.escalationModel;
  const monitor: EscalationMonitor = createEscalationMonitor(
    escalationModel ? { model: escalationModel } : {},
  );
  const rules = (cp.playbook.live ?? []).filter((p) => inEffect(p, date));
  const linked = new Set(rules.flatMap((r) => (r.criterion ? [r.criterion] : [])));
  const declaredProtocol = new Set(
    rules.filter((r) => r.kind === 'protocol_card').flatMap((r) => (r.when ? raisedIn(r.when) : [])),
  );

  // The call so far, shaped as the scorer reads it.
  const utterances: Utterance[] = [];
  const startMs: number[] = [];
  const at: AnalyzedTranscript = {
    utterances,
    // Scoring reads utterances, times, hits and clause breaks; the rest of the word analysis is
    // made per utterance for matching and not kept.
    text: newTextAnalysis(0),
    startMs,
    timesEstimated: false,
  };
  const hits: Hit[][] = cp.matchers.map(() => []);
  const escalations: Escalation[] = [];
  const seenIds = new Set<string>();
  const actsSeen = new Set<string>();
  const identifiers = new Set<string>();
  const emitted: GuidanceEvent[] = [];
  const records: PromptRecord[] = [];
  const muted = new Set<GuidanceKind>();
  const lastShownOfKind = new Map<GuidanceKind, number>();
  const lastShownOfRule = new Map<string, number>();
  const firedOnce = new Set<string>();
  let open: Prompt | undefined;
  const safetyOpen: Prompt[] = [];
  const queue: Prompt[] = [];
  const byId = new Map<string, Prompt>();
  let nowMs = 0;
  let ended = false;
  // Requirements met so far, per linked criterion; recomputed on demand after a new hit or
  // escalation (most utterances change nothing a prompt is waiting on).
  let requirementsMet = new Set<string>();
  let dirty = false;
  // Timing rules whose criterion was met by their deadline: nothing left to check.
  const settled = new Set<string>();

  const actTags: ActTagLike[][] = [];
  // Matchers of the identifier intents (id-dob, id-member, ...), for the verified-identifier count.
  const identifierMatchers: Array<[number, string]> = [];
  for (const m of cp.matchers) {
    const id = m.intents.find((n) => n.startsWith('id-'));
    if (id) identifierMatchers.push([m.id, identifierOf(id)]);
  }

  // Conditions, topics and expectations are read by the scorer's own reading of rule parts
  // (speaker, negation, `unless`, `with` / `without`, `negated` parts, windows) over the hits so
  // far: a prompt mid-call is what scoring concludes on the call up to that utterance.
  const reading = readRules(at, cp, hits, escalations);

  /** The condition became true because of utterance u (u's words or an escalation raised on u). */
  function firesAt(c: Condition, u: number): boolean {
    return reading.occursAt(c, u);
  }

  function met(criterion: string): boolean {
    if (dirty) {
      dirty = false;
      recompute();
    }
    return requirementsMet.has(criterion);
  }

  function recompute(): void {
    if (linked.size === 0) return;
    const { scorecard } = evaluateHits(
      at,
      cp,
      hits,
      { interactionId: callId, callDate: date, escalations, actModel, escalationModel },
      undefined,
      linked,
    );
    const met = new Set<string>();
    for (const f of scorecard.findings)
      if (linked.has(f.criterionId) && f.status === 'met') met.add(f.criterionId);
    requirementsMet = met;
  }

  function severityOf(rule: LivePrompt): GuidanceSeverity {
    return rule.severity ?? DEFAULT_SEVERITY[rule.kind];
  }

  function rank(p: Prompt): number {
    return RANK[p.event.severity] * 1000 + (p.rule?.priority ?? 0);
  }

  function followWithin(kind: GuidanceKind, rule?: LivePrompt): number | undefined {
    return rule?.followWithinSec ?? policy.followWithinSec[kind];
  }

  function show(p: Prompt, out: GuidanceEvent[]): void {
    p.shownAtMs = nowMs;
    p.shownIndex = utterances.length - 1;
    const rec: PromptRecord = {
      eventId: p.event.id,
      ruleId: p.event.ruleId,
      kind: p.event.kind,
      severity: p.event.severity,
      shownAtMs: nowMs,
      outcome: 'shown',
    };
    p.record = rec;
    records.push(rec);
    if (p.event.audience === 'agent') {
      lastShownOfKind.set(p.event.kind, nowMs);
      lastShownOfRule.set(p.event.ruleId, nowMs);
    }
    emit(p.event, out);
  }

  function emit(e: GuidanceEvent, out: GuidanceEvent[]): void {
    emitted.push(e);
    out.push(e);
  }

  type Reason = NonNullable<GuidanceEvent['reason']>;

  function close(
    p: Prompt,
    outcome: PromptOutcome,
    reason: Reason,
    out: GuidanceEvent[],
    atId: string,
  ): void {
    if (p.record) {
      p.record.outcome = outcome;
      p.record.resolvedAtMs = nowMs;
    }
    if (open === p) open = undefined;
    const si = safetyOpen.indexOf(p);
    if (si >= 0) safetyOpen.splice(si, 1);
    emit(
      {
        id: `${p.event.id}:clear`,
        callId,
        kind: 'clear',
        severity: 'info',
        ruleId: p.event.ruleId,
        audience: p.event.audience,
        title: reason === 'done' ? `Done: ${p.event.title}` : p.event.title,
        text: CLEAR_TEXT[reason],
        at: { utteranceId: atId, offsetMs: nowMs },
        clears: p.event.id,
        reason,
      },
      out,
    );
  }

  function coolingDown(kind: GuidanceKind, ruleId: string, rule: LivePrompt | undefined): boolean {
    const cool = (rule?.cooldownSec ?? policy.cooldownSec[kind] ?? 0) * 1000;
    if (cool <= 0) return false;
    const lastKind = lastShownOfKind.get(kind);
    const lastRule = lastShownOfRule.get(ruleId);
    return (
      (lastKind !== undefined && nowMs - lastKind < cool) ||
      (lastRule !== undefined && nowMs - lastRule < cool)
    );
  }

  function stillRelevant(p: Prompt): boolean {
    if (muted.has(p.event.kind)) return false;
    if (p.rule?.criterion && met(p.rule.criterion)) return false;
    // Two of a kind queued together: the second waits out the first one's cool-down, i.e. is dropped.
    if (coolingDown(p.event.kind, p.event.ruleId, p.rule)) return false;
    return nowMs - p.triggerMs <= policy.queueTtlSec * 1000;
  }

  function fillSlot(out: GuidanceEvent[]): void {
    while (!open && safetyOpen.length === 0 && queue.length > 0) {
      const next = queue.shift()!;
      if (stillRelevant(next)) {
        open = next;
        show(next, out);
      }
    }
  }

  function offer(p: Prompt, out: GuidanceEvent[]): void {
    byId.set(p.event.id, p);
    if (p.event.severity === 'safety') {
      // During an emergency the protocol card is the only thing the agent should be reading.
      if (open) close(open, 'expired', 'superseded', out, p.event.at.utteranceId);
      safetyOpen.push(p);
      show(p, out);
      return;
    }
    if (safetyOpen.length > 0) {
      enqueue(p);
      return;
    }
    if (!open) {
      open = p;
      show(p, out);
      return;
    }
    if (rank(p) > rank(open)) {
      // The more urgent prompt takes the one slot; the displaced one is dropped, not re-shown
      // later under the same id (screens dedupe by id).
      close(open, 'expired', 'superseded', out, p.event.at.utteranceId);
      open = p;
      show(p, out);
      return;
    }
    enqueue(p);
  }

  function enqueue(p: Prompt): void {
    queue.push(p);
    queue.sort((a, b) => rank(b) - rank(a) || a.triggerMs - b.triggerMs);
    if (queue.length > policy.maxQueued) queue.pop();
  }

  function busy(ruleId: string): boolean {
    if (open?.event.ruleId === ruleId) return true;
    return queue.some((q) => q.event.ruleId === ruleId) || safetyOpen.some((q) => q.event.ruleId === ruleId);
  }

  function tryFire(rule: LivePrompt, triggerIndex: number, triggerId: string, out: GuidanceEvent[]): void {
    const severity = severityOf(rule);
    const safety = severity === 'safety';
    if (busy(rule.id) || settled.has(rule.id)) return;
    if (rule.kind === 'compliance_due' && firedOnce.has(rule.id)) return;
    // A safety card always shows: a criterion met by an earlier emergency says nothing of this one.
    const byResponse = safety && rule.criterion !== undefined && met(rule.criterion);
    if (rule.criterion && !safety && met(rule.criterion)) {
      if (rule.afterMs !== undefined && !rule.when) settled.add(rule.id);
      return;
    }
    if (!safety) {
      if (muted.has(rule.kind)) return;
      if (coolingDown(rule.kind, rule.id, rule)) return;
    }
    firedOnce.add(rule.id);
    // A timing rule's moment is its deadline, however the clock got there (tick or speech).
    const offsetMs = triggerId === `tick:${rule.afterMs}` ? rule.afterMs! : startMs[triggerIndex]!;
    const event: GuidanceEvent = {
      id: `${callId}:${rule.id}:${triggerId}`,
      callId,
      kind: rule.kind,
      severity,
      ruleId: rule.id,
      audience: 'agent',
      title: rule.title,
      text: rule.text,
      at: { utteranceId: triggerId, offsetMs },
    };
    const follow = followWithin(rule.kind, rule);
    if (follow !== undefined) event.followWithinSec = follow;
    offer({ event, rule, triggerIndex, triggerMs: offsetMs, ...(byResponse ? { byResponse } : {}) }, out);
  }

  function escalationEvents(e: Escalation, triggerId: string, out: GuidanceEvent[]): void {
    const tip = cp.playbook.escalationTips[e.type];
    const emergency = EMERGENCY_TYPES.includes(e.type);
    const ruleId = `escalation-${e.type.replace(/_/g, '-')}`;
    emit(
      {
        id: `${callId}:${ruleId}:${triggerId}:supervisor`,
        callId,
        kind: 'supervisor_alert',
        severity: emergency ? 'safety' : e.severity === 'moderate' ? 'info' : 'warning',
        ruleId,
        audience: 'supervisor',
        title: `${ESCALATION_TITLE[e.type]} (${e.severity})`,
        // The signal names the condition, not the caller's words: the board shows the transcript
        // tail to those allowed to see it.
        text: `${ESCALATION_TITLE[e.type]} detected${e.signal ? ` (${e.signal.replace(/-/g, ' ')})` : ''}. ${tip ?? ''}`.trim(),
        at: { utteranceId: triggerId, offsetMs: e.startMs ?? nowMs },
      },
      out,
    );
    // Without a declared protocol card the playbook's escalation tip is the card.
    if (emergency && !declaredProtocol.has(e.type) && tip) {
      const card: GuidanceEvent = {
        id: `${callId}:${ruleId}:${triggerId}`,
        callId,
        kind: 'protocol_card',
        severity: 'safety',
        ruleId,
        audience: 'agent',
        title: ESCALATION_TITLE[e.type],
        text: tip,
        at: { utteranceId: triggerId, offsetMs: e.startMs ?? nowMs },
      };
      const follow = policy.followWithinSec.protocol_card;
      if (follow !== undefined) card.followWithinSec = follow;
      offer({ event: card, rule: undefined, triggerIndex: e.utterance, triggerMs: e.startMs ?? nowMs }, out);
    }
  }

  function expire(out: GuidanceEvent[], atId: string): void {
    const all = open ? [open, ...safetyOpen] : [...safetyOpen];
    for (const p of all) {
      // Safety cards stay until the agent does the thing or the call ends.
      if (p.event.severity === 'safety' || p.shownAtMs === undefined) continue;
      const within = p.event.followWithinSec;
      if (within !== undefined && nowMs - p.shownAtMs > within * 1000)
        close(p, 'expired', 'expired', out, atId);
    }
    fillSlot(out);
  }

  function timing(out: GuidanceEvent[]): void {
    for (const r of rules) {
      if (r.afterMs === undefined || r.when || nowMs < r.afterMs) continue;
      tryFire(r, utterances.length - 1, `tick:${r.afterMs}`, out);
    }
  }

  function resolveDone(u: number, atId: string, out: GuidanceEvent[]): void {
    const all = open ? [open, ...safetyOpen] : [...safetyOpen];
    for (const p of all) {
      const after = p.shownIndex === undefined || u > p.shownIndex;
      if (!after && (!p.rule?.criterion || p.byResponse)) continue;
      const done = p.byResponse
        ? answersCriterion(p.rule!.criterion!, u)
        : p.rule?.criterion
          ? met(p.rule.criterion)
          : p.rule?.followedWhen
            ? firesAt(p.rule.followedWhen, u)
            : p.rule === undefined && emergencyAnswered(u);
      if (done) close(p, 'followed', 'done', out, atId);
    }
    // A queued prompt whose criterion got met meanwhile has nothing left to ask.
    for (let i = queue.length - 1; i >= 0; i--) {
      const c = queue[i]!.rule?.criterion;
      if (c && met(c)) queue.splice(i, 1);
    }
    fillSlot(out);
  }

  /** Utterance u holds what the criterion requires (any of its required expectations, as scoring reads it). */
  function answersCriterion(criterion: string, u: number): boolean {
    const c = cp.playbook.criteria.find((x) => x.id === criterion);
    const rules = c?.rule
      ? [c.rule]
      : (c?.versions ?? []).filter((v) => inEffect(v, date)).map((v) => v.rule);
    for (const r of rules) {
      for (const e of r.require ?? []) {
        if (reading.expectationAt(e, u)) return true;
      }
    }
    return false;
  }

  /** A default protocol card is followed when the agent gives an emergency instruction or crisis hand-off. */
  function emergencyAnswered(u: number): boolean {
    if (utterances[u]!.speaker === 'customer') return false;
    return (actTags[u] ?? []).some((t) => t.act === 'emergency-instruction' || t.act === 'crisis-routing');
  }

  function advance(offsetMs: number): void {
    if (offsetMs > nowMs) nowMs = offsetMs;
  }

  function push(lu: LiveUtterance): GuidanceEvent[] {
    if (ended || seenIds.has(lu.id)) return [];
    seenIds.add(lu.id);
    const out: GuidanceEvent[] = [];
    const u = utterances.length;
    const utt: Utterance = {
      speaker: lu.speaker,
      startMs: lu.offsetMs,
      endMs: lu.endMs ?? null,
      text: lu.text,
    };
    utterances.push(utt);
    startMs.push(lu.offsetMs);
    advance(lu.offsetMs);

    // Phrase hits of this utterance alone: matching never looks across utterances.
    let changed = false;
    const alone = analyzeTranscript({ utterances: [utt] });
    // Clause breaks are kept: scoring reads a topic's `unless` within one clause.
    for (const b of alone.text.breakPos) at.text.breakPos.push(b);
    at.text.breakStart.push(at.text.breakPos.length);
    const own = findHits(alone, cp);
    own.forEach((list, m) => {
      for (const h of list) {
        hits[m]!.push({ ...h, utterance: u });
        changed = true;
      }
    });
    if (actModel && cp.usesActs) {
      const from = Math.max(0, u - ACT_WINDOW + 1);
      const tagged = actModel.tagTranscript(utterances.slice(from));
      const tags = tagged[tagged.length - 1]?.acts ?? [];
      actTags[u] = [...tags];
      for (const t of tags) {
        actsSeen.add(t.act);
        if (IDENTIFIER_ACTS.has(t.act) && t.detail) identifiers.add(t.detail);
      }
      for (const { matcher, hit } of actHitsOfUtterance(cp, u, tags)) {
        const list = hits[matcher]!;
        // A phrase hit wins its utterance (it knows word position and negation).
        if (list[list.length - 1]?.utterance === u) continue;
        list.push(hit);
        changed = true;
      }
    }
    for (const [m, name] of identifierMatchers) {
      const last = hits[m]![hits[m]!.length - 1];
      if (last?.utterance === u && !last.negated) identifiers.add(name);
    }
    const raised = monitor.push(utt);
    for (const e of raised) escalations.push(e);
    if (changed || raised.length > 0) dirty = true;

    resolveDone(u, lu.id, out);
    expire(out, lu.id);
    for (const e of raised) escalationEvents(e, lu.id, out);
    // What is overdue comes before what this utterance triggers: a deadline outranks a moment.
    timing(out);
    for (const r of rules) {
      if (r.when && (r.afterMs === undefined || nowMs >= r.afterMs) && firesAt(r.when, u))
        tryFire(r, u, lu.id, out);
    }
    return out;
  }

  function tick(offsetMs: number): GuidanceEvent[] {
    if (ended) return [];
    advance(offsetMs);
    const out: GuidanceEvent[] = [];
    const atId = `tick:${offsetMs}`;
    expire(out, atId);
    timing(out);
    return out;
  }

  function dismiss(eventId: string): GuidanceEvent[] {
    const p = byId.get(eventId);
    if (!p || p.event.severity === 'safety') return [];
    const out: GuidanceEvent[] = [];
    if (open === p) {
      close(p, 'dismissed', 'dismissed', out, `dismiss:${eventId}`);
      fillSlot(out);
    } else {
      const qi = queue.indexOf(p);
      if (qi >= 0) queue.splice(qi, 1);
    }
    return out;
  }

  function mute(kind: GuidanceKind): GuidanceEvent[] {
    if (kind === 'protocol_card' || kind === 'supervisor_alert' || kind === 'clear') return [];
    if (muted.has(kind)) return [];
    muted.add(kind);
    const out: GuidanceEvent[] = [];
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.event.kind === kind) queue.splice(i, 1);
    if (open?.event.kind === kind) {
      close(open, 'muted', 'muted', out, `mute:${kind}`);
      fillSlot(out);
    }
    return out;
  }

  function end(offsetMs?: number): GuidanceEvent[] {
    if (ended) return [];
    if (offsetMs !== undefined) advance(offsetMs);
    const out: GuidanceEvent[] = [];
    queue.length = 0;
    const all = open ? [open, ...safetyOpen] : [...safetyOpen];
    for (const p of all) close(p, 'expired', 'call_ended', out, 'end');
    ended = true;
    return out;
  }

  return {
    callId,
    push,
    tick,
    dismiss,
    mute,
    end,
    apply(input: LiveInput): GuidanceEvent[] {
      switch (input.type) {
        case 'utterance':
          return push(input.utterance);
        case 'tick':
          return tick(input.offsetMs);
        case 'dismiss':
          return dismiss(input.eventId);
        case 'mute':
          return mute(input.kind);
        case 'end':
          return end(input.offsetMs);
      }
    },
    events: () => emitted,
    outcomes: () => records.map((r) => ({ ...r })),
    state: (): LiveSessionState => ({
      utterances: utterances.length,
      offsetMs: nowMs,
      verifiedIdentifiers: [...identifiers].sort(),
      disclosuresGiven: complianceMet(),
      actsSeen: [...actsSeen].sort(),
      escalations: [...new Set(escalations.map((e) => e.type))],
      open: [...(open ? [open] : []), ...safetyOpen].map((p) => p.event.id),
      queued: queue.map((p) => p.event.id),
      muted: [...muted],
      coolingUntil: coolingUntil(),
    }),
    findings: () => scoreSoFar(),
  };

  function coolingUntil(): Partial<Record<GuidanceKind, number>> {
    const out: Partial<Record<GuidanceKind, number>> = {};
    for (const [kind, at] of lastShownOfKind) {
      const until = at + (policy.cooldownSec[kind] ?? 0) * 1000;
      if (until > nowMs) out[kind] = until;
    }
    return out;
  }

  function scoreSoFar(): Finding[] {
    return evaluateHits(at, cp, hits, {
      interactionId: callId,
      callDate: date,
      escalations,
      actModel,
      escalationModel,
    }).scorecard.findings;
  }

  function complianceMet(): string[] {
    return scoreSoFar()
      .filter(
        (f) =>
          f.category === 'compliance' &&
          f.status === 'met' &&
          !cp.playbook.criteria.find((c) => c.id === f.criterionId)?.rule?.forbid,
      )
      .map((f) => f.criterionId);
  }
}

/** Rebuilds a session from its stored inputs; the events are exactly those first emitted (same ids). */
export function replayLiveSession(
  options: LiveSessionOptions,
  inputs: readonly LiveInput[],
): { session: LiveSession; events: GuidanceEvent[] } {
  const session = createLiveSession(options);
  const events: GuidanceEvent[] = [];
  for (const input of inputs) for (const e of session.apply(input)) events.push(e);
  return { session, events };
}

function raisedIn(c: Condition): string[] {
  if ('raised' in c) return Array.isArray(c.raised.type) ? c.raised.type : [c.raised.type];
  if ('any' in c) return c.any.flatMap(raisedIn);
  if ('all' in c) return c.all.flatMap(raisedIn);
  return [];
}

function identifierOf(intent: string): string {
  const name = intent.slice(3).replace(/-(ask|give)$/, '');
  return name === 'member' ? 'member-id' : name;
}

const ESCALATION_TITLE: Record<EscalationType, string> = {
  medical_emergency: 'Medical emergency',
  mental_health_crisis: 'Mental-health crisis',
  abusive_caller: 'Abusive caller',
};

const CLEAR_TEXT: Record<NonNullable<GuidanceEvent['reason']>, string> = {
  done: 'Done.',
  expired: 'No longer current.',
  superseded: 'Replaced by a more urgent prompt.',
  dismissed: 'Dismissed.',
  muted: 'Muted for this call.',
  call_ended: 'The call ended.',
};
