import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectEscalations, importTranscript, scorePlaybook } from '@teachback/core';
import { loadCompiledPlaybook } from './playbooks';

/**
 * Agreement with a reviewer's labels on realistic calls written in many styles (the phrasing is
 * deliberately not copied from the playbooks' example phrases). Every label must agree.
 */
interface LabelledCall {
  id: string;
  playbook: string;
  callDate: string;
  expected: Record<string, string>;
  escalations: string[];
  text: string;
}

function readCorpus(): LabelledCall[] {
  const raw = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'accuracy', 'calls.txt'), 'utf8');
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

const corpus = readCorpus();

describe.each(corpus.map((c) => [c.id, c] as const))('%s', (_id, call) => {
  const { transcript } = importTranscript(call.text, { format: 'text' });
  const card = scorePlaybook(transcript, loadCompiledPlaybook(call.playbook), {
    interactionId: call.id,
    callDate: call.callDate,
  });
  it.each(Object.entries(call.expected))('%s is %s', (criterion, status) => {
    const f = card.findings.find((x) => x.criterionId === criterion)!;
    expect(`${criterion}=${f.status}: ${f.explanation}`).toMatch(new RegExp(`^${criterion}=${status}:`));
  });
  it(`escalations: ${call.escalations.join(',') || 'none'}`, () => {
    const types = [...new Set(detectEscalations(transcript.utterances).map((e) => e.type))].sort();
    expect(types).toEqual([...call.escalations].sort());
  });
});
