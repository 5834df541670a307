import type { InteractionRecord } from '@teachback/core';

const LINES = [
  'Thank you for calling Riverbend Health, this call may be recorded. How can I help?',
  'Hi, I am calling about my lab results from last week.',
  'I can help with that. Can I have your full name and date of birth?',
  'Sure, it is Pat Example, March fourth nineteen seventy one.',
  'Thank you, you are verified. I see the results were reviewed by the doctor.',
  'Do I need to come in?',
  'The doctor would like to see you; I can book an appointment for Tuesday.',
  'Tuesday works, thank you.',
];

/** A realistic scored call: 20 utterances, 10 findings, a coaching note, an escalation every 25th call. */
export function benchRecord(n: number, phone: string): InteractionRecord {
  const id = `b-${n}`;
  const utterances = Array.from({ length: 20 }, (_, i) => ({
    speaker: i % 2 === 0 ? ('agent' as const) : ('customer' as const),
    startMs: i * 6000,
    endMs: i * 6000 + 5000,
    text: `${LINES[i % LINES.length]!} (${n}-${i})`,
  }));
  const score = 50 + (n % 50);
  return {
    interaction: {
      id,
      source: { platform: 'genesys', externalId: `bench-${n}` },
      channel: 'voice',
      direction: 'inbound',
      startedAt: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString(),
      durationMs: 120000,
      participants: [
        { role: 'agent', userId: `agent-${n % 40}` },
        { role: 'customer', name: 'Pat Example', phone },
      ],
      contact: { name: 'Pat Example', phones: [phone], emails: [], dateOfBirth: '1971-03-04' },
      transcript: { utterances },
    },
    scorecard: {
      interactionId: id,
      playbook: { id: 'healthcare-inbound', version: '2026-01-01' },
      score,
      compliant: score >= 70,
      needsReview: false,
      reviewReasons: [],
      findings: Array.from({ length: 10 }, (_, i) => ({
        criterionId: `c-${i}`,
        title: `Criterion ${i}`,
        category: i < 3 ? ('compliance' as const) : ('adherence' as const),
        severity: 'medium' as const,
        weight: 1,
        status: i % 3 === 0 ? ('missed' as const) : ('met' as const),
        confidence: 0.9,
        evidence: [
          { utterance: i, startMs: i * 6000, speaker: 'agent' as const, quote: LINES[i % LINES.length]! },
        ],
        explanation: `Criterion ${i} judged on utterance ${i}`,
      })),
    },
    escalations:
      n % 25 === 0
        ? [
            {
              type: 'medical_emergency',
              severity: 'critical',
              utterance: 3,
              startMs: 18000,
              quote: 'chest pain',
              actions: [],
            },
          ]
        : [],
    coaching: [{ atMs: 12000, text: 'At 0:12, verify identity before discussing results.' }],
  };
}
