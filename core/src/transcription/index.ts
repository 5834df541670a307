export * from './port';
export * from './wer';
export * from './assemble';
export * from './confidence';
export * from './text-quality';
export { ENGLISH_VOCABULARY } from './english-vocabulary';
