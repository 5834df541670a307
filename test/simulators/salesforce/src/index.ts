export * from './population';
export * from './records';
export * from './server';
export { parseSoql } from './soql';
export { parseCsv, toCsv } from './csv';
export * from './org';
