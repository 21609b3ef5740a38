export * from './phi-guard';
export * from './evaluate';
export * from './report';
export * from './rule';
export * from './synthesized';
export * from './policy';
export * from './phi-patterns';
export * from './rules';
export { eligibleService } from './rules/account/HipaaEligibleService';
