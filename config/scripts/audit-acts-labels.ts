/**
 * `npm run audit:acts`: candidates for a labelling audit of the act corpus. Two lists, both for a
 * person to read against config/corpus/GUIDE.md (nothing is changed automatically):
 * (1) the same utterance (normalised text, same speaker, same previous turn) labelled with
 *     different acts in different places;
 * (2) out-of-fold disagreements: each call is tagged by a model trained on the other folds (5
 *     folds by dialogue, seeded), and an utterance is listed when that model fires an act with
 *     probability ≥ 0.9 that the label lacks, or misses a labelled act. Sorted by source.
 * Usage: npm run audit:acts [-- --source written]
 */
import { dialogueOf, loadActModel, trainActWeights, type CorpusCall } from '@teachback/core';
import { readActCorpus, readActWordClusters } from '@teachback/config';

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const onlySource = argValue('--source');
const FOLDS = 5;

const calls = readActCorpus();
const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9? ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
const actsOf = (labels: readonly string[]): string =>
  [...new Set(labels.map((l) => l.split(':')[0]!))].sort().join(',');

// (1) identical utterances in identical context, labelled differently.
const seen = new Map<string, Array<{ where: string; acts: string }>>();
for (const call of calls) {
  call.turns.forEach((t, i) => {
    const prev = i > 0 ? `${call.turns[i - 1]!.speaker}:${norm(call.turns[i - 1]!.text)}` : '';
    const key = `${t.speaker}|${norm(t.text)}|${prev}`;
    const list = seen.get(key) ?? [];
    list.push({ where: `${call.id}#${i}`, acts: actsOf(t.labels) });
    seen.set(key, list);
  });
}
console.log('## Same utterance and context, different acts\n');
for (const [key, list] of seen) {
  if (new Set(list.map((x) => x.acts)).size < 2) continue;
  console.log(`- ${key.split('|').slice(0, 2).join(': ')}`);
  for (const x of list) console.log(`    ${x.where}: [${x.acts}]`);
}

// (2) out-of-fold disagreements.
const foldOf = (call: CorpusCall): number => {
  let h = 0x811c9dc5;
  const key = `audit/${dialogueOf(call.id)}`;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % FOLDS;
};
const clusters = readActWordClusters();
console.log('\n## Out-of-fold disagreements (fired ≥ 0.9 but unlabelled: +; labelled but not fired: -)\n');
for (let f = 0; f < FOLDS; f++) {
  const model = loadActModel(
    trainActWeights(
      calls.filter((c) => foldOf(c) !== f),
      {},
      clusters,
    ),
  );
  for (const call of calls.filter((c) => foldOf(c) === f && (!onlySource || c.source === onlySource))) {
    const tagged = model.tagTranscript(
      call.turns.map((t) => ({ speaker: t.speaker, text: t.text, startMs: null, endMs: null })),
    );
    call.turns.forEach((t, i) => {
      const gold = new Set(t.labels.map((l) => l.split(':')[0]!));
      const fired = new Map(tagged[i]!.acts.map((a) => [a.act as string, a.score]));
      const extra = [...fired].filter(([a, s]) => !gold.has(a) && s >= 0.9).map(([a]) => `+${a}`);
      const missing = [...gold].filter((a) => !fired.has(a)).map((a) => `-${a}`);
      if (extra.length + missing.length === 0) return;
      console.log(`${call.id}#${i} ${t.speaker}: ${t.text.slice(0, 160)}`);
      console.log(`    labels [${t.labels.join(', ')}]  ${[...extra, ...missing].join(' ')}`);
    });
  }
}
