#!/usr/bin/env node
// Writes a `terraform show -json` plan with N resource changes for the plan-review benchmark:
// the managed changes of tools/plan-review/test/fixtures/mixed.plan.json (a real plan: creates,
// updates, replacements, deletes, sensitive values), repeated under distinct addresses. With
// `--secrets`, every change also carries two distinct sensitive values (before and after), one of
// which leaks into a non-sensitive tag, so the masking works on 2N secrets.
//   node tools/bench/big-plan.mjs <out.json> [N=10000] [--secrets]
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const withSecrets = args.includes('--secrets');
const [out, count = '10000'] = args.filter((a) => a !== '--secrets');
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
  if (withSecrets) {
    const before = `old-${i.toString(36)}-${(i * 7919).toString(16)}`;
    const after = `new-${i.toString(36)}-${(i * 104729).toString(16)}`;
    rc.change.before = { ...(rc.change.before ?? {}), bench_secret: before };
    rc.change.after = { ...(rc.change.after ?? {}), bench_secret: after, tags: { leaked: `token=${after}` } };
    rc.change.before_sensitive = { ...(typeof rc.change.before_sensitive === 'object' ? rc.change.before_sensitive : {}), bench_secret: true };
    rc.change.after_sensitive = { ...(typeof rc.change.after_sensitive === 'object' ? rc.change.after_sensitive : {}), bench_secret: true };
    if (!rc.change.actions.includes('update')) rc.change.actions = ['update'];
  }
  return rc;
});
writeFileSync(out, JSON.stringify(plan));
