import { TeachbackError, fieldPath } from '../errors';
import { Vocabulary, isCommonForm, phraseForms } from '../text/analyzer';
import { ACT_NAMES, READER_TAGS } from '../acts/names';
import type { EscalationModel } from '../escalation';
import { ACT_LABELS, DETAIL_LABELS, type ActTagger } from './acts-port';
import {
  Playbook,
  type Anchor,
  type Condition,
  type Criterion,
  type Expectation,
  type PlaybookInput,
  type Rule,
} from './schema';

/** Most terms a phrase may have: matching tracks them in a 31-bit mask. */
const MAX_PHRASE_TERMS = 31;

export interface CompiledPhrase {
  matcher: number;
  /** Label of the intent the phrase came from (its description), for evidence. */
  label: string;
  termCount: number;
  /** Term ids in phrase order (bit i of a match mask = termIds[i]). */
  termIds: number[];
  /** Least number of terms a match holds (neededSpecific + neededCommon). */
  needed: number;
  /** Bit i set: termIds[i] is a specific (not very common) word. */
  specificMask: number;
  neededSpecific: number;
  neededCommon: number;
  hasNegation: boolean;
  /**
   * A phrase whose meaning rests on its negation ("i wouldn't worry about it", "don't eat"): the
   * term id of its negation (form `not`), -1 when it has none. Such a phrase matches only where
   * a negation cue governs one of its other words (match.ts).
   */
  negationTerm: number;
  text: string;
}

/** Learned acts a matcher also accepts. */
export interface ActSpec {
  acts: string[];
  /** Only tags with one of these details count; undefined = any. */
  detail?: string[] | undefined;
  /** Least score that counts; undefined = the model's own threshold (every tag it returns). */
  minScore?: number | undefined;
  /** How a matching tag reads in evidence. */
  label: string;
}

/** A set of phrasings searched as one thing: a named intent, inline phrases, learned acts, or a mix. */
export interface Matcher {
  id: number;
  /** Human label: intent description, intent name, the first phrase, or the act's description. */
  label: string;
  /** Intent names it was built from (for labelling evidence). */
  intents: string[];
  acts?: ActSpec | undefined;
}

export interface CompiledPlaybook {
  playbook: Playbook;
  /** The terms of this playbook's phrases, its own: sealed once compiled, shared with no other. */
  vocabulary: Vocabulary;
  matchers: Matcher[];
  phrases: CompiledPhrase[];
  /**
   * triggers[termId] = phrases to check when the term occurs. Each phrase is listed under its
   * (termCount - needed + 1) rarest terms: any match must contain at least one of them, so common
   * words ("you", "call") never make us look at every phrase that uses them.
   */
  triggers: number[][];
  /** Matcher id of each IntentRef object, keyed by identity. */
  matcherOf: WeakMap<object, number>;
  /** Criteria in evaluation order (dependencies first). */
  order: Criterion[];
  /** Some rule uses learned acts: scoring needs an act model. */
  usesActs: boolean;
  /** Some condition asks whether an escalation was raised. */
  usesEscalations: boolean;
  /** The act model used when the evaluate options give none (attached by whoever loads models). */
  actModel?: ActTagger | undefined;
  /** The escalation classifier used when the evaluate options give none (attached like actModel). */
  escalationModel?: EscalationModel | undefined;
}

export interface CompileOptions {
  actModel?: ActTagger | undefined;
}

/** Validates playbook input and returns the typed playbook, or throws PLAYBOOK.INVALID naming the field. */
export function parsePlaybook(input: unknown, source = 'playbook'): Playbook {
  const parsed = Playbook.safeParse(input);
  if (!parsed.success) {
    const issue = innermost(parsed.error.issues[0]!);
    throw new TeachbackError(
      'PLAYBOOK.INVALID',
      `${source}: ${describePath(input, issue.path)}: ${issue.message}`,
      {
        details: { field: fieldPath(issue.path), issues: parsed.error.issues.length },
      },
    );
  }
  return parsed.data;
}

interface IssueLike {
  code?: string;
  path: PropertyKey[];
  message: string;
  errors?: IssueLike[][];
}

/**
 * A condition is one of several shapes (`said`, `raised`, `any`, ...), so a mistake inside one
 * surfaces as "Invalid input" on the union. Report the branch that got furthest instead: the one
 * that recognized the key and failed deepest ("...raised.type: Invalid option ...").
 */
