export * from './errors';
export * from './retry-table';
export * from './execute';
export * from './throttle';
export * from './secure-url';
