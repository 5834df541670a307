export * from './quarantine';
export * from './capabilities';
