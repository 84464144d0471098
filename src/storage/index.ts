export * from './area';
export * from './queue';
export * from './schema';
export * from './settings';
export * from './store';
export * from './migrations';
export * from './key-cache';
export * from './key-shards';
