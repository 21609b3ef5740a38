export * from './region-config';
export * from './regional-stack';
