#!/usr/bin/env node
// npm run bench: synth time and peak memory of every regional app, measured side by side in one
// run, then printed as a table of medians and ratios and recorded in docs/benchmarks.md.
//
// Variants per app: the shipped path (compiled JS bundle, deep provider imports), the same code
// JIT-compiled by tsx, the same bundle built with the provider's ROOT import, and the `cdktf synth`
// CLI running the shipped bundle. Across apps: `nx run-many -t synth` cold (--skip-nx-cache) and
// warm (cache hit), and the Nx floor (a one-project, one-target cache hit) to subtract from warm.
//
// BENCH_RUNS=n sets the runs per variant (default 5).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const loadBefore = loadavg()[0];
const apps = readdirSync(join(root, 'apps')).filter((a) => existsSync(join(root, 'apps', a, 'region.json'))).sort();
const outDir = join(root, '.terraform-work', 'bench');
mkdirSync(outDir, { recursive: true });
const env = {
  ...process.env,
  PHI_STACK_TARGET: 'local',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  CHECKPOINT_DISABLE: '1',
  TF_CLI_CONFIG_FILE: execFileSync('bash', [join(root, 'tools/terraform/cli-config.sh')], { encoding: 'utf8' }).trim(),
};
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Runs a command under GNU time; returns wall seconds and peak RSS (MiB) of the largest process. */
function measure(cmd, args, cwd = root) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { cwd, env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr.slice(-2000)}`);
  const [wall, kb] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, mib: kb / 1024 };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Build the shipped bundle and the root-import variant of the same code.
const esbuild = bin('esbuild');
const common = ['packages/regional-stack/src/main.ts', '--bundle', '--platform=node', '--target=node20', '--external:cdktf', '--external:constructs', '--log-level=warning'];
execFileSync(esbuild, [...common, '--external:@cdktf/*', '--outfile=packages/regional-stack/dist/main.js'], { cwd: root, env });
const rootImportPlugin = join(outDir, 'root-import-plugin.mjs');
writeFileSync(
  rootImportPlugin,
  `// Rewrites every deep import (@cdktf/provider-aws/lib/<x>) to the package root, like \`import { s3Bucket } from '@cdktf/provider-aws'\`.
