// Re-exports only; see the construct files.
export * from './rds-mysql-ha';
export * from './props';
export * from './rotation/master-rotation';
export { MASTER_ROTATION_HANDLER_SOURCE } from './rotation/handler-source';
export { storedZip } from './rotation/zip';
