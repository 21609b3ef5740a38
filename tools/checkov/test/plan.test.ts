import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

// The plan mode of cli.ts, run as the integration tier runs it, with the pinned checkov
// ($PHI_STACK_CHECKOV from the toolchain, else installed by tools/checkov/install.sh).
const ROOT = path.resolve(__dirname, '../../..');
const fixture = (name: string) => path.join(__dirname, 'fixtures', name);
const run = (...args: string[]) => spawnSync('npx', ['tsx', 'tools/checkov/src/cli.ts', ...args], { cwd: ROOT, encoding: 'utf8', env: process.env });

describe('checkov on a terraform show -json plan', () => {
  it('fails on every failed check of a resource that skips.yaml does not name', () => {
    const r = run('apps/us-east-1', '--plan', fixture('bare-bucket.plan.json'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^checkov 3\.3\.30 plan of us-east-1: \d+ passed, [1-9]\d* failed \(0 skipped in tools\/checkov\/skips\.yaml, [1-9]\d* not\)$/m);
    expect(r.stderr).toContain('CKV_AWS_145 failed on aws_s3_bucket.images in the plan: Ensure that S3 buckets are encrypted with KMS by default');
  }, 120_000);

  it('accepts the failed checks that skips.yaml names for that resource of the app, and only those', () => {
    const r = run('apps/us-east-1', '--plan', fixture('access-log-bucket.plan.json'));
    // The audit access-log bucket's reviewed skips include CKV_AWS_145; the bare fixture lacks its
    // other settings, so other checks still fail, and the KMS one is not among them.
    expect(r.stdout).toMatch(/plan of us-east-1: \d+ passed, \d+ failed \([1-9]\d* skipped in tools\/checkov\/skips\.yaml/);
    expect(r.stderr).not.toContain('CKV_AWS_145');
    expect(r.stderr).toContain('failed on aws_s3_bucket.audit_access-log-bucket_5427CE19 in the plan');
  }, 120_000);

  it('refuses a file that is not a plan, and a missing one', () => {
    const notPlan = run('apps/us-east-1', '--plan', path.join(ROOT, 'apps/us-east-1/region.json'));
    expect(notPlan.status).toBe(1);
    expect(notPlan.stderr).toContain('is not a terraform show -json plan (no planned_values)');
    const missing = run('apps/us-east-1', '--plan', fixture('nothing.plan.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no plan at');
  }, 120_000);
});
