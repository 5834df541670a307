import { Criterion, LivePrompt, type Playbook } from '../playbook/schema';
import { mantelHaenszel, type Table2x2 } from './stats';
import { DEFAULT_OBJECTIONS } from './text';
import type { MinedFinding, MiningCall, MiningResult, OutcomeOf } from './types';

/*
 * Turning findings into a playbook diff a supervisor can accept or reject item by item. Only
 * patterns that go with success become criteria or prompts; patterns that go with failure are
 * shown as findings only (a "don't say" rule needs a person to word it).
 */

/**
 * A live prompt proposal: when the caller raises the objection, show the agent what the top
 * performers said next. Accepted, it is published into the playbook's `live:` section as a
 * `moment_prompt` (core/src/live shows it during calls).
 */
export interface MomentPromptProposal {
  id: string;
  /** Customer phrasings that open the moment. */
  when: { speaker: 'customer'; phrases: string[] };
  /** What the top performers said next (de-identified). */
  say: string;
  kind: 'moment_prompt';
}

export interface RetireEvidence {
  criterionId: string;
  oddsRatio: number;
  ci: [number, number];
  p: number;
  calls: number;
}

export type SuggestionKind = 'add-criterion' | 'moment-prompt' | 'retire-criterion';

export interface Suggestion {
  /** Stable for the same pattern, call type and outcome, so a re-run does not duplicate it. */
  id: string;
  kind: SuggestionKind;
  callType: string | null;
  outcome: string;
  playbookId: string;
  title: string;
  /** "mined from N calls, effect OR 2.1 (95 % CI 1.6–2.8) on conversion" */
  note: string;
  calls: number;
  finding?: MinedFinding;
  retire?: RetireEvidence;
  criterion?: Criterion;
  prompt?: MomentPromptProposal;
}

export interface PlaybookDiff {
  playbookId: string;
  addCriteria: Suggestion[];
  retireCriteria: Suggestion[];
  /** Proposed live prompts (the playbook's `live:` section), with the top performers' wording. */
  proposedMomentPrompts: Suggestion[];
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function effectNote(calls: number, or: number, ci: [number, number], outcome: string): string {
  return `mined from ${calls} calls, effect OR ${fmt(or)} (95 % CI ${fmt(ci[0])}–${fmt(ci[1])}) on ${outcome}`;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 48) || 'pattern'
  );
}

/** FNV-1a, for short stable ids (no crypto in core). */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Example sentences usable as phrasings: no placeholder left by the redactor, not too long. */
function wordings(f: MinedFinding): string[] {
  const out = new Set<string>();
  if (f.phrase) out.add(f.phrase);
  for (const e of f.examples) {
    const agentPart = e.quote.includes(' → ') ? e.quote.split(' → ')[1]! : e.quote;
    const clean = agentPart.replace(/[.!?]+$/, '').trim();
    if (!clean.includes('[') && clean.split(/\s+/).length <= 25) out.add(clean.toLowerCase());
  }
  return [...out].slice(0, 4);
}

export interface SuggestOptions {
  playbookId: string;
  /** The playbook the diff is against: existing criterion ids are not reused. */
  playbook?: Playbook;
  objections?: Readonly<Record<string, readonly string[]>>;
}

