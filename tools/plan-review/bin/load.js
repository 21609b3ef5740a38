// Shared by the bins: the compiled bundle dist/<name>.js (built by `nx run plan-review:build`) when it
// is at least as new as every source file, else src/<name>.ts through tsx (a root dev dependency), so
// a command works from a clean clone after `npm ci` with no build step and never runs stale code.
const fs = require('node:fs');
const path = require('node:path');

const src = path.join(__dirname, '..', 'src');

function bundleIsFresh(dist) {
  let built;
  try {
    built = fs.statSync(dist).mtimeMs;
  } catch {
    return false;
  }
  return fs.readdirSync(src).every((f) => !f.endsWith('.ts') || fs.statSync(path.join(src, f)).mtimeMs <= built);
}

module.exports = function load(name) {
  const dist = path.join(__dirname, '..', 'dist', `${name}.js`);
  if (bundleIsFresh(dist)) return require(dist);
  require('tsx/cjs');
  return require(path.join(src, `${name}.ts`));
};
