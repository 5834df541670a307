export * from './errors';
export * from './model';
export * from './importers';
export * from './transcription';
