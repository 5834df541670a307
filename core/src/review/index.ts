export * from './override';
export * from './calibration';
