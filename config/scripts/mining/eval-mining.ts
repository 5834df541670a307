/**
 * Honest evaluation of playbook mining and the PHI redactor.
 *
 *   npm run eval:mining [-- --seeds 20] [-- --calls 2000] [-- --datasets DIR] [-- --only synthetic|phi|real]
 *
 * 1. Synthetic populations (core/src/mining/synthetic.ts): per seed, a population with planted
 *    winning behaviours and a queue confounder, and a null population (same generator, every
 *    planted odds ratio set to 1). Recall of planted effects, precision of findings, false
 *    suggestions per null population.
 * 2. PHI redactor recall on planted identifiers (core/src/redact/synthetic.ts): tuning seeds
 *    1–5 and held-out seeds 1001–1005 (never looked at while building), per kind, with misses.
 *    Also recall on the real identifiers of ABCD (its scenario values) and STAR (names and
 *    account numbers its user guide hands out), which no generator of ours wrote.
 * 3. The miner on real data: the ABCD sample (3 dialogues) and STAR bank/doctor (965 dialogues,
 *    outcome: the dialogue reached completion).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  mine,
  outcomeOf,
  plantedPhiCalls,
  redactText,
  redactionRecall,
  scoreAgainstPlanted,
  syntheticPopulation,
  CONFOUNDER_PHRASE,
  type MiningCall,
  type MiningResult,
  type PlantedPattern,
} from '@teachback/core';
import { builtinActModel } from '@teachback/config';

const argv = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1]! : dflt;
};
const SEEDS = Number(arg('seeds', '20'));
const CALLS = Number(arg('calls', '2000'));
const DATASETS = resolve(arg('datasets', join(__dirname, '..', '..', '..', '..', 'shared', 'datasets')));
const ONLY = arg('only', 'all');
const conversion = outcomeOf('conversion');
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const label = (p: PlantedPattern) =>
  p.kind === 'phrase'
    ? `phrase "${p.phrase}"`
    : p.kind === 'act-order'
      ? `order ${p.first} < ${p.second}`
      : `${p.objection} → "${p.phrase}"`;

function synthetic(): void {
  console.log(
    `## Synthetic populations: ${SEEDS} seeds × ${CALLS} calls (planted) + ${SEEDS} null populations\n`,
  );
  const per = new Map<string, { found: number; n: number; or: number[]; planted: number }>();
  let trueF = 0;
  let falseF = 0;
  let confounder = 0;
  const falseExamples: string[] = [];
  const t0 = Date.now();
  for (let s = 1; s <= SEEDS; s++) {
    const pop = syntheticPopulation({ seed: s, calls: CALLS });
    const r = mine(pop.calls, { outcome: conversion, outcomeName: 'conversion' });
    const score = scoreAgainstPlanted(r.findings, pop.planted);
    for (const p of score.planted) {
      const k = label(p.pattern);
      const e = per.get(k) ?? { found: 0, n: 0, or: [], planted: p.pattern.oddsRatio };
      e.n++;
      if (p.found) {
        e.found++;
        e.or.push(p.oddsRatio!);
      }
      per.set(k, e);
    }
    trueF += score.trueFindings;
    falseF += score.falseFindings.length;
    for (const f of score.falseFindings)
      falseExamples.push(
        `seed ${s}: ${f.key} OR ${f.effect.oddsRatio.toFixed(2)} q ${f.effect.q.toExponential(1)}`,
      );
    if (r.findings.some((f) => f.phrase && CONFOUNDER_PHRASE.includes(f.phrase))) confounder++;
  }
  console.log('| planted pattern | planted OR | found | median estimated OR |');
  console.log('|---|---|---|---|');
  let strongFound = 0;
  let strongN = 0;
  for (const [k, e] of per) {
    const sorted = [...e.or].sort((a, b) => a - b);
    const med = sorted.length ? sorted[Math.floor(sorted.length / 2)]!.toFixed(2) : '-';
    console.log(`| ${k} | ${e.planted} | ${e.found}/${e.n} | ${med} |`);
    if (e.planted >= 2) {
      strongFound += e.found;
      strongN += e.n;
    }
  }
  console.log(
    `\nRecall of planted effects with OR ≥ 2: ${strongFound}/${strongN} = ${pct(strongFound / strongN)}; precision of findings ${trueF}/${trueF + falseF} = ${pct(trueF / Math.max(1, trueF + falseF))}; confounder phrase suggested in ${confounder}/${SEEDS} populations.`,
  );
  if (falseExamples.length)
    console.log(`Findings matching no planted pattern:\n${falseExamples.map((x) => `- ${x}`).join('\n')}`);

  const nullCounts: number[] = [];
  const nullExamples: string[] = [];
  for (let s = 1; s <= SEEDS; s++) {
    const pop = syntheticPopulation({ seed: 1000 + s, calls: CALLS, null: true });
    const r = mine(pop.calls, { outcome: conversion, outcomeName: 'conversion' });
    nullCounts.push(r.findings.length);
    for (const f of r.findings)
      nullExamples.push(`null seed ${1000 + s}: ${f.key} OR ${f.effect.oddsRatio.toFixed(2)}`);
  }
  const total = nullCounts.reduce((a, b) => a + b, 0);
  console.log(
    `\nNull populations: false suggestions per population: ${nullCounts.join(', ')} (total ${total}, max ${Math.max(...nullCounts)}, mean ${(total / SEEDS).toFixed(2)}).`,
  );
  if (nullExamples.length) console.log(nullExamples.map((x) => `- ${x}`).join('\n'));
  console.log(`\n(${((Date.now() - t0) / 1000).toFixed(0)} s for ${2 * SEEDS} populations)\n`);
}

function phiTable(title: string, seeds: number[]): void {
  const calls = seeds.flatMap((s) => plantedPhiCalls(s, 300));
  const r = redactionRecall(calls);
  console.log(
    `### ${title} (seeds ${seeds.join(', ')}: ${calls.length} calls, ${r.planted} planted identifiers)\n`,
  );
  console.log('| kind | planted | found | recall |');
  console.log('|---|---|---|---|');
  for (const [k, e] of Object.entries(r.byKind).sort())
    console.log(`| ${k} | ${e.planted} | ${e.found} | ${pct(e.recall)} |`);
  console.log(`| all | ${r.planted} | ${r.found} | ${pct(r.found / r.planted)} |`);
  console.log(`\nOver-redaction (share of non-identifier letters/digits redacted): ${pct(r.overRedaction)}`);
  const forms = new Map<string, string[]>();
  for (const m of r.misses)
    forms.set(`${m.kind} / ${m.form}`, [...(forms.get(`${m.kind} / ${m.form}`) ?? []), m.text]);
  console.log(r.misses.length ? `Misses (${r.misses.length}):` : 'Misses: none');
  for (const [k, texts] of forms) console.log(`- ${k}: ${texts.length}, e.g. "${texts[0]}"`);
  console.log('');
}

/** Recall on identifiers real datasets give us: is every occurrence of the value gone? */
function realPhi(): void {
  const found: Record<string, { n: number; ok: number; misses: string[] }> = {};
  const check = (kind: string, value: string, text: string) => {
    const v = value.toLowerCase().trim();
    if (v.length < 3) return;
    const lower = text.toLowerCase();
    if (!lower.includes(v)) return;
    const e = (found[kind] ??= { n: 0, ok: 0, misses: [] });
    e.n++;
    const out = redactText(text).text.toLowerCase();
    if (!out.includes(v)) e.ok++;
    else if (e.misses.length < 4) e.misses.push(text);
  };
  // ABCD: the scenario's values (synthetic customers) wherever the customer typed them.
  const abcd = JSON.parse(readFileSync(join(DATASETS, 'abcd-sample', 'abcd_sample.json'), 'utf8')) as Array<{
    scenario: { personal: Record<string, string>; order: Record<string, string> };
    original: Array<[string, string]>;
  }>;
  for (const d of abcd) {
    const vals: Array<[string, string]> = [
      ['name', d.scenario.personal.customer_name ?? ''],
      ['email', d.scenario.personal.email ?? ''],
      ['phone', d.scenario.personal.phone ?? ''],
      ['username (account id)', d.scenario.personal.username ?? ''],
      ['address', d.scenario.order.street_address ?? ''],
      ['zip', d.scenario.order.zip_code ?? ''],
      ['order id', d.scenario.order.order_id ?? ''],
    ];
    for (const [speaker, text] of d.original)
      if (speaker !== 'action') for (const [k, v] of vals) check(`ABCD ${k}`, v, text);
  }
  // STAR: the user guide tells the user their name and account number; the user types them.
  const dir = join(DATASETS, 'star-bank-doctor', 'dialogues');
  for (const f of readdirSync(dir)) {
    const d = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      Events: Array<{ Agent: string; Action: string; Text?: string }>;
    };
    const guide = d.Events.filter((e) => e.Agent === 'UserGuide')
      .map((e) => e.Text ?? '')
      .join(' ');
    const name = /You are ([A-Z][a-z]+ [A-Z][a-z]+)/.exec(guide)?.[1];
    const account = /account number is (\d{5,})/.exec(guide)?.[1];
    for (const e of d.Events)
      if (e.Agent === 'User' && e.Action === 'utter' && e.Text) {
        if (name) check('STAR name', name, e.Text);
        if (account) check('STAR account number', account, e.Text);
      }
  }
  console.log(
    '### Real identifiers (ABCD sample scenario values; STAR user-guide names and account numbers)\n',
  );
  console.log('| identifier | occurrences in customer text | removed | recall |');
  console.log('|---|---|---|---|');
  for (const [k, e] of Object.entries(found)) console.log(`| ${k} | ${e.n} | ${e.ok} | ${pct(e.ok / e.n)} |`);
  for (const [k, e] of Object.entries(found)) for (const m of e.misses) console.log(`- miss (${k}): "${m}"`);
  console.log('');
}

