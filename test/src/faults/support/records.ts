import type { AccessContext, InteractionRecord } from '@teachback/core';

/** Synthetic person: the fault tests prove these values still decrypt after each fault. */
export const PERSON = {
  name: 'Orla Wintergreen',
  phone: '+15550104477',
  dob: '1950-07-14',
};

export function system(
  tenantId: string,
  roles: AccessContext['actor']['roles'] = ['integration', 'compliance', 'admin'],
): AccessContext {
  return {
    actor: { kind: 'system', id: 'fault-test', tenantId, roles, teamIds: [], agentIds: [], active: true },
    source: 'fault-test',
  };
}

/** One scored call with every encrypted part: PHI fields, transcript, recording, scorecard, escalation, coaching. */
export function scoredCall(n: number): InteractionRecord {
  const id = `fault-${n}`;
  return {
    interaction: {
      id,
      source: { platform: 'genesys', externalId: `conv-fault-${n}` },
      channel: 'voice',
      direction: 'inbound',
      startedAt: new Date(Date.UTC(2026, 10, 2, 9, 0, 0) + n * 60_000).toISOString(),
      durationMs: 120_000,
      participants: [
        { role: 'agent', userId: 'agent-fault', name: 'Agent Kestrel' },
        { role: 'customer', name: PERSON.name, phone: PERSON.phone },
      ],
      contact: { name: PERSON.name, phones: [PERSON.phone], emails: [], dateOfBirth: PERSON.dob },
      recordings: [{ id: 'rec-1', mediaType: 'audio/wav', durationMs: 120_000, uri: `s3://rec/${id}.wav` }],
      transcript: {
        utterances: [
          { speaker: 'agent', startMs: 0, endMs: 2000, text: 'Thanks for calling, how can I help?' },
          {
            speaker: 'customer',
            startMs: 2500,
            endMs: 6000,
            text: `This is ${PERSON.name}, born ${PERSON.dob}`,
          },
        ],
      },
    },
    scorecard: {
      interactionId: id,
      playbook: { id: 'healthcare-inbound', version: '2026-01-01' },
      score: 70 + (n % 30),
      compliant: true,
      needsReview: false,
      reviewReasons: [],
      findings: [
        {
          criterionId: 'verify-identity',
          title: 'Verify identity',
          category: 'compliance',
          severity: 'high',
          weight: 1,
          status: 'met',
          confidence: 0.9,
          evidence: [{ utterance: 1, startMs: 2500, speaker: 'customer', quote: `born ${PERSON.dob}` }],
          explanation: 'Caller confirmed the date of birth',
        },
      ],
    },
    escalations: [
      {
        type: 'medical_emergency',
        severity: 'critical',
        utterance: 1,
        startMs: 2500,
        quote: 'chest pain',
        actions: [],
      },
    ],
    coaching: [{ atMs: 2500, text: 'At 0:02 you confirmed the date of birth' }],
  };
}
