import { seededRandom, shuffleInPlace } from '../random';
import { tokens } from './text';
import type { MinedFinding, MiningCall, MiningUtterance } from './types';

/*
 * Seeded synthetic call populations for measuring the miner: planted winning behaviours whose
 * effect on the odds of conversion is known, noise (random lines, wording variants, an agent
 * effect), and a confounder (a phrase one high-converting queue uses far more, with no effect of
 * its own). Every line is invented; no person appears.
 */

export type PlantedPattern =
  | { kind: 'phrase'; phrase: string; oddsRatio: number; prevalence: number }
  | { kind: 'act-order'; first: string; second: string; oddsRatio: number }
  | { kind: 'objection-response'; objection: string; phrase: string; oddsRatio: number; prevalence: number };

export interface PopulationOptions {
  seed: number;
  calls?: number;
  /** Default `DEFAULT_PLANTS`; pass `[]` or `null: true` for a population with nothing planted. */
  planted?: readonly PlantedPattern[];
  /** Same population, every planted effect set to odds ratio 1 (the lines are still said). */
  null?: boolean;
}

export const DEFAULT_PLANTS: readonly PlantedPattern[] = [
  { kind: 'phrase', phrase: 'i completely understand how important that is', oddsRatio: 2, prevalence: 0.3 },
  { kind: 'phrase', phrase: 'we can lock in that rate for you today', oddsRatio: 2.5, prevalence: 0.25 },
  { kind: 'phrase', phrase: 'your current doctors stay in network', oddsRatio: 2, prevalence: 0.2 },
  { kind: 'act-order', first: 'scope-of-appointment', second: 'plan-benefits', oddsRatio: 2 },
  {
    kind: 'objection-response',
    objection: 'price',
    phrase: 'lots of members pay zero for the premium',
    oddsRatio: 3,
    prevalence: 0.35,
  },
  // Below the target's odds ratio: reported, not counted in the ≥ 2 recall figure.
  { kind: 'phrase', phrase: 'can i walk you through the extra benefits', oddsRatio: 1.5, prevalence: 0.3 },
];

/** The confounder: used more in the queue that converts more; no effect within any queue. */
export const CONFOUNDER_PHRASE = 'let me check the plans available in your county';

const QUEUES = [
  { name: 'medicare-east', share: 0.4, logit: -1.2, confounder: 0.1 },
  { name: 'medicare-west', share: 0.35, logit: -0.6, confounder: 0.3 },
  { name: 'web-leads', share: 0.25, logit: 0.3, confounder: 0.7 },
];

