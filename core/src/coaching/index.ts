export * from './notes';
export * from './strengths';
export * from './tasks';
