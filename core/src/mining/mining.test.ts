import { compilePlaybook, parsePlaybook } from '../playbook/compile';
import { createLiveSession } from '../live/session';
import {
  applySuggestions,
  benjaminiHochberg,
  CONFOUNDER_PHRASE,
  datedRules,
  logOddsDirichlet,
  mantelHaenszel,
  milestones,
  mine,
  monthlyReview,
  outcomeOf,
  playbookDiff,
  scoreAgainstPlanted,
  selectExemplars,
  suggestFromFindings,
  suggestRetirements,
  syntheticPopulation,
  type MiningCall,
} from './index';
import { seededRandom } from '../random';

const conversion = outcomeOf('conversion');

describe('statistics', () => {
  it('gives the textbook Mantel–Haenszel odds ratio for one table', () => {
    const e = mantelHaenszel([{ a: 10, b: 20, c: 30, d: 40 }]);
    expect(e.oddsRatio).toBeCloseTo((10 * 40) / (20 * 30), 10);
    expect(e.ci[0]).toBeLessThan(e.oddsRatio);
    expect(e.ci[1]).toBeGreaterThan(e.oddsRatio);
  });

  it('removes a confounded association that only exists across strata (Simpson)', () => {
    // Within each stratum the odds ratio is exactly 1; pooled, the feature looks strongly helpful.
    const strata = [
      { a: 80, b: 20, c: 8, d: 2 },
      { a: 2, b: 8, c: 20, d: 80 },
    ];
    const pooled = mantelHaenszel([{ a: 82, b: 28, c: 28, d: 82 }]);
    const within = mantelHaenszel(strata);
    expect(pooled.oddsRatio).toBeGreaterThan(5);
    expect(within.oddsRatio).toBeCloseTo(1, 10);
    expect(within.p).toBeGreaterThan(0.5);
  });

  it('Benjamini–Hochberg steps up to the largest p under its line', () => {
    expect(benjaminiHochberg([0.01, 0.04, 0.03, 0.005], 0.05)).toEqual([true, true, true, true]);
    expect(benjaminiHochberg([0.02, 0.5], 0.05)).toEqual([true, false]);
    expect(benjaminiHochberg([0.03, 0.04], 0.05)).toEqual([true, true]);
    expect(benjaminiHochberg([0.03, 0.9], 0.05)).toEqual([false, false]);
  });

  it('log-odds with a Dirichlet prior: equal use is 0, over-use in A is a positive z', () => {
    const a = new Map([
      ['price', 50],
      ['the', 1000],
      ['rest', 5000],
    ]);
    const b = new Map([
      ['price', 5],
      ['the', 1000],
      ['rest', 5045],
    ]);
    const prior = new Map([
      ['price', 55],
      ['the', 2000],
      ['rest', 10045],
    ]);
    const r = logOddsDirichlet(a, b, prior, 100);
    expect(r.get('price')!.z).toBeGreaterThan(3);
    expect(Math.abs(r.get('the')!.z)).toBeLessThan(0.5);
  });
});

describe('mining synthetic populations', () => {
  const planted = syntheticPopulation({ seed: 11, calls: 2000 });
  const result = mine(planted.calls, { outcome: conversion, outcomeName: 'conversion' });

  it('finds the planted patterns with odds ratio ≥ 2 and not the queue confounder', () => {
    const score = scoreAgainstPlanted(result.findings, planted.planted);
    const strong = score.planted.filter((p) => p.pattern.oddsRatio >= 2);
    expect(strong.filter((p) => p.found).length).toBeGreaterThanOrEqual(strong.length - 1);
    expect(result.findings.some((f) => f.phrase && CONFOUNDER_PHRASE.includes(f.phrase))).toBe(false);
    expect(score.falseFindings.length).toBeLessThanOrEqual(1);
  });

  it('carries effect size, interval, counts and de-identified examples on every finding', () => {
    for (const f of result.findings) {
      expect(f.effect.ci[0]).toBeLessThanOrEqual(f.effect.oddsRatio);
      expect(f.effect.ci[1]).toBeGreaterThanOrEqual(f.effect.oddsRatio);
      expect(f.calls).toBeGreaterThanOrEqual(result.minCalls);
      // Nothing is reported whose interval still includes "no effect".
      expect(f.effect.ci[0] > 1 || f.effect.ci[1] < 1).toBe(true);
      expect(f.examples.length).toBeGreaterThan(0);
    }
  });

  it('suggests nothing on a population with nothing planted', () => {
    const nul = syntheticPopulation({ seed: 12, calls: 2000, null: true });
    const r = mine(nul.calls, { outcome: conversion, outcomeName: 'conversion' });
    expect(r.findings.length).toBeLessThanOrEqual(1);
  });

  it('tests nothing seen in fewer calls than the minimum', () => {
    const r = mine(planted.calls.slice(0, 200), {
      outcome: conversion,
      outcomeName: 'conversion',
      minCalls: 150,
    });
    expect(r.findings).toEqual([]);
  });

  it('de-identifies example quotes', () => {
    const calls: MiningCall[] = [];
    const rand = seededRandom(3);
    for (let i = 0; i < 400; i++) {
      const good = rand() < 0.5;
      calls.push({
        id: `c${i}`,
        queue: 'q',
        disposition: rand() < (good ? 0.8 : 0.2) ? 'Enrolled' : 'No',
        utterances: [
          {
            speaker: 'agent',
            text: good ? 'Thank you Mrs. Okafor, we can lock in that rate today.' : 'Okay then.',
          },
        ],
      });
    }
    const r = mine(calls, { outcome: conversion, outcomeName: 'conversion' });
    const quotes = r.findings.flatMap((f) => f.examples.map((e) => e.quote));
    expect(quotes.length).toBeGreaterThan(0);
    for (const q of quotes) expect(q).not.toContain('Okafor');
  });
});

