export * from './area';
export * from './queue';
export * from './schema';
export * from './store';
export * from './migrations';
