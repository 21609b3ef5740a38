/**
 * The regional app, as its `synth` target wrote it in local mode, applied on the emulator and
 * checked through the AWS SDK; then re-planned (no changes) and destroyed (nothing left).
 * The app is picked by PHI_STACK_APP (set by the app's `integration` target), default apps/us-east-1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand, DescribePoliciesCommand, DescribeScheduledActionsCommand } from '@aws-sdk/client-auto-scaling';
import { CloudFrontClient, GetDistributionConfigCommand, GetOriginAccessControlCommand } from '@aws-sdk/client-cloudfront';
import { CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand } from '@aws-sdk/client-cloudtrail';
import { DescribeFlowLogsCommand, DescribeSubnetsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeReplicationGroupsCommand, ElastiCacheClient, DescribeCacheClustersCommand } from '@aws-sdk/client-elasticache';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { describeEmulatorStack } from '@phi-stack/emulator';
import { RegionConfig } from '../src/region-config';

const REPO = path.resolve(__dirname, '../../..');
const appDir = path.resolve(REPO, process.env.PHI_STACK_APP ?? 'apps/us-east-1');
const config = JSON.parse(fs.readFileSync(path.join(appDir, 'region.json'), 'utf8')) as RegionConfig;
const synthesized = path.join(appDir, 'cdktf.out', 'stacks', `phi-${config.region}`, 'cdk.tf.json');
if (!fs.existsSync(synthesized)) throw new Error(`${synthesized} does not exist: run \`npx nx run app-${config.region}:synth\` first (PHI_STACK_TARGET=local)`);
const azs = JSON.parse(fs.readFileSync(synthesized, 'utf8')).output.availabilityZones.value as string[];

describeEmulatorStack(
  `regional app ${config.region}`,
  {
    region: config.region,
    synthesized,
    unprotectBeforeDestroy: true,
    remaining: async (ctx) => {
      const left: string[] = [];
      const ec2 = new EC2Client(ctx.clientConfig);
      const vpcs = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'cidr', Values: [config.vpcCidr] }] }));
      left.push(...(vpcs.Vpcs ?? []).map((v) => `vpc ${v.VpcId}`));
      const rds = await new RDSClient(ctx.clientConfig).send(new DescribeDBInstancesCommand({}));
      left.push(...(rds.DBInstances ?? []).map((d) => `db ${d.DBInstanceIdentifier}`));
      const redis = await new ElastiCacheClient(ctx.clientConfig).send(new DescribeReplicationGroupsCommand({}));
      left.push(...(redis.ReplicationGroups ?? []).map((g) => `replication group ${g.ReplicationGroupId}`));
      const lbs = await new ElasticLoadBalancingV2Client(ctx.clientConfig).send(new DescribeLoadBalancersCommand({}));
      left.push(...(lbs.LoadBalancers ?? []).map((l) => `alb ${l.LoadBalancerName}`));
      const asgs = await new AutoScalingClient(ctx.clientConfig).send(new DescribeAutoScalingGroupsCommand({}));
      left.push(...(asgs.AutoScalingGroups ?? []).map((g) => `asg ${g.AutoScalingGroupName}`));
      const buckets = await new S3Client(ctx.clientConfig).send(new ListBucketsCommand({}));
      left.push(...(buckets.Buckets ?? []).map((b) => `bucket ${b.Name}`));
      const trails = await new CloudTrailClient(ctx.clientConfig).send(new DescribeTrailsCommand({}));
      left.push(...(trails.trailList ?? []).map((t) => `trail ${t.Name}`));
      return left;
    },
  },
  (ctx) => {
    it('spreads a public, a private and a data subnet over every AZ', async () => {
      const ec2 = new EC2Client(ctx.clientConfig);
      const subnets = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: [ctx.outputs.vpcId] }] }))).Subnets ?? [];
      expect(subnets).toHaveLength(3 * config.azCount);
      for (const az of azs) expect(subnets.filter((s) => s.AvailabilityZone === az)).toHaveLength(3);
      expect(subnets.filter((s) => s.MapPublicIpOnLaunch)).toHaveLength(0);
      const flowLogs = (await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [ctx.outputs.vpcId] }] }))).FlowLogs ?? [];
      expect(flowLogs).toEqual([expect.objectContaining({ TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs', LogGroupName: ctx.outputs.flowLogGroupName })]);
    });

    it('encrypts the image bucket with our key, blocks public access and denies insecure transport', async () => {
      const s3 = new S3Client(ctx.clientConfig);
      const Bucket = ctx.outputs.imagesBucketName as string;
      const enc = await s3.send(new GetBucketEncryptionCommand({ Bucket }));
      const rule = enc.ServerSideEncryptionConfiguration!.Rules![0];
      expect(rule.ApplyServerSideEncryptionByDefault).toEqual({ SSEAlgorithm: 'aws:kms', KMSMasterKeyID: ctx.outputs.imagesKmsKeyArn });
      expect(rule.BucketKeyEnabled).toBe(true);
      const pab = await s3.send(new GetPublicAccessBlockCommand({ Bucket }));
      expect(pab.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true });
      const policy = JSON.parse((await s3.send(new GetBucketPolicyCommand({ Bucket }))).Policy!) as { Statement: Array<Record<string, unknown>> };
      expect(policy.Statement).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    });

    it('serves images through CloudFront with OAC and signed access', async () => {
      const cf = new CloudFrontClient(ctx.clientConfig);
      const { DistributionConfig: dc } = await cf.send(new GetDistributionConfigCommand({ Id: ctx.outputs.distributionId }));
      const origin = dc!.Origins!.Items![0];
      expect(origin.OriginAccessControlId).toBeTruthy();
      const oac = await cf.send(new GetOriginAccessControlCommand({ Id: origin.OriginAccessControlId }));
      expect(oac.OriginAccessControl!.OriginAccessControlConfig).toEqual(expect.objectContaining({ SigningBehavior: 'always', SigningProtocol: 'sigv4', OriginAccessControlOriginType: 's3' }));
      expect(dc!.DefaultCacheBehavior!.ViewerProtocolPolicy).toBe('redirect-to-https');
      expect(dc!.DefaultCacheBehavior!.TrustedKeyGroups).toEqual(expect.objectContaining({ Enabled: true, Items: [ctx.outputs.keyGroupId] }));
      expect(dc!.ViewerCertificate!.MinimumProtocolVersion).toBe('TLSv1.2_2021');
    });

    it('runs a Multi-AZ encrypted MySQL primary with its replicas', async () => {
      const rds = new RDSClient(ctx.clientConfig);
      const [primary] = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: ctx.outputs.dbInstanceIdentifier }))).DBInstances!;
      expect(primary).toEqual(expect.objectContaining({ Engine: 'mysql', MultiAZ: true, StorageEncrypted: true, KmsKeyId: ctx.outputs.databaseKmsKeyArn, DeletionProtection: true }));
      const replicaIds = ctx.outputs.dbReplicaIdentifiers as string[];
      expect(replicaIds).toHaveLength(config.dbReadReplicaCount);
      expect([...(primary.ReadReplicaDBInstanceIdentifiers ?? [])].sort()).toEqual([...replicaIds].sort());
      for (const id of replicaIds) {
        const [replica] = (await rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))).DBInstances!;
        expect(replica.ReadReplicaSourceDBInstanceIdentifier).toBe(primary.DBInstanceIdentifier);
        expect(replica.StorageEncrypted).toBe(true);
        expect(replica.DbiResourceId).not.toBe(primary.DbiResourceId);
      }
    });

    it('runs Redis encrypted at rest and in transit with failover over at least two AZs', async () => {
      const ec = new ElastiCacheClient(ctx.clientConfig);
      const [group] = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: ctx.outputs.redisReplicationGroupId }))).ReplicationGroups!;
      expect(group).toEqual(expect.objectContaining({ AtRestEncryptionEnabled: true, TransitEncryptionEnabled: true, AutomaticFailover: 'enabled', MultiAZ: 'enabled' }));
      const members = group.MemberClusters ?? [];
      expect(members.length).toBeGreaterThanOrEqual(2);
      const memberAzs = new Set<string>();
      for (const id of members) {
        const [cluster] = (await ec.send(new DescribeCacheClustersCommand({ CacheClusterId: id }))).CacheClusters!;
        memberAzs.add(cluster.PreferredAvailabilityZone!);
      }
      expect(memberAzs.size).toBeGreaterThanOrEqual(2);
    });

    it('listens on 443 with the TLS 1.3 policy and redirects 80 to HTTPS', async () => {
      const elb = new ElasticLoadBalancingV2Client(ctx.clientConfig);
      const listeners = (await elb.send(new DescribeListenersCommand({ ListenerArns: [ctx.outputs.httpsListenerArn, ctx.outputs.httpListenerArn] }))).Listeners!;
      const https = listeners.find((l) => l.Port === 443)!;
      expect(https).toEqual(expect.objectContaining({ Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' }));
      const http = listeners.find((l) => l.Port === 80)!;
      expect(http.DefaultActions![0]).toEqual(expect.objectContaining({ Type: 'redirect', RedirectConfig: expect.objectContaining({ Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' }) }));
    });

    it('scales the web tier between its bounds on CPU and on the scheduled peaks', async () => {
      const asg = new AutoScalingClient(ctx.clientConfig);
      const AutoScalingGroupName = ctx.outputs.autoscalingGroupName as string;
      const [group] = (await asg.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [AutoScalingGroupName] }))).AutoScalingGroups!;
      expect(group).toEqual(expect.objectContaining({ MinSize: config.webMinCapacity, MaxSize: config.webMaxCapacity, DesiredCapacity: config.webDesiredCapacity, HealthCheckType: 'ELB' }));
      const policies = (await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName }))).ScalingPolicies!;
      const cpu = policies.find((p) => p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ASGAverageCPUUtilization');
      expect(cpu?.TargetTrackingConfiguration?.TargetValue).toBe(config.webCpuTargetPercent);
      const scheduled = (await asg.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName }))).ScheduledUpdateGroupActions!;
      expect(scheduled.length).toBeGreaterThanOrEqual(4);
    });

    it('records API activity in an encrypted, validated audit trail', async () => {
      const ct = new CloudTrailClient(ctx.clientConfig);
      const [trail] = (await ct.send(new DescribeTrailsCommand({ trailNameList: [ctx.outputs.auditTrailName] }))).trailList!;
      expect(trail).toEqual(expect.objectContaining({ LogFileValidationEnabled: true }));
      expect(trail.KmsKeyId).toBeTruthy();
      const status = await ct.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
      expect(status.IsLogging).toBe(true);
    });
  },
);
