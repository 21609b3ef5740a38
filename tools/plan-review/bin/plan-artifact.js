#!/usr/bin/env node
// Runs dist/artifact-cli.js when fresh, else src/artifact-cli.ts through tsx (see load.js).
const cli = require('./load')('artifact-cli');
cli.main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`plan-artifact: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
