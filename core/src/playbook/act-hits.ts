import { TeachbackError } from '../errors';
import { ACT_LABELS, DETAIL_LABELS, type ActTagger, type ActTagLike } from './acts-port';
import type { CompiledPlaybook, Matcher } from './compile';
import type { AnalyzedTranscript, Hit, TagsByAct } from './match';

/** Tags of one analysis by one model, kept on the analysis: scoring a call against two playbooks tags it once. */
function tagsOf(at: AnalyzedTranscript, model: ActTagger): TagsByAct {
  const cached = at.actTags;
  if (cached && cached.model === model) return cached.byAct;
  const byAct: TagsByAct = new Map();
  for (const u of model.tagTranscript(at.utterances)) {
    for (const tag of u.acts) {
      let list = byAct.get(tag.act);
      if (!list) byAct.set(tag.act, (list = []));
      list.push({ index: u.index, tag });
    }
  }
  at.actTags = { model, byAct };
  return byAct;
}

/** The act model to use: the caller's, else the one attached at compile time; required when acts are used. */
export function resolveActModel(cp: CompiledPlaybook, given: ActTagger | undefined): ActTagger | undefined {
  const model = given ?? cp.actModel;
  if (cp.usesActs && !model) {
    throw new TeachbackError(
      'PLAYBOOK.NO_ACT_MODEL',
      `playbook ${cp.playbook.id}: its rules use learned acts (\`act:\`), so scoring needs an act model: pass \`actModel\` in the evaluate options`,
      { details: { field: 'actModel' } },
    );
  }
  return model;
}

/** What was actually tagged ("the caller's test results"), not the whole list the rule accepts. */
function tagLabel(tag: ActTagLike): string {
  const act = ACT_LABELS[tag.act] ?? tag.act;
  const detail = tag.detail === undefined ? undefined : (DETAIL_LABELS[tag.detail] ?? tag.detail);
  if (detail === undefined) return act;
  return tag.act === 'phi-disclosure' ? `the caller's ${detail}` : `${act} (${detail})`;
}

function tagMatches(m: Matcher, tag: ActTagLike): boolean {
  const spec = m.acts!;
  if (!spec.acts.includes(tag.act)) return false;
  if (spec.detail && (tag.detail === undefined || !spec.detail.includes(tag.detail))) return false;
  return spec.minScore === undefined || tag.score >= spec.minScore;
}

/**
 * Adds each act matcher's tagged utterances to its phrase hits (one hit per utterance, in order).
 * Where a phrase and an act both match one utterance the phrase hit stays: it knows its word
 * position and negation.
 */
export function mergeActHits(
  hits: Hit[][],
  at: AnalyzedTranscript,
  cp: CompiledPlaybook,
  model: ActTagger | undefined,
): void {
  if (!model || !cp.usesActs) return;
  const byAct = tagsOf(at, model);
  for (const m of cp.matchers) {
    if (!m.acts) continue;
    const found: Hit[] = [];
    for (const act of m.acts.acts) {
      for (const { index, tag } of byAct.get(act) ?? []) {
        if (tagMatches(m, tag)) found.push(actHit(index, tag));
      }
    }
    if (found.length === 0) continue;
    // Several acts: put them in utterance order, the best-scored first within an utterance.
    if (m.acts.acts.length > 1) found.sort((a, b) => a.utterance - b.utterance || b.coverage - a.coverage);
    hits[m.id] = mergeInOrder(hits[m.id]!, found);
  }
}

function actHit(index: number, tag: ActTagLike): Hit {
  return {
    utterance: index,
    coverage: tag.score,
    negated: false,
    phrase: -1,
    pos: Number.NaN,
    label: tagLabel(tag),
  };
}

/**
 * Phrase hits and act hits, one per utterance, in utterance order. A phrase hit wins its
 * utterance: it knows its word position, and a negated one ("I'm not worried") marks a denial
 * that the act does not override (negated mentions never count unless the rule says
 * `negation: include`, which reads the negated hit itself).
 */
function mergeInOrder(phrase: Hit[], acts: Hit[]): Hit[] {
  const out: Hit[] = [];
  let i = 0;
  let j = 0;
  while (i < phrase.length || j < acts.length) {
    const p = phrase[i];
    const a = acts[j];
    if (a === undefined || (p !== undefined && p.utterance <= a.utterance)) {
      out.push(p!);
      i++;
      while (j < acts.length && acts[j]!.utterance === p!.utterance) j++;
    } else {
      if (out.length === 0 || out[out.length - 1]!.utterance !== a.utterance) out.push(a);
      j++;
    }
  }
  return out;
}

/**
 * The act hit each act matcher gets on one utterance from that utterance's tags, exactly as
 * mergeActHits would pick it (the live session merges one utterance at a time).
 */
export function actHitsOfUtterance(
  cp: CompiledPlaybook,
  index: number,
  tags: readonly ActTagLike[],
): Array<{ matcher: number; hit: Hit }> {
  const out: Array<{ matcher: number; hit: Hit }> = [];
  for (const m of cp.matchers) {
    if (!m.acts) continue;
    let best: Hit | undefined;
    for (const act of m.acts.acts) {
      for (const tag of tags) {
        if (tag.act !== act || !tagMatches(m, tag)) continue;
        const h = actHit(index, tag);
        // One act: its first matching tag (tag order); several acts: the best-scored, first on ties.
        if (!best || (m.acts.acts.length > 1 && h.coverage > best.coverage)) best = h;
      }
    }
    if (best) out.push({ matcher: m.id, hit: best });
  }
  return out;
}
