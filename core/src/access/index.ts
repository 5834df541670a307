export * from './roles';
export * from './policy';
export * from './session';
