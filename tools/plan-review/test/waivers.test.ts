import * as fs from 'node:fs';
import * as path from 'node:path';
import { main, parsePlan, renderMarkdown, reviewPlan, reviewPlans, TerraformPlan } from '../src';

/**
 * A real plan (mixed.plan.json) with opt-out tags written into its resource changes, as a module
 * writes them: a new one on the log group, a changed one on the key, one kept on the imported
 * bucket, and one removed with the deleted secret.
 */
function planWithWaivers(): TerraformPlan {
  const plan = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'mixed.plan.json'), 'utf8'));
  const rc = (address: string) => plan.resource_changes.find((r: { address: string }) => r.address === address).change;
  const tag = (change: { before?: Record<string, unknown>; after?: Record<string, unknown> }, side: 'before' | 'after', tags: Record<string, string>) => {
    change[side] = { ...(change[side] ?? {}), tags: { ...((change[side]?.tags as object) ?? {}), ...tags } };
  };
  tag(rc('aws_cloudwatch_log_group.app'), 'after', { 'phi-stack:opt-out:flow-log-retention': 'staging keeps 30 days of flow logs' });
  tag(rc('aws_kms_key.data'), 'before', { 'phi-stack:opt-out:kmsKey': 'old reason, long enough' });
  tag(rc('aws_kms_key.data'), 'after', { 'phi-stack:opt-out:kmsKey': 'new reason, longer than before' });
  tag(rc('aws_s3_bucket.imported'), 'before', { 'phi-stack:opt-out:encryption': 'ALB access-log delivery supports only SSE-S3' });
  tag(rc('aws_s3_bucket.imported'), 'after', { 'phi-stack:opt-out:encryption': 'ALB access-log delivery supports only SSE-S3' });
  tag(rc('aws_secretsmanager_secret.legacy'), 'before', { 'phi-stack:opt-out:rotation': 'legacy secret rotated by hand' });
  return parsePlan(JSON.stringify(plan), 'mixed-waivers');
}

/** The phi-guard report of the same stack: which rules the tags waive, and a suppression made in code. */
const GUARD_REPORT = {
  stack: 'mixed-waivers',
  waivers: [
    {
      mechanism: 'tag',
      key: 'phi-stack:opt-out:encryption',
      reason: 'ALB access-log delivery supports only SSE-S3',
      requestedBy: 'phi-us-east-1/web/access-logs',
      address: 'aws_s3_bucket.imported',
      waived: [{ ruleId: 'PHI-S3-1', address: 'aws_s3_bucket.imported', message: 'sse_algorithm is AES256' }],
      refused: [],
    },
    {
      mechanism: 'tag',
      key: 'phi-stack:opt-out:kmsKey',
      reason: 'new reason, longer than before',
      requestedBy: 'phi-us-east-1/data-key',
      address: 'aws_kms_key.data',
      waived: [],
      refused: [{ ruleId: 'PHI-RDS-1', address: 'aws_kms_key.data', message: 'x' }],
    },
    { mechanism: 'suppress', key: 'PHI-NET-1', reason: 'egress through a firewall appliance', requestedBy: 'phi-us-east-1/web', waived: [{ ruleId: 'PHI-NET-1', address: 'aws_autoscaling_group.web', message: 'x' }], refused: [] },
  ],
};

describe('waivers from the plan alone', () => {
  const stack = reviewPlan(planWithWaivers(), 'mixed-waivers');

  it('finds every opt-out tag with what the plan does to it', () => {
    expect(stack.waivers.map((w) => [w.change, w.address, w.key])).toEqual([
      ['new', 'aws_cloudwatch_log_group.app', 'phi-stack:opt-out:flow-log-retention'],
      ['changed', 'aws_kms_key.data', 'phi-stack:opt-out:kmsKey'],
      ['removed', 'aws_secretsmanager_secret.legacy', 'phi-stack:opt-out:rotation'],
      ['unchanged', 'aws_s3_bucket.imported', 'phi-stack:opt-out:encryption'],
    ]);
    expect(stack.waivers[1]).toMatchObject({ reason: 'new reason, longer than before', previousReason: 'old reason, long enough' });
  });

  it('shows the new and changed ones in a Waivers section under the summary', () => {
    const md = renderMarkdown(reviewPlans([stack]));
    const section = md.slice(md.indexOf('### Waivers'), md.indexOf('### `mixed-waivers`'));
    expect(section).toContain('> **2 waivers to review.**');
    expect(section).toContain('- `mixed-waivers`: **new** `phi-stack:opt-out:flow-log-retention` on `aws_cloudwatch_log_group.app`: “staging keeps 30 days of flow logs”');
    expect(section).toContain('**changed** `phi-stack:opt-out:kmsKey` on `aws_kms_key.data`: “new reason, longer than before” (was “old reason, long enough”)');
    expect(section).toContain('Also in place: 1 removed, 1 unchanged');
  });

  it('renders no Waivers section for a plan without opt-out tags', () => {
    const plain = parsePlan(fs.readFileSync(path.join(__dirname, 'fixtures', 'mixed.plan.json'), 'utf8'), 'mixed');
    expect(renderMarkdown(reviewPlans([reviewPlan(plain, 'mixed')]))).not.toContain('### Waivers');
  });
});

describe('waivers with the phi-guard report (--guard-report)', () => {
  const files: Record<string, string> = {
    '/plans/mixed-waivers.json': JSON.stringify(planWithWaivers()),
    '/cdktf.out/phi-guard.json': JSON.stringify(GUARD_REPORT),
  };
  const run = (args: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), readFile: (f) => files[f] ?? fs.readFileSync(f, 'utf8') });
    return { code, stdout, stderr };
  };

  it('adds the rules each tag waives, refused waivers, who asked, and the suppressions made in code', () => {
    const { code, stdout } = run(['/plans/mixed-waivers.json', '--guard-report', '/cdktf.out/phi-guard.json', '--format', 'json']);
    expect(code).toBe(0);
    const [stack] = JSON.parse(stdout).stacks;
    expect(stack.waivers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ change: 'changed', key: 'phi-stack:opt-out:kmsKey', refused: ['PHI-RDS-1'], requestedBy: 'phi-us-east-1/data-key' }),
        expect.objectContaining({ change: 'unchanged', key: 'phi-stack:opt-out:encryption', rules: ['PHI-S3-1'], requestedBy: 'phi-us-east-1/web/access-logs' }),
        expect.objectContaining({ change: 'in-code', mechanism: 'suppress', key: 'PHI-NET-1', rules: ['PHI-NET-1'], requestedBy: 'phi-us-east-1/web' }),
      ]),
    );
  });

  it('lists them in the comment', () => {
    const { stdout } = run(['/plans/mixed-waivers.json', '--guard-report', '/cdktf.out/phi-guard.json']);
    expect(stdout).toContain('**changed** `phi-stack:opt-out:kmsKey` on `aws_kms_key.data` (waives no finding today; **refused** for PHI-RDS-1 (not waivable in a PHI stack); asked by `phi-us-east-1/data-key`)');
    expect(stdout).toContain('1 suppression in code');
  });

  it('rejects a file that is not a guard report', () => {
    files['/bad.json'] = '{"stack":"x"}';
    const { code, stderr } = run(['/plans/mixed-waivers.json', '--guard-report', '/bad.json']);
    expect(code).toBe(2);
    expect(stderr).toContain('/bad.json: not a phi-guard report with waivers');
  });
});
