#!/usr/bin/env node
// Writes a `terraform show -json` plan with N resource changes for the plan-review benchmark:
// the managed changes of tools/plan-review/test/fixtures/mixed.plan.json (a real plan: creates,
// updates, replacements, deletes, sensitive values), repeated under distinct addresses.
//   node tools/bench/big-plan.mjs <out.json> [N=10000]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [out, count = '10000'] = process.argv.slice(2);
if (!out) throw new Error('usage: big-plan.mjs <out.json> [N]');
const n = Number(count);
if (!Number.isInteger(n) || n < 1) throw new Error(`N must be a positive integer (got '${count}')`);
const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const plan = JSON.parse(readFileSync(join(root, 'tools/plan-review/test/fixtures/mixed.plan.json'), 'utf8'));
const managed = plan.resource_changes.filter((r) => r.mode === 'managed');
plan.resource_changes = Array.from({ length: n }, (_, i) => {
  const rc = structuredClone(managed[i % managed.length]);
  rc.address = `${rc.address}_${i}`;
  rc.name = `${rc.name}_${i}`;
  return rc;
});
writeFileSync(out, JSON.stringify(plan));
