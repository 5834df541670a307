import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  analyzeTranscript,
  detectEscalations,
  importTranscript,
  scoreAnalyzed,
  type CompiledPlaybook,
} from '@teachback/core';
import { builtinActModel } from './acts';
import { withReaders } from './readers';
import { builtinEscalationModel } from './escalation';
import { loadCompiledPlaybook } from './playbooks';

/**
 * Agreement of the built-in playbooks with a reviewer's labels on the labelled calls in
 * config/fixtures/accuracy. `calls.txt` and `voices.txt` are the tuning part (rules were adjusted
 * while looking at them); `heldout.txt` was written before tuning and is never tuned on.
 */
export const ACCURACY_DIR = path.resolve(__dirname, '..', 'fixtures', 'accuracy');
export const TUNED_FILES = ['calls.txt', 'voices.txt'];
export const HELD_OUT_FILES = ['heldout.txt'];

/** Criteria whose miss makes a call non-compliant. */
const COMPLIANCE = new Set([
  'recording-disclosure',
  'identity-verification',
  'no-medical-advice',
  'emergency-response',
  'tpmo-disclaimer',
  'scope-of-appointment',
]);

export interface LabelledCall {
  id: string;
  playbook: string;
  callDate: string;
  expected: Record<string, string>;
  escalations: string[];
  text: string;
}

/** "=== id | playbook | date | criterion=status ... esc=a,b" blocks, each followed by the call text. */
export function readLabelledCalls(file: string): LabelledCall[] {
  const raw = fs.readFileSync(path.isAbsolute(file) ? file : path.join(ACCURACY_DIR, file), 'utf8');
  const calls: LabelledCall[] = [];
  for (const block of raw.split(/^=== /m).slice(1)) {
    const [header, ...body] = block.split('\n');
    const [id, playbook, callDate, labels] = header!.split('|').map((s) => s.trim());
    const expected: Record<string, string> = {};
    let escalations: string[] = [];
    for (const pair of labels!.split(/\s+/)) {
      const [k, v] = pair.split('=');
      if (k === 'esc') escalations = v === 'none' ? [] : v!.split(',');
      else expected[k!] = v!;
    }
    calls.push({
      id: id!,
      playbook: playbook!,
      callDate: callDate!,
      expected,
      escalations,
      text: body.join('\n'),
    });
  }
  return calls;
}

export interface Disagreement {
  call: string;
  criterion: string;
  expected: string;
  got: string;
  explanation: string;
}

export interface Agreement {
  calls: number;
  compliance: { agree: number; total: number };
  all: { agree: number; total: number };
  /** Calls whose compliant/non-compliant verdict matches the labels. */
  verdicts: { agree: number; total: number };
  escalations: { caught: number; real: number; falseAlarms: number };
  disagreements: Disagreement[];
}

/** Scores each call the way the product does (escalations first, act model in the path). */
export function measureAgreement(
  calls: readonly LabelledCall[],
  playbookOf: (id: string) => CompiledPlaybook = loadCompiledPlaybook,
): Agreement {
  const out: Agreement = {
    calls: calls.length,
    compliance: { agree: 0, total: 0 },
    all: { agree: 0, total: 0 },
    verdicts: { agree: 0, total: 0 },
    escalations: { caught: 0, real: 0, falseAlarms: 0 },
    disagreements: [],
  };
  const actModel = withReaders(builtinActModel());
  const escalationModel = builtinEscalationModel();
  // Compile first: compiling registers the playbooks' words, which analysis then recognizes.
  for (const id of new Set(calls.map((c) => c.playbook))) playbookOf(id);
  for (const call of calls) {
    const { transcript } = importTranscript(call.text, { format: 'text' });
    const analyzed = analyzeTranscript(transcript);
    const escalations = detectEscalations(transcript.utterances, { model: escalationModel });
    const { scorecard } = scoreAnalyzed(
      analyzed,
      playbookOf(call.playbook),
      { interactionId: call.id, callDate: call.callDate, actModel },
      transcript,
      escalations,
    );
    let expectCompliant = true;
    for (const [criterion, status] of Object.entries(call.expected)) {
      const f = scorecard.findings.find((x) => x.criterionId === criterion);
      const got = f?.status ?? 'absent';
      const ok = got === status;
      const compliance = COMPLIANCE.has(criterion);
      if (compliance && status === 'missed') expectCompliant = false;
      out.all.total++;
      if (ok) out.all.agree++;
      if (compliance) {
        out.compliance.total++;
        if (ok) out.compliance.agree++;
      }
      if (!ok) {
        out.disagreements.push({
          call: call.id,
          criterion,
          expected: status,
          got,
          explanation: f?.explanation ?? '',
        });
      }
    }
    out.verdicts.total++;
    if (scorecard.compliant === expectCompliant) out.verdicts.agree++;
    const raised = new Set(escalations.map((e) => e.type as string));
    for (const t of call.escalations) {
      out.escalations.real++;
      if (raised.has(t)) out.escalations.caught++;
    }
    for (const t of raised) if (!call.escalations.includes(t)) out.escalations.falseAlarms++;
  }
  return out;
}

export function formatAgreement(title: string, a: Agreement): string {
  const pct = (x: { agree: number; total: number }): string =>
    `${x.total ? ((100 * x.agree) / x.total).toFixed(1) : '—'} % (${x.agree}/${x.total})`;
  return [
    `${title}: ${a.calls} calls`,
    `  compliance criteria: ${pct(a.compliance)}`,
    `  all criteria:        ${pct(a.all)}`,
    `  compliant verdict:   ${pct(a.verdicts)}`,
    `  escalations: ${a.escalations.caught}/${a.escalations.real} caught, ${a.escalations.falseAlarms} false alarms`,
  ].join('\n');
}
