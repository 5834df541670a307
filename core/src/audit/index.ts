export * from './chain';
export * from './anchor';
