// Emulator tier: applies the package's example on the local AWS emulator (see tools/emulator).
module.exports = {
  ...require('../../jest.preset.js'),
  rootDir: __dirname,
  roots: ['<rootDir>/integration'],
  testMatch: ['**/*.integration.ts'],
  testTimeout: 15 * 60 * 1000,
};
