export * from './quarantine';
export * from './capabilities';
export * from './ports';
export * from './memory';
export * from './jobs';
