export * from './ports';
export * from './memory';
export * from './mapping';
export * from './sync';
