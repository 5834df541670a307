export * from './transcript';
export * from './interaction';
export * from './scorecard';
export * from './escalation';
export * from './coaching';
export * from './contact-center';
