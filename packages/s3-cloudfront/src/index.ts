// Re-exports only; see the construct files.
export * from './s3-cloudfront';
export * from './props';
