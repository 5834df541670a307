export * from './playbooks';
export * from './acts';
export * from './acts-corpus';
export * from './accuracy';
export * from './settings';
export * from './escalation';
export * from './metrics';
export * from './calltypes';
