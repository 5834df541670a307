export * from './agent-day';
