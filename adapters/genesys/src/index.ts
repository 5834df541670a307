export * from './ports';
export * from './memory';
export * from './mapping';
export * from './sync';
export * from './push';
export * from './install';
export * from './webhook';
export * from './live';
