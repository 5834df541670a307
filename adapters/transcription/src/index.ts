export { decodeWav, encodeWav } from './audio/wav';
export type { DecodedAudio, WavEncoding } from './audio/wav';
export { decodeMuLaw, decodeALaw, encodeMuLaw } from './audio/g711';
export { resample, downmix } from './audio/resample';
export { planChunks } from './audio/silence';
export type { AudioChunk, ChunkPlan, ChunkOptions } from './audio/silence';
export * from './config';
export * from './engines';
export {
  isAudioPath,
  transcribeAudioFile,
  transcribeRecording,
  transcribeDecoded,
  speakerTracks,
} from './transcribe';
export type { TranscribeOptions, TranscribedRecording } from './transcribe';
export { toCanonicalTranscript, toPlainText } from './canonical';
export type { CanonicalTranscript } from './canonical';
export { synthesizeDialogue, SAMPLE_CALLS } from './synthetic-dialogue';
export type {
  DialogueLine,
  ScriptedUtterance,
  SynthesizedDialogue,
  SynthesisOptions,
} from './synthetic-dialogue';
