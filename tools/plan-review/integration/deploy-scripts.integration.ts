/**
 * The per-app `plan`, `deploy` and `destroy` targets run tools/terraform/{plan,deploy,destroy}.sh.
 * Here the real scripts drive a small stack on the emulator: plan → deploy, a stale plan refused,
 * re-plan → deploy of the change, destroy refused without confirmation, then destroyed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsTarget } from '@phi-stack/aws-target';
import { Emulator, emulatorClientConfig, REPO_ROOT, startEmulator, synthLocal } from '@phi-stack/emulator';
import { TerraformStack } from 'cdktf';

const REGION = 'eu-west-1';
const STACK = `phi-scripts-it-${process.pid}`;
const CIDR = '10.98.0.0/16';

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
  const run = (script: string, ...args: string[]) => {
    const r = spawnSync('bash', [path.join(REPO_ROOT, 'tools/terraform', script), stackDir, ...args], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, PHI_STACK_TARGET: 'local', EMULATOR_ENDPOINT: emulator.endpoint, TF_VAR_emulator_endpoint: emulator.endpoint },
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
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

  it('plans with a review, then deploys exactly that plan', async () => {
    const plan = run('plan.sh');
    expect(plan.err).toBe('');
    expect(plan.code).toBe(0);
    expect(plan.out).toMatch(/^Plan: 2 to add, 0 to change, 0 to destroy\.$/m);
    expect(plan.out).toMatch(/<b>create<\/b> <code>aws_vpc\.vpc/);
    expect(plan.out).toContain('aws_cloudwatch_log_group');
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

  it('destroys only with the stack named in --confirm', async () => {
    const refused = run('destroy.sh', '--confirm=phi-us-east-1');
    expect(refused.code).toBe(2);
    expect(await vpcs()).toHaveLength(1);
    const destroyed = run('destroy.sh', `--confirm=${STACK}`);
    expect(destroyed.code).toBe(0);
    expect(await vpcs()).toEqual([]);
    expect(await logGroups()).toEqual([]);
  });
});
