// Sums the Jest result files the test tiers write (.test-results/*.json, restored by Nx on a cache
// hit) and prints one closing line: `tests: N passed, N failed, N skipped`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('../.test-results/', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
let files = 0;
for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  const r = JSON.parse(readFileSync(join(dir, name), 'utf8'));
  files += 1;
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped += r.numPendingTests + r.numTodoTests;
  console.log(`${name.replace(/\.json$/, '').padEnd(36)} ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
}
if (files === 0) {
  console.error('no test results found: the test targets did not run');
  process.exit(1);
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
