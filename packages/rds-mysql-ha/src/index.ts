// Re-exports only; see the construct files.
export * from './rds-mysql-ha';