function printFindings(r: MiningResult, n = 12): void {
  console.log(
    `${r.calls} calls, ${r.successes} successes, strata ${r.strata.length}, ${r.tested} patterns tested (min ${r.minCalls} calls), ${r.findings.length} findings`,
  );
  for (const f of r.findings.slice(0, n))
    console.log(
      `- ${f.direction} ${f.label}: OR ${f.effect.oddsRatio.toFixed(2)} (95 % CI ${f.effect.ci[0].toFixed(2)}–${f.effect.ci[1].toFixed(2)}), q ${f.effect.q.toExponential(1)}, ${f.calls}/${f.universe} calls; e.g. "${f.examples[0]?.quote ?? ''}"`,
    );
  console.log('');
}

function real(): void {
  const model = builtinActModel();
  const tag = (c: MiningCall): MiningCall => {
    const utts = c.utterances.map((u, i) => ({
      speaker: u.speaker,
      text: u.text,
      startMs: i * 1000,
      endMs: i * 1000 + 900,
    }));
    const tags = new Map(
      model.tagTranscript(utts).map((t) => [t.index, [...new Set(t.acts.map((a) => a.act))]]),
    );
    return {
      ...c,
      utterances: c.utterances.map((u, i) => ({
        ...u,
        acts: u.speaker === 'agent' ? (tags.get(i) ?? []) : [],
      })),
    };
  };

  console.log('### ABCD sample (3 dialogues)\n');
  const abcd = JSON.parse(readFileSync(join(DATASETS, 'abcd-sample', 'abcd_sample.json'), 'utf8')) as Array<{
    convo_id: number;
    scenario: { flow: string; subflow: string };
    original: Array<[string, string]>;
  }>;
  const abcdCalls = abcd.map((d) =>
    tag({
      id: `abcd-${d.convo_id}`,
      queue: d.scenario.flow,
      callType: d.scenario.flow,
      // ABCD has no outcome label; "the agent took an account action" is the nearest thing.
      disposition: d.original.some(([s]) => s === 'action') ? 'resolved' : 'open',
      utterances: d.original
        .filter(([s]) => s !== 'action')
        .map(([s, t]) => ({ speaker: s === 'agent' ? ('agent' as const) : ('customer' as const), text: t })),
    }),
  );
  const resolved = outcomeOf('disposition', { disposition: 'resolved' });
  printFindings(mine(abcdCalls, { outcome: resolved, outcomeName: 'resolved' }));
  printFindings(mine(abcdCalls, { outcome: resolved, outcomeName: 'resolved', minCalls: 1 }), 5);

  console.log('### STAR bank + doctor (965 dialogues; outcome: CompletionLevel = Complete)\n');
  const dir = join(DATASETS, 'star-bank-doctor', 'dialogues');
  const star: MiningCall[] = [];
  for (const f of readdirSync(dir).sort()) {
    const d = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      DialogueID: number;
      CompletionLevel: string;
      Scenario: { Happy: boolean; WizardCapabilities: Array<{ Task: string }> };
      Events: Array<{ Agent: string; Action: string; Text?: string }>;
    };
    const task = d.Scenario.WizardCapabilities[0]?.Task ?? 'unknown';
    star.push(
      tag({
        id: `star-${d.DialogueID}`,
        // Confounders: the task and whether the scenario was the happy path.
        queue: `${task}/${d.Scenario.Happy ? 'happy' : 'unhappy'}`,
        callType: task,
        disposition: d.CompletionLevel === 'Complete' ? 'complete' : 'incomplete',
        utterances: d.Events.filter(
          (e) =>
            (e.Agent === 'Wizard' && e.Action === 'pick_suggestion') ||
            (e.Agent === 'Wizard' && e.Action === 'utter') ||
            (e.Agent === 'User' && e.Action === 'utter'),
        ).map((e) => ({
          speaker: e.Agent === 'Wizard' ? ('agent' as const) : ('customer' as const),
          text: e.Text ?? '',
        })),
      }),
    );
  }
  const complete = outcomeOf('disposition', { disposition: 'complete' });
  printFindings(mine(star, { outcome: complete, outcomeName: 'completion' }));
  // The whole dialogue leaks the outcome (only completed dialogues reach the closing lines), so
  // mine the opening too: the first six turns, before the flow has run its course.
  console.log('Opening only (first 6 turns of each dialogue):\n');
  printFindings(
    mine(
      star.map((c) => ({ ...c, utterances: c.utterances.slice(0, 6) })),
      { outcome: complete, outcomeName: 'completion' },
    ),
  );
}

const t = Date.now();
if (ONLY === 'all' || ONLY === 'synthetic') synthetic();
if (ONLY === 'all' || ONLY === 'phi') {
  console.log('## PHI redactor recall\n');
  phiTable('Tuning split', [1, 2, 3, 4, 5]);
  phiTable('Held-out split', [1001, 1002, 1003, 1004, 1005]);
  realPhi();
}
if (ONLY === 'all' || ONLY === 'real') {
  console.log('## Miner on real datasets\n');
  real();
}
console.log(`(total ${((Date.now() - t) / 1000).toFixed(0)} s)`);
