export * from './chain';
export * from './anchor';
export * from './anomalies';
