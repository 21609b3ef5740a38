import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  DescribeScheduledActionsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
  Filter,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { GetBucketEncryptionCommand, GetBucketVersioningCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { App } from 'cdktf';
import { describeEmulatorStack } from '@phi-stack/emulator';
import { DEFAULT_SSL_POLICY } from '../src';
import { AlbAsgExample } from '../examples/web-tier';

const REGION = 'us-east-1';
const NAME = 'web-example';
const EXAMPLE_TAG: Filter = { Name: 'tag:Example', Values: ['alb-asg'] };

type Outputs = Record<string, unknown>;
const str = (outputs: Outputs, key: string): string => outputs[key] as string;

describeEmulatorStack(
  'alb-asg example',
  {
    region: REGION,
    build: (app: App) => {
      new AlbAsgExample(app, 'alb-asg-example', { region: REGION });
    },
    remaining: async (ctx) => {
      const ec2 = new EC2Client(ctx.clientConfig);
      const elb = new ElasticLoadBalancingV2Client(ctx.clientConfig);
      const asg = new AutoScalingClient(ctx.clientConfig);
      const s3 = new S3Client(ctx.clientConfig);
      const iam = new IAMClient(ctx.clientConfig);
      const left: string[] = [];
      const lbs = (await elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers ?? [];
      left.push(...lbs.filter((lb) => lb.LoadBalancerName?.startsWith(NAME)).map((lb) => lb.LoadBalancerArn!));
      const tgs = (await elb.send(new DescribeTargetGroupsCommand({}))).TargetGroups ?? [];
      left.push(...tgs.filter((tg) => tg.TargetGroupName?.startsWith(NAME)).map((tg) => tg.TargetGroupArn!));
      const groups = (await asg.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
      left.push(...groups.filter((g) => g.AutoScalingGroupName?.startsWith(NAME)).map((g) => g.AutoScalingGroupName!));
      const templates = (await ec2.send(new DescribeLaunchTemplatesCommand({}))).LaunchTemplates ?? [];
      left.push(...templates.filter((t) => t.LaunchTemplateName?.startsWith(NAME)).map((t) => t.LaunchTemplateId!));
      const sgs = (await ec2.send(new DescribeSecurityGroupsCommand({}))).SecurityGroups ?? [];
      left.push(...sgs.filter((g) => g.GroupName?.startsWith(NAME)).map((g) => g.GroupId!));
      const vpcs = (await ec2.send(new DescribeVpcsCommand({ Filters: [EXAMPLE_TAG] }))).Vpcs ?? [];
      left.push(...vpcs.map((v) => v.VpcId!));
      const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [EXAMPLE_TAG] }))).Subnets ?? [];
      left.push(...subnets.map((s) => s.SubnetId!));
      const igws = (await ec2.send(new DescribeInternetGatewaysCommand({ Filters: [EXAMPLE_TAG] }))).InternetGateways ?? [];
      left.push(...igws.map((g) => g.InternetGatewayId!));
      const nats = (await ec2.send(new DescribeNatGatewaysCommand({ Filter: [EXAMPLE_TAG] }))).NatGateways ?? [];
      left.push(...nats.filter((n) => n.State !== 'deleted').map((n) => n.NatGatewayId!));
      const buckets = (await s3.send(new ListBucketsCommand({}))).Buckets ?? [];
      left.push(...buckets.filter((b) => b.Name?.startsWith(`${NAME}-alb-logs-`)).map((b) => b.Name!));
      const role = await iam.send(new GetRoleCommand({ RoleName: `${NAME}-instance` })).catch(() => undefined);
      if (role?.Role) left.push(`iam role ${NAME}-instance`);
      return left;
    },
  },
  (ctx) => {
    let elb: ElasticLoadBalancingV2Client;
    let asg: AutoScalingClient;
    let ec2: EC2Client;
    beforeAll(() => {
      elb = new ElasticLoadBalancingV2Client(ctx.clientConfig);
      asg = new AutoScalingClient(ctx.clientConfig);
      ec2 = new EC2Client(ctx.clientConfig);
    });

    it('runs an internet-facing ALB that drops invalid headers and writes access logs', async () => {
      const { LoadBalancers = [] } = await elb.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [str(ctx.outputs, 'albArn')] }));
      expect(LoadBalancers).toHaveLength(1);
      expect(LoadBalancers[0]).toEqual(expect.objectContaining({ Scheme: 'internet-facing', Type: 'application', DNSName: str(ctx.outputs, 'albDnsName') }));
      expect(LoadBalancers[0].SecurityGroups).toEqual([str(ctx.outputs, 'albSecurityGroupId')]);
      expect(LoadBalancers[0].AvailabilityZones).toHaveLength(2);
      const { Attributes = [] } = await elb.send(new DescribeLoadBalancerAttributesCommand({ LoadBalancerArn: str(ctx.outputs, 'albArn') }));
      const attr = Object.fromEntries(Attributes.map((a) => [a.Key, a.Value]));
      expect(attr['routing.http.drop_invalid_header_fields.enabled']).toBe('true');
      expect(attr['access_logs.s3.enabled']).toBe('true');
      expect(attr['access_logs.s3.bucket']).toBe(str(ctx.outputs, 'accessLogsBucketName'));
    });

    it('listens on 443 with the TLS 1.3 policy and redirects 80 to HTTPS', async () => {
      const { Listeners = [] } = await elb.send(new DescribeListenersCommand({ LoadBalancerArn: str(ctx.outputs, 'albArn') }));
      const https = Listeners.find((l) => l.ListenerArn === str(ctx.outputs, 'httpsListenerArn'));
      expect(https).toEqual(expect.objectContaining({ Port: 443, Protocol: 'HTTPS', SslPolicy: DEFAULT_SSL_POLICY }));
      expect(https?.Certificates?.[0]?.CertificateArn).toBe(str(ctx.outputs, 'certificateArn'));
      expect(https?.DefaultActions?.[0]).toEqual(expect.objectContaining({ Type: 'forward', TargetGroupArn: str(ctx.outputs, 'targetGroupArn') }));
      const http = Listeners.find((l) => l.ListenerArn === str(ctx.outputs, 'httpListenerArn'));
      expect(http).toEqual(expect.objectContaining({ Port: 80, Protocol: 'HTTP' }));
      expect(http?.DefaultActions?.[0]?.Type).toBe('redirect');
      expect(http?.DefaultActions?.[0]?.RedirectConfig).toEqual(expect.objectContaining({ Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }));
    });

    it('forwards HTTPS to the instances with a health check on /health', async () => {
      const { TargetGroups = [] } = await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [str(ctx.outputs, 'targetGroupArn')] }));
      expect(TargetGroups[0]).toEqual(
        expect.objectContaining({ Protocol: 'HTTPS', Port: 443, HealthCheckProtocol: 'HTTPS', HealthCheckPath: '/health', HealthyThresholdCount: 3, UnhealthyThresholdCount: 3 }),
      );
    });

    it('admits only the ALB security group on the app port', async () => {
      const { SecurityGroupRules = [] } = await ec2.send(
        new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: [str(ctx.outputs, 'appSecurityGroupId')] }] }),
      );
      const ingress = SecurityGroupRules.filter((r) => !r.IsEgress);
      expect(ingress).toHaveLength(1);
      expect(ingress[0]).toEqual(expect.objectContaining({ IpProtocol: 'tcp', FromPort: 443, ToPort: 443 }));
      expect(ingress[0].ReferencedGroupInfo?.GroupId).toBe(str(ctx.outputs, 'albSecurityGroupId'));
    });

    it('keeps the ASG between 2 and 6 instances over the private subnets with ELB health checks', async () => {
      const { AutoScalingGroups = [] } = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [str(ctx.outputs, 'autoscalingGroupName')] }));
      expect(AutoScalingGroups).toHaveLength(1);
      const group = AutoScalingGroups[0];
      expect(group).toEqual(expect.objectContaining({ MinSize: 2, MaxSize: 6, DesiredCapacity: 2, HealthCheckType: 'ELB', HealthCheckGracePeriod: 300 }));
      expect(group.TargetGroupARNs).toEqual([str(ctx.outputs, 'targetGroupArn')]);
      expect(group.VPCZoneIdentifier?.split(',')).toHaveLength(2);
      expect(group.LaunchTemplate?.LaunchTemplateId).toBe(str(ctx.outputs, 'launchTemplateId'));
    });

    it('tracks 65% average CPU and ALB requests per target', async () => {
      const { ScalingPolicies = [] } = await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: str(ctx.outputs, 'autoscalingGroupName') }));
      const cpu = ScalingPolicies.find((p) => p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ASGAverageCPUUtilization');
      expect(cpu?.PolicyType).toBe('TargetTrackingScaling');
      expect(cpu?.TargetTrackingConfiguration?.TargetValue).toBe(65);
      const requests = ScalingPolicies.find((p) => p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ALBRequestCountPerTarget');
      expect(requests?.TargetTrackingConfiguration?.TargetValue).toBe(500);
      expect(requests?.TargetTrackingConfiguration?.PredefinedMetricSpecification?.ResourceLabel).toMatch(/^app\/web-example-alb\/[^/]+\/targetgroup\/web-example-tg\/[^/]+$/);
    });

    it('schedules the seed peaks in the configured time zone', async () => {
      const { ScheduledUpdateGroupActions = [] } = await asg.send(
        new DescribeScheduledActionsCommand({ AutoScalingGroupName: str(ctx.outputs, 'autoscalingGroupName') }),
      );
      const byName = new Map(ScheduledUpdateGroupActions.map((a) => [a.ScheduledActionName, a]));
      expect([...byName.keys()].sort()).toEqual(
        ['christmas', 'new-year', 'thanksgiving', 'weekend'].flatMap((p) => [`${p}-peak-end`, `${p}-peak-start`]).sort(),
      );
      expect(byName.get('thanksgiving-peak-start')).toEqual(expect.objectContaining({ Recurrence: '0 6 22 11 *', MinSize: 4, TimeZone: 'America/New_York' }));
      expect(byName.get('new-year-peak-end')).toEqual(expect.objectContaining({ Recurrence: '0 6 2 1 *', MinSize: 2 }));
    });

    it('launches with IMDSv2 only, no public IP and a KMS-encrypted gp3 root volume', async () => {
      const { LaunchTemplateVersions = [] } = await ec2.send(
        new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: str(ctx.outputs, 'launchTemplateId'), Versions: ['$Latest'] }),
      );
      const data = LaunchTemplateVersions[0]?.LaunchTemplateData;
      expect(data?.MetadataOptions).toEqual(expect.objectContaining({ HttpTokens: 'required', HttpPutResponseHopLimit: 1, HttpEndpoint: 'enabled' }));
      expect(data?.NetworkInterfaces?.[0]?.AssociatePublicIpAddress).toBe(false);
      expect(data?.NetworkInterfaces?.[0]?.Groups).toEqual([str(ctx.outputs, 'appSecurityGroupId')]);
      expect(data?.BlockDeviceMappings?.[0]?.Ebs).toEqual(expect.objectContaining({ VolumeType: 'gp3', Encrypted: true, KmsKeyId: str(ctx.outputs, 'kmsKeyArn') }));
      expect(data?.Monitoring?.Enabled).toBe(true);
      expect(data?.ImageId).toMatch(/^ami-[0-9a-f]+$/);
    });

    it('keeps access logs in a versioned SSE-S3 bucket', async () => {
      const s3 = new S3Client(ctx.clientConfig);
      const bucket = str(ctx.outputs, 'accessLogsBucketName');
      const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket: bucket }));
      expect(enc.ServerSideEncryptionConfiguration?.Rules?.[0]?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm).toBe('AES256');
      expect((await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }))).Status).toBe('Enabled');
    });
  },
);
