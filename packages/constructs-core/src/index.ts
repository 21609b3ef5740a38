// Re-exports only; see the files.
export * from './limits';
export * from './opt-outs';
export * from './phi-patterns';
export * from './stack-environment';
export * from './subnet-zones';
export * from './kms-key';
export * from './grants';
export * from './bucket';
export * from './connections';
export * from './log-retention';
export * from './former-address';
export * from './key-policy';
export * from './phi-key';
export * from './problems';
export * from './data-tier-placement';
export * from './data-tier-security-group';
export * from './synth-json';
