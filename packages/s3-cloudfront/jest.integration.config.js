module.exports = {
  ...require('../../jest.preset.js'),
  rootDir: __dirname,
  roots: ['<rootDir>/integration'],
  testTimeout: 15 * 60 * 1000,
};
