export * from './schema';
export * from './compile';
export * from './match';
export * from './evaluate';
export * from './acts-port';