describe('suggestions', () => {
  const pop = syntheticPopulation({ seed: 21, calls: 2000 });
  const result = mine(pop.calls, { outcome: conversion, outcomeName: 'conversion' });
  const playbook = parsePlaybook({
    id: 'medicare-sales',
    version: '1',
    title: 'Medicare sales',
    criteria: [
      {
        id: 'greet',
        title: 'Greets',
        category: 'adherence',
        severity: 'low',
        weight: 1,
        tip: 'Greet',
        rule: { require: [{ phrases: ['thank you for calling'] }] },
      },
    ],
  });

  it('proposes valid criteria and prompts with the change note', () => {
    const s = suggestFromFindings(result, { playbookId: 'medicare-sales', playbook });
    const diff = playbookDiff('medicare-sales', s);
    expect(diff.addCriteria.length).toBeGreaterThan(0);
    expect(diff.proposedMomentPrompts.some((p) => p.prompt?.when.phrases.length)).toBe(true);
    const applied = applySuggestions(playbook, diff.addCriteria);
    expect(applied.playbook.criteria.length).toBe(1 + diff.addCriteria.length);
    expect(applied.note).toMatch(/mined from \d+ calls, effect OR/);
    // The published playbook must still parse and compile.
    expect(() => parsePlaybook(applied.playbook)).not.toThrow();
  });

  it('publishes an accepted moment prompt into the live section, and a live call shows it', () => {
    const s = suggestFromFindings(result, { playbookId: 'medicare-sales', playbook });
    const prompt = playbookDiff('medicare-sales', s).proposedMomentPrompts[0]!;
    // A greeting the compiler accepts (the fixture's is too common a phrase to compile).
    const greet = parsePlaybook({
      ...playbook,
      criteria: [
        { ...playbook.criteria[0]!, rule: { require: [{ phrases: ['welcome to sunrise health plans'] }] } },
      ],
    }).criteria[0]!;
    const applied = applySuggestions({ ...playbook, criteria: [greet] }, [prompt]);
    const live = applied.playbook.live ?? [];
    expect(live.map((p) => [p.id, p.kind, p.text])).toEqual([
      [prompt.prompt!.id, 'moment_prompt', prompt.prompt!.say],
    ]);
    expect(applied.note).toContain(`live prompt ${prompt.prompt!.id} added (mined from`);
    const session = createLiveSession({
      callId: 'c1',
      playbook: compilePlaybook(parsePlaybook(applied.playbook)),
    });
    const trigger = prompt.prompt!.when.phrases[0]!;
    const shown = session.push({
      id: 'u1',
      speaker: 'customer',
      text: `Well, ${trigger}, you know.`,
      offsetMs: 5000,
    });
    expect(
      shown.some(
        (e) => e.kind === 'moment_prompt' && e.ruleId === prompt.prompt!.id && e.text === prompt.prompt!.say,
      ),
    ).toBe(true);
  });

  it('proposes retiring a criterion that does not separate outcomes, never a compliance one', () => {
    const rand = seededRandom(5);
    const calls: MiningCall[] = Array.from({ length: 4000 }, (_, i) => ({
      id: `r${i}`,
      queue: 'q',
      utterances: [],
      disposition: rand() < 0.4 ? 'Enrolled' : 'No',
      criteria: { noise: rand() < 0.5 ? 'met' : 'missed', legal: rand() < 0.5 ? 'met' : 'missed' },
      criterionCategories: { noise: 'adherence', legal: 'compliance' },
    }));
    const s = suggestRetirements(calls, { playbookId: 'p', outcome: conversion, outcomeName: 'conversion' });
    expect(s.map((x) => x.retire?.criterionId)).toEqual(['noise']);
  });

  it('does not propose retiring a criterion that still separates outcomes', () => {
    const rand = seededRandom(6);
    const calls: MiningCall[] = Array.from({ length: 4000 }, (_, i) => {
      const met = rand() < 0.5;
      return {
        id: `r${i}`,
        utterances: [],
        disposition: rand() < (met ? 0.6 : 0.3) ? 'Enrolled' : 'No',
        criteria: { strong: met ? 'met' : 'missed' },
      };
    });
    expect(
      suggestRetirements(calls, { playbookId: 'p', outcome: conversion, outcomeName: 'conversion' }),
    ).toEqual([]);
  });
});

