import { redactText, type PhiKind } from './redact';
import type { PlantedCall } from './synthetic';

export interface RecallReport {
  /** Per kind: planted, fully covered by a redaction, recall. */
  byKind: Record<string, { planted: number; found: number; recall: number }>;
  planted: number;
  found: number;
  /** Share of characters outside any plant that were redacted (over-redaction). */
  overRedaction: number;
  misses: Array<{ kind: PhiKind; form: string; text: string }>;
}

/**
 * A plant counts as found when every letter and digit of it lies inside some redacted span (of
 * any kind: a date removed as a number is still removed).
 */
export function redactionRecall(calls: readonly PlantedCall[]): RecallReport {
  const byKind: RecallReport['byKind'] = {};
  const misses: RecallReport['misses'] = [];
  let outside = 0;
  let outsideHit = 0;
  for (const call of calls)
    for (const u of call.utterances) {
      const { spans } = redactText(u.text);
      const covered = new Array<boolean>(u.text.length).fill(false);
      for (const s of spans) for (let i = s.start; i < s.end; i++) covered[i] = true;
      const inPlant = new Array<boolean>(u.text.length).fill(false);
      for (const p of u.planted) {
        for (let i = p.start; i < p.end; i++) inPlant[i] = true;
        const e = (byKind[p.kind] ??= { planted: 0, found: 0, recall: 0 });
        e.planted++;
        let ok = true;
        for (let i = p.start; i < p.end; i++) if (/[a-z0-9]/i.test(u.text[i]!) && !covered[i]) ok = false;
        if (ok) e.found++;
        else misses.push({ kind: p.kind, form: p.form, text: u.text });
      }
      for (let i = 0; i < u.text.length; i++)
        if (!inPlant[i] && /[a-z0-9]/i.test(u.text[i]!)) {
          outside++;
          if (covered[i]) outsideHit++;
        }
    }
  let planted = 0;
  let found = 0;
  for (const e of Object.values(byKind)) {
    e.recall = e.planted === 0 ? 0 : e.found / e.planted;
    planted += e.planted;
    found += e.found;
  }
  return { byKind, planted, found, overRedaction: outside === 0 ? 0 : outsideHit / outside, misses };
}
