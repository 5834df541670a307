import type { JudgeRequest } from '@teachback/core';

const SPEAKER: Record<string, string> = {
  agent: 'Agent',
  customer: 'Caller',
  system: 'System',
  unknown: 'Speaker',
};

export const SYSTEM_PROMPT = [
  'You review one contact-center call transcript against one quality criterion, asked as a question.',
  'Answer only from the transcript. Reply with a single JSON object and nothing else:',
  '{"answer": "met" | "missed" | "not_applicable", "quotes": [string, ...], "rationale": string}',
  '- "met": the transcript shows the answer to the question is yes.',
  '- "missed": the question applied to this call and the answer is no.',
  '- "not_applicable": the situation the question is about never came up.',
  '- "quotes": the exact words from the transcript (copied verbatim, without the line number or the',
  '  speaker label) that support the answer; at least one for "met" or "missed". Quotes are checked',
  '  against the transcript, and an answer with a quote that is not in it is discarded.',
  '- "rationale": one or two sentences on why, without repeating personal details about the caller.',
].join('\n');

/** The question and the numbered transcript, one utterance a line. */
export function userPrompt(request: JudgeRequest): string {
  const lines = request.utterances.map(
    (u) => `${u.index + 1}. ${SPEAKER[u.speaker] ?? 'Speaker'}: ${u.text.replace(/\s+/g, ' ').trim()}`,
  );
  return `Question: ${request.question}\n\nTranscript:\n${lines.join('\n')}`;
}
