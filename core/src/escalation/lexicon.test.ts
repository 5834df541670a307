import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeEscalationLexicon, ESCALATION_LEXICON_FORMAT, LEXICON_RECALL_SIM } from './lexicon';
import { createEscalationMonitor, type CandidateRecord } from './monitor';
import { conceptsIn } from './recall';

function file(concepts: Record<string, string>): unknown {
  return { format: ESCALATION_LEXICON_FORMAT, source: 'test', anchors: {}, concepts };
}

describe('escalation concept lexicon (word vectors)', () => {
  it('finds lexicon words as whole words, with their concept and similarity', () => {
    const lexicon = decodeEscalationLexicon(file({ bleeding: 'oozing:66 gushed:80', neuro: 'sagging:74' }));
    const hits = lexicon.hits('her mouth is sagging and the cut keeps oozing');
    expect(hits.map((h) => [h.word, h.concept.name, h.sim])).toEqual([
      ['oozing', 'bleeding', 66],
      ['sagging', 'neuro', 74],
    ]);
    expect(lexicon.hits('the oozingly sagged')).toEqual([]);
  });

  it('lets only a near word open the recall gate', () => {
    const lexicon = decodeEscalationLexicon(
      file({ bleeding: `oozing:${LEXICON_RECALL_SIM - 1} gushed:${LEXICON_RECALL_SIM}` }),
    );
    expect(lexicon.any('it is oozing a bit')).toBe(false);
    expect(lexicon.any('it gushed everywhere')).toBe(true);
  });

  it('rejects a malformed lexicon, naming the field', () => {
    expect(() => decodeEscalationLexicon(file({ bleeding: 'oozing' }))).toThrow(
      /lexicon\.concepts\.bleeding/,
    );
    expect(() => decodeEscalationLexicon(file({ plumbing: 'leak:70' }))).toThrow(
      /lexicon\.concepts\.plumbing: no recall concept/,
    );
    expect(() => decodeEscalationLexicon({ format: 'other' })).toThrow(/lexicon\.format/);
  });

  it('the committed lexicon reaches words no recall pattern names', () => {
    const raw: unknown = JSON.parse(
      readFileSync(join(__dirname, '..', '..', '..', 'config', 'models', 'escalation-lexicon.json'), 'utf8'),
    );
    const lexicon = decodeEscalationLexicon(raw);
    for (const [word, concept] of [
      ['comatose', 'consciousness'],
      ['noose', 'self-harm'],
    ] as const) {
      expect(conceptsIn(word).map((c) => c.name)).not.toContain(concept);
      expect(lexicon.hits(word).map((h) => h.concept.name)).toContain(concept);
    }
  });
});

describe('the lexicon in the recall layer', () => {
  function candidates(text: string, withLexicon: boolean): string[] {
    const seen: CandidateRecord[] = [];
    const lexicon = decodeEscalationLexicon(file({ consciousness: 'insensate:80' }));
    const monitor = createEscalationMonitor({
      onCandidate: (c) => seen.push(c),
      ...(withLexicon ? { vectors: { lexicon, clusters: null } } : {}),
    });
    monitor.push({ speaker: 'agent', text: 'Go ahead.', startMs: 0, endMs: 1000 });
    monitor.push({ speaker: 'customer', text, startMs: 2000, endMs: 3000 });
    return seen.map((c) => c.type);
  }

  it('makes a caller turn a candidate on a near word no pattern names', () => {
    expect(candidates('my husband is insensate on the sofa', false)).toEqual([]);
    expect(candidates('my husband is insensate on the sofa', true)).toEqual(['medical_emergency']);
  });

  it('reads only the caller, not the agent', () => {
    const seen: CandidateRecord[] = [];
    const lexicon = decodeEscalationLexicon(file({ consciousness: 'insensate:80' }));
    const monitor = createEscalationMonitor({
      onCandidate: (c) => seen.push(c),
      vectors: { lexicon, clusters: null },
    });
    monitor.push({ speaker: 'agent', text: 'Is he insensate?', startMs: 0, endMs: 1000 });
    expect(seen).toEqual([]);
  });
});
