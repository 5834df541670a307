import { detectEscalations, type EscalationModel } from '../escalation';
import type { Escalation } from '../model/escalation';
import { pendingJudgeFinding } from '../judge/resolve';
import type { Evidence, Finding, FindingStatus, Scorecard } from '../model/scorecard';
import type { Transcript } from '../model/transcript';
import { mergeActHits, resolveActModel } from './act-hits';
import type { ActTagger } from './acts-port';
import type { CompiledPlaybook } from './compile';
import { clausesOf, type Clause } from '../text/analyzer';
import { PURPOSE_OPENERS } from '../text/lexicon';
import { analyzeTranscript, findHits, type AnalyzedTranscript, type Hit } from './match';
import type { Anchor, Condition, Criterion, Expectation, Raised, Rule, SpeakerSelector } from './schema';

/** Utterances below this ASR confidence are a "low-confidence stretch". */
export const LOW_CONFIDENCE = 0.6;
const QUOTE_MAX = 240;

export interface EvaluateOptions {
  interactionId: string;
  /** YYYY-MM-DD; selects effective-dated criterion versions. */
  callDate?: string | undefined;
  /** YYYY-MM-DD used when the call date is unknown. */
  today?: string | undefined;
  scoredAt?: string | undefined;
  /** Tags dialogue acts for rules that use `act:`; defaults to the model attached at compile time. */
  actModel?: ActTagger | undefined;
  /**
   * Escalations raised on the call, for `raised` conditions (emergency response). When absent and
   * the playbook asks, they are detected here.
   */
  escalations?: readonly Escalation[] | undefined;
  /** Decides escalations detected here; defaults to the model attached at compile time. */
  escalationModel?: EscalationModel | undefined;
}

const ESCALATION_WORDS: Record<string, string> = {
  medical_emergency: 'medical emergency',
  mental_health_crisis: 'mental-health crisis',
  abusive_caller: 'abuse or threats',
};

/** Why an expectation failed, phrased for a coaching note ("At 2:34, <what>."). */
export interface Failure {
  what: string;
  atUtterance: number | null;
  atMs: number | null;
}

/**
 * Why each missed criterion was missed, by criterion id: the moment and words its coaching note is
 * written from. Kept beside the scorecard, not in it, so the scorecard is stored as it is.
 */
export type FindingExplanations = Readonly<Record<string, Failure>>;

/** A scorecard (storable as is) and the explanations of its misses. */
export interface Evaluation {
  scorecard: Scorecard;
  explanations: FindingExplanations;
}

/** A finding while the engine works on it: its failure is split off when the scorecard is made. */
interface EvaluatedFinding extends Finding {
  failure?: Failure;
}

interface Outcome {
  ok: boolean;
  evidence: Evidence[];
  explanation: string;
  failure?: Failure;
  coverage: number;
  /** Utterance range that was searched, for the low-confidence check. */
  searched?: { lo: number; hi: number; speaker: SpeakerSelector };
}

interface Context {
  at: AnalyzedTranscript;
  cp: CompiledPlaybook;
  hits: Hit[][];
  met: Map<string, { utterance: number } | null>;
  escalations: readonly Escalation[];
}

