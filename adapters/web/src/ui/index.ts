export * from './states';
export * from './table';
export * from './filters';
export * from './chart';
export * from './format';
export * from './use-load';
