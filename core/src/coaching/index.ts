export * from './notes';
export * from './strengths';