function innermost(issue: IssueLike): IssueLike {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  let best: IssueLike | undefined;
  for (const branch of issue.errors) {
    const first = branch[0];
    // A branch that does not know the object's own keys is another shape, not a mistake in this one.
    if (!first || branch.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0)) continue;
    const inner = innermost(first);
    if (!best || deeper(inner, best)) best = inner;
  }
  // No branch got past the value's type (`intent: 5`, `{ sad: ... }`): the union's own message
  // (set in schema.ts) says what fits, where any one branch's message would mislead.
  if (!best || (best.path.length === 0 && best.code === 'invalid_type')) return issue;
  return { ...best, path: [...issue.path, ...best.path] };
}

/** Further into the input wins; at the same depth, a branch whose type fitted (its check failed). */
function deeper(a: IssueLike, b: IssueLike): boolean {
  if (a.path.length !== b.path.length) return a.path.length > b.path.length;
  return b.code === 'invalid_type' && a.code !== 'invalid_type';
}

/** Names criteria by id rather than index: "criteria[2] (teach-back).rule.require[0]". */
function describePath(input: unknown, path: ReadonlyArray<PropertyKey>): string {
  const base = fieldPath(path);
  if (path[0] === 'criteria' && typeof path[1] === 'number' && input && typeof input === 'object') {
    const criteria = (input as { criteria?: unknown }).criteria;
    const c = Array.isArray(criteria) ? (criteria[path[1]] as { id?: unknown } | undefined) : undefined;
    if (c && typeof c.id === 'string')
      return base.replace(`criteria[${path[1]}]`, `criteria[${path[1]}] (${c.id})`);
  }
  return base;
}

interface RefLike {
  intent?: string | string[] | undefined;
  phrases?: string[] | undefined;
  act?: string | string[] | undefined;
  detail?: string[] | undefined;
  minScore?: number | undefined;
}

function hasRef(r: RefLike): boolean {
  return Boolean(r.intent || r.phrases || r.act);
}

function actSpec(ref: RefLike, where: string, fail: (w: string, m: string) => never): ActSpec | undefined {
  if (ref.act === undefined) {
    if (ref.detail) fail(`${where}.detail`, 'needs `act`');
    if (ref.minScore !== undefined) fail(`${where}.minScore`, 'needs `act`');
    return undefined;
  }
  const acts = Array.isArray(ref.act) ? ref.act : [ref.act];
  acts.forEach((a, i) => {
    if (!(ACT_NAMES as readonly string[]).includes(a) && !(READER_TAGS as readonly string[]).includes(a)) {
      fail(
        `${where}.act${Array.isArray(ref.act) ? `[${i}]` : ''}`,
        `unknown act "${a}" (known: ${[...ACT_NAMES, ...READER_TAGS].join(', ')})`,
      );
    }
  });
  const base = acts.map((a) => ACT_LABELS[a] ?? a).join(' or ');
  const label = ref.detail
    ? acts.length === 1 && acts[0] === 'phi-disclosure'
      ? `the caller's ${ref.detail.map((d) => DETAIL_LABELS[d] ?? d).join(' or ')}`
      : `${base} (${ref.detail.map((d) => DETAIL_LABELS[d] ?? d).join(' or ')})`
    : base;
  return { acts, detail: ref.detail, minScore: ref.minScore, label };
}

