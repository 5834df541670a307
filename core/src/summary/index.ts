export * from './types';
export * from './build';