const GREETINGS = [
  'Thank you for calling, this is your licensed agent, how can I help today?',
  'Good morning and thanks for calling the Medicare help line.',
  'Hi there, thanks for reaching out about Medicare plans.',
];
const OPENINGS = [
  'I got a card in the mail about Medicare plans.',
  'I am turning sixty five soon and need to pick a plan.',
  'My neighbor said I could save money on my plan.',
  'I want to know what my options are this year.',
];
const ACT_LINES: Record<string, string[]> = {
  'identifier-request': [
    'Can I get your date of birth to pull up your record?',
    'Could you confirm the name on your card for me?',
    'What is the best phone number for you?',
  ],
  'scope-of-appointment': [
    'Before we start, today we will only talk about the plan types you agreed to on the scope form.',
    'I need to confirm the scope of appointment, we will discuss Medicare Advantage and drug plans.',
  ],
  'plan-benefits': [
    'This plan has dental vision and hearing included.',
    'The copay for primary care visits is zero dollars on this plan.',
    'The maximum out of pocket on this one is quite low.',
  ],
  'recording-disclosure': ['Just so you know this call is recorded for quality and training.'],
  'comprehension-check': [
    'Does that make sense so far?',
    'Can you tell me in your own words what we covered?',
  ],
};
const AGENT_FILLER = [
  'Let me pull that up for you.',
  'One moment while I look at the options.',
  'Sure, that is a great question.',
  'I can send you the summary of benefits as well.',
  'We work with several carriers in the area.',
  'That plan also has a pharmacy network nearby.',
  'Okay, I have that noted here.',
  'You would still keep your original card for some services.',
  'The enrollment would take effect on the first of the month.',
  'I will stay on the line while you check.',
  'There is also a plan with a lower deductible.',
  'Thanks for your patience while I check that.',
  'I see a few plans that might fit.',
  'Let me compare the drug coverage for you.',
];
const CUSTOMER_FILLER = [
  'Okay.',
  'That sounds fine.',
  'What about my prescriptions?',
  'How much would it cost every month?',
  'I see, go on.',
  'Can you repeat that please?',
  'Do I need to do anything else?',
  'I did not know that.',
  'Sure, hold on a second.',
  'My wife usually handles this stuff.',
];
const OBJECTIONS: Record<string, string[]> = {
  price: ["Honestly it's too expensive for me.", "I'm on a fixed income, I can't afford much."],
  'current-coverage': ['I already have a plan and it works fine.', "I'm happy with my current coverage."],
  'think-it-over': ['I need to think about it.', 'Let me talk to my son first.'],
  'doctor-network': ['I want to keep my doctor.', 'Is my doctor in network?'],
};
const RESPONSES = [
  'I hear you, let me see what else there is.',
  'That is fair, many people feel that way.',
  'Okay, we can look at a few more options.',
];
const CLOSES = ['Thanks again for your time today.', 'Have a wonderful rest of your day.'];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

