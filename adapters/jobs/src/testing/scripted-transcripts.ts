import type { Interaction, Transcript } from '@teachback/core';

/**
 * Stands in for the transcription of recorded calls in tests: voice calls only, and by the last
 * character of the call id either on script (disclosure) or off it (no disclosure, clinical
 * advice), so the playbook gives different scores, misses and coaching tasks.
 */
export async function scriptedTranscript(_tenantId: string, i: Interaction): Promise<Transcript | undefined> {
  if (i.channel !== 'voice') return undefined;
  const good = i.source.externalId.charCodeAt(i.source.externalId.length - 1) % 2 === 0;
  const lines: [Transcript['utterances'][number]['speaker'], string][] = good
    ? [
        ['agent', 'Thank you for calling, this call may be recorded for quality and training.'],
        ['customer', 'Hi, I have a question about my bill.'],
        ['agent', 'Happy to help with your bill today.'],
      ]
    : [
        ['agent', 'Hello.'],
        ['customer', 'I have a rash on my arm.'],
        ['agent', "It's probably eczema, just put some cream on it."],
      ];
  return {
    utterances: lines.map(([speaker, text], n) => ({
      speaker,
      text,
      startMs: n * 5_000,
      endMs: n * 5_000 + 4_000,
    })),
    source: 'asr',
    engine: 'test-script',
  };
}
