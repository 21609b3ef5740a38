// Re-exports only; see the modules.
export * from './plan';
export * from './review';
export * from './markdown';
export * from './sensitive';
export * from './stateful';
export * from './capacity';
export * from './waivers';
export * from './diagnostics';
export * from './jsondiff';
export { naturalCompare, byNaturalAddress } from './paths';
export { main, review, stackNameOf, EXIT_OK, EXIT_POLICY, EXIT_INPUT, USAGE } from './cli';