export function compilePlaybook(
  input: Playbook | PlaybookInput,
  opts: CompileOptions = {},
): CompiledPlaybook {
  const playbook = parsePlaybook(input, `playbook ${(input as { id?: string }).id ?? ''}`.trim());
  const matchers: Matcher[] = [];
  const phrases: CompiledPhrase[] = [];
  const matcherOf = new WeakMap<object, number>();
  const byKey = new Map<string, number>();
  const vocabulary = new Vocabulary();
  let usesActs = false;
  let usesEscalations = false;

  const fail = (where: string, message: string): never => {
    throw new TeachbackError('PLAYBOOK.INVALID', `playbook ${playbook.id}: ${where}: ${message}`, {
      details: { field: where },
    });
  };

  const addMatcher = (ref: RefLike, where: string): void => {
    const names = ref.intent === undefined ? [] : Array.isArray(ref.intent) ? ref.intent : [ref.intent];
    const inline = ref.phrases ?? [];
    const acts = actSpec(ref, where, fail);
    if (names.length === 0 && inline.length === 0 && !acts) fail(where, 'needs `intent`, `phrases` or `act`');
    const key = JSON.stringify([names, inline, ref.act ?? null, ref.detail ?? null, ref.minScore ?? null]);
    const existing = byKey.get(key);
    if (existing !== undefined) {
      matcherOf.set(ref, existing);
      return;
    }
    const id = matchers.length;
    // Each phrase keeps the field it came from, so an unusable one is reported where it is written.
    const texts: Array<{ text: string; label: string; field: string }> = inline.flatMap((text, j) =>
      expandLexicons(text, playbook.lexicons, `${where}.phrases[${j}]`, fail).map((t) => ({
        text: t,
        label: inline[0]!,
        field: `${where}.phrases[${j}]`,
      })),
    );
    names.forEach((name, k) => {
      const intent = playbook.intents[name];
      const at = `${where}.intent${Array.isArray(ref.intent) ? `[${k}]` : ''}`;
      if (!intent) return fail(at, `unknown intent "${name}"`);
      intent.phrases.forEach((text, j) => {
        const field = `${at} (intents.${name}.phrases[${j}])`;
        for (const expanded of expandLexicons(text, playbook.lexicons, field, fail)) {
          texts.push({ text: expanded, label: intent.description ?? name, field });
        }
      });
    });
    const first = names[0] !== undefined ? playbook.intents[names[0]] : undefined;
    const label =
      names.length === 1
        ? (first?.description ?? names[0]!)
        : names.length > 1
          ? names.map((n) => playbook.intents[n]?.description ?? n).join(', ')
          : (inline[0] ?? acts!.label);
    matchers.push({ id, label, intents: names, acts });
    if (acts) usesActs = true;
    byKey.set(key, id);
    matcherOf.set(ref, id);
    for (const { text, label: phraseLabel, field } of texts) {
      const { forms, surfaces, hasNegation } = phraseForms(text);
      if (forms.length === 0) fail(field, `phrase "${text}" has only stop words`);
      if (forms.length > MAX_PHRASE_TERMS)
        fail(field, `phrase "${text}" has more than ${MAX_PHRASE_TERMS} words`);
      const termCount = forms.length;
      const termIds = forms.map((form, i) => vocabulary.register(form, surfaces[i]));
      let specificMask = 0;
      forms.forEach((form, bit) => {
        if (!isCommonForm(form)) specificMask |= 1 << bit;
      });
      const specific = forms.filter((form) => !isCommonForm(form)).length;
      if (specific === 0) {
        fail(
          field,
          `phrase "${text}" has only very common words (${forms.join(', ')}); add a word that identifies it`,
        );
      }
      const common = termCount - specific;
      // Paraphrase tolerance lives in the specific words (up to a quarter may be missing); the
      // very common ones ("you", "call") never match alone.
      const neededSpecific = specific <= 3 ? specific : Math.ceil(specific * 0.75);
      // A lone specific word is weak evidence, so its common companions must all be there;
      // with two or more specific words, half the common ones (rounded up) are enough.
      const neededCommon = specific <= 1 ? common : Math.ceil(common / 2);
      phrases.push({
        matcher: id,
        label: phraseLabel,
        termCount,
        termIds,
        needed: neededSpecific + neededCommon,
        specificMask,
        neededSpecific,
        neededCommon,
        hasNegation,
        negationTerm: forms.length > 1 && forms.includes('not') ? termIds[forms.indexOf('not')]! : -1,
        text,
      });
    }
  };

  // `with` / `without`: each entry is a matcher of its own, read by utterance.
  const addCoOccurrence = (
    ref: { with?: RefLike[] | undefined; without?: RefLike[] | undefined },
    where: string,
  ): void => {
    ref.with?.forEach((w, i) => addMatcher(w, `${where}.with[${i}]`));
    ref.without?.forEach((w, i) => addMatcher(w, `${where}.without[${i}]`));
  };

  const visitCondition = (c: Condition, where: string): void => {
    if ('said' in c) {
      addMatcher(c.said, `${where}.said`);
      addCoOccurrence(c.said, `${where}.said`);
      if (c.said.unless) {
        addMatcher(c.said.unless, `${where}.said.unless`);
        addCoOccurrence(c.said.unless, `${where}.said.unless`);
      }
    } else if ('raised' in c) usesEscalations = true;
    else if ('any' in c) c.any.forEach((x, i) => visitCondition(x, `${where}.any[${i}]`));
    else if ('all' in c) c.all.forEach((x, i) => visitCondition(x, `${where}.all[${i}]`));
    else visitCondition(c.not, `${where}.not`);
  };

  const criterionIds = new Set(playbook.criteria.map((c) => c.id));
  const deps = new Map<string, Set<string>>();

  const visitAnchor = (a: Anchor, where: string, owner: string, exp: Expectation): void => {
    const kinds = (a.criterion ? 1 : 0) + (a.trigger ? 1 : 0) + (hasRef(a) ? 1 : 0);
    if (kinds !== 1) fail(where, 'give exactly one of `criterion`, `trigger` or `intent`/`phrases`/`act`');
    if (a.criterion) {
      if (!criterionIds.has(a.criterion)) fail(where, `unknown criterion "${a.criterion}"`);
      deps.get(owner)!.add(a.criterion);
    } else if (a.trigger) {
      if (!exp.when) fail(where, '`trigger: true` needs a `when` condition on the same expectation');
    } else {
      addMatcher(a, where);
      if (a.unless) {
        addMatcher(a.unless, `${where}.unless`);
        addCoOccurrence(a.unless, `${where}.unless`);
      }
      addCoOccurrence(a, where);
    }
    if (a.or && !hasRef(a)) fail(`${where}.or`, 'needs `intent`, `phrases` or `act` on the anchor');
    a.or?.forEach((t, i) => {
      addMatcher(t, `${where}.or[${i}]`);
      if (t.unless) {
        addMatcher(t.unless, `${where}.or[${i}].unless`);
        addCoOccurrence(t.unless, `${where}.or[${i}].unless`);
      }
      addCoOccurrence(t, `${where}.or[${i}]`);
    });
    if (a.unless && !hasRef(a)) fail(`${where}.unless`, 'needs `intent`, `phrases` or `act` on the anchor');
  };

  const visitExpectation = (e: Expectation, where: string, owner: string): void => {
    const kinds = (e.allOf ? 1 : 0) + (e.count ? 1 : 0) + (hasRef(e) ? 1 : 0);
    if (kinds !== 1) fail(where, 'give exactly one of `intent`/`phrases`/`act`, `allOf` or `count`');
    if (hasRef(e)) addMatcher(e, where);
    if ((e.with || e.without) && !hasRef(e))
      fail(where, '`with` / `without` need `intent`, `phrases` or `act` here (or put them on the parts)');
    addCoOccurrence(e, where);
    e.allOf?.forEach((p, i) => {
      addMatcher(p, `${where}.allOf[${i}]`);
      addCoOccurrence(p, `${where}.allOf[${i}]`);
    });
    if (e.count) {
      e.count.of.forEach((p, i) => {
        addMatcher(p, `${where}.count.of[${i}]`);
        addCoOccurrence(p, `${where}.count.of[${i}]`);
      });
      if (e.count.atLeast > e.count.of.length)
        fail(`${where}.count.atLeast`, 'is larger than the number of parts');
    }
    if (e.when) visitCondition(e.when, `${where}.when`);
    if (e.withinMsOfTrigger !== undefined && !e.when)
      fail(`${where}.withinMsOfTrigger`, 'needs a `when` condition');
    if (e.withinTurnsOfTrigger !== undefined && !e.when)
      fail(`${where}.withinTurnsOfTrigger`, 'needs a `when` condition');
    if (e.before) visitAnchor(e.before, `${where}.before`, owner, e);
    if (e.after) visitAnchor(e.after, `${where}.after`, owner, e);
  };

  const visitRule = (r: Rule, where: string, owner: string): void => {
    if (!r.require?.length && !r.forbid?.length) fail(where, 'needs `require` or `forbid`');
    if (r.appliesWhen) visitCondition(r.appliesWhen, `${where}.appliesWhen`);
    r.require?.forEach((e, i) => visitExpectation(e, `${where}.require[${i}]`, owner));
    r.forbid?.forEach((e, i) => visitExpectation(e, `${where}.forbid[${i}]`, owner));
  };

  const seen = new Set<string>();
  playbook.criteria.forEach((c, i) => {
    const where = `criteria[${i}] (${c.id})`;
    if (seen.has(c.id)) fail(where, `duplicate criterion id "${c.id}"`);
    seen.add(c.id);
    deps.set(c.id, new Set());
    if (c.rule) visitRule(c.rule, `${where}.rule`, c.id);
    c.versions?.forEach((v, j) => {
      if (v.effectiveFrom && v.effectiveTo && v.effectiveFrom >= v.effectiveTo) {
        fail(`${where}.versions[${j}]`, 'effectiveTo must be after effectiveFrom');
      }
      visitRule(v.rule, `${where}.versions[${j}].rule`, c.id);
    });
    checkVersionsDisjoint(c, where, fail);
  });

  // Live prompts use the same intents and acts as the criteria: compiled into the same matchers.
  const liveIds = new Set<string>();
  playbook.live?.forEach((p, i) => {
    const where = `live[${i}] (${p.id})`;
    if (liveIds.has(p.id)) fail(where, `duplicate live prompt id "${p.id}"`);
    liveIds.add(p.id);
    if (p.when) visitCondition(p.when, `${where}.when`);
    if (p.followedWhen) visitCondition(p.followedWhen, `${where}.followedWhen`);
    if (!p.when && p.afterMs === undefined) fail(where, 'needs `when` or `afterMs`');
    if (p.afterMs !== undefined && !p.criterion) fail(`${where}.afterMs`, 'needs `criterion` (what is due)');
    if (p.criterion !== undefined && !criterionIds.has(p.criterion))
      fail(`${where}.criterion`, `unknown criterion "${p.criterion}"`);
    if (p.criterion !== undefined && p.followedWhen)
      fail(`${where}.followedWhen`, 'give `criterion` or `followedWhen`, not both');
    if (p.effectiveFrom && p.effectiveTo && p.effectiveFrom >= p.effectiveTo)
      fail(where, 'effectiveTo must be after effectiveFrom');
  });

  return {
    playbook,
    vocabulary: vocabulary.seal(),
    matchers,
    phrases,
    triggers: buildTriggers(phrases),
    matcherOf,
    order: dependencyOrder(playbook.criteria, deps, fail),
    usesActs,
    usesEscalations,
    actModel: opts.actModel,
  };
}

