export * from './region-config';
export * from './regional-stack';
export * from './audit-trail';
export * from './network-flows';
export * from './app-config';
export * from './signer-key';
export * from './web-acl';
