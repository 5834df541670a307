export { detectEscalations, createEscalationMonitor, type EscalationMonitor } from './monitor';
export {
  loadEscalationModel,
  EscalationWeightsFile,
  ESCALATION_WEIGHTS_FORMAT,
  escalationVectors as escalationVectorsOf,
  type EscalationModel,
  type EscalationVectors,
} from './classifier';
export { trainEscalationWeights, DEFAULT_ESCALATION_TRAINING, type TrainingExample } from './train';
export type { EscalationMonitorOptions, CandidateRecord } from './monitor';
export { escalationState, ESCALATION_STATES, type EscalationState } from './workflow';
export {
  ESCALATION_LEXICON_FORMAT,
  EscalationLexiconFile,
  decodeEscalationLexicon,
  type EscalationLexicon,
} from './lexicon';
