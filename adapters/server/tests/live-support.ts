// The live tests use the same clients as the bench (src/bench/live-clients.ts).
export * from '../src/bench/live-clients';
