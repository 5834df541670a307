export type { TranscriptFormat, ImportedTranscript, ImportOptions } from './types';
export { TRANSCRIPT_FORMATS } from './types';
export { detectTranscriptFormat } from './detect';
export { importTranscript } from './import';
export { CANONICAL_FORMAT_TAG } from './canonical';
export type { TranscriptLimits } from './limits';
export { DEFAULT_TRANSCRIPT_LIMITS, transcriptLimits } from './limits';