/** Criteria and prompt proposals from one mining result's `helps` findings. */
export function suggestFromFindings(result: MiningResult, opts: SuggestOptions): Suggestion[] {
  const out: Suggestion[] = [];
  const lexicon = opts.objections ?? DEFAULT_OBJECTIONS;
  const taken = new Set(opts.playbook?.criteria.map((c) => c.id) ?? []);
  const idFor = (base: string) => {
    let id = `mined-${slug(base)}`;
    for (let n = 2; taken.has(id); n++) id = `mined-${slug(base)}-${n}`;
    taken.add(id);
    return id;
  };
  for (const f of result.findings) {
    if (f.direction !== 'helps') continue;
    const note = effectNote(f.calls, f.effect.oddsRatio, f.effect.ci, result.outcome);
    const base = {
      callType: result.callType,
      outcome: result.outcome,
      playbookId: opts.playbookId,
      note,
      calls: f.calls,
      finding: f,
    };
    const tip = `Top performers: ${f.label}. ${note}.`;
    let criterion: Criterion | undefined;
    if (f.kind === 'phrase')
      criterion = {
        id: idFor(f.phrase!),
        title: `Says "${f.phrase}"`,
        category: 'adherence',
        severity: 'low',
        weight: 1,
        tip,
        rule: { require: [{ speaker: 'agent', phrases: wordings(f), negation: 'exclude' }] },
      };
    else if (f.kind === 'act')
      criterion = {
        id: idFor(f.act!),
        title: `Agent ${f.act}`,
        category: 'adherence',
        severity: 'low',
        weight: 1,
        tip,
        rule: { require: [{ speaker: 'agent', act: f.act!, negation: 'exclude' }] },
      };
    else if (f.kind === 'act-order')
      criterion = {
        id: idFor(`${f.first}-before-${f.second}`),
        title: `${f.first} before ${f.second}`,
        category: 'adherence',
        severity: 'low',
        weight: 1,
        tip,
        rule: {
          appliesWhen: { said: { act: f.second!, speaker: 'agent' } },
          require: [
            {
              speaker: 'agent',
              act: f.first!,
              before: { act: f.second!, speaker: 'agent' },
              negation: 'exclude',
            },
          ],
        },
      };
    else if (f.kind === 'objection-response') {
      const triggers = [...(lexicon[f.objection!] ?? [f.objection!])];
      criterion = {
        id: idFor(`${f.objection}-response-${f.phrase}`),
        title: `Answers a ${f.objection} objection with "${f.phrase}"`,
        category: 'adherence',
        severity: 'low',
        weight: 1,
        tip,
        rule: {
          appliesWhen: { said: { phrases: triggers, speaker: 'customer' } },
          require: [
            {
              speaker: 'agent',
              phrases: wordings(f),
              when: { said: { phrases: triggers, speaker: 'customer' } },
              withinTurnsOfTrigger: 2,
              negation: 'exclude',
            },
          ],
        },
      };
      const say = wordings(f).sort((a, b) => b.length - a.length)[0] ?? f.phrase!;
      out.push({
        ...base,
        id: `sug-${hash(`prompt|${result.callType}|${result.outcome}|${f.key}`)}`,
        kind: 'moment-prompt',
        title: `Prompt on a ${f.objection} objection: "${say}"`,
        prompt: {
          id: `mined-prompt-${slug(`${f.objection}-${f.phrase}`)}`,
          kind: 'moment_prompt',
          when: { speaker: 'customer', phrases: triggers },
          say,
        },
      });
    }
    if (criterion)
      out.push({
        ...base,
        id: `sug-${hash(`criterion|${result.callType}|${result.outcome}|${f.key}`)}`,
        kind: 'add-criterion',
        title: `New criterion: ${criterion.title}`,
        // Parsing proves the proposal is a valid criterion before anyone reviews it.
        criterion: Criterion.parse(criterion),
      });
  }
  return out;
}

export interface RetireOptions {
  playbookId: string;
  outcome: OutcomeOf;
  outcomeName: string;
  minCalls?: number;
  /** The odds-ratio band that counts as "no difference" (default 1/1.5 .. 1.5). */
  band?: [number, number];
  stratum?: (c: MiningCall) => string;
}

/**
 * Criteria that no longer separate good from bad calls: with enough calls met and missed, the
 * whole 95 % interval of the odds ratio lies inside the no-difference band. A non-significant
 * result alone is not enough (that may just be too few calls). Compliance criteria are never
 * proposed: they are kept because the rules require them, whatever the outcome.
 */
