export * from './errors';
export * from './model';
export * from './importers';
