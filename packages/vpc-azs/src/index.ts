// Re-exports only; see the construct files.
export * from './cidr';
export * from './vpc-azs';
export * from './props';
export * from './subnet-plan';
