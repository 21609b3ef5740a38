/**
 * The per-app `plan`, `deploy` and `destroy` targets run tools/terraform/{plan,deploy,destroy}.sh.
 * Here the real scripts drive a small stack on the emulator: plan → encrypted artifact (the
 * emulator's KMS) → verified and decrypted in a clean working directory → deploy, as the workflows
 * carry a plan from the reviewed job to the approved one; a stale plan refused; re-plan → deploy of
 * the change; a failed plan that still writes its review; a destroy plan reviewed, refused without
 * confirmation, then applied.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CreateKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamRole } from '@cdktf/provider-aws/lib/data-aws-iam-role';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsTarget } from '@phi-stack/aws-target';
import { Emulator, emulatorClientConfig, REPO_ROOT, startEmulator, synthLocal } from '@phi-stack/emulator';
import { TerraformStack } from 'cdktf';

const REGION = 'eu-west-1';
const STACK = `phi-scripts-it-${process.pid}`;
const CIDR = '10.98.0.0/16';

const WORK_ROOT = process.env.PHI_STACK_WORK_ROOT ?? path.join(REPO_ROOT, '.terraform-work');

function synthBroken(outdir: string): string {
  const file = synthLocal((app) => {
    const stack = new TerraformStack(app, `${STACK}-broken`);
    new AwsTarget(stack, 'target', { region: REGION });
    new DataAwsIamRole(stack, 'missing', { name: 'phi-scripts-it-no-such-role' });
  }, outdir);
  return path.dirname(file);
}

function synth(outdir: string, retentionInDays: number): string {
  const file = synthLocal((app) => {
    const stack = new TerraformStack(app, STACK);
    new AwsTarget(stack, 'target', { region: REGION });
    new Vpc(stack, 'vpc', { cidrBlock: CIDR, tags: { Name: STACK } });
    new CloudwatchLogGroup(stack, 'logs', { name: `/phi-stack/${STACK}`, retentionInDays });
  }, outdir);
  return path.dirname(file);
}

describe('plan, deploy and destroy scripts on the emulator', () => {
  let emulator: Emulator;
  let outdir: string;
  let stackDir: string;
  const env = (extra: Record<string, string> = {}) => ({
    ...process.env,
    PHI_STACK_TARGET: 'local',
    EMULATOR_ENDPOINT: emulator.endpoint,
    TF_VAR_emulator_endpoint: emulator.endpoint,
    ...extra,
  });
  const runIn = (dir: string, script: string, args: string[], extra: Record<string, string> = {}) => {
    const r = spawnSync('bash', [path.join(REPO_ROOT, 'tools/terraform', script), dir, ...args], { cwd: REPO_ROOT, encoding: 'utf8', env: env(extra) });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const run = (script: string, ...args: string[]) => runIn(stackDir, script, args);
  const artifact = (...args: string[]) => {
    const r = spawnSync('node', [path.join(REPO_ROOT, 'tools/plan-review/bin/plan-artifact.js'), ...args, '--endpoint', emulator.endpoint], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: env({ AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test', AWS_REGION: REGION, NODE_NO_WARNINGS: '1' }),
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const work = () => path.join(WORK_ROOT, 'local', STACK);
  const logGroups = async () =>
    (await new CloudWatchLogsClient(emulatorClientConfig(emulator.endpoint, REGION)).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `/phi-stack/${STACK}` }))).logGroups ?? [];
  const vpcs = async () => (await new EC2Client(emulatorClientConfig(emulator.endpoint, REGION)).send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: [CIDR] }] }))).Vpcs ?? [];

  beforeAll(async () => {
    emulator = await startEmulator();
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-scripts-'));
    stackDir = synth(path.join(outdir, 'v1'), 365);
  }, 5 * 60 * 1000);

  afterAll(async () => {
    try {
      if (stackDir) run('destroy.sh', `--confirm=${STACK}`);
    } finally {
      fs.rmSync(path.join(REPO_ROOT, '.terraform-work', 'local', STACK), { recursive: true, force: true });
      await emulator?.stop();
    }
  }, 5 * 60 * 1000);

  it('plans with a review, carries the plan encrypted to a clean directory, then deploys exactly that plan', async () => {
    const plan = run('plan.sh');
    expect(plan.err).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/^Plan: 2 to add, 0 to change, 0 to destroy\.$/m);
    expect(plan.out).toMatch(/<b>create<\/b> <code>aws_vpc\.vpc/);
    expect(plan.out).toContain('aws_cloudwatch_log_group');

    // The plan job: encrypt under a KMS key of the emulator; only the digest goes into the review.
    const key = await new KMSClient(emulatorClientConfig(emulator.endpoint, REGION)).send(new CreateKeyCommand({ Description: 'plan artifacts' }));
    const upload = path.join(outdir, 'upload');
    const packed = artifact('pack', '--work', work(), '--out', upload, '--stack', STACK, '--kms-key-id', key.KeyMetadata!.Arn!, '--commit', 'a55a0d5');
    expect(packed.err).toBe('');
    expect(packed.code).toBe(0);
    const digest = /^plan artifact sha256: ([0-9a-f]{64})$/m.exec(packed.out)?.[1];
    expect(digest).toBeDefined();
    expect(fs.readFileSync(path.join(upload, 'plan.bin.enc')).equals(fs.readFileSync(path.join(work(), 'plan.bin')))).toBe(false);

    // The apply job starts on a clean runner: no working directory, nothing to deploy until the
    // artifact is verified; deploy.sh then copies the synth output and initializes the directory.
    fs.rmSync(work(), { recursive: true, force: true });
    expect(run('deploy.sh').code).toBe(2);
    const wrong = artifact('unpack', '--artifact', upload, '--work', work(), '--stack', STACK, '--expect-sha256', '0'.repeat(64));
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('this is not the plan that was approved');
    expect(fs.existsSync(path.join(work(), 'plan.bin'))).toBe(false);
    const unpacked = artifact('unpack', '--artifact', upload, '--work', work(), '--stack', STACK, '--expect-sha256', digest!);
    expect(unpacked.err).toBe('');
    expect(unpacked.out).toContain(`plan artifact verified: apply plan of ${STACK} at a55a0d5`);

    const deploy = run('deploy.sh');
    expect(deploy.code).toBe(0);
    expect(await vpcs()).toHaveLength(1);
    expect((await logGroups()).map((g) => g.retentionInDays)).toEqual([365]);
  });

  it('refuses to deploy when there is no saved plan', () => {
    const deploy = run('deploy.sh');
    expect(deploy.code).toBe(2);
    expect(deploy.err).toMatch(/^deploy: no saved plan for phi-scripts-it-\d+ \(local\)/);
  });

  it('refuses a plan older than the synth, then deploys the re-planned change', async () => {
    expect(run('plan.sh').code).toBe(0);
    const v2 = synth(path.join(outdir, 'v2'), 731);
    fs.copyFileSync(path.join(v2, 'cdk.tf.json'), path.join(stackDir, 'cdk.tf.json'));
    const stale = run('deploy.sh');
    expect(stale.code).toBe(2);
    expect(stale.err).toContain('changed since it was planned');
    expect((await logGroups()).map((g) => g.retentionInDays)).toEqual([365]);

    const replan = run('plan.sh');
    expect(replan.code).toBe(0);
    expect(replan.out).toMatch(/^Plan: 0 to add, 1 to change, 0 to destroy\.$/m);
    expect(replan.out).toMatch(/<b>update<\/b> <code>aws_cloudwatch_log_group\.logs/);
    expect(run('deploy.sh').code).toBe(0);
    expect((await logGroups()).map((g) => g.retentionInDays)).toEqual([731]);
  });

  it("writes the review of a failed plan with Terraform's error, and saves nothing to deploy", () => {
    const broken = synthBroken(path.join(outdir, 'broken'));
    try {
      const plan = runIn(broken, 'plan.sh', []);
      expect(plan.code).toBe(1);
      expect(plan.out).toContain(`**Planning failed for \`${STACK}-broken\`: the plan is incomplete and cannot be applied.**`);
      expect(plan.out).toContain('reading IAM Role (phi-scripts-it-no-such-role)');
      expect(plan.out).toContain('data.aws_iam_role.missing');
      expect(plan.err).toContain(`plan: terraform plan failed for ${STACK}-broken (local)`);
      const dir = path.join(WORK_ROOT, 'local', `${STACK}-broken`);
      expect(fs.readFileSync(path.join(dir, 'plan.md'), 'utf8')).toBe(plan.out);
      expect(fs.existsSync(path.join(dir, 'plan.bin'))).toBe(false);
      expect(fs.existsSync(path.join(dir, 'plan.sha256'))).toBe(false);
      const deploy = runIn(broken, 'deploy.sh', []);
      expect(deploy.code).toBe(2);
      expect(deploy.err).toMatch(/^deploy: no saved plan for phi-scripts-it-\d+-broken/);
    } finally {
      fs.rmSync(path.join(WORK_ROOT, 'local', `${STACK}-broken`), { recursive: true, force: true });
    }
  });

  it('destroys only with the stack named in --confirm, through a reviewed destroy plan', async () => {
    const refused = run('destroy.sh', '--confirm=phi-us-east-1');
    expect(refused.code).toBe(2);
    expect(await vpcs()).toHaveLength(1);

    const plan = runIn(stackDir, 'plan.sh', [], { PHI_PLAN_DESTROY: 'true' });
    expect(plan.code).toBe(0);
    expect(plan.out).toContain(`Terraform destroy plan review: ${STACK} (local)`);
    expect(plan.out).toMatch(/^Plan: 0 to add, 0 to change, 2 to destroy\.$/m);
    const unconfirmed = run('deploy.sh');
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain(`is a destroy plan: refusing to apply it without --confirm=${STACK} (got 'nothing')`);
    expect(run('deploy.sh', '--confirm=phi-us-east-1').code).toBe(2);
    expect(await vpcs()).toHaveLength(1);

    const destroyed = run('deploy.sh', `--confirm=${STACK}`);
    expect(destroyed.code).toBe(0);
    expect(await vpcs()).toEqual([]);
    expect(await logGroups()).toEqual([]);
  });
});
