// Jest settings of the emulator tier: `<package>/integration/*.integration.ts`, one at a time within a
// package (they share nothing but take minutes: the provider's polling dominates), long timeouts.
const preset = require('../../jest.preset.js');

module.exports = (rootDir) => ({
  ...preset,
  rootDir,
  roots: ['<rootDir>/integration'],
  testMatch: ['**/*.integration.ts'],
  testTimeout: 15 * 60 * 1000,
});
