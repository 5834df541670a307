export * from './errors';
export * from './model';
export * from './importers';
export * from './transcription';
export * from './access';
export * from './audit';
export * from './retention';
export * from './store';
