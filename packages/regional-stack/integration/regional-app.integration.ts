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
import { DescribeFlowLogsCommand, DescribeSubnetsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeReplicationGroupsCommand, ElastiCacheClient, DescribeCacheClustersCommand } from '@aws-sdk/client-elasticache';
import { GetRolePolicyCommand, IAMClient, ListRolePoliciesCommand } from '@aws-sdk/client-iam';
import { DescribeListenersCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeDBInstancesCommand, DescribeEventSubscriptionsCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, GetBucketPolicyCommand, GetPublicAccessBlockCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParametersByPathCommand, Parameter, SSMClient } from '@aws-sdk/client-ssm';
import { GetLoggingConfigurationCommand, GetWebACLCommand, GetWebACLForResourceCommand, WAFV2Client } from '@aws-sdk/client-wafv2';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, DescribeAlarmsCommand, GetDashboardCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeRuleCommand, EventBridgeClient, ListTargetsByRuleCommand } from '@aws-sdk/client-eventbridge';
import { DescribeKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { describeEmulatorStack } from '@phi-stack/emulator';
import { APP_CONFIG_CONTRACT } from '../src/app-config';
import { creationMinSizeFromTerraform } from '@phi-stack/alb-asg';
import { loadRegionConfig } from '../src/region-config';
import { IMAGES_KEY_PREFIX, regionCode } from '../src/regional-stack';

const REPO = path.resolve(__dirname, '../../..');
const appDir = path.resolve(REPO, process.env.PHI_STACK_APP ?? 'apps/us-east-1');
// Validated and resolved: the web bounds, replicas and cache node may be derived from `workload`.
const config = loadRegionConfig(appDir);
const synthesized = path.join(appDir, 'cdktf.out', 'stacks', `phi-${config.region}`, 'cdk.tf.json');
if (!fs.existsSync(synthesized)) throw new Error(`${synthesized} does not exist: run \`npx nx run app-${config.region}:synth\` first (PHI_STACK_TARGET=local)`);
/** The region whose suite proves the teardown: the app the root cdktf.json points at. */
function teardownRegion(): string {
  const app = (JSON.parse(fs.readFileSync(path.join(REPO, 'cdktf.json'), 'utf8')) as { app: string }).app;
  return /apps\/([a-z0-9-]+)/.exec(app)?.[1] ?? 'default';
}
/**
 * The us-east-1 app as commit 43e7c6b synthesized it (local mode), the last release before the
 * module keys moved onto PhiKey: the state a deployed stack has. See upgrade-from/README.md.
 */
const upgradeFrom = path.join(__dirname, 'upgrade-from', `phi-${config.region}`, 'cdk.tf.json');
const synthesizedJson = JSON.parse(fs.readFileSync(synthesized, 'utf8'));
const azs = synthesizedJson.output.availabilityZones.value as string[];
/** The web tier's min_size at creation: the minimum its peak schedule holds at plan time. */
const webMinInForce = (): number => creationMinSizeFromTerraform(synthesizedJson, (Object.values(synthesizedJson.resource.aws_autoscaling_group)[0] as { min_size: unknown }).min_size, Date.now());

/** An IAM statement as the tests compare it: lists sorted, single values as lists. */
interface Statement {
  sid?: string;
  effect: string;
  actions: string[];
  resources: string[];
  condition?: Record<string, Record<string, string[]>>;
}
type RawStatement = { Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: Record<string, Record<string, string | string[]>> };
const list = (v: string | string[]): string[] => (Array.isArray(v) ? [...v] : [v]).sort();
function normalize(s: RawStatement): Statement {
  const out: Statement = { sid: s.Sid, effect: s.Effect, actions: list(s.Action), resources: list(s.Resource) };
  if (s.Condition) out.condition = Object.fromEntries(Object.entries(s.Condition).map(([test, vars]) => [test, Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, list(v)]))]));
  return out;
}
/** IAM returns policy documents URL-encoded; emulators may not. */
function parsePolicy(document: string): Statement[] {
  const text = document.trimStart().startsWith('{') ? document : decodeURIComponent(document);
  const doc = JSON.parse(text) as { Statement: RawStatement | RawStatement[] };
  return (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]).map(normalize).sort((a, b) => (a.sid ?? '').localeCompare(b.sid ?? ''));
}
const bySid = (statements: Statement[]): Statement[] => [...statements].sort((a, b) => (a.sid ?? '').localeCompare(b.sid ?? ''));

