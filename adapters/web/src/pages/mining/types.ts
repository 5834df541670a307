// The shapes the mining routes answer (adapters/server/src/routes/mining.ts), as these pages use them.

export interface Effect {
  oddsRatio: number;
  ci: [number, number];
  p: number;
  q: number;
}

export interface Finding {
  key: string;
  kind: string;
  direction: 'helps' | 'hurts';
  label: string;
  effect: Effect;
  calls: number;
  universe: number;
  successWith: number;
  successWithout: number;
  examples: Array<{ interactionId: string; utterance: number; quote: string }>;
}

export interface Suggestion {
  id: string;
  kind: 'add-criterion' | 'moment-prompt' | 'retire-criterion';
  playbookId: string;
  callType: string | null;
  outcome: string;
  title: string;
  note: string;
  calls: number;
  status: 'pending' | 'accepted' | 'rejected' | 'published';
  finding?: Finding;
  retire?: { criterionId: string; oddsRatio: number; ci: [number, number]; calls: number };
  prompt?: { say: string; when: { phrases: string[] } };
  decidedBy?: string;
  reason?: string;
  publishedVersion?: number;
}

export interface LibraryEntry {
  id: string;
  callType: string | null;
  interactionId: string;
  status: 'proposed' | 'approved' | 'rejected';
  exemplar: {
    score: number | null;
    transcript: Array<{ speaker: string; text: string }>;
    moments: Array<{ utterance: number; quote: string; label: string; shows: string }>;
  };
}

export interface Progress {
  criterionId: string;
  title: string;
  applicable: number;
  met: number;
  rate: number;
  consistent: boolean;
}

export interface Milestones {
  agentId: string;
  calls: number;
  consistent: Progress[];
  working: Progress[];
  next: Progress | null;
}

export interface MonthlyReview {
  month: string;
  previousMonth: string;
  calls: { month: number; previous: number };
  criteria: Array<{
    criterionId: string;
    missRate: number;
    previousMissRate: number;
    p: number;
    significant: boolean;
  }>;
  trendingPhrases: Array<{ phrase: string; z: number; count: number; previousCount: number }>;
  objections: Array<{ objection: string; rate: number; previousRate: number; significant: boolean }>;
  prompts: Array<{ ruleId: string; shown: number; followRate: number; ignored: boolean }>;
  upcomingRules: Array<{ playbookId: string; ref: string; effectiveFrom: string; note: string }>;
}

export const percent = (x: number) => `${Math.round(100 * x)} %`;
export const ratio = (x: number) => (x >= 10 ? x.toFixed(1) : x.toFixed(2));
