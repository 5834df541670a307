import { importError, parseJson } from './errors';
import { CANONICAL_FORMAT_TAG } from './canonical';
import type { TranscriptFormat } from './types';

export interface Sniffed {
  format: TranscriptFormat;
  /** The parsed JSON, so importing does not parse twice. */
  json?: unknown;
}

const STAMP = '\\d{1,3}(?::\\d{1,2}){1,2}(?:[.,]\\d{1,3})?';
const TEXT_FIRST_LINE = new RegExp(
  `^\\s*(?:[[(]\\s*${STAMP}(?:\\s*(?:-|\u2013|to)\\s*${STAMP})?\\s*[\\])])?\\s*[A-Za-z]+(?:\\s+\\d{1,2}|\\s*\\([^()]*\\))?\\s*:`,
);

/**
 * Content decides; the file extension only settles the one ambiguity (a text line starting with
 * `[00:01]` also starts like a JSON array) and turns "not JSON" into a parse error for `.json`.
 */
export function sniffTranscript(content: string, fileName?: string): Sniffed {
  const body = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const trimmed = body.trimStart();
  if (trimmed === '') throw importError('IMPORT.EMPTY', 'transcript is empty');
  const ext = fileName ? (/\.([A-Za-z0-9]+)$/.exec(fileName)?.[1] ?? '').toLowerCase() : '';
  const first = trimmed[0];

  if (first !== '{' && first !== '[') {
    if (ext !== 'json') return { format: 'text' };
    const json = parseJson(body, 'transcript');
    return { format: jsonFormat(json), json };
  }
  if (first === '[' && ext !== 'json' && TEXT_FIRST_LINE.test(trimmed.slice(0, 200)))
    return { format: 'text' };
  const json = parseJson(body, 'transcript');
  return { format: jsonFormat(json), json };
}

export function detectTranscriptFormat(content: string, fileName?: string): TranscriptFormat {
  return sniffTranscript(content, fileName).format;
}

function jsonFormat(json: unknown): TranscriptFormat {
  if (Array.isArray(json)) {
    const head: unknown = json[0];
    if (isRecord(head) && 'speaker_role' in head) return 'harper-valley';
    throw importError(
      'IMPORT.UNKNOWN_FORMAT',
      'JSON array is not a known transcript format (expected Harper Valley segments with speaker_role)',
    );
  }
  if (isRecord(json)) {
    if (json['format'] === CANONICAL_FORMAT_TAG || Array.isArray(json['utterances'])) return 'canonical';
    if (Array.isArray(json['transcripts'])) return 'genesys';
    if (typeof json['format'] === 'string') {
      throw importError(
        'IMPORT.UNKNOWN_FORMAT',
        `field format: unsupported value; expected ${CANONICAL_FORMAT_TAG}`,
        {
          field: 'format',
        },
      );
    }
  }
  throw importError(
    'IMPORT.UNKNOWN_FORMAT',
    'JSON is not a known transcript format (expected "utterances" (canonical), "transcripts" (Genesys) or a segment array (Harper Valley))',
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