export default {
  name: 'root-import',
  setup(build) {
    build.onResolve({ filter: /^@cdktf\\/provider-aws\\/lib\\/[^/]+$/ }, (a) => ({ path: a.path, namespace: 'root-import' }));
    build.onLoad({ filter: /.*/, namespace: 'root-import' }, (a) => {
      const ns = a.path.split('/').pop().replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
      return { contents: 'module.exports = require("@cdktf/provider-aws").' + ns + ';', loader: 'js' };
    });
  },
};
`,
);
const { build } = await import(join(root, 'node_modules/esbuild/lib/main.js'));
const plugin = (await import(rootImportPlugin)).default;
await build({
  entryPoints: [join(root, 'packages/regional-stack/src/main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  external: ['cdktf', 'constructs', '@cdktf/provider-aws'],
  plugins: [plugin],
  outfile: join(outDir, 'main-root-import.js'),
  logLevel: 'warning',
  nodePaths: [join(root, 'node_modules')],
});

const variants = [];
for (const app of apps) {
  const dir = `apps/${app}`;
  variants.push(
    { group: app, name: 'compiled JS, deep imports (shipped)', baseline: true, run: () => measure('node', ['packages/regional-stack/dist/main.js', dir]) },
    { group: app, name: 'tsx (TypeScript at run time)', run: () => measure(bin('tsx'), ['packages/regional-stack/src/main.ts', dir]) },
    { group: app, name: 'root import of @cdktf/provider-aws', run: () => measure('node', [join(outDir, 'main-root-import.js'), dir]) },
    { group: app, name: '`cdktf synth` CLI', run: () => measure(bin('cdktf'), ['synth', '--output', 'cdktf.out'], join(root, dir)) },
  );
}
// Nx rows run with the daemon off (as in CI) and on (a developer's default): the floor is a
// one-project, one-target cache hit in the same mode, subtracted from the warm re-run.
const nx = (args, daemon) => () => {
  const saved = env.NX_DAEMON;
  env.NX_DAEMON = daemon ? 'true' : 'false';
  try {
    return measure(bin('nx'), args);
  } finally {
    env.NX_DAEMON = saved;
  }
};
const synthAll = ['run-many', '-t', 'synth', '--projects=app-*', '--output-style=static'];
const floorArgs = ['run-many', '-t', 'build', '--projects=regional-stack', '--output-style=static'];
variants.push({
  group: 'all apps',
  name: 'node, each app in turn (shipped)',
  baseline: true,
  run: () => {
    let wall = 0;
    let mib = 0;
    for (const app of apps) {
      const m = measure('node', ['packages/regional-stack/dist/main.js', `apps/${app}`]);
      wall += m.wall;
      mib = Math.max(mib, m.mib);
    }
    return { wall, mib };
  },
});
for (const daemon of [false, true]) {
  const mode = daemon ? 'daemon on' : 'daemon off';
  variants.push(
    { group: 'all apps', name: `nx run-many -t synth, cold (--skip-nx-cache), ${mode}`, run: nx([...synthAll, '--skip-nx-cache'], daemon) },
    { group: 'all apps', name: `nx run-many -t synth, warm (cache hit), ${mode}`, warm: mode, run: nx(synthAll, daemon) },
    { group: 'all apps', name: `Nx floor: one-project cache hit, ${mode}`, floor: mode, run: nx(floorArgs, daemon) },
  );
}

// plan-review of a 10,000-change plan (tools/bench/big-plan.mjs builds it from a real plan), against
// node's own start-up as the floor: the shipped bundle through the bin script, the same code through
// tsx (a clean clone before any build), and through npx as the README shows it.
const bigPlan = join(outDir, 'plan-10000.json');
const secretPlan = join(outDir, 'plan-10000-secrets.json');
execFileSync('node', [join(root, 'tools/bench/big-plan.mjs'), bigPlan, '10000'], { cwd: root, env });
execFileSync('node', [join(root, 'tools/bench/big-plan.mjs'), secretPlan, '10000', '--secrets'], { cwd: root, env });
execFileSync(esbuild, ['tools/plan-review/src/cli.ts', '--bundle', '--platform=node', '--target=node20', '--outfile=tools/plan-review/dist/cli.js', '--log-level=warning'], { cwd: root, env });
const tsxReview = join(outDir, 'plan-review-tsx.cjs');
writeFileSync(tsxReview, `require('tsx/cjs'); process.exitCode = require(${JSON.stringify(join(root, 'tools/plan-review/src/cli.ts'))}).main(process.argv.slice(2));\n`);
const toNull = (cmd, args) => () => measure('bash', ['-c', `"$0" "$@" >/dev/null`, cmd, ...args]);
variants.push(
  { group: 'plan-review, 10,000 changes', name: "node's own start (`node -e 0`), the floor", baseline: true, reviewFloor: true, run: toNull('node', ['-e', '0']) },
  { group: 'plan-review, 10,000 changes', name: 'bin/plan-review.js, compiled bundle (shipped)', review: 'bundle', run: toNull('node', ['tools/plan-review/bin/plan-review.js', bigPlan]) },
  { group: 'plan-review, 10,000 changes', name: 'TypeScript sources through tsx', review: 'tsx', run: toNull('node', [tsxReview, bigPlan]) },
  { group: 'plan-review, 10,000 changes', name: '`npx plan-review` (bundle)', review: 'npx', run: toNull('npx', ['--no-install', 'plan-review', bigPlan]) },
  { group: 'plan-review, 10,000 changes', name: 'bundle, 20,000 distinct secrets to mask', review: 'secrets', run: toNull('node', ['tools/plan-review/bin/plan-review.js', secretPlan]) },
);

// Warm-up: fill caches (disk, Nx) once; not measured.
for (const v of variants) v.run();
const results = variants.map((v) => ({ ...v, samples: [] }));
for (let i = 0; i < runs; i++) for (const r of results) r.samples.push(r.run()); // interleaved, so drift hits every variant alike
for (const r of results) {
  r.wall = median(r.samples.map((s) => s.wall));
  r.mib = median(r.samples.map((s) => s.mib));
}

const lines = [];
lines.push(`Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} cores / ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; median of ${runs} runs per row, interleaved; ratios against the shipped row of the same group. Load average before the runs ${loadBefore.toFixed(2)}, after ${loadavg()[0].toFixed(2)} (above 0.5, other work shared the machine and absolute times are inflated; the ratios of one run still compare).`);
lines.push('');
lines.push('| group | variant | wall (s) | peak RSS (MiB) | time ratio | memory ratio |');
lines.push('|---|---|---:|---:|---:|---:|');
for (const group of [...new Set(results.map((r) => r.group))]) {
  const rows = results.filter((r) => r.group === group);
  const base = rows.find((r) => r.baseline);
  for (const r of rows) {
    lines.push(`| ${group} | ${r.name} | ${r.wall.toFixed(2)} | ${r.mib.toFixed(0)} | ${(r.wall / base.wall).toFixed(2)}× | ${(r.mib / base.mib).toFixed(2)}× |`);
  }
}
lines.push('');
for (const mode of ['daemon off', 'daemon on']) {
  const warm = results.find((r) => r.warm === mode);
  const floor = results.find((r) => r.floor === mode);
  lines.push(`Warm \`nx run-many -t synth\` above the Nx floor, ${mode}: ${(warm.wall - floor.wall).toFixed(2)} s (warm ${warm.wall.toFixed(2)} s − floor ${floor.wall.toFixed(2)} s).`);
}
const reviewFloor = results.find((r) => r.reviewFloor);
for (const kind of ['bundle', 'tsx', 'npx', 'secrets']) {
  const r = results.find((x) => x.review === kind);
  lines.push(`plan-review of 10,000 changes above node's own start, ${r.name}: ${(r.wall - reviewFloor.wall).toFixed(2)} s (${r.wall.toFixed(2)} s − ${reviewFloor.wall.toFixed(2)} s; target ≤ 1.00 s).`);
}
const table = lines.join('\n');
process.stdout.write(`${table}\n`);

const doc = join(root, 'docs/benchmarks.md');
const begin = '<!-- bench:synth:begin -->';
const end = '<!-- bench:synth:end -->';
const current = existsSync(doc) ? readFileSync(doc, 'utf8') : `# Benchmarks\n\n## Synth\n\n${begin}\n${end}\n`;
if (!current.includes(begin)) throw new Error(`docs/benchmarks.md lacks the ${begin} marker`);
writeFileSync(doc, current.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${table}\n${end}`));
process.stderr.write('recorded in docs/benchmarks.md\n');
