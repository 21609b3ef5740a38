#!/usr/bin/env node
// Runs the compiled bundle (dist/artifact-cli.js, built by `nx run plan-review:build`) when it is
// at least as new as every source file, else the TypeScript sources through tsx; see plan-review.js.
const fs = require('node:fs');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist', 'artifact-cli.js');
const src = path.join(__dirname, '..', 'src');

function bundleIsFresh() {
  let built;
  try {
    built = fs.statSync(dist).mtimeMs;
  } catch {
    return false;
  }
  return fs.readdirSync(src).every((f) => !f.endsWith('.ts') || fs.statSync(path.join(src, f)).mtimeMs <= built);
}

let cli;
if (bundleIsFresh()) {
  cli = require(dist);
} else {
  require('tsx/cjs');
  cli = require('../src/artifact-cli.ts');
}
cli.main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err) => {
    process.stderr.write(`plan-artifact: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
