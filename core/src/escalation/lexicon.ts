import { z } from 'zod';
import { TeachbackError } from '../errors';
import { CONCEPTS, type Concept } from './recall';
import { TriggerIndex } from './triggers';

/**
 * The embedding side of the recall layer: per recall concept, the words near it in a word-vector
 * space (GloVe 100-d, config/scripts/escalation-lexicon.ts), with their cosine similarity. A
 * caller word of the lexicon makes the turn a candidate of the concept's type even when no word
 * of the concept's pattern occurs ("sagging" near "droop", "gushed" near "gush"), and the
 * classifier reads the concept and how near the word is (features.ts), so what it learnt from
 * one wording carries to neighbouring ones. Data, not code: the lexicon travels in the weights
 * file (config/models/escalation.json); core reads no file.
 */
export const ESCALATION_LEXICON_FORMAT = 'teachback-escalation-lexicon/1';

export const EscalationLexiconFile = z.strictObject({
  format: z.literal(ESCALATION_LEXICON_FORMAT),
  /** Where the similarities come from (package, licence, method). */
  source: z.string().min(1),
  /** Anchor words per concept (for review). */
  anchors: z.record(z.string(), z.number().int().min(0)),
  /** Per concept name: `word:similarity×100` separated by one space. */
  concepts: z.record(z.string(), z.string()),
});
export type EscalationLexiconFile = z.infer<typeof EscalationLexiconFile>;

export interface LexiconHit {
  concept: Concept;
  /** Cosine similarity × 100. */
  sim: number;
  word: string;
}

/**
 * Similarity (×100) at or above which a lexicon word alone makes a caller turn a candidate; words
 * less near only add features to candidates something else proposed. GloVe neighbours are
 * topical ("coughing" sits near "breathing"), so the gate asks for a close word and the
 * classifier, trained on every candidate this gate makes on routine visits, decides.
 */
export const LEXICON_RECALL_SIM = 72;

export interface EscalationLexicon {
  /** The lexicon words in (normalised or raw) text, in word-id order; the shared empty list for most turns. */
  hits(text: string): readonly LexiconHit[];
  /** A lexicon word at LEXICON_RECALL_SIM or nearer in the text (the cheap gate). */
  any(text: string): boolean;
  size: number;
}

const NO_HITS: readonly LexiconHit[] = [];

function invalid(field: string, reason: string): TeachbackError {
  return new TeachbackError(
    'ESCALATION.INVALID_WEIGHTS',
    `escalation classifier weights: lexicon.${field}: ${reason}`,
  );
}

/** Validates a lexicon and builds its one-pass index. Throws TeachbackError naming the field. */
export function decodeEscalationLexicon(raw: unknown): EscalationLexicon {
  const parsed = EscalationLexiconFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.join('.') || '(root)', issue.message);
  }
  const entries: LexiconHit[] = [];
  for (const [name, list] of Object.entries(parsed.data.concepts)) {
    const concept = CONCEPTS.find((c) => c.name === name);
    if (!concept) throw invalid(`concepts.${name}`, 'no recall concept of that name');
    for (const item of list.split(' ')) {
      if (item === '') continue;
      const m = /^([a-z]{3,}):(\d{1,3})$/.exec(item);
      if (!m) throw invalid(`concepts.${name}`, `"${item}" is not word:similarity`);
      entries.push({ concept, sim: Number(m[2]), word: m[1]! });
    }
  }
  const index = new TriggerIndex(Math.max(1, entries.length));
  entries.forEach((e, i) => index.add(e.word + '$', i));
  const near = (i: number): boolean => entries[i]!.sim >= LEXICON_RECALL_SIM;
  return {
    size: entries.length,
    hits(text) {
      const ids = index.scan(text);
      if (ids.length === 0) return NO_HITS;
      return ids.map((i) => entries[i]!);
    },
    any(text) {
      return entries.length > 0 && index.some(text, near);
    },
  };
}
