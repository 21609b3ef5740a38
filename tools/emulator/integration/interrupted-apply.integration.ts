/**
 * Fault: terraform is killed in the middle of an apply (a cancelled CI job sends SIGTERM).
 * The next apply must converge: no error, a clean re-plan, and a destroy that leaves nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { AwsTarget } from '@phi-stack/aws-target';
import { TerraformStack } from 'cdktf';
import { Emulator, emulatorClientConfig, startEmulator, synthLocal, TerraformWorkdir } from '../src';

const REGION = 'eu-west-1';
const SUBNETS = 24;

describe('an apply interrupted by SIGTERM', () => {
  let emulator: Emulator;
  let tf: TerraformWorkdir;

  beforeAll(async () => {
    emulator = await startEmulator();
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'phi-stack-interrupt-'));
    const cdkTfJson = synthLocal((app) => {
      const stack = new TerraformStack(app, 'interrupted');
      new AwsTarget(stack, 'target', { region: REGION });
      const vpc = new Vpc(stack, 'vpc', { cidrBlock: '10.99.0.0/16', tags: { Name: 'interrupted' } });
      for (let i = 0; i < SUBNETS; i++) {
        new Subnet(stack, `subnet-${i}`, { vpcId: vpc.id, cidrBlock: `10.99.${i}.0/24`, availabilityZone: `${REGION}${'abc'[i % 3]}` });
      }
      new SecurityGroup(stack, 'sg', { vpcId: vpc.id, name: 'interrupted', description: 'interrupted apply fixture' });
      new CloudwatchLogGroup(stack, 'logs', { name: '/phi-stack/interrupted', retentionInDays: 365 });
    }, path.join(scratch, 'cdktf.out'));
    tf = TerraformWorkdir.fromSynthesized(cdkTfJson, path.join(scratch, 'work'), { TF_VAR_emulator_endpoint: emulator.endpoint });
    await tf.init();
  }, 10 * 60 * 1000);

  afterAll(async () => {
    try {
      await tf?.run(['destroy', '-auto-approve', '-input=false']);
    } finally {
      await emulator?.stop();
    }
  }, 10 * 60 * 1000);

  it('stops part-way, then the next apply converges with a clean re-plan', async () => {
    // SIGTERM on the first completed resource: with one operation at a time, most of the stack is
    // still to come when terraform stops.
    const interrupt = new AbortController();
    const child = tf.run(['apply', '-auto-approve', '-input=false', '-parallelism=1'], {
      signal: interrupt.signal,
      onStdout: (chunk) => {
        if (/Creation complete after/.test(chunk)) interrupt.abort();
      },
    });
    const first = await child;
    expect(interrupt.signal.aborted).toBe(true);
    expect(first.code).not.toBe(0);
    expect(first.stderr + first.stdout).toMatch(/Interrupt received|interrupted|Stopping operation/i);

    const state = JSON.parse(fs.readFileSync(path.join(tf.dir, 'terraform.tfstate'), 'utf8')) as { resources: unknown[] };
    const total = SUBNETS + 3;
    expect(state.resources.length).toBeGreaterThan(0);
    expect(state.resources.length).toBeLessThan(total);

    const second = await tf.run(['apply', '-auto-approve', '-input=false']);
    expect(second.code).toBe(0);
    expect(await tf.replan()).toEqual([]);

    const ec2 = new EC2Client(emulatorClientConfig(emulator.endpoint, REGION));
    const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.99.0.0/16'] }] }));
    expect(vpcs.Vpcs).toHaveLength(1); // no orphan from the interrupted run
    const subnets = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcs.Vpcs![0].VpcId!] }] }));
    expect(subnets.Subnets).toHaveLength(SUBNETS);

    await tf.destroy();
    const after = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: ['10.99.0.0/16'] }] }));
    expect(after.Vpcs).toEqual([]);
    const logs = new CloudWatchLogsClient(emulatorClientConfig(emulator.endpoint, REGION));
    const groups = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: '/phi-stack/interrupted' }));
    expect(groups.logGroups).toEqual([]);
  }, 10 * 60 * 1000);
});

