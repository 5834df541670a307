export * from './identity-keys';
export * from './identity';
export * from './merge';
