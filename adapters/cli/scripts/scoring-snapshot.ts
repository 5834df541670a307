/**
 * A full dump of what scoring decides, for proving a speed change changed nothing: every
 * scorecard (findings, explanations, coaching) and every escalation over every fixture
 * population, one JSON line per call, plus the escalation frames of every utterance.
 *
 *   node -r ./adapters/jobs/tests/support/ts-register.cjs adapters/cli/scripts/scoring-snapshot.ts OUT_DIR [BENCH_CALLS]
 *
 * Writes OUT_DIR/<population>.jsonl; compare two runs with `diff -r` (or sha256sum).
 * Populations: the accuracy fixtures (all labelled files, both playbooks as labelled), the
 * written escalation held-out sets 1–4, the escalation test cases, the real consultations in
 * ../shared/datasets (with the classifier and with the cue rules alone; and every criterion's status
 * under both playbooks, `real-criteria.jsonl`), Harper Valley (both
 * playbooks, human and ASR text) and the first BENCH_CALLS (default 2,000) synthetic bench calls.
 */
import { createWriteStream, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  analyzeTranscript,
  detectEscalations,
  importTranscript,
  scoreAnalyzed,
  type CompiledPlaybook,
  type EscalationMonitorOptions,
  type Transcript,
  type Utterance,
} from '@teachback/core';
import {
  builtinActModel,
  builtinEscalationModel,
  loadCompiledPlaybook,
  readLabelledCalls,
  withReaders,
} from '@teachback/config';
// Internal to core: the frames are dumped per utterance so a change to them shows directly.
import { framesOf, hasCandidateFrame } from '../../../core/src/escalation/frames';
import { normalise } from '../../../core/src/escalation/text';
import { NEGATIVES, POSITIVES, type Turns } from '../../../core/src/escalation/cases';
import { importHarperValley } from '../../../core/src/importers/harper-valley';
import { syntheticCall } from '../src/bench/synthetic-calls';
import { loadAll, partOf } from '../../../config/scripts/escalation-datasets';

const out = resolve(process.argv[2] ?? 'scoring-snapshot');
const benchCalls = Number(process.argv[3] ?? 2000);
const root = join(__dirname, '..', '..', '..');
const fixtures = join(root, 'config', 'fixtures');
const datasets = join(root, '..', 'shared', 'datasets');
mkdirSync(out, { recursive: true });

// The tagger every scoring path uses (compileForScoring): learned acts plus the readers (names, medications).
const actModel = withReaders(builtinActModel());
const model = builtinEscalationModel();
const withModel: EscalationMonitorOptions = { model };
const PLAYBOOKS = ['healthcare-inbound', 'medicare-sales'];
for (const id of PLAYBOOKS) loadCompiledPlaybook(id);

const frameTexts = new Set<string>();

function writer(name: string): { line: (v: unknown) => void; end: () => Promise<void> } {
  const s = createWriteStream(join(out, `${name}.jsonl`));
  return {
    line: (v) => s.write(JSON.stringify(v) + '\n'),
    end: () => new Promise((r) => s.end(r)),
  };
}

function remember(utterances: readonly Utterance[]): void {
  for (const u of utterances) frameTexts.add(u.text);
}

function scored(
  id: string,
  t: Transcript,
  playbooks: readonly CompiledPlaybook[],
  callDate = '2026-11-01',
): unknown {
  remember(t.utterances);
  const analyzed = analyzeTranscript(t);
  const escalations = detectEscalations(t.utterances, withModel);
  return {
    id,
    escalations,
    results: playbooks.map((pb) =>
      scoreAnalyzed(analyzed, pb, { interactionId: id, callDate, actModel }, t, escalations),
    ),
  };
}

function escalationsOnly(id: string, utterances: readonly Utterance[]): unknown {
  remember(utterances);
  return {
    id,
    model: detectEscalations(utterances, withModel),
    rules: detectEscalations(utterances, {}),
  };
}

