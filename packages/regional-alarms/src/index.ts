// Re-exports only; see the construct files.
export * from './regional-alarms';
export * from './props';
