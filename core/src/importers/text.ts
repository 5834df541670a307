import type { Speaker, Utterance } from '../model/transcript';
import { importError } from './errors';
import { isHeaderLine, readTextHeader } from './text-header';
import type { ImportedTranscript } from './types';

/** Speaker labels people actually write in hand-made transcripts, by role. */
const LABELS: Readonly<Record<string, Speaker>> = {
  agent: 'agent',
  rep: 'agent',
  representative: 'agent',
  caller: 'customer',
  customer: 'customer',
  patient: 'customer',
  member: 'customer',
  system: 'system',
  ivr: 'system',
  unknown: 'unknown',
  speaker: 'unknown',
};

// [mm:ss] | [h:mm:ss] | [mm:ss.s], or a range [mm:ss - mm:ss], in square brackets or parentheses,
// or a bare stamp; then the label, an optional number or "(name)" after it ("Agent 2:",
// "Agent (Sam):"), a colon and the words.
const STAMP = '\\d{1,3}(?::\\d{1,2}){1,2}(?:[.,]\\d{1,3})?';
const LINE = new RegExp(
  `^(?:[[(]\\s*(${STAMP})(?:\\s*(?:-|\u2013|to)\\s*(${STAMP}))?\\s*[\\])]|(${STAMP}))?\\s*([A-Za-z]+)(?:\\s+\\d{1,2}|\\s*\\([^()]{0,60}\\))?\\s*:\\s?(.*)$`,
);

/**
 * Plain text, one utterance per non-empty line: `[mm:ss] Agent: ...`, `[h:mm:ss] Caller: ...`,
 * after optional `# playbook:` / `# date:` header lines. Utterance i is the i-th non-empty line
 * after the header, so every such line must parse; a line without a known
 * speaker label is an error naming the line (continuation lines would break that index rule).
 * endMs is the range end (`[00:05 - 00:09]`) if given, else the next utterance's start when that
 * is known and not earlier; otherwise null.
 */
export function importText(content: string): ImportedTranscript {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const lines = text.split(/\r\n|\r|\n/);
  const { header, bodyStart } = readTextHeader(lines);
  const utterances: Utterance[] = [];
  lines.forEach((raw, i) => {
    if (i < bodyStart || raw.trim() === '') return;
    const lineNo = i + 1;
    if (isHeaderLine(raw)) {
      throw importError(
        'IMPORT.PARSE_FAILED',
        `text transcript: line ${lineNo}: header lines (\`# playbook:\`, \`# date:\`) go before the first utterance`,
        { line: lineNo },
      );
    }
    const m = LINE.exec(raw.trim());
    if (!m) {
      throw importError(
        'IMPORT.PARSE_FAILED',
        `text transcript: line ${lineNo}: expected "[mm:ss] Speaker: words" (a speaker label followed by a colon)`,
        { line: lineNo },
      );
    }
    const label = m[4]!.toLowerCase();
    const speaker = LABELS[label];
    if (!speaker) {
      throw importError(
        'IMPORT.INVALID_FIELD',
        `text transcript: line ${lineNo}: unknown speaker label; use Agent/Rep/Representative, Caller/Customer/Patient/Member or System/IVR`,
        { line: lineNo, field: 'speaker' },
      );
    }
    const stamp = m[1] ?? m[3];
    const startMs = stamp === undefined ? null : parseStamp(stamp, lineNo);
    const endMs = m[2] === undefined ? null : parseStamp(m[2], lineNo);
    if (startMs !== null && endMs !== null && endMs < startMs) {
      throw importError(
        'IMPORT.INVALID_FIELD',
        `text transcript: line ${lineNo}: time range ends before it starts`,
        {
          line: lineNo,
          field: 'timestamp',
        },
      );
    }
    utterances.push({ speaker, startMs, endMs, text: m[5]!.trim() });
  });
  if (utterances.length === 0) {
    throw importError('IMPORT.EMPTY', 'text transcript: no non-empty lines');
  }
  let lastKnown: number | undefined;
  for (let i = 0; i < utterances.length; i++) {
    const u = utterances[i]!;
    const next = utterances[i + 1];
    if (u.endMs === null && u.startMs !== null && next?.startMs != null && next.startMs >= u.startMs) {
      u.endMs = next.startMs;
    }
    for (const t of [u.startMs, u.endMs]) if (t !== null) lastKnown = Math.max(lastKnown ?? 0, t);
  }
  return {
    format: 'text',
    transcript: { utterances, source: 'import' },
    ...(header.playbook === undefined ? {} : { playbook: header.playbook }),
    ...(header.callDate === undefined ? {} : { callDate: header.callDate }),
    // The last timestamp is all a text transcript tells us about its length.
    ...(lastKnown === undefined ? {} : { durationMs: lastKnown }),
  };
}

function parseStamp(stamp: string, lineNo: number): number {
  const [clock, frac] = stamp.split(/[.,]/);
  const parts = clock!.split(':').map(Number);
  let h = 0;
  let mm: number;
  let ss: number;
  if (parts.length === 3) [h, mm, ss] = parts as [number, number, number];
  else [mm, ss] = parts as [number, number];
  if (ss > 59 || (parts.length === 3 && mm > 59)) {
    throw importError(
      'IMPORT.INVALID_FIELD',
      `text transcript: line ${lineNo}: timestamp has minutes or seconds above 59`,
      { line: lineNo, field: 'timestamp' },
    );
  }
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  return ((h * 60 + mm) * 60 + ss) * 1000 + ms;
}
