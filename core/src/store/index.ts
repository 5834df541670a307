export * from './records';
export * from './port';
