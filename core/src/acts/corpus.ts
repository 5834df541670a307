import { z } from 'zod';
import { TeachbackError, fieldPath } from '../errors';
import type { Utterance } from '../model';
import { ACT_NAMES, DETAIL_GROUPS, detailGroupOf, type ActModel, type ActName } from './names';
import { dialogueOf } from './dialogue';
import type { TrainingCall } from './train';

/**
 * The labelled corpus (`config/corpus/*.jsonl`): one utterance a line, in call order, so the
 * previous turns of each row are the rows before it with the same source and call.
 */
export const CorpusRow = z.strictObject({
  /** Dataset or writer, e.g. `primock57`, `written`. Splits by source use it. */
  source: z.string().min(1),
  /**
   * Call or dialogue id within the source. When two windows of one dialogue are kept they are two
   * calls `<dialogue>#<window>` (each with its own context); splits use the dialogue part.
   */
  call: z.string().min(1),
  turn: z.number().int().nonnegative(),
  speaker: z.enum(['agent', 'customer']),
  text: z.string(),
  /** "act" or "act:detail"; empty when no act happens. */
  acts: z.array(z.string()),
});
export type CorpusRow = z.infer<typeof CorpusRow>;

/** Sources written for this corpus (not real third-party conversations). */
export const WRITTEN_SOURCE = 'written';

function labelProblem(label: string): string | undefined {
  const [act, detail, extra] = label.split(':');
  if (extra !== undefined || !(ACT_NAMES as readonly string[]).includes(act!))
    return `unknown act label "${label}"`;
  if (detail === undefined) return undefined;
  const group = detailGroupOf(act as ActName);
  const allowed: readonly string[] = group ? DETAIL_GROUPS[group].details : [];
  return allowed.includes(detail) ? undefined : `"${detail}" is not a detail of ${act}`;
}

/** Parses one corpus file. Errors name the file, line and field. */
export function parseCorpus(text: string, file: string): CorpusRow[] {
  const rows: CorpusRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (cause) {
      throw new TeachbackError('ACTS.CORPUS_INVALID', `${where}: not valid JSON`, { cause });
    }
    const parsed = CorpusRow.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new TeachbackError('ACTS.CORPUS_INVALID', `${where}: ${fieldPath(issue.path)}: ${issue.message}`);
    }
    for (const label of parsed.data.acts) {
      const problem = labelProblem(label);
      if (problem) throw new TeachbackError('ACTS.CORPUS_INVALID', `${where}: acts: ${problem}`);
    }
    rows.push(parsed.data);
  });
  return rows;
}

export interface CorpusCall extends TrainingCall {
  source: string;
}

/** Groups rows into calls (source + call id), turns in order. */
export function corpusCalls(rows: readonly CorpusRow[]): CorpusCall[] {
  const calls = new Map<string, { source: string; rows: CorpusRow[] }>();
  for (const row of rows) {
    const id = `${row.source}/${row.call}`;
    const call = calls.get(id) ?? { source: row.source, rows: [] };
    call.rows.push(row);
    calls.set(id, call);
  }
  return [...calls].map(([id, { source, rows: callRows }]) => ({
    id,
    source,
    turns: [...callRows]
      .sort((a, b) => a.turn - b.turn)
      .map((r) => ({ speaker: r.speaker, text: r.text, labels: r.acts })),
  }));
}

/**
 * The held-out split: a fixed fifth of the dialogues of every source, chosen by a hash of the
 * dialogue id (both windows of a dialogue fall on the same side).
 */
export function isHeldOut(call: Pick<CorpusCall, 'id'>): boolean {
  let h = 0x811c9dc5;
  const key = `held-out/${dialogueOf(call.id)}`;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % 5 === 0;
}

export interface ActScore {
  act: ActName;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

/** Per-act precision and recall of a model on labelled calls (an act counts once per utterance). */
export function evaluateActModel(model: ActModel, calls: readonly TrainingCall[]): ActScore[] {
  const counts = ACT_NAMES.map((act) => ({ act, support: 0, tp: 0, fp: 0, fn: 0 }));
  for (const call of calls) {
    const utterances: Utterance[] = call.turns.map((t) => ({
      speaker: t.speaker,
      text: t.text,
      startMs: null,
      endMs: null,
    }));
    const tagged = model.tagTranscript(utterances);
    call.turns.forEach((turn, i) => {
      const gold = new Set(turn.labels.map((l) => l.split(':')[0]));
      const predicted = new Set(tagged[i]!.acts.map((a) => a.act));
      counts.forEach((c) => {
        const g = gold.has(c.act);
        const p = predicted.has(c.act);
        if (g) c.support++;
        if (g && p) c.tp++;
        else if (p) c.fp++;
        else if (g) c.fn++;
      });
    });
  }
  return counts.map((c) => ({
    ...c,
    precision: c.tp + c.fp === 0 ? 0 : c.tp / (c.tp + c.fp),
    recall: c.support === 0 ? 0 : c.tp / c.support,
  }));
}

/** A plain-text table of per-act scores (for the evaluation command and the model card). */
export function formatActScores(title: string, scores: readonly ActScore[]): string {
  const lines = [
    `${title}`,
    '',
    '| act | support | fired | precision | recall |',
    '|---|---:|---:|---:|---:|',
  ];
  for (const s of scores) {
    const p = s.tp + s.fp === 0 ? '—' : s.precision.toFixed(2);
    const r = s.support === 0 ? '—' : s.recall.toFixed(2);
    lines.push(`| ${s.act} | ${s.support} | ${s.tp + s.fp} | ${p} | ${r} |`);
  }
  const tp = scores.reduce((n, s) => n + s.tp, 0);
  const fp = scores.reduce((n, s) => n + s.fp, 0);
  const support = scores.reduce((n, s) => n + s.support, 0);
  lines.push(
    `| **micro** | ${support} | ${tp + fp} | ${(tp / Math.max(1, tp + fp)).toFixed(2)} | ${(tp / Math.max(1, support)).toFixed(2)} |`,
  );
  return lines.join('\n');
}
