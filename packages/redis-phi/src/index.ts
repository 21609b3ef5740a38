// Re-exports only; see the construct files.
export * from './redis-phi';
export * from './props';
export { windowsOverlap } from './validation';
