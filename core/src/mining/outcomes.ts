import type { MiningCall, OutcomeOf } from './types';

/*
 * Outcome extraction is a parameter of the miner; these are the ones the CLI and routes offer.
 * Each returns undefined when the call does not carry the fact, so unknown never counts as failure.
 */

const CONVERTED =
  /\b(sale|sold|enrol+(?:ed|ment)?|convert(?:ed)?|closed[- ]won|won|application submitted)\b/i;

const NEGATED = /\b(?:not|no|non|never|declined|lost|unsuccessful|failed)\b|\bun(?:enrol|sold)/i;

export const OUTCOMES = ['conversion', 'csat', 'fcr', 'score', 'disposition'] as const;
export type OutcomeName = (typeof OUTCOMES)[number];

export interface OutcomeParams {
  /** score: the least score that counts as success (default 85). */
  minScore?: number;
  /** disposition: the disposition (case-insensitive) that counts as success. */
  disposition?: string;
  /** conversion: stages that count as converted (default: a sale/enrolled/won pattern). */
  stages?: readonly string[];
}

export function outcomeOf(name: OutcomeName, params: OutcomeParams = {}): OutcomeOf {
  switch (name) {
    case 'conversion':
      return (c: MiningCall) => {
        const fact = c.stage ?? c.disposition;
        if (fact === undefined) return undefined;
        // "Not enrolled", "no sale": a negation is never a conversion, whatever word follows it.
        if (NEGATED.test(fact)) return false;
        if (params.stages) return params.stages.some((s) => s.toLowerCase() === fact.toLowerCase());
        return CONVERTED.test(fact);
      };
    case 'csat':
      return (c) => (c.csat === undefined ? undefined : c.csat >= 4);
    case 'fcr':
      return (c) => c.fcr;
    case 'score':
      return (c) => (c.score === undefined ? undefined : c.score >= (params.minScore ?? 85));
    case 'disposition': {
      const want = params.disposition?.toLowerCase();
      return (c) =>
        c.disposition === undefined || want === undefined ? undefined : c.disposition.toLowerCase() === want;
    }
  }
}
