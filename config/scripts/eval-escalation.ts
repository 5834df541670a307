/**
 * Escalations raised on the real consultations in ../shared/datasets, per source and split,
 * scored against the committed judgements (escalation-judgements.json).
 *
 *   npm run eval:escalation [-- --show] [-- --sweep] [-- --datasets DIR]
 *
 * --show   prints the utterance of each raised escalation (off by default: no text in logs).
 * --negex  checks the negation scope (core/src/escalation/context.ts) against the NegEx test kit
 *          (2,376 sentences from clinical reports, gold Affirmed / Negated).
 * --sweep  lists caller utterances that mention alarming words but raised nothing, so a reviewer
 *          can look for genuine escalations the detector misses (ids only unless --show).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { detectEscalations, type Escalation } from '@teachback/core';
// The negation scope is internal to core; the check reaches it directly rather than widening the
// package's API for one script.
import { negated } from '../../core/src/escalation/context';
import { clauseAround, normalise } from '../../core/src/escalation/text';
import { loadAll, SPLIT, type Dialogue, type Source } from './escalation-datasets';

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

function main(): void {
  const judgements = loadJudgements();
  const dialogues = loadAll(root);
  const bySource = new Map<
    Source,
    { dialogues: number; raised: number; genuine: number; false: number; unjudged: number }
  >();
  const raisedKeys = new Set<string>();
  const lines: string[] = [];
  for (const d of dialogues) {
    const row = bySource.get(d.source) ?? { dialogues: 0, raised: 0, genuine: 0, false: 0, unjudged: 0 };
    bySource.set(d.source, row);
    row.dialogues++;
    for (const e of detectEscalations(d.utterances)) {
      const key = keyOf(d, e.utterance);
      raisedKeys.add(`${key}:${e.type}`);
      const j = judgements.get(`${key}:${e.type}`);
      row.raised++;
      if (j === undefined) row.unjudged++;
      else row[j.verdict]++;
      let line = `${SPLIT[d.source].padEnd(8)} ${key.padEnd(44)} ${e.type.padEnd(20)} ${e.severity.padEnd(8)} ${(e.signal ?? '').padEnd(18)} ${j?.verdict ?? 'UNJUDGED'}`;
      if (show) line += `\n    ${d.utterances[e.utterance]!.text}`;
      lines.push(line);
    }
  }

  console.log(`Escalations on ${dialogues.length} real consultations (${root})\n`);
  console.log(lines.join('\n'));
  console.log('\nsplit     source        dialogues  raised  genuine  false  unjudged');
  const totals = { tuning: [0, 0, 0, 0], 'held-out': [0, 0, 0, 0] } as Record<string, number[]>;
  for (const [source, r] of [...bySource].sort((a, b) => SPLIT[a[0]].localeCompare(SPLIT[b[0]]))) {
    console.log(
      `${SPLIT[source].padEnd(9)} ${source.padEnd(13)} ${String(r.dialogues).padStart(9)}  ${String(r.raised).padStart(6)}  ${String(r.genuine).padStart(7)}  ${String(r.false).padStart(5)}  ${String(r.unjudged).padStart(8)}`,
    );
    const t = totals[SPLIT[source]]!;
    t[0]! += r.raised;
    t[1]! += r.genuine;
    t[2]! += r.false;
    t[3]! += r.unjudged;
  }

  // Genuine escalations on record that nothing raised: misses.
  const missed = [...judgements.values()].filter(
    (j) => j.verdict === 'genuine' && !raisedKeys.has(`${j.key}:${j.type}`),
  );
  const genuineKnown = [...judgements.values()].filter((j) => j.verdict === 'genuine');
  for (const split of ['tuning', 'held-out']) {
    const [raised, genuine, falseN, unjudged] = totals[split]!;
    const inSplit = (j: Judgement): boolean => SPLIT[j.key.split('/')[0] as Source] === split;
    console.log(
      `${split}: raised ${raised}, false ${falseN}, unjudged ${unjudged}; genuine caught ${genuine} of ${genuineKnown.filter(inSplit).length} known (missed ${missed.filter(inSplit).length})`,
    );
  }
  for (const j of missed) console.log(`MISSED ${j.key} ${j.type} (${j.why})`);

  if (sweep) {
    console.log('\nSweep: caller turns with alarming words that raised nothing');
    for (const d of dialogues) {
      d.utterances.forEach((u, i) => {
        if (u.speaker === 'agent' || !ALARM.test(u.text)) return;
        const key = keyOf(d, i);
        if ([...raisedKeys].some((k) => k.startsWith(key + ':'))) return;
        console.log(`${SPLIT[d.source].padEnd(8)} ${key}${show ? `\n    ${u.text}` : ''}`);
      });
    }
  }
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
