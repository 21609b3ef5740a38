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

describe('pull-request workflow', () => {
  const wf = workflow('pull-request.yml');
  const jobs = wf.jobs as Json;

  it('runs on pull requests to main', () => {
    expect(wf.on.pull_request.branches).toEqual(['main']);
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

  it('runs lint, typecheck, unit tests and the synth that runs phi-guard in the checks job', () => {
    const run = script(jobs.checks);
    expect(run).toMatch(/nx affected -t lint typecheck test/);
    expect(run).toMatch(/nx affected -t synth/);
    expect(script(jobs.integration)).toMatch(/nx affected -t integration/);
  });

  it('plans only affected apps, through an OIDC role, in aws mode', () => {
    expect(script(jobs.affected)).toMatch(/nx show projects --affected --withTarget plan/);
    expect(jobs.plan.strategy.matrix.app).toBe('${{ fromJSON(needs.affected.outputs.apps) }}');
    expect(jobs.plan.permissions['id-token']).toBe('write');
    const creds = uses(jobs.plan, 'aws-actions/configure-aws-credentials');
    expect(creds?.with['role-to-assume']).toBeDefined();
    expect(creds?.with['aws-access-key-id']).toBeUndefined();
    const planStep = (jobs.plan.steps as Json[]).find((s) => /nx run .*:plan/.test(s.run ?? ''));
    expect(planStep?.env.PHI_STACK_TARGET).toBe('aws');
  });

  it('uploads only the Markdown review, never plan.bin or plan.json (they hold secrets)', () => {
    expect(uses(jobs.plan, 'actions/upload-artifact')?.with.path).toBe('plan.md');
  });

  it('posts one comment per app, found again by its hidden marker and updated in place', () => {
    expect(jobs.comment.strategy.matrix.app).toBe('${{ fromJSON(needs.affected.outputs.apps) }}');
    expect(jobs.comment.permissions['pull-requests']).toBe('write');
    const body = uses(jobs.comment, 'actions/github-script')?.with.script as string;
    expect(body).toContain('<!-- phi-stack-plan:${process.env.APP} -->');
    expect(body).toContain('updateComment');
    expect(body).toContain('createComment');
  });

  it('gives no job but plan an OIDC token', () => {
    for (const [id, job] of Object.entries(jobs)) if (id !== 'plan') expect(job.permissions?.['id-token']).toBeUndefined();
    expect(wf.permissions).toEqual({ contents: 'read' });
  });
});

describe('deploy workflow', () => {
  const wf = workflow('deploy.yml');
  const jobs = wf.jobs as Json;
  const regions = fs
    .readdirSync(path.join(ROOT, 'apps'))
    .filter((d) => fs.existsSync(path.join(ROOT, 'apps', d, 'region.json')))
    .sort();

  it('deploys on pushes to main', () => {
    expect(wf.on.push.branches).toEqual(['main']);
    expect(wf.concurrency['cancel-in-progress']).toBe(false);
  });

  it('has a bootstrap job first and one job per region app', () => {
    expect(regions.length).toBeGreaterThan(0);
    expect(Object.keys(jobs).sort()).toEqual(['bootstrap', ...regions.map((r) => `deploy-${r}`)].sort());
    expect(needsOf(jobs.bootstrap)).toEqual([]);
    expect(topologicalOrder(jobs)[0]).toBe('bootstrap');
  });

  it.each(['us-east-1', 'eu-west-1'])('deploys %s after bootstrap, in parallel with the other regions, behind its environment', (region) => {
    const job = jobs[`deploy-${region}`];
    expect(needsOf(job)).toEqual(['bootstrap']);
    expect(job.environment).toBe(region);
    expect(job.permissions['id-token']).toBe('write');
    expect(uses(job, 'aws-actions/configure-aws-credentials')?.with['aws-region']).toBe(region);
    const run = script(job);
    expect(run.indexOf(`nx run app-${region}:plan`)).toBeGreaterThan(-1);
    expect(run.indexOf(`nx run app-${region}:deploy`)).toBeGreaterThan(run.indexOf(`nx run app-${region}:plan`));
  });

  it('deploys against real AWS and stops on stateful deletions unless allowed by hand', () => {
    expect(wf.env.PHI_STACK_TARGET).toBe('aws');
    expect(wf.env.PHI_PLAN_FAIL_ON).toContain("'stateful'");
    expect(wf.on.workflow_dispatch.inputs['allow-stateful-changes'].default).toBe(false);
  });
});
