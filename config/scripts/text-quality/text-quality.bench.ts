// How well the text-quality flag separates clean transcripts from garbled recognition, on real
// conversations. Clean: the real transcripts in ../shared/datasets. Garbled: the same calls passed
// through a sphinx-style garbler (lower case, no punctuation, about 0.65 word error rate made of
// deletions, substitutions by real words drawn with a frequency bias as a language-model-driven
// decoder does, and inserted short words). Also: the real Harper Valley ASR text (moderately noisy,
// not garbled) and how often it is flagged. The fluency model was trained on TRAINING_SOURCES;
// figures are printed separately for those and for the held-out sources.
// Run: npm run bench:text-quality
import { seededRandom, wordErrorRate } from '@teachback/core';
import { ENGLISH_VOCABULARY } from '@teachback/core';
import {
  DEFAULT_TEXT_QUALITY_THRESHOLDS,
  assessTextQuality,
  textTokens,
  type TextQualityThresholds,
} from '@teachback/core';
import type { Utterance } from '@teachback/core';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SphinxCall } from './sphinx-garble';
import { TRAINING_SOURCES, loadSourceCalls, type SourceCall } from './text-quality-data';

const VOCAB = ENGLISH_VOCABULARY.split(' ');

function garble(utterances: readonly Utterance[], rand: () => number): Utterance[] {
  const word = (): string =>
    VOCAB[Math.min(VOCAB.length - 1, Math.floor(Math.exp(rand() * Math.log(VOCAB.length))))]!;
  return utterances.map((u) => {
    const out: string[] = [];
    for (const w of textTokens(u.text)) {
      const r = rand();
      if (r < 0.15) continue;
      out.push(r < 0.55 ? word() : w);
      if (rand() < 0.1) out.push(VOCAB[Math.floor(rand() * 200)]!);
    }
    return { ...u, text: out.join(' ') };
  });
}

interface Row {
  source: string;
  garbled: boolean;
  flagged: boolean;
  words: number;
}

function table(rows: readonly Row[], label: string): void {
  const tp = rows.filter((r) => r.garbled && r.flagged).length;
  const fp = rows.filter((r) => !r.garbled && r.flagged).length;
  const fn = rows.filter((r) => r.garbled && !r.flagged).length;
  const clean = rows.filter((r) => !r.garbled).length;
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  console.log(
    `${label.padEnd(44)} clean ${String(clean).padStart(5)}  garbled ${String(tp + fn).padStart(5)}  precision ${precision.toFixed(3)}  recall ${recall.toFixed(3)}  false flags ${fp} (${((100 * fp) / Math.max(1, clean)).toFixed(1)}%)`,
  );
}

function evaluate(calls: readonly SourceCall[], thresholds: TextQualityThresholds): Row[] {
  const rand = seededRandom(20261206);
  const rows: Row[] = [];
  for (const c of calls) {
    if (c.source === 'harper-valley-asr') continue;
    for (const garbled of [false, true]) {
      const utterances = garbled ? garble(c.utterances, rand) : c.utterances;
      const a = assessTextQuality(utterances, thresholds);
      rows.push({ source: c.source, garbled, flagged: a.needsReview, words: a.measures.words });
    }
  }
  return rows;
}

function main(): void {
  const calls = loadSourceCalls();
  const isTraining = (s: string): boolean => (TRAINING_SOURCES as readonly string[]).includes(s);
  const t = DEFAULT_TEXT_QUALITY_THRESHOLDS;
  console.log(`text-quality flag, thresholds ${JSON.stringify(t)}`);
  const rows = evaluate(calls, t);
  const judged = (r: Row): boolean => r.words >= t.minWordsForFluency;
  table(
    rows.filter((r) => isTraining(r.source)),
    'training sources (all calls)',
  );
  table(
    rows.filter((r) => !isTraining(r.source)),
    'held-out sources (all calls)',
  );
  table(
    rows.filter((r) => !isTraining(r.source) && judged(r)),
    `held-out, calls of >= ${t.minWordsForFluency} words`,
  );
  for (const s of [...new Set(rows.map((r) => r.source))])
    table(
      rows.filter((r) => r.source === s),
      `  ${s}${isTraining(s) ? ' (training)' : ' (held out)'}`,
    );

  // How the fluency threshold was chosen, on the training sources only: the highest recall that
  // keeps false flags on clean calls at or under 1% (a false flag costs a reviewer's time).
  let best = { recall: -1, minFluency: 0 };
  for (let x = -3.4; x <= -2.5; x += 0.05) {
    const r = evaluate(
      calls.filter((c) => isTraining(c.source)),
      { ...t, minFluency: x },
    );
    const tp = r.filter((y) => y.garbled && y.flagged).length;
    const fp = r.filter((y) => !y.garbled && y.flagged).length;
    const fn = r.filter((y) => y.garbled && !y.flagged).length;
    const recall = tp / Math.max(1, tp + fn);
    const falseFlagRate = fp / Math.max(1, r.length / 2);
    if (falseFlagRate <= 0.01 && recall > best.recall)
      best = { recall, minFluency: Math.round(x * 100) / 100 };
  }
  console.log(
    `chosen on the training sources: minFluency ${best.minFluency} (recall ${best.recall.toFixed(3)} at <= 1% false flags)`,
  );

  // Real ASR text (Harper Valley): moderately noisy recognition of clear speech.
  const asr = calls.filter((c) => c.source === 'harper-valley-asr');
  const human = new Map(calls.filter((c) => c.source === 'harper-valley-human').map((c) => [c.id, c]));
  let flagged = 0;
  const wers: number[] = [];
  for (const c of asr) {
    if (assessTextQuality(c.utterances, t).needsReview) flagged++;
    const ref = human
      .get(c.id)!
      .utterances.map((u) => u.text)
      .join(' ');
    wers.push(wordErrorRate(ref, c.utterances.map((u) => u.text).join(' ')).wer);
  }
  const meanWer = wers.reduce((a, b) => a + b, 0) / Math.max(1, wers.length);
  console.log(
    `harper-valley real ASR text: ${flagged}/${asr.length} flagged; its mean word error rate against the human transcript is ${meanWer.toFixed(2)}`,
  );
  realSphinx(t);
}

/** Held-out calls spoken by espeak-ng and heard by sphinx (made by sphinx-garble.ts, committed). */
function realSphinx(t: TextQualityThresholds): void {
  const file = path.join(__dirname, 'sphinx-transcripts.json');
  if (!fs.existsSync(file)) return;
  const calls = JSON.parse(fs.readFileSync(file, 'utf8')) as SphinxCall[];
  const utt = (text: string): Utterance => ({ speaker: 'unknown', startMs: null, endMs: null, text });
  const rows: Row[] = calls.flatMap((c) => [
    {
      source: c.source,
      garbled: false,
      flagged: assessTextQuality([utt(c.spoken)], t).needsReview,
      words: 0,
    },
    {
      source: c.source,
      garbled: true,
      flagged: assessTextQuality(c.heard.map(utt), t).needsReview,
      words: 0,
    },
  ]);
  const wer =
    calls.reduce((sum, c) => sum + wordErrorRate(c.spoken, c.heard.join(' ')).wer, 0) /
    Math.max(1, calls.length);
  table(rows, `real sphinx output (held out, mean WER ${wer.toFixed(2)})`);
}

main();
