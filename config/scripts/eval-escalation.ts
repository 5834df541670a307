/**
 * Escalations raised on the real consultations in ../shared/datasets, per source and split,
 * scored against the committed judgements (escalation-judgements.json).
 *
 *   npm run eval:escalation [-- --show] [-- --sweep] [-- --datasets DIR]
 *
 * --set3 / --set3-cases  held-out set 3 totals / its per-case errors (kept for the final run)
 * --set4 / --set4-cases  held-out set 4 (round 6) totals / its per-case errors (the errors once, at the end)
 * --set5 / --set5-cases  held-out set 5 (round 7) totals / its per-case errors (the errors once, at the end)
 * --set6 / --set6-cases  held-out set 6 (round 8) totals / its per-case errors (the errors once, at the end)
 * --set7 / --set7-cases  held-out set 7 (round 9) totals / its per-case errors (the errors once, at the end)
 * --set8 / --set8-cases  held-out set 8 (round 9, written by a helper not tuning the detector) totals / its
 *                        per-case errors (the errors once, at the end)
 * --set9 / --set9-cases  held-out set 9 (round 10, written by a helper not tuning the detector) totals / its
 *                        per-case errors (the errors once, at the end)
 * --set10 / --set10-cases  held-out set 10 (round 12, written by a helper not tuning the detector) totals /
 *                        its per-case errors (the errors once, at the end)
 * --set11 / --set11-cases  held-out set 11 (round 13, written by a helper not tuning the detector) totals /
 *                          its per-case errors (the errors once, at the end)
 * --set12 / --set12-cases  held-out set 12 (2026-12-08, written by a helper not tuning the detector) totals /
 *                          its per-case errors (the errors once, at the end)
 * --set13 / --set13-cases  set 13 (2026-12-08, written by a helper not tuning the detector; measured untouched
 *                          at 8 of 17, then read for round 18: a tuned set now) totals / its per-case errors
 * --model PATH  evaluates these weights instead of config/models/escalation.json (seed spread).
 * --rules  the cue rules alone, without the learned classifier (the baseline).
 * --show   prints the utterance of each raised escalation (off by default: no text in logs).
 * --negex  checks the negation scope (core/src/escalation/context.ts) against the NegEx test kit
 *          (2,376 sentences from clinical reports, gold Affirmed / Negated).
 * --sweep  lists caller utterances that mention alarming words but raised nothing, so a reviewer
 *          can look for genuine escalations the detector misses (ids only unless --show).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  detectEscalations as detectWith,
  loadEscalationModel,
  type Escalation,
  type EscalationMonitorOptions,
  type Utterance,
} from '@teachback/core';
// The negation scope is internal to core; the check reaches it directly rather than widening the
// package's API for one script.
import { negated } from '../../core/src/escalation/context';
import { clauseAround, normalise } from '../../core/src/escalation/text';
import { loadAll, partOf, type Dialogue, type Part, type Source } from './escalation-datasets';

type Verdict = 'genuine' | 'false';
interface Judgement {
  key: string;
  type: Escalation['type'];
  verdict: Verdict;
  why: string;
}

const args = process.argv.slice(2);
const show = args.includes('--show');
const sweep = args.includes('--sweep');
const dirAt = args.indexOf('--datasets');
const root = resolve(dirAt >= 0 ? args[dirAt + 1]! : join(__dirname, '..', '..', '..', 'shared', 'datasets'));
const judgementsPath = join(__dirname, 'escalation-judgements.json');
// `--model PATH` evaluates other weights than the committed ones (the seed-spread measure).
const modelAt = args.indexOf('--model');
const modelPath =
  modelAt >= 0 ? resolve(args[modelAt + 1]!) : join(__dirname, '..', 'models', 'escalation.json');
// The learned classifier decides by default; --rules measures the cue rules alone (the baseline).
const detector: EscalationMonitorOptions = args.includes('--rules')
  ? {}
  : {
      model: loadEscalationModel(JSON.parse(readFileSync(modelPath, 'utf8'))),
    };
function detectEscalations(utterances: readonly Utterance[]): Escalation[] {
  return detectWith(utterances, detector);
}

function keyOf(d: Dialogue, utterance: number): string {
  return `${d.source}/${d.id}#${utterance}`;
}

function loadJudgements(): Map<string, Judgement> {
  const raw = JSON.parse(readFileSync(judgementsPath, 'utf8')) as { judgements: Judgement[] };
  const out = new Map<string, Judgement>();
  for (const j of raw.judgements) out.set(`${j.key}:${j.type}`, j);
  return out;
}

// Broad on purpose: a reviewer reads these to find genuine escalations the detector misses.
const ALARM =
  /suicid|kill (?:my|him|her)self|end (?:it|my life)|want to die|wake up again|not (?:want|wanting) to (?:be alive|live)|self.?harm|cut(?:ting)? myself|overdos|too many pills|chest pain|crushing|can't breathe|cannot breathe|short(?:ness)? of breath|bleeding|blood everywhere|unconscious|passed out|faint|seizure|stroke|slurr|numb|idiot|stupid|shut up|f\*|fuck|hate you/i;

interface Tally {
  dialogues: number;
  raised: number;
  genuine: number;
  false: number;
  unjudged: number;
}

function partOfKey(key: string): Part {
  const slash = key.indexOf('/');
  return partOf({ source: key.slice(0, slash) as Source, id: key.slice(slash + 1, key.lastIndexOf('#')) });
}

function main(): void {
  const judgements = loadJudgements();
  const dialogues = loadAll(root);
  const rows = new Map<string, Tally>();
  const raisedKeys = new Set<string>();
  const lines: string[] = [];
  for (const d of dialogues) {
    const part = partOf(d);
    const rowKey = `${part} ${d.source}`;
    const row = rows.get(rowKey) ?? { dialogues: 0, raised: 0, genuine: 0, false: 0, unjudged: 0 };
    rows.set(rowKey, row);
    row.dialogues++;
    for (const e of detectEscalations(d.utterances)) {
      const key = keyOf(d, e.utterance);
      raisedKeys.add(`${key}:${e.type}`);
      const j = judgements.get(`${key}:${e.type}`);
      row.raised++;
      if (j === undefined) row.unjudged++;
      else row[j.verdict]++;
      let line = `${part.padEnd(8)} ${key.padEnd(44)} ${e.type.padEnd(20)} ${e.severity.padEnd(8)} ${(e.signal ?? '').padEnd(18)} ${j?.verdict ?? 'UNJUDGED'}`;
      if (show) line += `\n    ${d.utterances[e.utterance]!.text}`;
      lines.push(line);
    }
  }

  console.log(`Escalations on ${dialogues.length} real consultations (${root})\n`);
  console.log(lines.join('\n'));
  console.log('\npart      source        dialogues  raised  genuine  false  unjudged');
  for (const [rowKey, r] of [...rows].sort((a, b) => b[0].localeCompare(a[0]))) {
    const [part, source] = rowKey.split(' ');
    console.log(
      `${part!.padEnd(9)} ${source!.padEnd(13)} ${String(r.dialogues).padStart(9)}  ${String(r.raised).padStart(6)}  ${String(r.genuine).padStart(7)}  ${String(r.false).padStart(5)}  ${String(r.unjudged).padStart(8)}`,
    );
  }

  // Genuine escalations on record that nothing raised: misses.
  const genuineKnown = [...judgements.values()].filter((j) => j.verdict === 'genuine');
  const missed = genuineKnown.filter((j) => !raisedKeys.has(`${j.key}:${j.type}`));
  for (const part of ['tuning', 'held-out'] as const) {
    const sum = [...rows].filter(([k]) => k.startsWith(part + ' ')).map(([, r]) => r);
    const total = (f: keyof Tally): number => sum.reduce((a, r) => a + r[f], 0);
    const known = genuineKnown.filter((j) => partOfKey(j.key) === part).length;
    const miss = missed.filter((j) => partOfKey(j.key) === part).length;
    console.log(
      `real ${part}: ${total('dialogues')} dialogues, raised ${total('raised')}, false ${total('false')}, unjudged ${total('unjudged')}; genuine caught ${known - miss} of ${known} known (missed ${miss})`,
    );
  }
  for (const j of missed) console.log(`MISSED ${partOfKey(j.key)} ${j.key} ${j.type} (${j.why})`);

  writtenHeldOut('escalation-heldout', true);
  // Set 2 is the untouched yardstick: its per-case errors stay hidden unless asked for, so
  // nobody tunes to them by accident (`--set2-cases` for the final, recorded run).
  writtenHeldOut('escalation-heldout-2', args.includes('--set2-cases'));
  // Set 3 (round 5) is the fresh yardstick: not even its totals are printed while tuning
  // (`--set3` for the totals, `--set3-cases` for the per-case errors, each once, at the end).
  if (args.includes('--set3') || args.includes('--set3-cases'))
    writtenHeldOut('escalation-heldout-3', args.includes('--set3-cases'));
  // Set 4 (round 6) is the fresh yardstick now: totals with `--set4`, per-case errors with
  // `--set4-cases`, read once on the final model for the model card.
  if (args.includes('--set4') || args.includes('--set4-cases'))
    writtenHeldOut('escalation-heldout-4', args.includes('--set4-cases'));
  // Set 5 (round 7) is the fresh yardstick now; set 4 became a tuning set. Totals with `--set5`,
  // per-case errors with `--set5-cases`, read once on the final model for the model card.
  if (args.includes('--set5') || args.includes('--set5-cases'))
    writtenHeldOut('escalation-heldout-5', args.includes('--set5-cases'));
  // Set 6 (round 8) is the fresh yardstick now; set 5 became a tuning set. Totals with `--set6`,
  // per-case errors with `--set6-cases`, read once on the final model for the model card.
  if (args.includes('--set6') || args.includes('--set6-cases'))
    writtenHeldOut('escalation-heldout-6', args.includes('--set6-cases'));
  // Set 7 (round 9) is the fresh yardstick now; set 6 became a tuning set. Totals with `--set7`,
  // per-case errors with `--set7-cases`, read once on the final model for the model card.
  if (args.includes('--set7') || args.includes('--set7-cases'))
    writtenHeldOut('escalation-heldout-7', args.includes('--set7-cases'));
  // Set 8 (round 9) was written during the round by a helper not tuning the detector, to measure
  // it afterwards. Totals with `--set8`, per-case errors with `--set8-cases`, read once at the end.
  if (args.includes('--set8') || args.includes('--set8-cases'))
    writtenHeldOut('escalation-heldout-8', args.includes('--set8-cases'));
  // Set 9 (round 10) was written during the round by a helper not tuning the detector, to measure
  // it afterwards. Totals with `--set9`, per-case errors with `--set9-cases`, read once at the end.
  if (args.includes('--set9') || args.includes('--set9-cases'))
    writtenHeldOut('escalation-heldout-9', args.includes('--set9-cases'));
  // Set 10 (round 12) was written during the round by a helper not tuning the detector, to measure
  // it afterwards. Totals with `--set10`, per-case errors with `--set10-cases`, read once at the end.
  if (args.includes('--set10') || args.includes('--set10-cases'))
    writtenHeldOut('escalation-heldout-10', args.includes('--set10-cases'));
  // Set 11 (round 13) was written during the round by a helper not tuning the detector, to measure
  // it afterwards. Totals with `--set11`, per-case errors with `--set11-cases`, read once at the end.
  if (args.includes('--set11') || args.includes('--set11-cases'))
    writtenHeldOut('escalation-heldout-11', args.includes('--set11-cases'));
  // Set 12 (2026-12-08) was written by a helper not tuning the detector, untouched until it is
  // measured. Totals with `--set12`, per-case errors with `--set12-cases`, read once at the end.
  if (args.includes('--set12') || args.includes('--set12-cases'))
    writtenHeldOut('escalation-heldout-12', args.includes('--set12-cases'));
  // Set 13 (2026-12-08) was written by a helper not tuning the detector who never ran it, untouched until it
  // is measured. Totals with `--set13`, per-case errors with `--set13-cases`, read once at the end.
  if (args.includes('--set13') || args.includes('--set13-cases'))
    writtenHeldOut('escalation-heldout-13', args.includes('--set13-cases'));

  if (sweep) {
    console.log('\nSweep: caller turns with alarming words that raised nothing');
    for (const d of dialogues) {
      d.utterances.forEach((u, i) => {
        if (u.speaker === 'agent' || !ALARM.test(u.text)) return;
        const key = keyOf(d, i);
        if ([...raisedKeys].some((k) => k.startsWith(key + ':'))) return;
        console.log(`${partOf(d).padEnd(8)} ${key}${show ? `\n    ${u.text}` : ''}`);
      });
    }
  }
}

const RANK: Readonly<Record<Escalation['severity'], number>> = { moderate: 1, high: 2, critical: 3 };

interface WrittenCase {
  id: string;
  turns: string[];
  expect: { type: Escalation['type']; severity?: Escalation['severity'] }[];
}

/** Turns written `A: ...` / `C: ...` as utterances five seconds apart. */
export function callOf(turns: readonly string[]): Utterance[] {
  return turns.map((t, i) => ({
    speaker: t.startsWith('A:') ? 'agent' : 'customer',
    text: t.replace(/^[AC]:\s*/, ''),
    startMs: i * 5000,
    endMs: i * 5000 + 4000,
  }));
}

