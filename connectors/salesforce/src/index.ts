export * from './manifest';
export * from './errors';
export * from './auth';
export * from './raw';
export * from './client';
