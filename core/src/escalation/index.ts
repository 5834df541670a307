export { detectEscalations, createEscalationMonitor, type EscalationMonitor } from './monitor';
export {
  loadEscalationModel,
  EscalationWeightsFile,
  ESCALATION_WEIGHTS_FORMAT,
  type EscalationModel,
} from './classifier';
export {
  trainEscalationWeights,
  plateauMiddle,
  DEFAULT_ESCALATION_TRAINING,
  type TrainingExample,
} from './train';
export type { EscalationMonitorOptions, CandidateRecord } from './monitor';
export { escalationState, ESCALATION_STATES, type EscalationState } from './workflow';