export function suggestRetirements(calls: readonly MiningCall[], opts: RetireOptions): Suggestion[] {
  const minCalls = opts.minCalls ?? 30;
  const [lo, hi] = opts.band ?? [1 / 1.5, 1.5];
  const stratumOf = opts.stratum ?? ((c: MiningCall) => c.queue ?? 'unknown');
  const ids = new Set<string>();
  const categories = new Map<string, string>();
  for (const c of calls) {
    for (const id of Object.keys(c.criteria ?? {})) ids.add(id);
    for (const [id, cat] of Object.entries(c.criterionCategories ?? {})) categories.set(id, cat);
  }
  const out: Suggestion[] = [];
  for (const id of [...ids].sort()) {
    if (categories.get(id) === 'compliance') continue;
    const tables = new Map<string, Table2x2>();
    let met = 0;
    let missed = 0;
    for (const c of calls) {
      const status = c.criteria?.[id];
      const o = opts.outcome(c);
      if (o === undefined || (status !== 'met' && status !== 'missed')) continue;
      const k = stratumOf(c);
      const t = tables.get(k) ?? { a: 0, b: 0, c: 0, d: 0 };
      tables.set(k, t);
      if (status === 'met') met++;
      else missed++;
      if (status === 'met' && o) t.a++;
      else if (status === 'met') t.b++;
      else if (o) t.c++;
      else t.d++;
    }
    if (met < minCalls || missed < minCalls) continue;
    const eff = mantelHaenszel([...tables.values()]);
    if (!(eff.ci[0] >= lo && eff.ci[1] <= hi)) continue;
    const n = met + missed;
    const note = `mined from ${n} calls, effect OR ${fmt(eff.oddsRatio)} (95 % CI ${fmt(eff.ci[0])}–${fmt(eff.ci[1])}) on ${opts.outcomeName}: no longer separates good from other calls`;
    out.push({
      id: `sug-${hash(`retire|${opts.outcomeName}|${id}`)}`,
      kind: 'retire-criterion',
      callType: calls[0]?.callType ?? null,
      outcome: opts.outcomeName,
      playbookId: opts.playbookId,
      title: `Retire criterion ${id}`,
      note,
      calls: n,
      retire: { criterionId: id, oddsRatio: eff.oddsRatio, ci: eff.ci, p: eff.p, calls: n },
    });
  }
  return out;
}

export function playbookDiff(playbookId: string, suggestions: readonly Suggestion[]): PlaybookDiff {
  const mine = suggestions.filter((s) => s.playbookId === playbookId);
  return {
    playbookId,
    addCriteria: mine.filter((s) => s.kind === 'add-criterion'),
    retireCriteria: mine.filter((s) => s.kind === 'retire-criterion'),
    proposedMomentPrompts: mine.filter((s) => s.kind === 'moment-prompt'),
  };
}

/** The `live:` entry an accepted moment-prompt suggestion becomes. */
export function livePromptOf(s: Suggestion): LivePrompt | null {
  if (s.kind !== 'moment-prompt' || !s.prompt) return null;
  const p = s.prompt;
  // Parsing proves the entry is valid playbook syntax before it is published.
  return LivePrompt.parse({
    id: p.id,
    kind: 'moment_prompt',
    title: s.title.slice(0, 200),
    text: p.say,
    when: { said: { phrases: p.when.phrases, speaker: 'customer' } },
    followedWhen: { said: { phrases: [p.say], speaker: 'agent' } },
  });
}

/**
 * The playbook with the accepted changes applied (criteria added or retired, moment prompts added
 * to its `live:` section) and the change note for the new version.
 */
export function applySuggestions(
  playbook: Playbook,
  accepted: readonly Suggestion[],
): { playbook: Playbook; note: string } {
  const criteria = [...playbook.criteria];
  const live = [...(playbook.live ?? [])];
  const notes: string[] = [];
  for (const s of accepted) {
    const prompt = livePromptOf(s);
    if (prompt && !live.some((p) => p.id === prompt.id)) {
      live.push(prompt);
      notes.push(`live prompt ${prompt.id} added (${s.note})`);
    }
    if (s.kind === 'add-criterion' && s.criterion && !criteria.some((c) => c.id === s.criterion!.id)) {
      criteria.push(s.criterion);
      notes.push(`${s.criterion.id} added (${s.note})`);
    }
    if (s.kind === 'retire-criterion' && s.retire) {
      const i = criteria.findIndex((c) => c.id === s.retire!.criterionId);
      // A playbook must keep at least one criterion.
      if (i >= 0 && criteria.length > 1) {
        criteria.splice(i, 1);
        notes.push(`${s.retire.criterionId} retired (${s.note})`);
      }
    }
  }
  const note = notes.length > 0 ? notes.join('; ').slice(0, 2000) : 'no change';
  return { playbook: { ...playbook, criteria, ...(live.length > 0 ? { live } : {}) }, note };
}
