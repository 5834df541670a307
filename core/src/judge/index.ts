export * from './spec';
export * from './port';
export * from './quotes';
export * from './hash';
export * from './resolve';
export * from './score';
