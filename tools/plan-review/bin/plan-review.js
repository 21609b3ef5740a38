#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx (a root dev dependency), so the command works
// from a clean clone after `npm ci` with no build step.
require('tsx/cjs');
const { main } = require('../src/cli.ts');

process.exitCode = main(process.argv.slice(2));