function callOf(turns: readonly string[], agentMark: RegExp, customerMark?: RegExp): Utterance[] {
  return turns.map((t, i) => ({
    speaker: agentMark.test(t) ? 'agent' : 'customer',
    text: t.replace(agentMark, '').replace(customerMark ?? /^$/, ''),
    startMs: i * 5000,
    endMs: i * 5000 + 4000,
  }));
}

async function main(): Promise<void> {
  // Accuracy fixtures, scored the way measureAgreement scores them.
  {
    const w = writer('accuracy');
    for (const file of readdirSync(join(fixtures, 'accuracy')).sort()) {
      for (const call of readLabelledCalls(file)) {
        const { transcript } = importTranscript(call.text, { format: 'text' });
        w.line({
          file,
          ...(scored(call.id, transcript, [loadCompiledPlaybook(call.playbook)], call.callDate) as object),
        });
      }
    }
    await w.end();
  }
  // Written escalation held-out sets.
  for (const folder of readdirSync(fixtures)
    .filter((f) => f.startsWith('escalation-heldout'))
    .sort()) {
    const w = writer(folder);
    const { cases } = JSON.parse(readFileSync(join(fixtures, folder, 'calls.json'), 'utf8')) as {
      cases: { id: string; turns: string[] }[];
    };
    for (const c of cases) w.line(escalationsOnly(c.id, callOf(c.turns, /^A:\s*/, /^C:\s*/)));
    await w.end();
  }
  // The escalation unit-test cases.
  {
    const w = writer('escalation-cases');
    const turnsOf = (t: Turns): string[] => (typeof t === 'string' ? [t] : [...t]);
    POSITIVES.forEach(([, , t], i) => w.line(escalationsOnly(`pos-${i}`, callOf(turnsOf(t), /^Agent: /))));
    NEGATIVES.forEach(([, t], i) => w.line(escalationsOnly(`neg-${i}`, callOf(turnsOf(t), /^Agent: /))));
    await w.end();
  }
  // Real consultations: escalations, and each criterion's status under both built-in playbooks
  // (compact, one line per dialogue) so a criteria change shows its moves on real data by source.
  {
    const w = writer('escalation-datasets');
    const c = writer('real-criteria');
    const pbs = PLAYBOOKS.map((id) => loadCompiledPlaybook(id));
    for (const d of loadAll(datasets)) {
      const id = `${d.source}/${d.id}`;
      w.line(escalationsOnly(id, d.utterances));
      const t: Transcript = { utterances: d.utterances };
      const analyzed = analyzeTranscript(t);
      const escalations = detectEscalations(t.utterances, withModel);
      c.line({
        id,
        part: partOf(d),
        criteria: pbs.map((pb) =>
          scoreAnalyzed(
            analyzed,
            pb,
            { interactionId: id, callDate: '2026-11-01', actModel },
            t,
            escalations,
          ).scorecard.findings.map((r) => `${pb.playbook.id}:${r.criterionId}=${r.status}`),
        ),
      });
    }
    await w.end();
    await c.end();
  }
  // Harper Valley, both playbooks, human and ASR text.
  {
    const w = writer('harper-valley');
    const dir = join(datasets, 'harper-valley-bank', 'transcript');
    const pbs = PLAYBOOKS.map((id) => loadCompiledPlaybook(id));
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.json'))
      .sort()) {
      const json = JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown;
      for (const human of [true, false]) {
        const { transcript: t } = importHarperValley(json, { fileName: f, human });
        w.line(scored(`${f}:${human ? 'human' : 'asr'}`, t, pbs));
      }
    }
    await w.end();
  }
  // The bench's own population.
  {
    const w = writer('bench');
    const pbs = PLAYBOOKS.map((id) => loadCompiledPlaybook(id));
    for (let i = 1; i <= benchCalls; i++) w.line(scored(String(i), syntheticCall(i), pbs));
    await w.end();
  }
  // Frames of every utterance text seen above, alone.
  {
    const w = writer('frames');
    for (const text of [...frameTexts].sort()) {
      const n = normalise(text);
      w.line([
        n,
        hasCandidateFrame(n, 'abusive_caller'),
        hasCandidateFrame(n, 'mental_health_crisis'),
        framesOf(n),
      ]);
    }
    await w.end();
  }
}

void main();
