import { z } from 'zod';
import { TeachbackError, fieldPath } from '../errors';
import type { Utterance } from '../model/transcript';
import { CallType } from './types';

/**
 * A small multinomial naive Bayes over the words of a conversation (each word counted once per
 * call), trained on real dialogues labelled by where they come from (config/scripts/train-calltypes.ts).
 * It learns which words separate the types; nobody writes a phrase list.
 */
export const CALLTYPE_WEIGHTS_FORMAT = 'teachback-calltypes/1';

export const CallTypeWeights = z.strictObject({
  format: z.literal(CALLTYPE_WEIGHTS_FORMAT),
  version: z.string().min(1),
  classes: z.array(CallType).min(2),
  /** log P(class) */
  priors: z.array(z.number()),
  /** word → log P(word | class), one number per class */
  words: z.record(z.string(), z.array(z.number())),
  /** Below this posterior the call is `other` rather than a guess. */
  minConfidence: z.number().min(0).max(1),
});
export type CallTypeWeights = z.infer<typeof CallTypeWeights>;

// Function words carry no call type; dropping them keeps the model small. Not a list of cues.
const STOP = new Set(
  'the a an and or but if of to in on at for with by from is are was were be been am i you he she it we they me my your our their this that these those so do does did have has had not no yes yeah okay ok um uh oh just can could would will shall should may might there here what which who whom how when where why all any some very too also then than as up out about into over again hi hello thank thanks please'.split(
    ' ',
  ),
);

/** The words of one utterance the model looks at, in order (lower case, letters only). */
export function callTypeTokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z']+/g) ?? [])
    .map((w) => w.replace(/'s$/, ''))
    .filter((w) => w.length > 2 && !STOP.has(w));
}

export interface CallTypeExample {
  label: CallType;
  utterances: ReadonlyArray<Pick<Utterance, 'text'>>;
}

/**
 * Trains the weights: log priors from the label counts (each class weighted equally when
 * `balanced`), Laplace-smoothed word likelihoods over words seen in at least `minDocs` calls.
 */
export function trainCallTypeModel(
  examples: readonly CallTypeExample[],
  opts: { version: string; minDocs?: number; alpha?: number; minConfidence?: number; balanced?: boolean },
): CallTypeWeights {
  const classes = [...new Set(examples.map((e) => e.label))].sort() as CallType[];
  const alpha = opts.alpha ?? 1;
  const minDocs = opts.minDocs ?? 3;
  const docFreq = new Map<string, number>();
  const counts = new Map<string, number[]>();
  const totals = classes.map(() => 0);
  const docs = classes.map(() => 0);
  for (const e of examples) {
    const c = classes.indexOf(e.label);
    docs[c]!++;
    const words = new Set(e.utterances.flatMap((u) => callTypeTokens(u.text)));
    for (const w of words) {
      docFreq.set(w, (docFreq.get(w) ?? 0) + 1);
      let row = counts.get(w);
      if (!row) counts.set(w, (row = classes.map(() => 0)));
      row[c]!++;
    }
  }
  const vocab = [...counts.keys()].filter((w) => (docFreq.get(w) ?? 0) >= minDocs).sort();
  for (const w of vocab) counts.get(w)!.forEach((n, c) => (totals[c]! += n));
  const words: Record<string, number[]> = {};
  for (const w of vocab) {
    words[w] = counts
      .get(w)!
      .map((n, c) => Math.round(Math.log((n + alpha) / (totals[c]! + alpha * vocab.length)) * 1e4) / 1e4);
  }
  const n = examples.length;
  const priors = docs.map((d) =>
    opts.balanced ? Math.log(1 / classes.length) : Math.round(Math.log(d / n) * 1e4) / 1e4,
  );
  return {
    format: CALLTYPE_WEIGHTS_FORMAT,
    version: opts.version,
    classes,
    priors,
    words,
    minConfidence: opts.minConfidence ?? 0.5,
  };
}

export function loadCallTypeModel(raw: unknown): CallTypeModel {
  const r = CallTypeWeights.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new TeachbackError(
      'CALLTYPES.INVALID_WEIGHTS',
      `call-type weights: ${fieldPath(issue.path)}: ${issue.message}`,
    );
  }
  const w = r.data;
  for (const [word, row] of Object.entries(w.words))
    if (row.length !== w.classes.length)
      throw new TeachbackError(
        'CALLTYPES.INVALID_WEIGHTS',
        `call-type weights: words.${word}: needs one number per class`,
      );
  return new CallTypeModel(w);
}

export interface CallTypePrediction {
  callType: CallType;
  confidence: number;
  /** Posterior per class. */
  posterior: Partial<Record<CallType, number>>;
  /** The utterance whose words pulled most toward the chosen class, or -1. */
  utterance: number;
  /** The words of that utterance that pulled most (at most 3). */
  words: string[];
}

export class CallTypeModel {
  constructor(readonly weights: CallTypeWeights) {}

  get version(): string {
    return this.weights.version;
  }

  predict(utterances: ReadonlyArray<Pick<Utterance, 'text'>>): CallTypePrediction {
    const { classes, priors, words } = this.weights;
    const scores = [...priors];
    const seen = new Set<string>();
    const perUtterance = utterances.map((u) => callTypeTokens(u.text));
    for (const toks of perUtterance)
      for (const t of toks) {
        if (seen.has(t)) continue;
        seen.add(t);
        const row = words[t];
        if (row) row.forEach((v, c) => (scores[c]! += v));
      }
    const max = Math.max(...scores);
    const exp = scores.map((s) => Math.exp(s - max));
    const z = exp.reduce((a, b) => a + b, 0);
    const post = exp.map((e) => e / z);
    let best = 0;
    post.forEach((p, c) => {
      if (p > post[best]!) best = c;
    });
    // Evidence: the utterance whose words favour the chosen class most over the runner-up average.
    const lift = (t: string): number => {
      const row = words[t];
      if (!row) return 0;
      const others = row.filter((_, c) => c !== best);
      return row[best]! - others.reduce((a, b) => a + b, 0) / Math.max(1, others.length);
    };
    let utterance = -1;
    let bestLift = 0;
    let topWords: string[] = [];
    perUtterance.forEach((toks, i) => {
      const uniq = [...new Set(toks)];
      const l = uniq.reduce((a, t) => a + Math.max(0, lift(t)), 0);
      if (l > bestLift) {
        bestLift = l;
        utterance = i;
        topWords = uniq
          .filter((t) => lift(t) > 0)
          .sort((a, b) => lift(b) - lift(a))
          .slice(0, 3);
      }
    });
    return {
      callType: classes[best]!,
      confidence: Math.round(post[best]! * 1000) / 1000,
      posterior: Object.fromEntries(classes.map((c, i) => [c, Math.round(post[i]! * 1000) / 1000])),
      utterance,
      words: topWords,
    };
  }
}