/** Written held-out snippets (config/fixtures/<folder>): per expected escalation. */
function writtenHeldOut(folder: string, listErrors: boolean): void {
  const path = join(__dirname, '..', 'fixtures', folder, 'calls.json');
  const { cases } = JSON.parse(readFileSync(path, 'utf8')) as { cases: WrittenCase[] };
  let expected = 0;
  let caught = 0;
  let sameSeverity = 0;
  let falseAlarms = 0;
  let cleanCalls = 0;
  const errors: string[] = [];
  for (const c of cases) {
    const found = detectEscalations(callOf(c.turns));
    for (const want of c.expect) {
      expected++;
      // Every escalation of the type counts, not only the first: the monitor raises a type again
      // when its severity goes up (insult -> sustained abuse -> threat), and the call's grade for
      // the type is the highest one raised.
      const got = found.filter((e) => e.type === want.type);
      if (got.length === 0) errors.push(`  missed ${c.id} ${want.type}`);
      else {
        caught++;
        const top = got.reduce((a, e) => (RANK[e.severity] > RANK[a] ? e.severity : a), got[0]!.severity);
        if (top === want.severity) sameSeverity++;
        else errors.push(`  severity ${c.id} ${want.type}: ${top}, expected ${want.severity}`);
      }
    }
    const extra = found.filter((e) => !c.expect.some((w) => w.type === e.type));
    falseAlarms += extra.length;
    for (const e of extra) errors.push(`  false alarm ${c.id} ${e.type} (${e.signal})`);
    if (c.expect.length === 0 && extra.length === 0) cleanCalls++;
  }
  const negatives = cases.filter((c) => c.expect.length === 0).length;
  console.log(
    `\nwritten ${folder} (${cases.length} calls): genuine caught ${caught} of ${expected} (missed ${expected - caught}), ` +
      `false alarms ${falseAlarms} (${cleanCalls} of ${negatives} calls with nothing to raise stayed quiet), ` +
      `severity as labelled (highest raised of the type) ${sameSeverity} of ${caught}`,
  );
  if (listErrors) for (const e of errors) console.log(e);
}

