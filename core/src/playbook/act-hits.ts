import { TeachbackError } from '../errors';
import { ACT_LABELS, DETAIL_LABELS, type ActTagger, type ActTagLike } from './acts-port';
import type { CompiledPlaybook, Matcher } from './compile';
import type { AnalyzedTranscript, Hit } from './match';

/** Fired tags by act name, in utterance order (a matcher reads only the acts it accepts). */
type TagsByAct = Map<string, Array<{ index: number; tag: ActTagLike }>>;

/**
 * Tags of one analysis by one model, kept while the analysis lives: scoring a call against two
 * playbooks tags it once.
 */
const tagCache = new WeakMap<AnalyzedTranscript, { model: ActTagger; byAct: TagsByAct }>();

function tagsOf(at: AnalyzedTranscript, model: ActTagger): TagsByAct {
  const cached = tagCache.get(at);
  if (cached && cached.model === model) return cached.byAct;
  const byAct: TagsByAct = new Map();
  for (const u of model.tagTranscript(at.utterances)) {
    for (const tag of u.acts) {
      let list = byAct.get(tag.act);
      if (!list) byAct.set(tag.act, (list = []));
      list.push({ index: u.index, tag });
    }
  }
  tagCache.set(at, { model, byAct });
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
    // Best matching tag per utterance.
    const best = new Map<number, ActTagLike>();
    for (const act of m.acts.acts) {
      for (const { index, tag } of byAct.get(act) ?? []) {
        if (!tagMatches(m, tag)) continue;
        const prev = best.get(index);
        if (!prev || tag.score > prev.score) best.set(index, tag);
      }
    }
    if (best.size === 0) continue;
    const found: Hit[] = [];
    for (const [index, tag] of best) {
      found.push({
        utterance: index,
        coverage: tag.score,
        negated: false,
        phrase: -1,
        pos: Number.NaN,
        label: tagLabel(tag),
      });
    }
    // A negated phrase match of the same matcher ("I'm not worried") marks the utterance as a
    // denial: the act gives way to it, as negated mentions never count (unless the rule says
    // `negation: include`, which reads negated hits itself). Otherwise a phrase hit wins the
    // utterance: it knows its word position.
    const phraseHits = hits[m.id]!;
    const taken = new Set(phraseHits.map((h) => h.utterance));
    hits[m.id] = [...phraseHits, ...found.filter((h) => !taken.has(h.utterance))].sort(
      (a, b) => a.utterance - b.utterance,
    );
  }
}
