#!/usr/bin/env node
// Runs dist/cli.js when fresh, else src/cli.ts through tsx (see load.js). The bundle starts about
// 0.3 s sooner than tsx: most of a large plan's review time was start-up.
const cli = require('./load')('cli');
process.exitCode = cli.main(process.argv.slice(2));
