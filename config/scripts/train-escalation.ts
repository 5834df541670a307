/**
 * Trains the escalation classifier (core/src/escalation/classifier.ts) and writes
 * config/models/escalation.json.
 *
 *   npm run train:escalation [-- --check] [-- --datasets DIR]
 *
 * Examples are the candidates the cue rules and the recall layer propose on
 * - the tuning part of the real consultations (escalation-datasets.ts `partOf`; the held-out part
 *   is never read here): a candidate is positive when escalation-judgements.json judges it genuine,
 *   negative otherwise (routine visits: nearly every mention of chest, breath or blood is not one);
 * - the synthetic cases of core/src/escalation/cases.ts (the cue rules' test table);
 * - the calls written for training in escalation-training.json.
 * config/fixtures/escalation-heldout is never read. Deterministic for a seed: `--check` retrains
 * and fails if the committed file differs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  DEFAULT_ESCALATION_TRAINING,
  trainEscalationWeights,
  type EscalationSeverity,
  type EscalationType,
  type TrainingExample,
  type Utterance,
} from '@teachback/core';
// The cue rules' own case table and the candidate hook are reached directly: the script reads
// what the detector is built from, not a widened package API.
import { NEGATIVES, POSITIVES, type Turns } from '../../core/src/escalation/cases';
import { createEscalationMonitor, type CandidateRecord } from '../../core/src/escalation/monitor';
import { loadAll, partOf } from './escalation-datasets';

const args = process.argv.slice(2);
const dirAt = args.indexOf('--datasets');
const root = resolve(dirAt >= 0 ? args[dirAt + 1]! : join(__dirname, '..', '..', '..', 'shared', 'datasets'));
export const WEIGHTS_PATH = join(__dirname, '..', 'models', 'escalation.json');

interface Labelled {
  type: EscalationType;
  severity?: EscalationSeverity;
}

/** Candidates of one call, each labelled by `label(utterance, type)` (undefined = negative). */
function examplesOf(
  source: string,
  utterances: readonly Utterance[],
  label: (c: CandidateRecord) => Labelled | undefined,
): TrainingExample[] {
  const out: TrainingExample[] = [];
  const monitor = createEscalationMonitor({
    onCandidate: (c) => {
      const l = label(c);
      out.push({
        source,
        type: c.type,
        features: c.features,
        positive: l !== undefined,
        ...(l?.severity ? { severity: l.severity } : {}),
      });
    },
  });
  for (const u of utterances) monitor.push(u);
  return out;
}

function callOf(turns: Turns): Utterance[] {
  const list = typeof turns === 'string' ? [turns] : turns;
  return list.map((line, i) => {
    const agent = line.startsWith('Agent: ') || line.startsWith('A:');
    return {
      speaker: agent ? 'agent' : 'customer',
      startMs: i * 5000,
      endMs: i * 5000 + 4000,
      text: line.replace(/^(?:Agent: |A:\s*|C:\s*)/, ''),
    };
  });
}

function realExamples(): TrainingExample[] {
  const raw = JSON.parse(readFileSync(join(__dirname, 'escalation-judgements.json'), 'utf8')) as {
    judgements: { key: string; type: EscalationType; verdict: 'genuine' | 'false' }[];
  };
  const genuine = new Set(raw.judgements.filter((j) => j.verdict === 'genuine').map((j) => `${j.key}:${j.type}`));
  const out: TrainingExample[] = [];
  for (const d of loadAll(root)) {
    if (partOf(d) !== 'tuning') continue;
    out.push(
      ...examplesOf(`real:${d.source}`, d.utterances, (c) =>
        genuine.has(`${d.source}/${d.id}#${c.utterance}:${c.type}`)
          ? { type: c.type, ...(c.ruleSeverity ? { severity: c.ruleSeverity } : {}) }
          : undefined,
      ),
    );
  }
  return out;
}

/** The cue rules' case table: the named type on the last turn; what the rules raise elsewhere. */
function caseTableExamples(): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const [type, , turns] of POSITIVES) {
    const call = callOf(turns);
    const last = call.length - 1;
    out.push(
      ...examplesOf('cases:positive', call, (c) =>
        (c.utterance === last && c.type === type) || c.ruleSeverity !== undefined
          ? { type: c.type, ...(c.ruleSeverity ? { severity: c.ruleSeverity } : {}) }
          : undefined,
      ),
    );
  }
  for (const [, turns] of NEGATIVES) out.push(...examplesOf('cases:negative', callOf(turns), () => undefined));
  return out;
}

interface WrittenCall {
  id: string;
  turns: string[];
  expect: { type: EscalationType; severity: EscalationSeverity }[];
}

/** Calls written for training: the expected escalations sit on the last caller turn. */
function writtenExamples(): TrainingExample[] {
  const { calls } = JSON.parse(readFileSync(join(__dirname, 'escalation-training.json'), 'utf8')) as {
    calls: WrittenCall[];
  };
  const out: TrainingExample[] = [];
  for (const w of calls) {
    const call = callOf(w.turns);
    const last = call.map((u) => u.speaker).lastIndexOf('customer');
    out.push(
      ...examplesOf(`written:${w.id}`, call, (c) =>
        c.utterance === last ? w.expect.find((e) => e.type === c.type) : undefined,
      ),
    );
  }
  return out;
}

export function trainingExamples(): TrainingExample[] {
  return [...realExamples(), ...caseTableExamples(), ...writtenExamples()];
}

function main(): void {
  const examples = trainingExamples();
  const bySource = new Map<string, [number, number]>();
  for (const e of examples) {
    const key = e.source.replace(/:.*$/, '') + (e.source.startsWith('real:') ? `:${e.source.slice(5)}` : '');
    const row = bySource.get(key) ?? [0, 0];
    row[0]++;
    if (e.positive) row[1]++;
    bySource.set(key, row);
  }
  for (const [k, [n, p]] of bySource) console.log(`${k.padEnd(22)} ${String(n).padStart(6)} candidates, ${p} positive`);
  const weights = trainEscalationWeights(examples, DEFAULT_ESCALATION_TRAINING);
  const text = JSON.stringify(weights) + '\n';
  if (args.includes('--check')) {
    const committed = readFileSync(WEIGHTS_PATH, 'utf8');
    if (committed !== text) {
      console.error('config/models/escalation.json differs from a fresh training run: run npm run train:escalation');
      process.exit(1);
    }
    console.log('committed escalation.json matches a fresh training run');
    return;
  }
  writeFileSync(WEIGHTS_PATH, text);
  console.log(`wrote ${WEIGHTS_PATH}: ${weights.keys.length} features, ${examples.length} examples`);
}

if (require.main === module) main();
