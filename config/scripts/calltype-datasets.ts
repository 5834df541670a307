/**
 * Real dialogues labelled with a call type by where they come from (not by reading them):
 *
 * | source                                   | call type            |
 * |------------------------------------------|----------------------|
 * | STAR doctor_schedule                     | scheduling           |
 * | Harper Valley Bank "schedule appointment"| scheduling           |
 * | STAR bank_balance; HVB check balance, pay bill, transfer money | billing-insurance |
 * | ACI-Bench, PriMock57 visits; STAR doctor_followup; MTS-Dialog sections other than MEDICATIONS | clinical-question |
 * | MTS-Dialog MEDICATIONS sections          | prescription-refill  |
 * | STAR bank_fraud_report; HVB replace card, reset password, branch hours, update address; ABCD | other |
 *
 * Emergency and Medicare sales have no labelled real dialogues: they come from the escalation
 * monitor and the dialogue-act tagger (core/src/calltypes/classify.ts), not from this model.
 * MEDICATIONS snippets are a proxy for refill calls (talk about the medicines a person takes).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallType, Utterance } from '@teachback/core';
import { loadAll } from './escalation-datasets';

export interface LabelledDialogue {
  source: string;
  id: string;
  label: CallType;
  utterances: Utterance[];
}

/** Frozen before the first training run: 30 % of every source is held out and never trained on. */
export const CALLTYPE_PARTITION_SALT = 'teachback-calltypes-heldout-2026-12-07';
export const CALLTYPE_HELD_OUT_PERCENT = 30;

export function calltypePartOf(d: Pick<LabelledDialogue, 'source' | 'id'>): 'tuning' | 'held-out' {
  const digest = createHash('sha256').update(`${CALLTYPE_PARTITION_SALT}:${d.source}/${d.id}`).digest();
  return digest.readUInt32BE(0) % 100 < CALLTYPE_HELD_OUT_PERCENT ? 'held-out' : 'tuning';
}

export function datasetsRoot(given?: string): string {
  const candidates = [
    given,
    join(__dirname, '..', '..', '..', 'shared', 'datasets'),
    '/work/shared/datasets',
  ];
  const hit = candidates.find((c): c is string => !!c && existsSync(c));
  if (!hit) throw new Error('datasets not found: pass --datasets DIR');
  return hit;
}

const STAR_LABEL: Record<string, CallType> = {
  doctor_schedule: 'scheduling',
  doctor_followup: 'clinical-question',
  bank_balance: 'billing-insurance',
  bank_fraud_report: 'other',
};
const HVB_LABEL: Record<string, CallType> = {
  'schedule appointment': 'scheduling',
  'check balance': 'billing-insurance',
  'pay bill': 'billing-insurance',
  'transfer money': 'billing-insurance',
  'replace card': 'other',
  'reset password': 'other',
  'get branch hours': 'other',
  'update address': 'other',
};

export function loadLabelled(root: string): LabelledDialogue[] {
  const out: LabelledDialogue[] = [];
  const mtsHeaders = mtsSections(root);
  for (const d of loadAll(root)) {
    if (d.source === 'aci-bench' || d.source === 'primock57') {
      out.push({ ...d, label: 'clinical-question' });
    } else if (d.source === 'mts-dialog') {
      const header = mtsHeaders.get(d.id);
      if (!header) continue;
      out.push({ ...d, label: header === 'MEDICATIONS' ? 'prescription-refill' : 'clinical-question' });
    } else if (d.source === 'star') {
      const task = starTask(root, d.id);
      const label = task ? STAR_LABEL[task] : undefined;
      if (label) out.push({ ...d, source: `star/${task}`, label });
    }
  }
  const hvb = join(root, 'harper-valley-bank');
  for (const file of readdirSync(join(hvb, 'metadata')).sort()) {
    const meta = JSON.parse(readFileSync(join(hvb, 'metadata', file), 'utf8')) as {
      tasks?: { task_type?: string }[];
    };
    const label = HVB_LABEL[meta.tasks?.[0]?.task_type ?? ''];
    if (!label) continue;
    const turns = JSON.parse(readFileSync(join(hvb, 'transcript', file), 'utf8')) as {
      speaker_role: string;
      human_transcript: string;
      start_ms: number;
    }[];
    const utterances: Utterance[] = turns
      .filter((t) => t.human_transcript && !/^\[[a-z]+\]$/.test(t.human_transcript))
      .map((t) => ({
        speaker: t.speaker_role === 'agent' ? 'agent' : 'customer',
        text: t.human_transcript,
        startMs: t.start_ms,
        endMs: t.start_ms,
      }));
    out.push({ source: 'harper-valley-bank', id: file.replace(/\.json$/, ''), label, utterances });
  }
  const abcd = JSON.parse(readFileSync(join(root, 'abcd-sample', 'abcd_sample.json'), 'utf8')) as {
    convo_id: number;
    original: [string, string][];
  }[];
  for (const c of abcd)
    out.push({
      source: 'abcd',
      id: String(c.convo_id),
      label: 'other',
      utterances: c.original
        .filter(([s]) => s !== 'action')
        .map(([s, text]) => ({
          speaker: s === 'agent' ? 'agent' : 'customer',
          text,
          startMs: null,
          endMs: null,
        })),
    });
  return out;
}

function starTask(root: string, id: string): string | undefined {
  const d = JSON.parse(readFileSync(join(root, 'star-bank-doctor', 'dialogues', `${id}.json`), 'utf8')) as {
    Scenario?: { WizardCapabilities?: { Task?: string }[] };
  };
  return d.Scenario?.WizardCapabilities?.[0]?.Task;
}

/** MTS-Dialog ids (`split/ID`, as escalation-datasets names them) → section header. */
function mtsSections(root: string): Map<string, string> {
  const files: [string, string][] = [
    ['train', 'MTS-Dialog-TrainingSet.csv'],
    ['valid', 'MTS-Dialog-ValidationSet.csv'],
    ['test1', 'MTS-Dialog-TestSet-1-MEDIQA-Chat-2023.csv'],
    ['test2', 'MTS-Dialog-TestSet-2-MEDIQA-Sum-2023.csv'],
  ];
  const out = new Map<string, string>();
  for (const [split, file] of files) {
    const text = readFileSync(join(root, 'mts-dialog', file), 'utf8');
    // Only the first two columns are needed (ID, section_header): neither holds commas or quotes.
    for (const line of text.split(/\r?\n/)) {
      const m = /^(\d+),([A-Z/_]+),/.exec(line);
      if (m) out.set(`${split}/${m[1]}`, m[2]!);
    }
  }
  return out;
}