function buildTriggers(phrases: CompiledPhrase[]): number[][] {
  const df = new Map<number, number>();
  for (const p of phrases) for (const t of p.termIds) df.set(t, (df.get(t) ?? 0) + 1);
  const weight = (t: number): number => df.get(t) ?? 0;
  const triggers: number[][] = [];
  phrases.forEach((p, index) => {
    // Any match holds at least neededSpecific of the specific terms, so listing the phrase under
    // (specific - neededSpecific + 1) of them, the rarest, never misses one.
    const specific = p.termIds.filter((_, bit) => p.specificMask & (1 << bit));
    const pool = specific.length > 0 ? specific : p.termIds;
    const need = specific.length > 0 ? p.neededSpecific : p.neededCommon;
    const rarest = [...pool].sort((a, b) => weight(a) - weight(b)).slice(0, pool.length - need + 1);
    for (const t of rarest) (triggers[t] ??= []).push(index);
  });
  return triggers;
}

/** "your {medical-terms}" → one phrase per word of the lexicon (several placeholders multiply). */
function expandLexicons(
  text: string,
  lexicons: Record<string, string[]>,
  where: string,
  fail: (w: string, m: string) => never,
): string[] {
  const m = /\{([a-z0-9-]+)\}/.exec(text);
  if (!m) return [text];
  const words = lexicons[m[1]!];
  if (!words) return fail(where, `phrase "${text}" uses unknown lexicon "${m[1]}"`);
  return words.flatMap((w) => expandLexicons(text.replace(m[0], w), lexicons, where, fail));
}

