export * from './config';
export * from './engine';
export * from './lru';
export { SYSTEM_PROMPT, userPrompt } from './prompt';
