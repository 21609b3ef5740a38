// Re-exports only; see the construct files.
export * from './phi-patterns';
export * from './s3-cloudfront';