export function formatClock(ms: number | null): string {
  if (ms === null) return 'an unknown time';
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function speakerOk(ctx: Context, u: number, sel: SpeakerSelector): boolean {
  if (sel === 'any') return true;
  const s = ctx.at.utterances[u]!.speaker;
  // Mono audio with no channel roles: the words count for either side, never guessed as one.
  return s === sel || s === 'unknown';
}

/**
 * Topic hits a topic's `unless` rules out: a phrase hit of the topic in an utterance where the
 * `unless` words start at or before it, in the same clause ("can I get your name and date of
 * birth to pull up the physical?": the record named is the request's purpose); or where the
 * topic stands in a purpose clause ("to look up your coverage, …", "…, so I can check your
 * refill": PURPOSE_OPENERS) of the same sentence as the `unless` words, before or after them.
 * Words of the topic said before the request in a clause of their own, or in another sentence
 * ("your biopsy came back benign, and can I get your date of birth?"), still count, and so does a
 * learned act (it read the whole turn). Undefined when the topic has no `unless`.
 */
function unlessRuledOut(ctx: Context, ref: object): ((h: Hit) => boolean) | undefined {
  const unless = (ref as { unless?: object }).unless;
  if (!unless) return undefined;
  const m = ctx.cp.matcherOf.get(unless);
  if (m === undefined) return undefined;
  const need = ((unless as { with?: object[] }).with ?? []).map((w) => utterancesSaying(ctx, w));
  const byUtterance = new Map<number, number[]>();
  for (const h of ctx.hits[m]!) {
    if (!h.negated && Number.isFinite(h.pos) && need.every((s) => s.has(h.utterance))) {
      const at = byUtterance.get(h.utterance);
      if (at) at.push(h.pos);
      else byUtterance.set(h.utterance, [h.pos]);
    }
  }
  const ta = ctx.at.text;
  const sameClause = (u: number, from: number, pos: number): boolean => {
    if (from > pos) return false;
    const be = ta.breakStart[u + 1]!;
    for (let j = ta.breakStart[u]!; j < be; j++) {
      const b = ta.breakPos[j]!;
      if (b > from && b <= pos) return false;
    }
    return true;
  };
  const clauses = new Map<number, Clause[]>();
  const inPurposeClause = (u: number, froms: number[], pos: number): boolean => {
    let cs = clauses.get(u);
    if (!cs) clauses.set(u, (cs = clausesOf(ctx.at.utterances[u]!.text)));
    const c = cs.find((x) => x.from <= pos && pos < x.to);
    if (!c || !PURPOSE_OPENERS.some((o) => opens(c.words, o))) return false;
    return froms.some((f) => cs.some((x) => x.sentence === c.sentence && x.from <= f && f < x.to));
  };
  return (h) => {
    const froms = byUtterance.get(h.utterance);
    if (froms === undefined || !Number.isFinite(h.pos)) return false;
    return froms.some((f) => sameClause(h.utterance, f, h.pos)) || inPurposeClause(h.utterance, froms, h.pos);
  };
}

/** Whether `words` open with `opener`, after an optional "just" ("just so I can see your …"). */
function opens(words: readonly string[], opener: readonly string[]): boolean {
  const at = words[0] === 'just' ? 1 : 0;
  return opener.every((w, i) => words[at + i] === w);
}

/**
 * Utterances where a `with` / `without` entry is said: not negated, or either way when
 * `anyPolarity` (the `with` words of a denial stand inside the negation that makes it one).
 */
function utterancesSaying(ctx: Context, ref: object, anyPolarity = false): Set<number> {
  const m = ctx.cp.matcherOf.get(ref);
  const out = new Set<number>();
  if (m === undefined) return out;
  for (const h of ctx.hits[m]!) if (anyPolarity || !h.negated) out.add(h.utterance);
  return out;
}

/**
 * Hits a topic's `unless`, `with` and `without` rule out (schema: `Unless`, `CoOccurrence`).
 * Undefined when it has none of them (the common, fast case).
 */
function ruledOut(ctx: Context, ref: object): ((h: Hit) => boolean) | undefined {
  const r = ref as { with?: object[]; without?: object[]; negated?: boolean };
  const unless = unlessRuledOut(ctx, ref);
  if (!r.with && !r.without) return unless;
  // A denial's `with` words are read whether or not its negation reaches them: in "not every
  // plan sold where you live is on our list" the one "not" denies the plans and also stands
  // within reach of "where you live", which is still said.
  const denial = r.negated === true;
  const need = (r.with ?? []).map((w) => utterancesSaying(ctx, w, denial));
  const avoid = (r.without ?? []).map((w) => utterancesSaying(ctx, w));
  return (h) =>
    (unless !== undefined && unless(h)) ||
    need.some((s) => !s.has(h.utterance)) ||
    avoid.some((s) => s.has(h.utterance));
}

/**
 * How one hit of a topic, anchor, part or expectation is read: speaker, negation (a part marked
 * `negated` is a denial: only its negated mentions count), `unless`, `with` and `without`. The one
 * reading of a rule part, shared by scoring and the live session (`RuleReading` below). `out` is
 * the ref's `ruledOut`, built once per list scanned.
 */
function counted(
  ctx: Context,
  ref: object,
  out: ((h: Hit) => boolean) | undefined,
  speaker: SpeakerSelector,
  includeNegated: boolean,
  h: Hit,
): boolean {
  const denial = (ref as { negated?: boolean }).negated === true;
  return (
    (denial ? h.negated : includeNegated || !h.negated) &&
    speakerOk(ctx, h.utterance, speaker) &&
    !(out && out(h))
  );
}

function occurrences(ctx: Context, ref: object, speaker: SpeakerSelector, includeNegated = false): Hit[] {
  const m = ctx.cp.matcherOf.get(ref);
  if (m === undefined) return [];
  const out = ruledOut(ctx, ref);
  return ctx.hits[m]!.filter((h) => counted(ctx, ref, out, speaker, includeNegated, h));
}

/** First occurrence satisfying `ok`, without building the list (hot path: counted parts). */
function firstOccurrence(
  ctx: Context,
  ref: object,
  speaker: SpeakerSelector,
  includeNegated: boolean,
  ok: (h: Hit) => boolean,
): Hit | undefined {
  const m = ctx.cp.matcherOf.get(ref);
  if (m === undefined) return undefined;
  const out = ruledOut(ctx, ref);
  for (const h of ctx.hits[m]!) if (counted(ctx, ref, out, speaker, includeNegated, h) && ok(h)) return h;
  return undefined;
}

/** The hit of `ref` on utterance u that counts as the scorer reads it (at most one hit per utterance). */
function occurrenceAt(
  ctx: Context,
  ref: object,
  speaker: SpeakerSelector,
  includeNegated: boolean,
  u: number,
): Hit | undefined {
  const m = ctx.cp.matcherOf.get(ref);
  if (m === undefined) return undefined;
  const list = ctx.hits[m]!;
  // Hits are in utterance order: search from the end (the live session asks about the newest).
  let i = list.length - 1;
  while (i >= 0 && list[i]!.utterance > u) i--;
  const h = list[i];
  return h !== undefined &&
    h.utterance === u &&
    counted(ctx, ref, ruledOut(ctx, ref), speaker, includeNegated, h)
    ? h
    : undefined;
}

function labelOf(ctx: Context, ref: object, fallback = 'it'): string {
  const m = ctx.cp.matcherOf.get(ref);
  return m === undefined ? fallback : ctx.cp.matchers[m]!.label;
}

function evidence(ctx: Context, u: number, label?: string): Evidence {
  const utt = ctx.at.utterances[u]!;
  const text = utt.text.trim();
  const e: Evidence = {
    utterance: u,
    startMs: ctx.at.timesEstimated && utt.startMs === null ? null : ctx.at.startMs[u]!,
    speaker: utt.speaker,
    quote: text.length > QUOTE_MAX ? `${text.slice(0, QUOTE_MAX - 1)}…` : text,
  };
  if (label) e.label = label;
  return e;
}

function raisedTypes(r: Raised): string[] {
  return Array.isArray(r.type) ? r.type : [r.type];
}

function raisedWords(r: Raised): string {
  return raisedTypes(r)
    .map((t) => ESCALATION_WORDS[t] ?? t)
    .join(' or ');
}

/** First utterance where the condition holds, or -1. */
function conditionAt(ctx: Context, c: Condition): number {
  if ('said' in c) {
    const first = firstOccurrence(ctx, c.said, c.said.speaker, false, () => true);
    return first ? first.utterance : -1;
  }
  if ('raised' in c) {
    const types = raisedTypes(c.raised);
    let first = -1;
    for (const e of ctx.escalations) {
      if (types.includes(e.type) && (first < 0 || e.utterance < first)) first = e.utterance;
    }
    return first;
  }
  if ('any' in c) {
    const all = c.any.map((x) => conditionAt(ctx, x)).filter((u) => u >= 0);
    return all.length ? Math.min(...all) : -1;
  }
  if ('all' in c) {
    const all = c.all.map((x) => conditionAt(ctx, x));
    return all.some((u) => u < 0) ? -1 : Math.max(...all);
  }
  return conditionAt(ctx, c.not) >= 0 ? -1 : 0;
}

/**
 * The scorer's reading of rule parts over the hits found so far, for the live session
 * (core/src/live): it asks of the call so far what scoring asks of the whole call, through the
 * functions scoring itself uses (`counted`, `conditionAt`), so a rule part (speaker, negation,
 * `unless`, `with` / `without`, a `negated` part, a time window) is read in one place. The arrays
 * it is given may grow (the live session appends each utterance's hits); it reads them as they are.
 */
export interface RuleReading {
  /** The condition holds on the utterances so far (as `appliesWhen` or an expectation's `when`). */
  holds(c: Condition): boolean;
  /**
   * Utterance u makes the condition true: a `said` topic counted on u, an escalation raised on u;
   * `any` when one of its conditions does; `all` when all hold and one of them does on u; `not`
   * never (true from the start, it only guards an `all`).
   */
  occursAt(c: Condition, u: number): boolean;
  /**
   * Utterance u holds what the expectation asks for, as scoring reads it: its parts (any one of
   * them, each with its own speaker, negation and co-occurrence) or else its own words, inside its
   * `within` window. Order and `when` are not judged: they tie the expectation to one moment.
   */
  expectationAt(e: Expectation, u: number): boolean;
}

export function readRules(
  at: AnalyzedTranscript,
  cp: CompiledPlaybook,
  hits: Hit[][],
  escalations: readonly Escalation[],
): RuleReading {
  const ctx: Context = { at, cp, hits, met: new Map(), escalations };
  const occursAt = (c: Condition, u: number): boolean => {
    if ('said' in c) return occurrenceAt(ctx, c.said, c.said.speaker, false, u) !== undefined;
    if ('raised' in c) {
      const types = raisedTypes(c.raised);
      return ctx.escalations.some((e) => e.utterance === u && types.includes(e.type));
    }
    if ('any' in c) return c.any.some((x) => occursAt(x, u));
    if ('all' in c) return c.all.every((x) => conditionAt(ctx, x) >= 0) && c.all.some((x) => occursAt(x, u));
    if ('not' in c) return false;
    // A new condition kind must say here when it occurs (the type check fails until it does).
    const unread: never = c;
    return unread;
  };
  return {
    holds: (c) => conditionAt(ctx, c) >= 0,
    occursAt,
    expectationAt(e, u) {
      const t = ctx.at.startMs[u]!;
      if (e.within?.fromMs !== undefined && t < e.within.fromMs) return false;
      if (e.within?.toMs !== undefined && t > e.within.toMs) return false;
      const includeNeg = e.negation === 'include';
      const parts = e.allOf ?? e.count?.of;
      if (parts)
        return parts.some((p) => occurrenceAt(ctx, p, p.speaker ?? e.speaker, includeNeg, u) !== undefined);
      return occurrenceAt(ctx, e, e.speaker, includeNeg, u) !== undefined;
    },
  };
}

/** "the caller did not mention worry, pain or frustration" — for not_applicable explanations. */
function absentLabel(ctx: Context, c: Condition): string {
  if ('said' in c) {
    const who =
      c.said.speaker === 'customer' ? 'the caller' : c.said.speaker === 'agent' ? 'the agent' : 'nobody';
    return `${who} did not mention ${labelOf(ctx, c.said)}`;
  }
  if ('raised' in c) return `no ${raisedWords(c.raised)} was raised`;
  // None of the alternatives happened: say so of each (once: alternatives may read alike).
  if ('any' in c) return [...new Set(c.any.map((x) => absentLabel(ctx, x)))].join(' and ');
  // Of all the parts, say which did not hold; of a `not`, what happened instead.
  if ('all' in c) {
    const failed = c.all.filter((x) => conditionAt(ctx, x) < 0);
    if (failed.length > 0) return [...new Set(failed.map((x) => absentLabel(ctx, x)))].join(' and ');
  }
  if ('not' in c) return conditionLabel(ctx, c.not);
  return `${conditionLabel(ctx, c)} did not happen`;
}

function conditionLabel(ctx: Context, c: Condition): string {
  if ('said' in c) {
    const who = c.said.speaker === 'customer' ? 'the caller' : c.said.speaker === 'agent' ? 'you' : 'someone';
    return c.said.label ?? `${who} mentioned ${labelOf(ctx, c.said)}`;
  }
  if ('raised' in c) return c.raised.label ?? `the caller raised a ${raisedWords(c.raised)}`;
  if ('any' in c) return [...new Set(c.any.map((x) => conditionLabel(ctx, x)))].join(' or ');
  if ('all' in c) return c.all.map((x) => conditionLabel(ctx, x)).join(' and ');
  return `not (${conditionLabel(ctx, c.not)})`;
}

interface Bound {
  utterance: number;
  /** Word position in that utterance; matches of the same utterance are ordered by it. */
  pos: number;
  label: string;
}

function anchorAt(ctx: Context, a: Anchor, trigger: number): Bound | null | 'unmet' {
  // Trigger and criterion anchors cover their whole utterance (pos -1 / Infinity per side below).
  if (a.trigger) return { utterance: trigger, pos: Number.NaN, label: 'that' };
  if (a.criterion) {
    const m = ctx.met.get(a.criterion);
    if (!m) return 'unmet';
    const title = ctx.cp.playbook.criteria.find((c) => c.id === a.criterion)?.title ?? a.criterion;
    return { utterance: m.utterance, pos: Number.NaN, label: title.toLowerCase() };
  }
  // The earliest occurrence of the anchor's own words or of any `or` alternative.
  let first: Hit | undefined;
  for (const t of [a, ...(a.or ?? [])]) {
    const h = occurrences(ctx, t, t.speaker)[0];
    if (
      h &&
      (!first || h.utterance < first.utterance || (h.utterance === first.utterance && h.pos < first.pos))
    )
      first = h;
  }
  // Name what was actually said first ("test results"), not the whole topic list.
  return first
    ? {
        utterance: first.utterance,
        pos: first.pos,
        label: first.label ?? ctx.cp.phrases[first.phrase]!.label,
      }
    : null;
}

function evaluateExpectation(ctx: Context, e: Expectation): Outcome {
  const n = ctx.at.utterances.length;
  const label = e.label ?? (e.intent || e.phrases || e.act ? labelOf(ctx, e) : 'expected statement');
  let trigger = -1;
  if (e.when) {
    trigger = conditionAt(ctx, e.when);
    if (trigger < 0)
      return {
        ok: true,
        evidence: [],
        explanation: `Not required: ${absentLabel(ctx, e.when)}.`,
        coverage: 1,
      };
  }
  let lo = 0;
  let hi = n - 1;
  let beforeBound: Bound | null = null;
  let afterBound: Bound | null = null;
  if (e.after) {
    const b = anchorAt(ctx, e.after, trigger);
    if (b === 'unmet' || b === null) {
      const what = e.after.criterion
        ? `the ${label} must follow "${e.after.criterion}", which was not met`
        : `the ${label} must follow ${labelOf(ctx, e.after)}, which never happened`;
      return {
        ok: false,
        evidence: [],
        explanation: `Missed: ${what}.`,
        failure: { what, atUtterance: null, atMs: null },
        coverage: 0,
      };
    }
    afterBound = b;
    lo = b.utterance + 1;
  }
  if (e.before) {
    const b = anchorAt(ctx, e.before, trigger);
    if (b !== null && b !== 'unmet') {
      beforeBound = b;
      hi = b.utterance - 1;
    }
  }
  const t0 = trigger >= 0 ? ctx.at.startMs[trigger]! : 0;
  const timeOk = (u: number): boolean => {
    const t = ctx.at.startMs[u]!;
    if (e.within?.fromMs !== undefined && t < e.within.fromMs) return false;
    if (e.within?.toMs !== undefined && t > e.within.toMs) return false;
    if (e.withinMsOfTrigger !== undefined && trigger >= 0 && t > t0 + e.withinMsOfTrigger) return false;
    if (e.withinTurnsOfTrigger !== undefined && trigger >= 0 && u > trigger + e.withinTurnsOfTrigger)
      return false;
    return true;
  };
  // A match in the anchor's own utterance counts when it comes before (after) the anchor's words.
  // Acts carry no word position: one in the anchor's own utterance is taken to be in order (an
  // agent turn that gives instructions and then asks for teach-back).
  const sameTurnOk = (h: Hit, b: Bound, after: boolean): boolean =>
    h.utterance === b.utterance &&
    (Number.isNaN(h.pos) ? true : Number.isNaN(b.pos) ? false : after ? h.pos > b.pos : h.pos < b.pos);
  const inRange = (h: Hit): boolean => {
    const u = h.utterance;
    const inUtterances =
      (u >= lo || (afterBound !== null && sameTurnOk(h, afterBound, true))) &&
      (u <= hi || (beforeBound !== null && sameTurnOk(h, beforeBound, false)));
    return inUtterances && timeOk(u);
  };
  const searched = { lo, hi, speaker: e.speaker };
  const includeNeg = e.negation === 'include';

  // Where the coaching note should point when the expectation failed.
  const failAt = (): { atUtterance: number | null; atMs: number | null; context: string } => {
    if (beforeBound) {
      return {
        atUtterance: beforeBound.utterance,
        atMs: ctx.at.startMs[beforeBound.utterance]!,
        context: `before you discussed ${beforeBound.label}`,
      };
    }
    if (e.within?.toMs !== undefined) {
      const secs = Math.round(e.within.toMs / 1000);
      return { atUtterance: null, atMs: e.within.toMs, context: `within the first ${secs} seconds` };
    }
    if (trigger >= 0) {
      return {
        atUtterance: trigger,
        atMs: ctx.at.startMs[trigger]!,
        context: `after ${conditionLabel(ctx, e.when!)}`,
      };
    }
    if (afterBound)
      return {
        atUtterance: afterBound.utterance,
        atMs: ctx.at.startMs[afterBound.utterance]!,
        context: `after ${afterBound.label}`,
      };
    const last = n - 1;
    return {
      atUtterance: last >= 0 ? last : null,
      atMs: last >= 0 ? ctx.at.startMs[last]! : 0,
      context: 'during the call',
    };
  };

  if (e.allOf || e.count) {
    // Parts sharing a label are alternatives for one item (asked by the agent or given by the caller).
    const byLabel = new Map<string, Hit | undefined>();
    for (const p of e.allOf ?? e.count!.of) {
      const hit = firstOccurrence(ctx, p, p.speaker ?? e.speaker, includeNeg, inRange);
      const prev = byLabel.get(p.label);
      byLabel.set(p.label, prev && (!hit || prev.utterance <= hit.utterance) ? prev : hit);
    }
    const parts = [...byLabel].map(([label, hit]) => ({ label, hit }));
    const found = parts.filter((p) => p.hit);
    const needed = e.count ? e.count.atLeast : parts.length;
    // One piece of evidence per utterance, naming every part it holds.
    const ev: Evidence[] = [];
    for (const p of found) {
      const same = ev.find((x) => x.utterance === p.hit!.utterance);
      if (same) same.label = `${same.label}; ${p.label}`;
      else ev.push(evidence(ctx, p.hit!.utterance, p.label));
    }
    const coverage = found.length ? found.reduce((s, p) => s + p.hit!.coverage, 0) / found.length : 0;
    if (found.length >= needed) {
      // Ways of saying one thing (every part labelled as the whole) read like a single expectation.
      const oneThing = found.every((p) => p.label === label);
      return {
        ok: true,
        evidence: ev,
        explanation: oneThing
          ? `${capitalize(label)} at ${formatClock(ctx.at.startMs[Math.min(...found.map((p) => p.hit!.utterance))]!)}.`
          : `${capitalize(label)}: ${found.map((p) => p.label).join(', ')}.`,
        coverage,
      };
    }
    const where = failAt();
    // "One of these ways of saying it" (count of 1, nothing said) reads like a single expectation.
    if (e.count?.atLeast === 1 && found.length === 0) {
      if (beforeBound) ev.push(evidence(ctx, beforeBound.utterance, 'anchor'));
      // Said, but outside the window or order: named as late, as for a single expectation.
      let late: Hit | undefined;
      for (const p of e.count.of) {
        const h = firstOccurrence(
          ctx,
          p,
          p.speaker ?? e.speaker,
          includeNeg,
          (x) => x.utterance >= lo && !inRange(x),
        );
        if (h && (!late || h.utterance < late.utterance)) late = h;
      }
      if (late) ev.push(evidence(ctx, late.utterance, `${label} (too late)`));
      const lateNote = late ? `; it came only at ${formatClock(ctx.at.startMs[late.utterance]!)}` : '';
      const what = beforeBound
        ? `you discussed ${beforeBound.label} before the ${label}${lateNote}`
        : trigger >= 0
          ? `${conditionLabel(ctx, e.when!)}, and there was no ${label} after it${lateNote}`
          : `there was no ${label} ${where.context}${lateNote}`;
      return {
        ok: false,
        evidence: ev,
        explanation: `Missed: no ${label} ${where.context}${lateNote}.`,
        failure: { what, atUtterance: where.atUtterance, atMs: where.atMs },
        coverage,
        searched,
      };
    }
    const missingParts = parts.filter((p) => !p.hit).map((p) => p.label);
    const have = found.map((p) => p.label).join(', ');
    const detail = e.count
      ? found.length === 0
        ? `none of the ${needed} required`
        : `only ${have}; ${needed} required`
      : `missing: ${missingParts.join(', ')}`;
    if (beforeBound) ev.push(evidence(ctx, beforeBound.utterance, 'anchor'));
    const what = beforeBound
      ? `you discussed ${beforeBound.label} before completing the ${label} (${detail})`
      : `the ${label} was incomplete ${where.context} (${detail})`;
    return {
      ok: false,
      evidence: ev,
      explanation: `Missed: ${capitalize(label)} ${where.context}: ${detail}.`,
      failure: { what, atUtterance: where.atUtterance, atMs: where.atMs },
      coverage,
      searched,
    };
  }

  const occ = occurrences(ctx, e, e.speaker, includeNeg);
  const hit = occ.find((h) => inRange(h));
  if (hit) {
    const ev = [evidence(ctx, hit.utterance, label)];
    return {
      ok: true,
      evidence: ev,
      explanation: `${capitalize(label)} at ${formatClock(ev[0]!.startMs)}.`,
      coverage: hit.coverage,
    };
  }
  const where = failAt();
  const late = occ.find((h) => h.utterance >= lo && !inRange(h));
  const ev: Evidence[] = [];
  if (late) ev.push(evidence(ctx, late.utterance, `${label} (too late)`));
  if (beforeBound) ev.push(evidence(ctx, beforeBound.utterance, 'anchor'));
  const lateNote = late ? `; it came only at ${formatClock(ctx.at.startMs[late.utterance]!)}` : '';
  const what = beforeBound
    ? `you discussed ${beforeBound.label} before the ${label}${lateNote}`
    : trigger >= 0
      ? `${conditionLabel(ctx, e.when!)}, and there was no ${label} after it`
      : `there was no ${label} ${where.context}${lateNote}`;
  return {
    ok: false,
    evidence: ev,
    explanation: `Missed: no ${label} ${where.context}${lateNote}.`,
    failure: { what, atUtterance: where.atUtterance, atMs: where.atMs },
    coverage: 0,
    searched,
  };
}

function evaluateForbid(ctx: Context, e: Expectation): Outcome {
  const label = e.label ?? labelOf(ctx, e);
  const occ = occurrences(ctx, e, e.speaker, e.negation === 'include').filter((h) => {
    const t = ctx.at.startMs[h.utterance]!;
    return (
      (e.within?.fromMs === undefined || t >= e.within.fromMs) &&
      (e.within?.toMs === undefined || t <= e.within.toMs)
    );
  });
  if (occ.length === 0) return { ok: true, evidence: [], explanation: `No ${label}.`, coverage: 1 };
  const first = occ[0]!;
  const ev = occ.map((h) => evidence(ctx, h.utterance, label));
  const who = e.speaker === 'customer' ? 'the caller' : 'you';
  return {
    ok: false,
    evidence: ev,
    explanation: `Missed: ${label} at ${occ.map((h) => formatClock(ctx.at.startMs[h.utterance]!)).join(', ')}.`,
    failure: {
      what: `${who} said something that counts as ${label}`,
      atUtterance: first.utterance,
      atMs: ctx.at.startMs[first.utterance]!,
    },
    coverage: first.coverage,
  };
}

function selectRule(c: Criterion, date: string | undefined): { rule: Rule; version?: string } {
  if (c.rule) return { rule: c.rule };
  const versions = c.versions!;
  const v =
    (date &&
      versions.find(
        (x) => (!x.effectiveFrom || x.effectiveFrom <= date) && (!x.effectiveTo || date < x.effectiveTo),
      )) ||
    // No date, or a date outside every version: the newest version applies.
    [...versions].sort((a, b) => (a.effectiveFrom ?? '').localeCompare(b.effectiveFrom ?? '')).at(-1)!;
  return { rule: v.rule, version: v.label ?? (v.effectiveFrom ? `from ${v.effectiveFrom}` : 'initial') };
}

function lowConfidenceIn(ctx: Context, range: { lo: number; hi: number; speaker: SpeakerSelector }): boolean {
  for (let u = Math.max(0, range.lo); u <= Math.min(range.hi, ctx.at.utterances.length - 1); u++) {
    const c = ctx.at.utterances[u]!.confidence;
    if (c !== undefined && c < LOW_CONFIDENCE && speakerOk(ctx, u, range.speaker)) return true;
  }
  return false;
}

/** Builds a finding with one fixed shape (hot path: thousands per second). */
function finding(
  c: Criterion,
  version: string | undefined,
  status: FindingStatus,
  confidence: number,
  evidence: Evidence[],
  explanation: string,
): EvaluatedFinding {
  const f: EvaluatedFinding = {
    criterionId: c.id,
    title: c.title,
    category: c.category,
    severity: c.severity,
    weight: c.weight,
    status,
    confidence,
    evidence,
    explanation,
  };
  if (version !== undefined) f.ruleVersion = version;
  return f;
}

function meanConfidence(ctx: Context, ev: Evidence[]): number {
  let sum = 0;
  let n = 0;
  for (const x of ev) {
    const conf = ctx.at.utterances[x.utterance]!.confidence;
    if (conf !== undefined) {
      sum += conf;
      n++;
    }
  }
  return n ? sum / n : 1;
}

function evaluateCriterion(
  ctx: Context,
  c: Criterion,
  date: string | undefined,
  assumeApplicable = false,
): EvaluatedFinding {
  // Plain-language criteria wait for the optional LLM judge (core/src/judge).
  if (c.judge) return pendingJudgeFinding(c);
  const { rule, version } = selectRule(c, date);
  if (rule.appliesWhen && !assumeApplicable && conditionAt(ctx, rule.appliesWhen) < 0) {
    ctx.met.set(c.id, null);
    return finding(
      c,
      version,
      'not_applicable',
      0.9,
      [],
      `Not applicable: ${absentLabel(ctx, rule.appliesWhen)}.`,
    );
  }
  const outcomes: Outcome[] = [];
  for (const e of rule.forbid ?? []) outcomes.push(evaluateForbid(ctx, e));
  for (const e of rule.require ?? []) outcomes.push(evaluateExpectation(ctx, e));
  const failed: Outcome[] = [];
  const evidenceAll: Evidence[] = [];
  let coverage = 0;
  for (const o of outcomes) {
    if (!o.ok) failed.push(o);
    for (const e of o.evidence) evidenceAll.push(e);
    coverage += o.coverage;
  }
  const meanCoverage = outcomes.length ? coverage / outcomes.length : 1;
  if (failed.length === 0) {
    let first = evidenceAll.length ? evidenceAll[0]!.utterance : 0;
    for (const e of evidenceAll) if (e.utterance < first) first = e.utterance;
    ctx.met.set(c.id, { utterance: first });
    // Several forbidden ways of saying one thing each say "No medical advice.": once is enough.
    const explanation =
      outcomes.length === 1
        ? outcomes[0]!.explanation
        : [...new Set(outcomes.map((o) => o.explanation))].join(' ');
    return finding(
      c,
      version,
      'met',
      round(Math.min(1, meanCoverage) * meanConfidence(ctx, evidenceAll)),
      evidenceAll,
      explanation,
    );
  }
  ctx.met.set(c.id, null);
  const f = failed[0]!;
  // Never fail a criterion only because the words may have been lost to poor recognition.
  const shaky = failed.every((o) =>
    o.searched
      ? lowConfidenceIn(ctx, o.searched)
      : o.evidence.length > 0 &&
        o.evidence.every((x) => (ctx.at.utterances[x.utterance]!.confidence ?? 1) < LOW_CONFIDENCE),
  );
  if (shaky) {
    const out = finding(
      c,
      version,
      'not_applicable',
      0.3,
      evidenceAll,
      `Needs human review: would be missed (${failed.map((o) => o.explanation.replace(/^Missed: /, '')).join(' ')}) but the transcript is low-confidence where it matters.`,
    );
    out.lowConfidence = true;
    return out;
  }
  const out = finding(
    c,
    version,
    'missed',
    round(0.9 * meanConfidence(ctx, f.evidence.length ? f.evidence : evidenceAll)),
    evidenceAll,
    failed.map((o) => o.explanation).join(' '),
  );
  if (f.failure) out.failure = f.failure;
  return out;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Scores an analyzed transcript against a compiled playbook. Pure and deterministic. */
export function evaluatePlaybook(
  at: AnalyzedTranscript,
  cp: CompiledPlaybook,
  opts: EvaluateOptions,
  transcript?: Transcript,
): Evaluation {
  return evaluateHits(at, cp, transcriptHits(at, cp, opts.actModel), opts, transcript);
}

/** Every matcher's hits on an analyzed transcript, as scoring reads them: phrase hits with learned acts merged in. */
export function transcriptHits(at: AnalyzedTranscript, cp: CompiledPlaybook, actModel?: ActTagger): Hit[][] {
  const hits = findHits(at, cp);
  mergeActHits(hits, at, cp, resolveActModel(cp, actModel));
  return hits;
}

/**
 * The scoring half of evaluatePlaybook, from hits already found: the live session (core/src/live)
 * finds each utterance's hits as it arrives and scores the call so far with exactly the rules
 * post-call scoring uses. `assumeApplicable` names criteria judged as if their `appliesWhen` held
 * ("are two identifiers verified yet?" before any PHI came up).
 */
export function evaluateHits(
  at: AnalyzedTranscript,
  cp: CompiledPlaybook,
  hits: Hit[][],
  opts: EvaluateOptions,
  transcript?: Transcript,
  assumeApplicable?: ReadonlySet<string>,
): Evaluation {
  const model = opts.escalationModel ?? cp.escalationModel;
  const escalations =
    opts.escalations ?? (cp.usesEscalations ? detectEscalations(at.utterances, { model }) : []);
  const ctx: Context = { at, cp, hits, met: new Map(), escalations };
  const date = opts.callDate ?? opts.today;
  const byId = new Map<string, EvaluatedFinding>();
  for (const c of cp.order) byId.set(c.id, evaluateCriterion(ctx, c, date, assumeApplicable?.has(c.id)));
  const explanations: Record<string, Failure> = {};
  const findings = cp.playbook.criteria.map((c): Finding => {
    const f = byId.get(c.id)!;
    if (f.failure === undefined) return f;
    const { failure, ...finding } = f;
    explanations[c.id] = failure;
    return finding;
  });
  let earned = 0;
  let possible = 0;
  for (const f of findings) {
    if (f.status === 'not_applicable') continue;
    possible += f.weight;
    if (f.status === 'met') earned += f.weight;
  }
  const reviewReasons = [...(transcript?.reviewReasons ?? [])];
  if (transcript?.needsReview && reviewReasons.length === 0)
    reviewReasons.push('transcript flagged for review');
  const shaky = findings.filter((f) => f.lowConfidence).map((f) => f.criterionId);
  if (shaky.length)
    reviewReasons.push(`low transcript confidence where these criteria are judged: ${shaky.join(', ')}`);
  const card: Scorecard = {
    interactionId: opts.interactionId,
    playbook: { id: cp.playbook.id, version: cp.playbook.version },
    score: possible === 0 ? 100 : Math.round((1000 * earned) / possible) / 10,
    compliant: findings.every((f) => f.category !== 'compliance' || f.status !== 'missed'),
    findings,
    needsReview: Boolean(transcript?.needsReview) || shaky.length > 0,
    reviewReasons,
  };
  if (opts.scoredAt) card.scoredAt = opts.scoredAt;
  return { scorecard: card, explanations };
}

/** The scorecard alone, for one-off scoring (tests, checks); scoreTranscript also gives notes. */
export function scorePlaybook(
  transcript: Transcript,
  cp: CompiledPlaybook,
  opts: EvaluateOptions,
): Scorecard {
  return evaluatePlaybook(analyzeTranscript(transcript), cp, opts, transcript).scorecard;
}
