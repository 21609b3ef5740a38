import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribePoliciesCommand,
  DescribeScheduledActionsCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  DescribeLaunchTemplateVersionsCommand,
  DescribeSecurityGroupRulesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetBucketEncryptionCommand, GetBucketVersioningCommand, S3Client } from '@aws-sdk/client-s3';
import { App } from 'cdktf';
import { describeEmulatorStack } from '@phi-stack/emulator';
import { activeWindowsAt, HOUR_MS, isoUtc, replaySchedule, ScheduledAction } from '../src';
import { DEFAULT_SSL_POLICY } from '../src';
import { AlbAsgExample } from '../examples/web-tier';

const REGION = 'us-east-1';

type Outputs = Record<string, unknown>;
const str = (outputs: Outputs, key: string): string => outputs[key] as string;

let example: AlbAsgExample | undefined;

describeEmulatorStack(
  'alb-asg example',
  {
    region: REGION,
    build: (app: App) => {
      example = new AlbAsgExample(app, 'alb-asg-example', { region: REGION });
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

    it('keeps the ASG between its minimum in force (2, or a peak window\'s) and 6 instances over the private subnets with ELB health checks', async () => {
      const { AutoScalingGroups = [] } = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [str(ctx.outputs, 'autoscalingGroupName')] }));
      expect(AutoScalingGroups).toHaveLength(1);
      const group = AutoScalingGroups[0];
      // Created with the minimum the schedule holds at plan time: a group created during a peak starts at it.
      const inForce = activeWindowsAt(example!.web.peakCalendar!, Date.now()).minSize;
      expect(group).toEqual(expect.objectContaining({ MinSize: inForce, MaxSize: 6, DesiredCapacity: Math.max(2, inForce), HealthCheckType: 'ELB', HealthCheckGracePeriod: 300 }));
      expect(group.TargetGroupARNs).toEqual([str(ctx.outputs, 'targetGroupArn')]);
      expect(group.VPCZoneIdentifier?.split(',')).toHaveLength(2);
      expect(group.LaunchTemplate?.LaunchTemplateId).toBe(str(ctx.outputs, 'launchTemplateId'));
    });

    it('tracks 65% average CPU and ALB requests per target, and forecasts CPU without acting on it', async () => {
      const { ScalingPolicies = [] } = await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName: str(ctx.outputs, 'autoscalingGroupName') }));
      const cpu = ScalingPolicies.find((p) => p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ASGAverageCPUUtilization');
      expect(cpu?.PolicyType).toBe('TargetTrackingScaling');
      expect(cpu?.TargetTrackingConfiguration?.TargetValue).toBe(65);
      const requests = ScalingPolicies.find((p) => p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ALBRequestCountPerTarget');
      expect(requests?.TargetTrackingConfiguration?.TargetValue).toBe(500);
      expect(requests?.TargetTrackingConfiguration?.PredefinedMetricSpecification?.ResourceLabel).toMatch(/^app\/web-example-alb\/[^/]+\/targetgroup\/web-example-tg\/[^/]+$/);
      const predictive = ScalingPolicies.find((p) => p.PolicyType === 'PredictiveScaling');
      expect(predictive?.PredictiveScalingConfiguration).toEqual(
        expect.objectContaining({
          Mode: 'ForecastOnly',
          SchedulingBufferTime: 300,
          MaxCapacityBreachBehavior: 'HonorMaxCapacity',
          MetricSpecifications: [expect.objectContaining({ TargetValue: 65, PredefinedMetricPairSpecification: expect.objectContaining({ PredefinedMetricType: 'ASGCPUUtilization' }) })],
        }),
      );
    });

    it('stores a schedule that, replayed as EC2 Auto Scaling runs it, holds every peak window to 2030', async () => {
      const stored: ScheduledAction[] = [];
      let NextToken: string | undefined;
      do {
        const page = await asg.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName: str(ctx.outputs, 'autoscalingGroupName'), NextToken }));
        for (const a of page.ScheduledUpdateGroupActions ?? []) {
          stored.push({
            name: a.ScheduledActionName!,
            ...(a.Recurrence ? { recurrence: a.Recurrence, timeZone: a.TimeZone ?? 'UTC' } : {}),
            ...(a.StartTime ? { startTime: isoUtc(a.StartTime.getTime()) } : {}),
            ...(a.EndTime ? { endTime: isoUtc(a.EndTime.getTime()) } : {}),
            ...(a.MinSize !== undefined ? { minSize: a.MinSize } : {}),
          });
        }
        NextToken = page.NextToken;
      } while (NextToken);
      // Only what has not run yet was created (plan-time guards), in the example's zone.
      const now = Date.now();
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.length).toBeLessThanOrEqual(125);
      for (const a of stored) {
        if (a.recurrence) expect(a.timeZone).toBe('America/New_York');
        else expect(Date.parse(a.startTime!)).toBeGreaterThan(now - 15 * 60_000);
      }
      const calendar = example!.web.peakCalendar!;
      const { AutoScalingGroups = [] } = await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [str(ctx.outputs, 'autoscalingGroupName')] }));
      const end = Date.parse('2030-01-01T05:00:00Z');
      const replay = replaySchedule(stored, { from: now, to: end, initialMinSize: AutoScalingGroups[0].MinSize! });
      expect(replay.collisions).toEqual([]);
      const wrong: string[] = [];
      for (let t = now; t < end; t += HOUR_MS) {
        const expected = activeWindowsAt(calendar, t);
        if (replay.minSizeAt(t) !== expected.minSize) wrong.push(`${isoUtc(t)}: ${expected.windows.join('+') || 'baseline'} expects ${expected.minSize}, got ${replay.minSizeAt(t)}`);
      }
      expect(wrong).toEqual([]);
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
      // Burstable t3.micro: the credit option is set, not left to the account default.
      expect(data?.CreditSpecification).toEqual({ CpuCredits: 'unlimited' });
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
