// Re-exports only; see the construct files.
export * from './redis-phi';
