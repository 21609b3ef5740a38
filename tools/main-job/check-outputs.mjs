#!/usr/bin/env node
// Checks what `npm start` printed (its stdout, on stdin or in the file named by the first argument)
// against the synthesized stacks: every app's stack has its `== <stack> ==` section, every output its
// cdk.tf.json declares is printed with a value (sensitive ones as "(sensitive)"), and the closing line
// counts every stack. Used by .ci/run right after `npm start`. Exits 1 listing every problem.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const printed = readFileSync(process.argv[2] ?? 0, 'utf8');

const stacks = readdirSync(join(root, 'apps'))
  .filter((app) => existsSync(join(root, 'apps', app, 'region.json')) || app === 'bootstrap')
  .sort()
  .map((app) => `phi-${app}`);

/** stack → output name → printed value */
const sections = new Map();
let current;
for (const line of printed.split('\n')) {
  const header = /^== (\S+) ==$/.exec(line);
  if (header) {
    current = new Map();
    sections.set(header[1], current);
  } else if (current && line.trim() !== '') {
    const m = /^(\S+)\s+(.*)$/.exec(line);
    if (m) current.set(m[1], m[2].trim());
    else current = undefined;
  } else current = undefined;
}

const problems = [];
for (const stack of stacks) {
  const app = stack.replace(/^phi-/, '');
  const file = join(root, 'apps', app, 'cdktf.out', 'stacks', stack, 'cdk.tf.json');
  if (!existsSync(file)) {
    problems.push(`${stack}: ${file} does not exist (the synth did not run)`);
    continue;
  }
  const declared = JSON.parse(readFileSync(file, 'utf8')).output ?? {};
  const shown = sections.get(stack);
  if (!shown) {
    problems.push(`${stack}: no '== ${stack} ==' section in the output`);
    continue;
  }
  for (const [name, spec] of Object.entries(declared)) {
    const value = shown.get(name);
    if (value === undefined) problems.push(`${stack}: output ${name} is not printed`);
    else if (spec.sensitive ? value !== '(sensitive)' : value === '' || value === 'null' || value === '[]' || value === '""') problems.push(`${stack}: output ${name} has no value (got '${value}')`);
  }
  for (const name of shown.keys()) if (!(name in declared)) problems.push(`${stack}: printed output ${name} is not declared by the stack`);
}
const closing = new RegExp(`^applied ${stacks.length} stacks in \\d+ s; the emulator keeps running at (http://\\S+) `, 'm').exec(printed);
if (!closing) problems.push(`no closing line 'applied ${stacks.length} stacks in N s; the emulator keeps running at <endpoint> ...'`);

if (problems.length > 0) {
  process.stderr.write(`check-outputs: npm start's output is not what the stacks declare (${problems.length} problems):\n  ${problems.join('\n  ')}\n`);
  process.exit(1);
}
const count = [...sections.values()].reduce((n, s) => n + s.size, 0);
process.stdout.write(`check-outputs: ${stacks.length} stacks, ${count} outputs printed with values, emulator at ${closing[1]}\n`);
