export {
  nameSpanStarts,
  redactText,
  type PhiKind,
  type RedactedSpan,
  type Redaction,
  type RedactOptions,
} from './redact';
export { plantedPhiCalls, PHI_KINDS, type PlantedCall, type PlantedSpan } from './synthetic';
export { redactionRecall, type RecallReport } from './recall';
