// The checks of the vpc-azs example, shared by its suite on moto (vpc-azs.integration.ts) and on
// LocalStack (vpc-azs.localstack.integration.ts): one list, so that both emulators answer the same
// questions.
import {
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { EmulatorStackContext } from '@phi-stack/emulator';

export const REGION = 'us-east-1';
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
/** Every taggable resource of the example carries this tag (see the example's `tags`). */
const LOG_GROUP = '/phi-stack/phi-example/vpc-flow-logs';
const FLOW_LOG_ROLE = 'phi-example-vpc-flow-logs';

type Outputs = Record<string, unknown>;
const str = (outputs: Outputs, key: string): string => outputs[key] as string;
const list = (outputs: Outputs, key: string): string[] => outputs[key] as string[];

export interface VpcAzsCheckOptions {
  /** Whether the emulator returns the S3 endpoint policy with its top-level `Version` (moto does, LocalStack 4.14.0 drops it). */
  readonly endpointPolicyKeepsVersion: boolean;
}

/** Registers the example's checks in the current `describeEmulatorStack` body. */
export function vpcAzsChecks(ctx: EmulatorStackContext, options: VpcAzsCheckOptions): void {
  let ec2: EC2Client;
  beforeAll(() => {
    ec2 = new EC2Client(ctx.clientConfig);
  });

  it('creates a DNS-enabled VPC with one subnet per AZ in each tier, none mapping public IPs', async () => {
    const vpcId = str(ctx.outputs, 'vpcId');
    const support = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsSupport' }));
    expect(support.EnableDnsSupport?.Value).toBe(true);
    const hostnames = await ec2.send(new DescribeVpcAttributeCommand({ VpcId: vpcId, Attribute: 'enableDnsHostnames' }));
    expect(hostnames.EnableDnsHostnames?.Value).toBe(true);
    for (const tier of ['public', 'private', 'data']) {
      const ids = list(ctx.outputs, `${tier}SubnetIds`);
      const { Subnets = [] } = await ec2.send(new DescribeSubnetsCommand({ SubnetIds: ids }));
      const byId = new Map(Subnets.map((s) => [s.SubnetId, s]));
      expect(ids.map((id) => byId.get(id)?.AvailabilityZone)).toEqual(AZS);
      for (const s of Subnets) {
        expect(s.VpcId).toBe(vpcId);
        expect(s.MapPublicIpOnLaunch).toBe(false);
        expect(s.Tags).toContainEqual({ Key: 'phi-stack:tier', Value: tier });
      }
    }
  });

  it('attaches an internet gateway and runs one available NAT gateway per AZ in the public subnets', async () => {
    const vpcId = str(ctx.outputs, 'vpcId');
    const { InternetGateways = [] } = await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [str(ctx.outputs, 'internetGatewayId')] }));
    expect(InternetGateways[0].Attachments).toContainEqual(expect.objectContaining({ VpcId: vpcId }));
    const { NatGateways = [] } = await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: list(ctx.outputs, 'natGatewayIds') }));
    expect(NatGateways).toHaveLength(3);
    const publicIds = list(ctx.outputs, 'publicSubnetIds');
    const byId = new Map(NatGateways.map((n) => [n.NatGatewayId, n]));
    list(ctx.outputs, 'natGatewayIds').forEach((id, i) => {
      expect(byId.get(id)?.State).toBe('available');
      expect(byId.get(id)?.SubnetId).toBe(publicIds[i]);
    });
  });

  it('routes public to the IGW, private to the NAT of its AZ, and gives data no default route', async () => {
    const tables = async (key: string) => {
      const ids = list(ctx.outputs, key);
      const { RouteTables = [] } = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ids }));
      const byId = new Map(RouteTables.map((t) => [t.RouteTableId, t]));
      return ids.map((id) => byId.get(id)!);
    };
    const defaultRoute = (t: { Routes?: { DestinationCidrBlock?: string; GatewayId?: string; NatGatewayId?: string }[] }) =>
      t.Routes?.find((r) => r.DestinationCidrBlock === '0.0.0.0/0');
    const subnetsOf = (t: { Associations?: { SubnetId?: string }[] }) => (t.Associations ?? []).map((a) => a.SubnetId).filter(Boolean);
    const pub = await tables('publicRouteTableIds');
    const priv = await tables('privateRouteTableIds');
    const data = await tables('dataRouteTableIds');
    const nats = list(ctx.outputs, 'natGatewayIds');
    for (let i = 0; i < 3; i++) {
      expect(defaultRoute(pub[i])?.GatewayId).toBe(str(ctx.outputs, 'internetGatewayId'));
      expect(defaultRoute(priv[i])?.NatGatewayId).toBe(nats[i]);
      expect(defaultRoute(data[i])).toBeUndefined();
      expect(subnetsOf(pub[i])).toEqual([list(ctx.outputs, 'publicSubnetIds')[i]]);
      expect(subnetsOf(priv[i])).toEqual([list(ctx.outputs, 'privateSubnetIds')[i]]);
      expect(subnetsOf(data[i])).toEqual([list(ctx.outputs, 'dataSubnetIds')[i]]);
    }
  });

  it('logs ALL traffic of the VPC to a KMS-encrypted log group kept 365 days', async () => {
    const { FlowLogs = [] } = await ec2.send(new DescribeFlowLogsCommand({ FlowLogIds: [str(ctx.outputs, 'flowLogId')] }));
    expect(FlowLogs).toHaveLength(1);
    expect(FlowLogs[0]).toEqual(
      expect.objectContaining({ ResourceId: str(ctx.outputs, 'vpcId'), TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' }),
    );
    expect(FlowLogs[0].LogDestination).toMatch(new RegExp(`:log-group:${LOG_GROUP}$`));
    expect(FlowLogs[0].DeliverLogsPermissionArn).toMatch(new RegExp(`:role/${FLOW_LOG_ROLE}$`));
    const logs = new CloudWatchLogsClient(ctx.clientConfig);
    const { logGroups = [] } = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: LOG_GROUP }));
    expect(logGroups).toHaveLength(1);
    expect(logGroups[0].retentionInDays).toBe(365);
    expect(logGroups[0].kmsKeyId).toBe(str(ctx.outputs, 'kmsKeyArn'));
  });

  it('creates the S3 gateway endpoint on private and data route tables and six interface endpoints', async () => {
    const { VpcEndpoints = [] } = await ec2.send(
      new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: [str(ctx.outputs, 'vpcId')] }] }),
    );
    const s3 = VpcEndpoints.find((e) => e.VpcEndpointId === str(ctx.outputs, 's3GatewayEndpointId'));
    expect(s3?.ServiceName).toBe(`com.amazonaws.${REGION}.s3`);
    expect(s3?.VpcEndpointType).toBe('Gateway');
    expect([...(s3?.RouteTableIds ?? [])].sort()).toEqual([...list(ctx.outputs, 'privateRouteTableIds'), ...list(ctx.outputs, 'dataRouteTableIds')].sort());
    // The endpoint reaches this account's buckets and, read-only, the AL2023 repositories and SSM buckets.
    const policy = JSON.parse(s3?.PolicyDocument ?? '{}') as { Statement?: { Sid?: string; Condition?: Record<string, Record<string, unknown>>; Resource?: string | string[] }[] };
    // moto returns the policy as applied; LocalStack 4.14.0 drops its "Version", the drift its suite's
    // knownDrift tolerates, and only that: every statement is there.
    expect(Object.keys(policy).sort()).toEqual(options.endpointPolicyKeepsVersion ? ['Statement', 'Version'] : ['Statement']);
    const own = policy.Statement?.find((st) => st.Sid === 'BucketsOfThisAccount');
    expect(own?.Condition?.StringEquals?.['aws:ResourceAccount']).toBeTruthy();
    const awsOwned = [policy.Statement?.find((st) => st.Sid === 'AwsOwnedBucketsReadOnly')?.Resource ?? []].flat();
    expect(awsOwned).toContain(`arn:aws:s3:::al2023-repos-${REGION}-de612dc2/*`);
    const iface = VpcEndpoints.filter((e) => e.VpcEndpointType === 'Interface');
    expect(iface.map((e) => e.ServiceName!.split('.').pop()).sort()).toEqual(['ec2messages', 'kms', 'logs', 'secretsmanager', 'ssm', 'ssmmessages']);
    for (const e of iface) {
      expect(e.PrivateDnsEnabled).toBe(true);
      expect([...(e.SubnetIds ?? [])].sort()).toEqual([...list(ctx.outputs, 'privateSubnetIds')].sort());
    }
  });

  it('leaves the default security group with no rules', async () => {
    const { SecurityGroups = [] } = await ec2.send(
      new DescribeSecurityGroupsCommand({
        Filters: [
          { Name: 'vpc-id', Values: [str(ctx.outputs, 'vpcId')] },
          { Name: 'group-name', Values: ['default'] },
        ],
      }),
    );
    expect(SecurityGroups).toHaveLength(1);
    expect(SecurityGroups[0].IpPermissions ?? []).toEqual([]);
    expect(SecurityGroups[0].IpPermissionsEgress ?? []).toEqual([]);
  });
}