function gaussian(r: () => number): number {
  const u = Math.max(1e-12, r());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** A population of conversion calls; `disposition` is `Enrolled` or `Not enrolled`. */
export function syntheticPopulation(opts: PopulationOptions): {
  calls: MiningCall[];
  planted: PlantedPattern[];
} {
  const r = seededRandom(opts.seed);
  const n = opts.calls ?? 2000;
  const planted = [...(opts.planted ?? DEFAULT_PLANTS)];
  const effect = (p: PlantedPattern) => (opts.null ? 0 : Math.log(p.oddsRatio));
  const agents = Array.from({ length: 24 }, (_, i) => ({ id: `agent-${i + 1}`, skill: gaussian(r) * 0.3 }));
  const calls: MiningCall[] = [];
  for (let c = 0; c < n; c++) {
    let x = r();
    const queue = QUEUES.find((q) => (x -= q.share) < 0) ?? QUEUES[QUEUES.length - 1]!;
    const agent = pick(r, agents);
    let logit = queue.logit + agent.skill;
    const u: MiningUtterance[] = [];
    const agentSays = (text: string, acts?: string[]) =>
      u.push({ speaker: 'agent', text, ...(acts ? { acts } : {}) });
    const customerSays = (text: string) => u.push({ speaker: 'customer', text });
    agentSays(pick(r, GREETINGS));
    customerSays(pick(r, OPENINGS));

    // Discovery: each act with probability 0.8, in random order.
    const acts = Object.keys(ACT_LINES).filter(() => r() < 0.8);
    shuffleInPlace(acts, r);
    for (const p of planted)
      if (p.kind === 'act-order') {
        const a = acts.indexOf(p.first);
        const b = acts.indexOf(p.second);
        if (a >= 0 && b >= 0 && a < b) logit += effect(p);
      }
    const middle: Array<() => void> = [];
    for (const act of acts)
      middle.push(() => {
        agentSays(pick(r, ACT_LINES[act]!), [act]);
        if (r() < 0.6) customerSays(pick(r, CUSTOMER_FILLER));
      });
    // Planted phrases, said at a random point.
    const extras: Array<() => void> = [];
    for (const p of planted)
      if (p.kind === 'phrase' && r() < p.prevalence) {
        logit += effect(p);
        extras.push(() => agentSays(`${pick(r, ['', 'Okay, ', 'And '])}${p.phrase}.`));
      }
    if (r() < queue.confounder) extras.push(() => agentSays(`Sure, ${CONFOUNDER_PHRASE}.`));
    for (let k = 0; k < 3 + Math.floor(r() * 5); k++)
      extras.push(() => {
        agentSays(pick(r, AGENT_FILLER));
        if (r() < 0.5) customerSays(pick(r, CUSTOMER_FILLER));
      });
    // Interleave the discovery (kept in its order) with the extras.
    const steps: Array<() => void> = [];
    let ai = 0;
    while (ai < middle.length || extras.length > 0) {
      if (extras.length === 0 || (ai < middle.length && r() < 0.5)) steps.push(middle[ai++]!);
      else steps.push(extras.splice(Math.floor(r() * extras.length), 1)[0]!);
    }
    steps.forEach((s) => s());

    // An objection in 60 % of calls; the agent's next line is the response.
    if (r() < 0.6) {
      const kind = pick(r, Object.keys(OBJECTIONS));
      customerSays(pick(r, OBJECTIONS[kind]!));
      const plant = planted.find(
        (p): p is Extract<PlantedPattern, { kind: 'objection-response' }> =>
          p.kind === 'objection-response' && p.objection === kind,
      );
      if (plant && r() < plant.prevalence) {
        logit += effect(plant);
        agentSays(`${pick(r, ['I understand, ', 'Good question, ', ''])}${plant.phrase}.`);
      } else agentSays(pick(r, RESPONSES));
      if (r() < 0.5) customerSays(pick(r, CUSTOMER_FILLER));
    }
    agentSays(pick(r, CLOSES));
    const enrolled = r() < 1 / (1 + Math.exp(-logit));
    const month = 1 + Math.floor(r() * 2);
    calls.push({
      id: `syn-${opts.seed}-${c + 1}`,
      queue: queue.name,
      callType: 'medicare-sales',
      agentId: agent.id,
      startedAt: `2026-${String(9 + month).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}T15:00:00Z`,
      utterances: u,
      disposition: enrolled ? 'Enrolled' : 'Not enrolled',
      stage: enrolled ? 'enrolled' : 'quoted',
    });
  }
  return { calls, planted };
}

const contains = (hay: string, needle: string) =>
  ` ${tokens(hay).join(' ')} `.includes(` ${tokens(needle).join(' ')} `);

/** Whether a finding is (part of) a planted pattern. */
export function findingMatches(f: MinedFinding, p: PlantedPattern): boolean {
  if (f.direction !== 'helps') return false;
  if (p.kind === 'phrase') return f.kind === 'phrase' && !!f.phrase && contains(p.phrase, f.phrase);
  if (p.kind === 'act-order') return f.kind === 'act-order' && f.first === p.first && f.second === p.second;
  return (
    f.kind === 'objection-response' &&
    f.objection === p.objection &&
    !!f.phrase &&
    contains(p.phrase, f.phrase)
  );
}

export interface PlantedScore {
  /** Per planted pattern: found or not, and the estimate of the best matching finding. */
  planted: Array<{ pattern: PlantedPattern; found: boolean; oddsRatio?: number; ci?: [number, number] }>;
  /** Findings that match no planted pattern (on a null population: every finding). */
  falseFindings: MinedFinding[];
  trueFindings: number;
}

export function scoreAgainstPlanted(
  findings: readonly MinedFinding[],
  planted: readonly PlantedPattern[],
): PlantedScore {
  const out: PlantedScore = { planted: [], falseFindings: [], trueFindings: 0 };
  for (const p of planted) {
    const m = findings.filter((f) => findingMatches(f, p)).sort((a, b) => a.effect.p - b.effect.p)[0];
    out.planted.push({
      pattern: p,
      found: !!m,
      ...(m ? { oddsRatio: m.effect.oddsRatio, ci: m.effect.ci } : {}),
    });
  }
  for (const f of findings) {
    if (planted.some((p) => findingMatches(f, p))) out.trueFindings++;
    else out.falseFindings.push(f);
  }
  return out;
}
