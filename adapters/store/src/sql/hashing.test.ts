import { createHash } from 'node:crypto';
import { benchRecord } from '../bench/record';
import { hashRecord } from './interaction-save';
import { stringifyWith } from './hashing';
import { parseRecord } from './validation';

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('content hashes', () => {
  it('stringifyWith writes exactly what JSON.stringify writes, wherever the member sits', () => {
    const tricky = ['"quoted" \\ back', '\u0000tb-hole:00', 'line\nbreak', '😀'];
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ a: 1, findings: [{ q: tricky[0] }], z: tricky }, 'findings'],
      [{ findings: [], b: { findings: tricky[1] } }, 'findings'],
      [{ a: undefined, b: null, findings: { x: tricky[2] } }, 'findings'],
      [{ first: tricky[3], last: [1, 2, { deep: tricky }] }, 'last'],
    ];
    for (const [value, key] of cases)
      expect(stringifyWith(value, key, JSON.stringify(value[key]))).toBe(JSON.stringify(value));
  });

  it('hashRecord keeps the stored hash definitions (a replay of a stored record stays unchanged)', () => {
    for (const n of [0, 7, 25]) {
      const rec = parseRecord(benchRecord(n, '+15550100001'), 'bench', 'record');
      const { id: _id, transcript, ...content } = rec.interaction;
      const h = hashRecord(rec);
      expect(h.interaction).toBe(
        sha(
          `${JSON.stringify([content, JSON.stringify(rec.interaction.attributes ?? null), null])}${JSON.stringify(transcript)}`,
        ),
      );
      expect(h.score).toBe(
        sha(JSON.stringify([{ ...rec.scorecard, scoredAt: null }, rec.escalations, rec.coaching])),
      );
      expect(h.findingsJson).toBe(JSON.stringify(rec.scorecard!.findings));
      expect(h.transcriptJson).toBe(JSON.stringify(transcript));
    }
  });
});
