// Regenerates (--write) or checks (default) the generated props and outputs tables of every
// packages/*/README.md. The check fails, naming each README that differs, and is part of npm test.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { regenerate, tableCount } from './tables';

const ROOT = path.resolve(__dirname, '../../..');
const write = process.argv.includes('--write');
const stale: string[] = [];
const errors: string[] = [];
let tables = 0;
for (const name of fs.readdirSync(path.join(ROOT, 'packages')).sort()) {
  const dir = path.join(ROOT, 'packages', name);
  const file = path.join(dir, 'README.md');
  if (!fs.existsSync(file) || !fs.existsSync(path.join(dir, 'src'))) continue;
  const readme = fs.readFileSync(file, 'utf8');
  const count = tableCount(readme);
  if (count === 0) continue;
  tables += count;
  let next: string;
  try {
    next = regenerate(readme, dir, path.relative(ROOT, file));
  } catch (error) {
    errors.push((error as Error).message);
    continue;
  }
  if (next === readme) continue;
  if (write) fs.writeFileSync(file, next);
  else stale.push(path.relative(ROOT, file));
}
if (errors.length > 0) {
  console.error(`readme-tables: ${errors.join('\n')}`);
  process.exit(1);
}
if (stale.length > 0) {
  console.error(`readme-tables: ${stale.length} README(s) differ from their sources: ${stale.join(', ')}\nrun npx tsx tools/readme-tables/src/cli.ts --write and commit the result`);
  process.exit(1);
}
console.log(`readme-tables: ${tables} tables ${write ? 'written' : 'up to date'}`);