function checkVersionsDisjoint(c: Criterion, where: string, fail: (w: string, m: string) => never): void {
  const vs = c.versions ?? [];
  for (let i = 0; i < vs.length; i++) {
    for (let j = i + 1; j < vs.length; j++) {
      const a = vs[i]!;
      const b = vs[j]!;
      const aFrom = a.effectiveFrom ?? '0000-00-00';
      const aTo = a.effectiveTo ?? '9999-99-99';
      const bFrom = b.effectiveFrom ?? '0000-00-00';
      const bTo = b.effectiveTo ?? '9999-99-99';
      if (aFrom < bTo && bFrom < aTo) fail(`${where}.versions[${j}]`, `overlaps versions[${i}]`);
    }
  }
}

function dependencyOrder(
  criteria: Criterion[],
  deps: Map<string, Set<string>>,
  fail: (w: string, m: string) => never,
): Criterion[] {
  const byId = new Map(criteria.map((c) => [c.id, c]));
  const out: Criterion[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting')
      fail(`criteria (${id})`, `circular order constraint: ${[...path, id].join(' -> ')}`);
    state.set(id, 'visiting');
    for (const d of deps.get(id) ?? []) visit(d, [...path, id]);
    state.set(id, 'done');
    out.push(byId.get(id)!);
  };
  for (const c of criteria) visit(c.id, []);
  return out;
}