/** Negation scope against the NegEx test kit: one target finding per sentence. */
function negex(): void {
  const lines = readFileSync(join(root, 'negex-testkit', 'Annotations-1-120-random.txt'), 'utf8').split(
    /\r?\n/,
  );
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0, skipped: 0 };
  for (const line of lines) {
    const cols = line.split('\t');
    if (cols.length < 4) continue;
    const target = cols[1]!.toLowerCase().trim();
    const sentence = cols[2]!.replace(/^"|"$/g, '');
    const gold = cols[3]!.trim() === 'Negated';
    const n = normalise(sentence);
    const s = n.indexOf(target);
    if (s < 0) {
      counts.skipped++;
      continue;
    }
    const predicted = negated(n, clauseAround(n, s, s + target.length), s);
    if (predicted && gold) counts.tp++;
    else if (predicted) counts.fp++;
    else if (gold) counts.fn++;
    else counts.tn++;
  }
  const total = counts.tp + counts.fp + counts.tn + counts.fn;
  console.log(
    `NegEx test kit: ${total} sentences (${counts.skipped} skipped), accuracy ${((counts.tp + counts.tn) / total).toFixed(3)}, ` +
      `negated precision ${(counts.tp / (counts.tp + counts.fp)).toFixed(3)} recall ${(counts.tp / (counts.tp + counts.fn)).toFixed(3)}`,
  );
}

if (args.includes('--negex')) negex();
else main();
