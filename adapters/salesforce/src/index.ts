export * from './config';
export * from './ports';
export * from './memory';
export * from './raw';
export * from './mapping';
export * from './sync';
export * from './push';
