import type { TranscriptLimits } from './limits';
import type { Channel } from '../model/interaction';
import type { Transcript } from '../model/transcript';

export type TranscriptFormat = 'text' | 'canonical' | 'genesys' | 'harper-valley';

export const TRANSCRIPT_FORMATS: readonly TranscriptFormat[] = [
  'text',
  'canonical',
  'genesys',
  'harper-valley',
];

/** A transcript plus whatever call facts its file carried. */
export interface ImportedTranscript {
  format: TranscriptFormat;
  transcript: Transcript;
  interactionId?: string;
  /** The playbook id the file names (text `# playbook:` header, canonical `playbook`). */
  playbook?: string;
  /** YYYY-MM-DD */
  callDate?: string;
  /** ISO 8601 */
  startedAt?: string;
  channel?: Channel;
  durationMs?: number;
}

export interface ImportOptions {
  /** Used as a format hint (extension) and, for Harper Valley files, as the interaction id. */
  fileName?: string;
  /** Skip detection. */
  format?: TranscriptFormat;
  /** Harper Valley: use the transcriptionist's text instead of the ASR text. */
  human?: boolean;
  /** Size limits of one interaction; defaults: 5,000,000 characters, 20,000 utterances, 12 hours. */
  limits?: Partial<TranscriptLimits>;
}
