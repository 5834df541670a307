export * from './regions';
export * from './errors';
export * from './client';
export * from './pagination';
export * from './schemas';
export type { SdkApiClient, ExtendedResponse } from './sdk';
export type { Models } from 'purecloud-platform-client-v2';
