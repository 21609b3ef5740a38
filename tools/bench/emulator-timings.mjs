#!/usr/bin/env node
// Renders the phase timings the integration suites record (.terraform-work/timings/*.json, written by
// describeEmulatorStack) into docs/benchmarks.md: start the emulator, synth, init, apply, verify,
// re-plan, unprotect, destroy, per suite (and, where a suite has them, the apply of the release it
// upgrades from and checkov on the plan). Run after `npm test` (or any integration target).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = join(root, '.terraform-work', 'timings');
if (!existsSync(dir)) {
  console.error('no timings recorded: run the integration targets first (npm test)');
  process.exit(1);
}
// upgradeFromApply: the apply of the earlier release an upgrade suite starts from (upgradeFrom); checkov: the plan check.
const phases = ['startEmulator', 'synth', 'upgradeFromApply', 'init', 'checkov', 'apply', 'verify', 'replan', 'unprotect', 'destroy'];
const rows = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
  .sort((a, b) => a.name.localeCompare(b.name));
const s = (ms) => (ms === undefined ? '–' : (ms / 1000).toFixed(1));
const lines = [
  `| suite | ${phases.join(' | ')} | total (s) | recorded |`,
  `|---|${phases.map(() => '---:').join('|')}|---:|---|`,
  ...rows.map((r) => `| ${r.name} | ${phases.map((p) => s(r[p])).join(' | ')} | ${s(phases.reduce((t, p) => t + (r[p] ?? 0), 0))} | ${r.recordedAt.slice(0, 16).replace('T', ' ')} |`),
];
const table = lines.join('\n');
console.log(table);
const doc = join(root, 'docs/benchmarks.md');
const begin = '<!-- bench:emulator:begin -->';
const end = '<!-- bench:emulator:end -->';
const current = readFileSync(doc, 'utf8');
if (!current.includes(begin)) throw new Error(`docs/benchmarks.md lacks the ${begin} marker`);
writeFileSync(doc, current.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${table}\n${end}`));
