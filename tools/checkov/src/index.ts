export * from './skips';
