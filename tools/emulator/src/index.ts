export * from './emulator';
export * from './emulator-stack';
export * from './errors';
export * from './terraform';
export * from './leftovers';
