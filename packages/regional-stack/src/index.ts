export * from './region-config';
export * from './regional-stack';
export * from './audit-trail';
