export * from './ledger';
export * from './runner';
export * from './distributed';
export * from './bucket';
export * from './progress';
export * from './genesys';
export * from './connections';
export * from './runtime';
