export * from './chain';
export * from './anomalies';
