export { detectEscalations, createEscalationMonitor, type EscalationMonitor } from './monitor';
