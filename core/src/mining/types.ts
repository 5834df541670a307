import type { FindingStatus } from '../model/scorecard';

/**
 * What the miner reads of one scored call. Adapters build it from the stored interaction, its
 * scorecard and (when a model is loaded) its dialogue-act tags; the miner itself does no I/O.
 */
export interface MiningUtterance {
  speaker: 'agent' | 'customer' | 'system';
  text: string;
  /** Dialogue acts tagged on this utterance (core/src/acts names, or any label set). */
  acts?: readonly string[];
}

export interface MiningCall {
  id: string;
  /** The stratum for confounder control (default: the queue). */
  queue?: string;
  callType?: string;
  agentId?: string;
  /** ISO timestamp; the monthly review buckets by it. */
  startedAt?: string;
  utterances: readonly MiningUtterance[];
  /** Overall score 0..100 when scored. */
  score?: number;
  /** Criterion id → status on this call's scorecard. */
  criteria?: Readonly<Record<string, FindingStatus>>;
  /** Criterion id → category (compliance criteria are never proposed for retirement). */
  criterionCategories?: Readonly<Record<string, string>>;
  disposition?: string;
  /** Funnel stage reached (ContactCenterFacts.stage). */
  stage?: string;
  /** 1..5 post-call CSAT. */
  csat?: number;
  /** First-contact resolution when known. */
  fcr?: boolean;
}

/** Successful (true), other (false) or unknown (undefined: the call is left out). */
export type OutcomeOf = (call: MiningCall) => boolean | undefined;

export type FindingKind = 'phrase' | 'act' | 'act-order' | 'objection-response';

export interface FindingExample {
  interactionId: string;
  /** Utterance index of the quote in the call. */
  utterance: number;
  /** De-identified (core/src/redact) before it leaves the miner. */
  quote: string;
}

export interface MinedFinding {
  /** Stable key of the pattern, e.g. `phrase:agent:i completely understand`. */
  key: string;
  kind: FindingKind;
  /** `helps`: the pattern goes with success; `hurts`: with the other calls. */
  direction: 'helps' | 'hurts';
  /** Plain-language statement of the pattern. */
  label: string;
  phrase?: string;
  act?: string;
  /** act-order: `first` before `second` is the arrangement that goes with success. */
  first?: string;
  second?: string;
  objection?: string;
  /** Mantel–Haenszel odds ratio within strata, its 95 % interval, CMH p and BH-adjusted q. */
  effect: { oddsRatio: number; logOddsRatio: number; ci: [number, number]; p: number; q: number };
  /** Monroe et al. log-odds (phrases only), stratified, with its z-score. */
  logOdds?: { delta: number; z: number };
  /** Calls showing the pattern / calls it was compared within. */
  calls: number;
  universe: number;
  /** Crude success rates with and without the pattern. */
  successWith: number;
  successWithout: number;
  examples: FindingExample[];
}

export interface MiningResult {
  callType: string | null;
  outcome: string;
  calls: number;
  successes: number;
  strata: string[];
  /** How many patterns were tested (after the minimum-calls filter): the BH family size. */
  tested: number;
  minCalls: number;
  fdr: number;
  findings: MinedFinding[];
  /** Discoveries dropped because an earlier finding explains them (correlated patterns). */
  explained: Array<{ key: string; by: string }>;
}