describe('library and milestones', () => {
  it('picks successful high scorers, de-identified, with moments marked', () => {
    const pop = syntheticPopulation({ seed: 31, calls: 1500 });
    const result = mine(pop.calls, { outcome: conversion, outcomeName: 'conversion' });
    const rand = seededRandom(2);
    const scored = pop.calls.map((c) => ({ ...c, score: Math.round(60 + rand() * 39) }));
    scored[0] = {
      ...scored[0]!,
      score: 100,
      disposition: 'Enrolled',
      utterances: [...scored[0]!.utterances, { speaker: 'customer', text: 'my name is Delphine Haddad' }],
    };
    const lib = selectExemplars(scored, { outcome: conversion, findings: result.findings, limit: 3 });
    expect(lib).toHaveLength(3);
    expect(lib[0]!.interactionId).toBe(scored[0]!.id);
    expect(JSON.stringify(lib)).not.toContain('Haddad');
    for (const e of lib) expect(e.score).toBeGreaterThanOrEqual(85);
    expect(
      lib.some((e) =>
        e.moments.some((m) => m.shows.startsWith('phrase:') || m.shows.startsWith('act-order:')),
      ),
    ).toBe(true);
  });

  it('milestones: consistent criteria and the next skill (compliance first)', () => {
    const calls: MiningCall[] = Array.from({ length: 10 }, (_, i) => ({
      id: `m${i}`,
      agentId: 'a1',
      startedAt: `2026-11-${String(i + 1).padStart(2, '0')}T10:00:00Z`,
      utterances: [],
      criteria: { greet: 'met', disclose: i < 5 ? 'met' : 'missed', empathy: i < 7 ? 'met' : 'missed' },
      criterionCategories: { greet: 'adherence', disclose: 'compliance', empathy: 'soft-skill' },
    }));
    const m = milestones('a1', calls);
    expect(m.consistent.map((c) => c.criterionId)).toEqual(['greet']);
    expect(m.next?.criterionId).toBe('disclose');
  });
});

describe('monthly review', () => {
  it('flags a criterion whose miss rate moved and a trending customer phrase, and lists upcoming rules', () => {
    const rand = seededRandom(9);
    const calls: MiningCall[] = [];
    for (let i = 0; i < 600; i++) {
      const nov = i % 2 === 0;
      calls.push({
        id: `c${i}`,
        startedAt: nov ? '2026-11-10T10:00:00Z' : '2026-10-10T10:00:00Z',
        utterances: [
          {
            speaker: 'customer',
            text: nov && rand() < 0.3 ? 'I saw the new part d cap on tv' : 'hello there',
          },
        ],
        criteria: {
          disclose: rand() < (nov ? 0.3 : 0.1) ? 'missed' : 'met',
          greet: rand() < 0.2 ? 'missed' : 'met',
        },
      });
    }
    const rules = datedRules(
      [{ id: 'medicare-sales', version: 3, effectiveFrom: '2026-12-01', note: 'CMS 2027 marketing rule' }],
      [],
    );
    const r = monthlyReview(calls, { month: '2026-11', rules });
    expect(r.criteria.find((c) => c.criterionId === 'disclose')!.significant).toBe(true);
    expect(r.criteria.find((c) => c.criterionId === 'greet')!.significant).toBe(false);
    expect(r.trendingPhrases.some((p) => p.phrase.includes('part d cap'))).toBe(true);
    expect(r.upcomingRules.map((u) => u.ref)).toEqual(['v3']);
    expect(r.prompts).toEqual([]);
  });
});

describe('outcomes', () => {
  it('never counts a negated disposition as a conversion', () => {
    const c = (disposition: string): MiningCall => ({ id: 'x', utterances: [], disposition });
    expect(conversion(c('Enrolled'))).toBe(true);
    expect(conversion(c('Not enrolled'))).toBe(false);
    expect(conversion(c('No sale'))).toBe(false);
    expect(conversion(c('Closed won'))).toBe(true);
    expect(conversion({ id: 'y', utterances: [] })).toBeUndefined();
  });
});
