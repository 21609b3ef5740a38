export * from './skips';
export * from './parseable';