describeEmulatorStack(
  `regional app ${config.region}`,
  {
    region: config.region,
    synthesized,
    // Applied exactly as the README deploys: `npx nx run app-<region>:plan`, then `:deploy`.
    deployWithNx: `app-${config.region}`,
    // The pinned checkov also judges the plan that :plan wrote, before :deploy applies it.
    checkovPlanApp: path.relative(REPO, appDir),
    unprotectBeforeDestroy: true,
    // A region with an earlier release's synth beside this suite is first applied from it, and
    // its plan must destroy nothing: construct ids, keys and aliases survive every refactor.
    ...(fs.existsSync(upgradeFrom) ? { upgradeFrom } : {}),
    // One regional suite (the root cdktf.json's app) proves the teardown; the others run the same
    // stack code and would only repeat it (about 3 minutes of the provider's fixed RDS waits).
    ...(process.env.PHI_STACK_IT_TEARDOWN === 'discard'
      ? { discardInsteadOfDestroyReason: `the ${teardownRegion()} suite proves unprotect and destroy of the same RegionalStack code, and npm stop tears down every region in CI` }
      : {}),
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
      const inForce = webMinInForce();
      expect(group).toEqual(expect.objectContaining({ MinSize: inForce, MaxSize: config.webMaxCapacity, DesiredCapacity: Math.max(config.webDesiredCapacity, inForce), HealthCheckType: 'ELB' }));
      const policies = (await asg.send(new DescribePoliciesCommand({ AutoScalingGroupName }))).ScalingPolicies!;
      const cpu = policies.find((p) => p.TargetTrackingConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ASGAverageCPUUtilization');
      expect(cpu?.TargetTrackingConfiguration?.TargetValue).toBe(config.webCpuTargetPercent);
      const scheduled = (await asg.send(new DescribeScheduledActionsCommand({ AutoScalingGroupName }))).ScheduledUpdateGroupActions!;
      expect(scheduled.length).toBeGreaterThanOrEqual(4);
    });

    it('publishes every documented app-config parameter under the stack path, with the values of the stack outputs', async () => {
      const ssm = new SSMClient(ctx.clientConfig);
      const Path = ctx.outputs.appConfigParameterPath as string;
      expect(Path).toBe(`/phi-stack/phi-${config.region}/config`);
      const found: Parameter[] = [];
      let NextToken: string | undefined;
      do {
        const page = await ssm.send(new GetParametersByPathCommand({ Path, Recursive: true, WithDecryption: false, NextToken }));
        found.push(...(page.Parameters ?? []));
        NextToken = page.NextToken;
      } while (NextToken);
      const expectedValue = (entry: (typeof APP_CONFIG_CONTRACT)[number]): string => {
        if (entry.name === 'images/key-prefix') return IMAGES_KEY_PREFIX;
        if (entry.name === 'region') return config.region;
        const out = ctx.outputs[(entry as { output: string }).output] as unknown;
        // No replicas: the writer is the one reader.
        if (Array.isArray(out)) return out.length > 0 ? out.join(',') : (ctx.outputs.dbInstanceEndpoint as string);
        return String(out);
      };
      const actual = Object.fromEntries(found.map((p) => [p.Name!, { type: p.Type, value: p.Value }]));
      const expected = Object.fromEntries(APP_CONFIG_CONTRACT.map((e) => [`${Path}/${e.name}`, { type: e.type, value: expectedValue(e) }]));
      expect(actual).toEqual(expected);
      for (const { value } of Object.values(actual)) expect(value).toBeTruthy();
      expect(found.filter((p) => p.Type === 'SecureString')).toEqual([]);
    });

    it('keeps the CloudFront signer key secret empty, encrypted with its own key', async () => {
      const sm = new SecretsManagerClient(ctx.clientConfig);
      const SecretId = ctx.outputs.cloudfrontSignerKeySecretArn as string;
      const secret = await sm.send(new DescribeSecretCommand({ SecretId }));
      expect(secret.KmsKeyId).toBe(ctx.outputs.cloudfrontSignerKmsKeyArn);
      expect(secret.Name).toMatch(/-cloudfront-signer-key$/);
      const versions = await sm.send(new ListSecretVersionIdsCommand({ SecretId }));
      expect(versions.Versions ?? []).toEqual([]);
      expect(ctx.outputs.cloudfrontPublicKeyId).toBeTruthy();
    });

    it("grants the instance role exactly the app's config path, secrets, keys and image prefix", async () => {
      const iam = new IAMClient(ctx.clientConfig);
      const RoleName = ctx.outputs.instanceRoleName as string;
      const names = (await iam.send(new ListRolePoliciesCommand({ RoleName }))).PolicyNames ?? [];
      expect([...names].sort()).toEqual(['app-config-and-secrets', 'image-bucket-prefix']);
      const policy = async (PolicyName: string) => parsePolicy((await iam.send(new GetRolePolicyCommand({ RoleName, PolicyName }))).PolicyDocument!);
      // Partition and account as the emulator reports them, e.g. arn:aws:secretsmanager:<region>:<account>:secret:…
      const [, partition, , , account] = (ctx.outputs.cloudfrontSignerKeySecretArn as string).split(':');
      const dbUsers = (ctx.outputs.dbReplicaIdentifiers as string[]).length + 1;
      const pathArn = `arn:${partition}:ssm:${config.region}:${account}:parameter${ctx.outputs.appConfigParameterPath}`;
      expect(await policy('app-config-and-secrets')).toEqual(
        bySid([
          { sid: 'ReadAppConfigParameters', effect: 'Allow', actions: ['ssm:GetParameter', 'ssm:GetParameters', 'ssm:GetParametersByPath'], resources: [pathArn, `${pathArn}/*`] },
          {
            sid: 'ReadAppSecrets',
            effect: 'Allow',
            actions: ['secretsmanager:GetSecretValue'],
            // No database or cache password: the app signs IAM authentication tokens.
            resources: list([ctx.outputs.cloudfrontSignerKeySecretArn]),
          },
          {
            sid: 'DecryptAppSecretsThroughSecretsManager',
            effect: 'Allow',
            actions: ['kms:Decrypt'],
            resources: list([ctx.outputs.cloudfrontSignerKmsKeyArn]),
            condition: { StringEquals: { 'kms:ViaService': [`secretsmanager.${config.region}.amazonaws.com`] } },
          },
          {
            sid: 'ConnectToDatabaseWithIamAuth',
            effect: 'Allow',
            actions: ['rds-db:connect'],
            resources: expect.arrayContaining(Array.from({ length: dbUsers }, () => expect.stringMatching(new RegExp(`^arn:${partition}:rds-db:${config.region}:${account}:dbuser:db-[A-Z0-9]+/${ctx.outputs.dbIamUserName}$`)))) as unknown as string[],
          },
          {
            sid: 'ConnectToCacheWithIamAuth',
            effect: 'Allow',
            actions: ['elasticache:Connect'],
            resources: list([ctx.outputs.redisReplicationGroupArn, `arn:${partition}:elasticache:${config.region}:${account}:user:${ctx.outputs.redisAppUserId}`]),
          },
        ]),
      );
      const bucketArn = `arn:${partition}:s3:::${ctx.outputs.imagesBucketName}`;
      expect(await policy('image-bucket-prefix')).toEqual(
        bySid([
          { sid: 'ReadWriteImagePrefix', effect: 'Allow', actions: ['s3:GetObject', 's3:PutObject'], resources: [`${bucketArn}/${IMAGES_KEY_PREFIX}*`] },
          { sid: 'ListImagePrefix', effect: 'Allow', actions: ['s3:ListBucket'], resources: [bucketArn], condition: { StringLike: { 's3:prefix': [`${IMAGES_KEY_PREFIX}*`] } } },
          {
            sid: 'UseImageKeyThroughS3',
            effect: 'Allow',
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: [ctx.outputs.imagesKmsKeyArn],
            condition: { StringEquals: { 'kms:ViaService': [`s3.${config.region}.amazonaws.com`] } },
          },
        ]),
      );
    });

    it('records API activity in an encrypted, validated audit trail', async () => {
      const ct = new CloudTrailClient(ctx.clientConfig);
      const [trail] = (await ct.send(new DescribeTrailsCommand({ trailNameList: [ctx.outputs.auditTrailName] }))).trailList!;
      expect(trail).toEqual(expect.objectContaining({ LogFileValidationEnabled: true }));
      expect(trail.KmsKeyId).toBeTruthy();
      const status = await ct.send(new GetTrailStatusCommand({ Name: trail.TrailARN }));
      expect(status.IsLogging).toBe(true);
    });

    it('runs MySQL 8.4 with the mysql8.4 parameter group', async () => {
      const [primary] = (await new RDSClient(ctx.clientConfig).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: ctx.outputs.dbInstanceIdentifier }))).DBInstances!;
      expect(primary.EngineVersion).toMatch(/^8\.4(\.\d+)?$/);
      expect(primary.DBParameterGroups?.map((g) => g.DBParameterGroupName)).toEqual([`${primary.DBInstanceIdentifier}-mysql84`]);
    });

    it('puts the REGIONAL web ACL on the ALB and the us-east-1 CLOUDFRONT web ACL on the distribution', async () => {
      const elb = new ElasticLoadBalancingV2Client(ctx.clientConfig);
      const [https] = (await elb.send(new DescribeListenersCommand({ ListenerArns: [ctx.outputs.httpsListenerArn] }))).Listeners!;
      const regional = await new WAFV2Client(ctx.clientConfig).send(new GetWebACLForResourceCommand({ ResourceArn: https.LoadBalancerArn }));
      expect(regional.WebACL?.ARN).toBe(ctx.outputs.albWebAclArn);
      // The provider sends rules as a set: compare them in priority order.
      expect([...(regional.WebACL?.Rules ?? [])].sort((a, b) => a.Priority! - b.Priority!).map((r) => r.Statement?.ManagedRuleGroupStatement?.Name)).toEqual([
        'AWSManagedRulesAmazonIpReputationList',
        'AWSManagedRulesCommonRuleSet',
        'AWSManagedRulesKnownBadInputsRuleSet',
        'AWSManagedRulesSQLiRuleSet',
      ]);
      const { DistributionConfig: dc } = await new CloudFrontClient(ctx.clientConfig).send(new GetDistributionConfigCommand({ Id: ctx.outputs.distributionId }));
      expect(dc!.WebACLId).toBe(ctx.outputs.cdnWebAclArn);
      // arn:aws:wafv2:us-east-1:<account>:global/webacl/<name>/<id>, whatever the stack's region.
      const [, , , aclRegion, , resource] = (ctx.outputs.cdnWebAclArn as string).split(':');
      expect(aclRegion).toBe('us-east-1');
      const [, , name, id] = resource.split('/');
      const edge = await new WAFV2Client({ ...ctx.clientConfig, region: 'us-east-1' }).send(new GetWebACLCommand({ Name: name, Id: id, Scope: 'CLOUDFRONT' }));
      expect(edge.WebACL?.VisibilityConfig).toEqual(expect.objectContaining({ CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true }));
    });

    it('logs both web ACLs to encrypted aws-waf-logs groups in their own regions, credentials redacted', async () => {
      for (const [arn, region] of [[ctx.outputs.albWebAclArn as string, config.region], [ctx.outputs.cdnWebAclArn as string, 'us-east-1']]) {
        const name = arn.split(':')[5].split('/')[2];
        const { LoggingConfiguration: logging } = await new WAFV2Client({ ...ctx.clientConfig, region }).send(new GetLoggingConfigurationCommand({ ResourceArn: arn }));
        const groupArn = `arn:aws:logs:${region}:${arn.split(':')[4]}:log-group:aws-waf-logs-${name}`;
        expect(logging?.LogDestinationConfigs).toEqual([groupArn]);
        expect(logging?.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }, { QueryString: {} }]);
        const groups = (await new CloudWatchLogsClient({ ...ctx.clientConfig, region }).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: `aws-waf-logs-${name}` }))).logGroups ?? [];
        expect(groups).toEqual([expect.objectContaining({ logGroupName: `aws-waf-logs-${name}`, retentionInDays: 2192, kmsKeyId: expect.stringMatching(new RegExp(`^arn:aws:kms:${region}:`)) })]);
      }
    });

    // regional-alarms: what moto applies of the topic, the alarms, the events and the dashboard.
    const alarmsName = `phi-${config.environment}-${regionCode(config.region)}`;
    const synthesizedAlarms = Object.values(synthesizedJson.resource.aws_cloudwatch_metric_alarm) as { alarm_name: string }[];

    it('encrypts the alarm topic with the alarms key and denies requests without TLS', async () => {
      const { KeyMetadata } = await new KMSClient(ctx.clientConfig).send(new DescribeKeyCommand({ KeyId: `alias/phi-stack/${alarmsName}/alarms` }));
      const { Attributes } = await new SNSClient(ctx.clientConfig).send(new GetTopicAttributesCommand({ TopicArn: ctx.outputs.alarmTopicArn }));
      expect(Attributes?.KmsMasterKeyId).toBe(KeyMetadata!.Arn);
      const policy = JSON.parse(Attributes!.Policy!) as { Statement: Array<Record<string, unknown>> };
      expect(policy.Statement).toContainEqual(expect.objectContaining({ Sid: 'DenyInsecureTransport', Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      const publishers = policy.Statement.filter((st) => st.Effect === 'Allow').map((st) => (st.Principal as { Service: string }).Service).sort();
      expect(publishers).toEqual(['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'events.rds.amazonaws.com']);
    });

    it('creates every synthesized alarm, each notifying the topic on ALARM and OK', async () => {
      const names = synthesizedAlarms.map((a) => a.alarm_name);
      const found = (await new CloudWatchClient(ctx.clientConfig).send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${alarmsName}-`, MaxRecords: 100 }))).MetricAlarms ?? [];
      expect(found.map((a) => a.AlarmName).sort()).toEqual([...names].sort());
      for (const alarm of found) {
        expect(alarm.AlarmActions).toEqual([ctx.outputs.alarmTopicArn]);
        expect(alarm.OKActions).toEqual([ctx.outputs.alarmTopicArn]);
      }
      const failover = found.find((a) => a.AlarmName === `${alarmsName}-cache-failover`);
      expect(failover?.Dimensions).toEqual([{ Name: 'CacheClusterId', Value: `${ctx.outputs.redisReplicationGroupId}-001` }]);
    });

    it('subscribes the topic to the events of every DB instance', async () => {
      const [subscription] = (await new RDSClient(ctx.clientConfig).send(new DescribeEventSubscriptionsCommand({ SubscriptionName: `${alarmsName}-rds-events` }))).EventSubscriptionsList ?? [];
      expect(subscription?.SnsTopicArn).toBe(ctx.outputs.alarmTopicArn);
      expect(subscription?.SourceType).toBe('db-instance');
      expect([...(subscription?.SourceIdsList ?? [])].sort()).toEqual([ctx.outputs.dbInstanceIdentifier as string, ...(ctx.outputs.dbReplicaIdentifiers as string[])].sort());
    });

    it('forwards the ElastiCache events through an EventBridge rule to the topic', async () => {
      const events = new EventBridgeClient(ctx.clientConfig);
      const rule = await events.send(new DescribeRuleCommand({ Name: `${alarmsName}-elasticache-events` }));
      expect(JSON.parse(rule.EventPattern!)).toEqual(expect.objectContaining({ source: ['aws.elasticache'] }));
      const { Targets } = await events.send(new ListTargetsByRuleCommand({ Rule: rule.Name! }));
      expect(Targets?.map((t) => t.Arn)).toEqual([ctx.outputs.alarmTopicArn]);
    });

    it('builds the dashboard of the alarms', async () => {
      const dashboard = await new CloudWatchClient(ctx.clientConfig).send(new GetDashboardCommand({ DashboardName: ctx.outputs.dashboardName }));
      const body = JSON.parse(dashboard.DashboardBody!) as { widgets: { properties: { alarms: string[] } }[] };
      expect(body.widgets.flatMap((w) => w.properties.alarms)).toHaveLength(synthesizedAlarms.length);
    });
  },
);
