import type { JudgeUtterance } from './port';

/**
 * cyrb53 (a public-domain 53-bit string hash), run twice with different seeds: 106 bits, plenty
 * to key a cache without a crypto module (core stays free of I/O and platform modules).
 */
function cyrb53(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36).padStart(11, '0');
}

export function judgeTextHash(text: string): string {
  return `${cyrb53(text, 1)}${cyrb53(text, 2)}`;
}

/** Who said what, in order: times do not change what a judge would answer. */
export function transcriptHash(utterances: readonly JudgeUtterance[]): string {
  return judgeTextHash(utterances.map((u) => `${u.speaker}\u0001${u.text}`).join('\u0002'));
}

export function judgeCacheKey(transcript: string, criterionId: string, criterionVersion: string): string {
  return `judge:${transcript}:${criterionId}@${criterionVersion}`;
}
