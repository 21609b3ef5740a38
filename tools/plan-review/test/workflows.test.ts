import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

// The order the workflow headers and the README document; these tests keep the files honest.
const ROOT = path.resolve(__dirname, '../../..');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const workflow = (name: string): Json => parse(fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8'));
const needsOf = (job: Json): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const uses = (job: Json, action: string): Json | undefined => (job.steps as Json[]).find((s) => typeof s.uses === 'string' && s.uses.startsWith(`${action}@`));
const script = (job: Json): string => (job.steps as Json[]).map((s) => `${s.run ?? ''}\n${s.with?.script ?? ''}`).join('\n');
const text = (name: string): string => fs.readFileSync(path.join(ROOT, '.github/workflows', name), 'utf8');
const stepRunning = (job: Json, pattern: RegExp): Json | undefined => (job.steps as Json[]).find((s) => pattern.test(s.run ?? ''));
const WORKFLOWS = fs.readdirSync(path.join(ROOT, '.github/workflows')).filter((f) => f.endsWith('.yml')).sort();

/** Jobs in an order that respects `needs`; throws on a cycle or an unknown job. */
function topologicalOrder(jobs: Json): string[] {
  const order: string[] = [];
  const visit = (id: string, seen: string[]): void => {
    if (!(id in jobs)) throw new Error(`unknown job ${id}`);
    if (seen.includes(id)) throw new Error(`cycle through ${id}`);
    if (order.includes(id)) return;
    for (const need of needsOf(jobs[id])) visit(need, [...seen, id]);
    order.push(id);
  };
  Object.keys(jobs).forEach((id) => visit(id, []));
  return order;
}

/** Every job that `id` waits for, directly or not. */
function ancestors(jobs: Json, id: string): Set<string> {
  const out = new Set<string>();
  const walk = (j: string): void => needsOf(jobs[j]).forEach((n) => (out.add(n), walk(n)));
  walk(id);
  return out;
}

describe('every workflow', () => {
  it('is one of the three documented ones', () => {
    expect(WORKFLOWS).toEqual(['deploy.yml', 'destroy.yml', 'pull-request.yml']);
  });

  it.each(WORKFLOWS)('%s pins every action by commit SHA, with its version beside it', (name) => {
    const lines = text(name).split('\n').filter((l) => /^\s*(-\s+)?uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/uses: [\w.-]+\/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
  });

  it.each(WORKFLOWS)('%s gives every job a timeout', (name) => {
    for (const [id, job] of Object.entries(workflow(name).jobs as Json)) expect([id, typeof job['timeout-minutes']]).toEqual([id, 'number']);
  });

  it.each(WORKFLOWS)('%s never expands an expression inside a script (values reach scripts through env)', (name) => {
    for (const job of Object.values(workflow(name).jobs as Json)) {
      for (const step of job.steps as Json[]) {
        expect(String(step.run ?? '')).not.toContain('${{');
        expect(String(step.with?.script ?? '')).not.toContain('${{');
      }
    }
  });

  it.each(WORKFLOWS)('%s grants only read access to contents at the top', (name) => {
    expect(workflow(name).permissions).toEqual({ contents: 'read' });
  });
});

describe('pull-request workflow', () => {
  const wf = workflow('pull-request.yml');
  const jobs = wf.jobs as Json;

  it('runs on pull requests to main, again when a label changes', () => {
    expect(wf.on.pull_request.branches).toEqual(['main']);
    expect(wf.on.pull_request.types).toEqual(expect.arrayContaining(['opened', 'synchronize', 'labeled', 'unlabeled']));
  });

  it('has exactly the documented jobs, chained install → checks → integration → plan → comment', () => {
    expect(Object.keys(jobs).sort()).toEqual(['affected', 'checks', 'comment', 'install', 'integration', 'plan']);
    expect(needsOf(jobs.install)).toEqual([]);
    expect(needsOf(jobs.checks)).toEqual(['install']);
    expect(needsOf(jobs.integration)).toEqual(['checks']);
    expect(needsOf(jobs.plan).sort()).toEqual(['affected', 'integration']);
    expect(needsOf(jobs.comment)).toContain('plan');
    const order = topologicalOrder(jobs);
    const documented = ['install', 'checks', 'integration', 'plan', 'comment'];
    expect(documented.map((j) => order.indexOf(j))).toEqual([...documented.map((j) => order.indexOf(j))].sort((a, b) => a - b));
    expect([...ancestors(jobs, 'comment')].sort()).toEqual(['affected', 'checks', 'install', 'integration', 'plan']);
  });

  it('lints the workflows, then runs lint, typecheck, unit tests and the synth that runs phi-guard', () => {
    const run = script(jobs.checks);
    expect(run).toMatch(/nx run plan-review:lint-workflows/);
    expect(run).toMatch(/nx affected -t lint typecheck test/);
    expect(run).toMatch(/nx affected -t synth/);
    expect(script(jobs.integration)).toMatch(/nx affected -t integration/);
    expect(wf.env.NX_BASE).toBe('${{ github.event.pull_request.base.sha }}');
    expect(wf.env.NX_HEAD).toBe('${{ github.event.pull_request.head.sha }}');
  });

  it('plans the affected apps only, through the read-only OIDC role, in aws mode, without refresh', () => {
    expect(script(jobs.affected)).toMatch(/nx show projects --affected --withTarget plan/);
    expect(jobs.plan.strategy.matrix.app).toBe('${{ fromJSON(needs.affected.outputs.apps) }}');
    expect(jobs.plan.permissions['id-token']).toBe('write');
    const creds = uses(jobs.plan, 'aws-actions/configure-aws-credentials');
    expect(creds?.with['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(creds?.with['aws-access-key-id']).toBeUndefined();
    const planStep = stepRunning(jobs.plan, /nx run "\$APP:plan"/);
    expect(planStep?.env.PHI_STACK_TARGET).toBe('aws');
    // The plan role may not read secret values; refreshing the master secret's version would need it.
    expect(planStep?.env.PHI_PLAN_REFRESH).toBe('false');
    expect(text('pull-request.yml')).not.toContain('AWS_DEPLOY_ROLE_ARN');
  });

  it('blocks the pull request on the stateful gate unless it is labelled allow-stateful-changes', () => {
    const planStep = stepRunning(jobs.plan, /nx run "\$APP:plan"/);
    expect(planStep?.env.PHI_PLAN_FAIL_ON).toBe("${{ !contains(github.event.pull_request.labels.*.name, 'allow-stateful-changes') && 'stateful' || '' }}");
    expect(planStep?.id).toBe('plan');
    const gate = (jobs.plan.steps as Json[]).at(-1) as Json;
    expect(gate.if).toBe("steps.plan.outputs.status != '0'");
    expect(gate.run).toMatch(/exit 1/);
  });

  it('uploads the masked review and the plan encrypted under the plan-artifact key, never plan.bin or plan.json', () => {
    const pack = (jobs.plan.steps as Json[]).find((s) => /plan-artifact\.js pack/.test(s.run ?? '')) as Json;
    expect(pack.if).toBe('always()');
    expect(pack.env.PLAN_ARTIFACT_KMS_KEY).toBe('${{ vars.PLAN_ARTIFACT_KMS_KEY_ARN }}');
    expect(pack.run).toMatch(/--out artifact /);
    expect(pack.run).not.toMatch(/(cp|mv|cat)\s+[^\n]*plan\.(bin|json)\b/);
    const upload = uses(jobs.plan, 'actions/upload-artifact');
    expect(upload?.with).toMatchObject({ path: 'artifact/', overwrite: true });
    expect(upload?.if).toBe('always()');
  });

  it('runs one plan of a stack per pull request at a time', () => {
    expect(jobs.plan.concurrency).toEqual({ group: 'plan-${{ github.event.pull_request.number }}-${{ matrix.app }}', 'cancel-in-progress': true });
  });

  it('always comments, one comment per app with its commit, found again by its hidden marker and updated in place', () => {
    expect(jobs.comment.if).toMatch(/^always\(\) && /);
    expect(jobs.comment.strategy.matrix.app).toBe('${{ fromJSON(needs.affected.outputs.apps) }}');
    expect(jobs.comment.permissions['pull-requests']).toBe('write');
    expect(uses(jobs.comment, 'actions/download-artifact')?.['continue-on-error']).toBe(true);
    const step = uses(jobs.comment, 'actions/github-script') as Json;
    const body = step.with.script as string;
    expect(body).toContain('<!-- phi-stack-plan:${process.env.APP} -->');
    expect(body).toContain('updateComment');
    expect(body).toContain('createComment');
    expect(body).toContain('process.env.HEAD_SHA');
    expect(step.env.HEAD_SHA).toBe('${{ github.event.pull_request.head.sha }}');
    // The commit and the artifact digest head every comment the plan job writes.
    expect(stepRunning(jobs.plan, /comment\.md/)?.run).toMatch(/echo "Commit: \$HEAD_SHA"[\s\S]*Plan artifact sha256:/);
  });

  it('gives no job but plan an OIDC token', () => {
    for (const [id, job] of Object.entries(jobs)) if (id !== 'plan') expect(job.permissions?.['id-token']).toBeUndefined();
  });
});

describe('deploy workflow', () => {
  const wf = workflow('deploy.yml');
  const jobs = wf.jobs as Json;
  const regions = fs
    .readdirSync(path.join(ROOT, 'apps'))
    .filter((d) => fs.existsSync(path.join(ROOT, 'apps', d, 'region.json')))
    .sort();

  it('deploys on pushes to main, and by hand on main only', () => {
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.on.workflow_dispatch.inputs['allow-stateful-changes'].default).toBe(false);
    expect(jobs.bootstrap.if).toBe("github.ref == 'refs/heads/main'");
    // Every other job waits for bootstrap, so nothing runs on another branch.
    for (const id of Object.keys(jobs)) if (id !== 'bootstrap') expect(ancestors(jobs, id).has('bootstrap')).toBe(true);
  });

  it('checks the state bucket first, with the script whose public-access query can pass', () => {
    expect(topologicalOrder(jobs)[0]).toBe('bootstrap');
    expect(script(jobs.bootstrap)).toContain('bash tools/terraform/check-state-bucket.sh');
    expect(fs.readFileSync(path.join(ROOT, 'tools/terraform/check-state-bucket.sh'), 'utf8')).toContain("length(values(PublicAccessBlockConfiguration)[?@ == `true`])");
  });

  it('has the documented jobs, bootstrap → affected → plan → apply, over the affected apps, with no region written in', () => {
    expect(regions.length).toBeGreaterThan(0);
    expect(Object.keys(jobs).sort()).toEqual(['affected', 'apply', 'bootstrap', 'plan']);
    expect(needsOf(jobs.affected)).toEqual(['bootstrap']);
    expect(needsOf(jobs.plan)).toEqual(['affected']);
    expect(needsOf(jobs.apply).sort()).toEqual(['affected', 'plan']);
    for (const id of ['plan', 'apply']) expect(jobs[id].strategy.matrix.include).toBe('${{ fromJSON(needs.affected.outputs.apps) }}');
    expect(script(jobs.affected)).toMatch(/nx show projects --affected --base="\$BEFORE" --head="\$GITHUB_SHA" --withTarget plan/);
    for (const region of regions) expect(text('deploy.yml')).not.toContain(region);
  });

  it('plans with the read-only role and applies with the deploy role behind the region environment', () => {
    expect(uses(jobs.plan, 'aws-actions/configure-aws-credentials')?.with['role-to-assume']).toBe('${{ vars.AWS_PLAN_ROLE_ARN }}');
    expect(uses(jobs.apply, 'aws-actions/configure-aws-credentials')?.with['role-to-assume']).toBe('${{ vars.AWS_DEPLOY_ROLE_ARN }}');
    expect(jobs.plan.environment).toBeUndefined();
    expect(jobs.apply.environment).toBe('${{ matrix.region }}');
    expect(script(jobs.plan)).not.toMatch(/:deploy/);
  });

  it('applies only the artifact whose digest the pull request shows, after verifying it', () => {
    expect(script(jobs.plan)).toMatch(/plan-artifact\.js pack/);
    expect(uses(jobs.plan, 'actions/upload-artifact')?.with.overwrite).toBe(true);
    expect(script(jobs.plan)).toContain('<!-- phi-stack-deploy:${process.env.APP}:${context.sha} -->');
    const steps = jobs.apply.steps as Json[];
    const reviewed = steps.findIndex((s) => s.id === 'reviewed');
    const unpack = steps.findIndex((s) => /plan-artifact\.js unpack .*--expect-sha256 "\$DIGEST"/.test(s.run ?? ''));
    const deploy = steps.findIndex((s) => /nx run "\$APP:deploy"/.test(s.run ?? ''));
    expect(reviewed).toBeGreaterThan(-1);
    expect(steps[unpack]?.env.DIGEST).toBe('${{ steps.reviewed.outputs.digest }}');
    expect(reviewed).toBeLessThan(unpack);
    expect(unpack).toBeLessThan(deploy);
    const check = steps[reviewed]?.with.script as string;
    expect(check).toContain('<!-- phi-stack-deploy:${process.env.APP}:${context.sha} -->');
    expect(check).toContain('<!-- phi-stack-plan:${process.env.APP} -->');
    expect(check).toContain('manifest.configSha256');
  });

  it('runs one plan or apply per stack at a time and never cancels one', () => {
    for (const id of ['plan', 'apply']) expect(jobs[id].concurrency).toEqual({ group: 'stack-${{ matrix.stack }}', 'cancel-in-progress': false });
  });

  it('deploys against real AWS and stops on stateful deletions unless allowed by hand', () => {
    expect(wf.env.PHI_STACK_TARGET).toBe('aws');
    expect(wf.env.PHI_PLAN_FAIL_ON).toContain("'stateful'");
  });
});

describe('destroy workflow', () => {
  const wf = workflow('destroy.yml');
  const jobs = wf.jobs as Json;

  it('is started by hand only, on main, with the stack typed as confirmation', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    expect(Object.keys(wf.on.workflow_dispatch.inputs).sort()).toEqual(['app', 'confirm']);
    expect(jobs.plan.if).toBe("github.ref == 'refs/heads/main'");
    const target = (jobs.plan.steps as Json[]).find((s) => s.id === 'target') as Json;
    expect(target.run).toContain('if [ "$CONFIRM" != "phi-$region" ]');
  });

  it('reviews a destroy plan, then applies exactly it behind the region environment, with --confirm', () => {
    expect(needsOf(jobs.apply)).toEqual(['plan']);
    const planStep = stepRunning(jobs.plan, /nx run "\$APP:plan"/);
    expect(planStep?.env.PHI_PLAN_DESTROY).toBe('true');
    expect(script(jobs.plan)).toMatch(/plan-artifact\.js pack/);
    expect(script(jobs.plan)).toContain('GITHUB_STEP_SUMMARY');
    expect(jobs.apply.environment).toBe('${{ needs.plan.outputs.region }}');
    const steps = jobs.apply.steps as Json[];
    const unpack = steps.findIndex((s) => /plan-artifact\.js unpack .*--expect-sha256 "\$DIGEST"/.test(s.run ?? ''));
    const deploy = steps.findIndex((s) => /nx run "\$APP:deploy" --confirm="\$STACK"/.test(s.run ?? ''));
    expect(steps[unpack]?.env.DIGEST).toBe('${{ needs.plan.outputs.digest }}');
    expect(unpack).toBeGreaterThan(-1);
    expect(unpack).toBeLessThan(deploy);
    expect(script(jobs.apply)).not.toMatch(/destroy\.sh|terraform destroy/);
  });

  it('shares the per-stack concurrency group of the deploys', () => {
    for (const id of ['plan', 'apply']) expect(jobs[id].concurrency).toEqual({ group: 'stack-${{ inputs.confirm }}', 'cancel-in-progress': false });
  });
});
