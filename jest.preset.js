// Shared Jest settings: TypeScript through SWC (no type-check here; `typecheck` runs tsc).
const path = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.tsx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  moduleNameMapper: {
    '^@phi-stack/([^/]+)$': [path.join(root, 'packages/$1/src/index.ts'), path.join(root, 'tools/$1/src/index.ts')],
  },
  globalSetup: path.join(root, 'tools/jest/global-setup.js'),
  setupFilesAfterEnv: [path.join(root, 'tools/jest/setup.ts')],
  testPathIgnorePatterns: ['/node_modules/', '/cdktf.out/', '/dist/'],
};
