// checkov on the synthesized stacks of one app, against the reviewed skip file:
//   tsx tools/checkov/src/cli.ts apps/us-east-1
//   tsx tools/checkov/src/cli.ts apps/us-east-1 --plan <work dir>/plan.json   (a `terraform show -json` plan)
// Fails on a failed check that tools/checkov/skips.yaml does not name (check id and resource), on a
// skip that matches no failed check (stale), and on a skip of a check phi-guard also makes where the
// resource carries no opt-out tag for it. Writes the counts to .test-results/checkov/<app>.json.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { optOutsWaiving } from '@phi-stack/constructs-core';
import { HIPAA_RULES, PENDING_RULES } from '@phi-stack/phi-guard';
import { checkovParseable } from './parseable';
import { CheckovReport, compare, Finding, findingsOf, mergeConfigs, optOutProblems, parseSkips, skipsFor, TerraformJson } from './skips';

const ROOT = path.resolve(__dirname, '../../..');
const SKIPS = path.join(ROOT, 'tools/checkov/skips.yaml');
const REQUIREMENTS = path.join(ROOT, 'tools/checkov/requirements.txt');

function fail(message: string): never {
  console.error(`checkov: ${message}`);
  process.exit(1);
}

/** The pinned checkov: $PHI_STACK_CHECKOV (exported by the toolchain), else installed (cached) now. */
function checkovBinary(): string {
  const fromEnv = process.env.PHI_STACK_CHECKOV;
  if (fromEnv && fs.existsSync(fromEnv)) return fromEnv;
  const r = spawnSync('bash', [path.join(ROOT, 'tools/checkov/install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) fail('tools/checkov/install.sh failed (see above)');
  return r.stdout.trim();
}

function runCheckov(checkov: string, file: string, framework: 'terraform_json' | 'terraform_plan'): CheckovReport {
  const r = spawnSync(checkov, ['-f', file, '--framework', framework, '--output', 'json', '--compact', '--skip-download'], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, LOG_LEVEL: 'WARNING' },
  });
  // checkov exits 1 when a check failed; anything else, or no JSON, is a crash.
  let report: CheckovReport;
  try {
    report = JSON.parse(r.stdout) as CheckovReport;
  } catch {
    fail(`checkov exited ${r.status} on ${file} without a JSON report:\n${r.stderr.slice(-2000)}`);
  }
  if (r.status !== 0 && r.status !== 1) fail(`checkov exited ${r.status} on ${file}:\n${r.stderr.slice(-2000)}`);
  if (report.check_type !== framework) fail(`expected a ${framework} report for ${file}, got ${JSON.stringify(report.check_type ?? report)}`);
  return report;
}

/**
 * The plan of one stack, as the integration tier makes it before deploying: every failed check must
 * be a reviewed skip of the app. Stale skips are judged on the synthesized JSON only, since a plan
 * holds no data sources (where the key-policy documents live) and only what it creates or changes.
 */
function checkPlan(appRoot: string, planFile: string): void {
  const app = path.basename(appRoot);
  if (!fs.existsSync(planFile)) fail(`no plan at ${planFile}: run nx run app-${app}:plan first`);
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as { configuration?: unknown; planned_values?: unknown };
  if (!plan.planned_values) fail(`${planFile} is not a terraform show -json plan (no planned_values)`);
  const skips = skipsFor(parseSkips(fs.readFileSync(SKIPS, 'utf8'), path.relative(ROOT, SKIPS)), app, fs.existsSync(path.join(appRoot, 'region.json')));
  const checkov = checkovBinary();
  const report = runCheckov(checkov, planFile, 'terraform_plan');
  if (report.summary.parsing_errors > 0) fail(`checkov could not parse ${planFile} (${report.summary.parsing_errors} parsing errors)`);
  // A plan's addresses are whole (`aws_kms_key.x`); an empty config resolves nothing further.
  const findings = findingsOf(report, {});
  const c = compare(findings, skips, {}, 'plan');
  const problems = c.unreviewed.map((f) => `${f.check} failed on ${f.resource} in the plan: ${f.name}${f.guideline ? ` (${f.guideline})` : ''}`);
  const out = path.join(ROOT, '.test-results/checkov', `${app}.plan.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const counts = { passed: report.summary.passed, failed: report.summary.failed, skipped: c.skipped.length, unreviewed: c.unreviewed.length };
  fs.writeFileSync(out, `${JSON.stringify({ app, plan: planFile, checkov: report.summary.checkov_version, counts, problems }, null, 2)}\n`);
  console.log(`checkov ${report.summary.checkov_version} plan of ${app}: ${counts.passed} passed, ${counts.failed} failed (${counts.skipped} skipped in tools/checkov/skips.yaml, ${counts.unreviewed} not)`);
  if (problems.length > 0) fail(`${problems.length} problems in the plan of ${app}:\n  ${problems.join('\n  ')}`);
}

/** `file`, or a copy under .terraform-work without the blocks checkov cannot parse (see parseable.ts). */
function parseableCopy(app: string, stack: string, file: string, config: TerraformJson): string {
  const parseable = checkovParseable(config as Record<string, unknown>);
  if (!parseable) return file;
  const copy = path.join(ROOT, '.terraform-work/checkov', app, stack, 'cdk.tf.json');
  fs.mkdirSync(path.dirname(copy), { recursive: true });
  fs.writeFileSync(copy, JSON.stringify(parseable, null, 2));
  return copy;
}

function main(appArg: string | undefined): void {
  if (!appArg) fail('usage: cli.ts <app folder> [--plan <plan.json>], e.g. apps/us-east-1');
  const appRoot = path.resolve(ROOT, appArg);
  const app = path.basename(appRoot);
  const stacksDir = path.join(appRoot, 'cdktf.out/stacks');
  const stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, 'cdk.tf.json'))).sort() : [];
  if (stacks.length === 0) fail(`no ${path.relative(ROOT, stacksDir)}/*/cdk.tf.json: run nx run <app>:synth first`);
  const pin = /^checkov==(\S+)/m.exec(fs.readFileSync(REQUIREMENTS, 'utf8'))?.[1];
  const skips = skipsFor(parseSkips(fs.readFileSync(SKIPS, 'utf8'), path.relative(ROOT, SKIPS)), app, fs.existsSync(path.join(appRoot, 'region.json')));
  const checkov = checkovBinary();

  const problems: string[] = [];
  const counts: Record<string, { passed: number; failed: number; skipped: number; unreviewed: number }> = {};
  const findingsSeen = new Set<string>();
  const allFindings: Finding[] = [];
  const configs: TerraformJson[] = [];
  let version = '';
  for (const stack of stacks) {
    const file = path.join(stacksDir, stack, 'cdk.tf.json');
    const config = JSON.parse(fs.readFileSync(file, 'utf8')) as TerraformJson;
    configs.push(config);
    const report = runCheckov(checkov, path.relative(ROOT, parseableCopy(app, stack, file, config)), 'terraform_json');
    if (report.summary.parsing_errors > 0) problems.push(`${stack}: checkov could not parse cdk.tf.json (${report.summary.parsing_errors} parsing errors)`);
    version = report.summary.checkov_version;
    if (pin && version !== pin) fail(`checkov ${version} ran, tools/checkov/requirements.txt pins ${pin}: re-run tools/checkov/install.sh`);
    const findings = findingsOf(report, config);
    for (const f of findings) {
      const key = `${f.check} ${f.resource}`;
      if (!findingsSeen.has(key)) allFindings.push(f);
      findingsSeen.add(key);
    }
    const c = compare(findings, skips, config);
    counts[stack] = { passed: report.summary.passed, failed: report.summary.failed, skipped: c.skipped.length, unreviewed: c.unreviewed.length };
    for (const f of c.unreviewed) problems.push(`${stack}: ${f.check} failed on ${f.resource}: ${f.name}${f.guideline ? ` (${f.guideline})` : ''}`);
  }
  // Stale skips and opt-out agreement over the whole app (a skip may name resources of any of its stacks).
  const merged = mergeConfigs(configs);
  const whole = compare(allFindings, skips, merged);
  for (const s of whole.stale) problems.push(`stale skip in tools/checkov/skips.yaml: ${s.check} on ${s.resource} matches no failed check of ${app}: remove it (or fix its address)`);
  problems.push(...optOutProblems(skips, merged, [...HIPAA_RULES, ...PENDING_RULES], (id) => optOutsWaiving(id).map((o) => o.tagKey)));

  const out = path.join(ROOT, '.test-results/checkov', `${app}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ app, checkov: version, stacks: counts, problems }, null, 2)}\n`);
  for (const [stack, c] of Object.entries(counts)) {
    console.log(`checkov ${version} ${stack}: ${c.passed} passed, ${c.failed} failed (${c.skipped} skipped in tools/checkov/skips.yaml, ${c.unreviewed} not), ${whole.stale.length} stale skips`);
  }
  if (problems.length > 0) fail(`${problems.length} problems in ${app}:\n  ${problems.join('\n  ')}`);
}

const planAt = process.argv.indexOf('--plan');
if (planAt > 0) {
  const app = process.argv.slice(2).find((_arg, i) => i + 2 !== planAt && i + 2 !== planAt + 1);
  if (!app || !process.argv[planAt + 1]) fail('usage: cli.ts <app folder> --plan <plan.json>');
  checkPlan(path.resolve(ROOT, app), path.resolve(process.argv[planAt + 1]));
} else {
  main(process.argv[2]);
}
