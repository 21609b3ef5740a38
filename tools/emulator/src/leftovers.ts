import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  CloudFrontClient,
  GetDistributionCommand,
  GetKeyGroupCommand,
  GetOriginAccessControlCommand,
  GetPublicKeyCommand,
  GetResponseHeadersPolicyCommand,
} from '@aws-sdk/client-cloudfront';
import { CloudTrailClient, DescribeTrailsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, DescribeAlarmsCommand, ListDashboardsCommand } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeAddressesCommand,
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplatesCommand,
  DescribeNatGatewaysCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  DescribeCacheParameterGroupsCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  DescribeUserGroupsCommand,
  DescribeUsersCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { DescribeRuleCommand, EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetInstanceProfileCommand, GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { DescribeKeyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { GetFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeDBInstancesCommand, DescribeDBParameterGroupsCommand, DescribeDBSubnetGroupsCommand, DescribeEventSubscriptionsCommand, DescribeOptionGroupsCommand, RDSClient } from '@aws-sdk/client-rds';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetTopicAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { GetLoggingConfigurationCommand, GetWebACLCommand, WAFV2Client } from '@aws-sdk/client-wafv2';

/** One managed resource instance of a Terraform state (`terraform state pull`). */
export interface StateResource {
  readonly address: string;
  readonly type: string;
  readonly attributes: Record<string, unknown>;
}

/** SDK v3 client settings; `region` is the stack's, used where a resource's ARN names none. */
export interface ProbeClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly forcePathStyle: boolean;
  readonly maxAttempts: number;
}

/**
 * Asks the API whether a resource still exists: resolves to a short description of what is left
 * (its state, say) when it does, undefined when it is gone. A not-found error means gone; any
 * other error is thrown, so that a probe that cannot ask never passes for an empty account.
 */
type Probe = (attributes: Record<string, unknown>, config: ProbeClientConfig) => Promise<string | undefined>;

/** A resource that cannot outlive another resource of the stack: deleting that one deletes it. */
interface CoveredBy {
  readonly coveredBy: string;
  readonly why: string;
}

const s = (v: unknown): string => (typeof v === 'string' ? v : String(v ?? ''));
/** Not-found errors across the services: `InvalidVpcID.NotFound`, `NoSuchEntity`, `WAFNonexistentItemException`, … */
const NOT_FOUND = /NotFound|NoSuch|Nonexistent/i;

async function unlessNotFound(ask: () => Promise<string | undefined>): Promise<string | undefined> {
  try {
    return await ask();
  } catch (error) {
    const e = error as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number } };
    if (NOT_FOUND.test(e.name ?? '') || NOT_FOUND.test(e.Code ?? '')) return undefined;
    throw error;
  }
}

/** The region of an ARN (`arn:aws:<service>:<region>:…`), else the stack's. */
function regional(config: ProbeClientConfig, arn: unknown): ProbeClientConfig {
  const region = s(arn).split(':')[3];
  return region ? { ...config, region } : config;
}

const present = (found: boolean, what = 'exists'): string | undefined => (found ? what : undefined);

/**
 * How to find each resource type the stacks create. Every type in a state must be here: the
 * probe fails a suite on a type it does not know, so a new resource type cannot go unchecked.
 */
export const LEFTOVER_PROBES: Readonly<Record<string, Probe | CoveredBy>> = {
  // EC2 and VPC
  aws_vpc: (a, c) => unlessNotFound(async () => present(((await new EC2Client(c).send(new DescribeVpcsCommand({ VpcIds: [s(a.id)] }))).Vpcs ?? []).length > 0)),
  aws_subnet: (a, c) => unlessNotFound(async () => present(((await new EC2Client(c).send(new DescribeSubnetsCommand({ SubnetIds: [s(a.id)] }))).Subnets ?? []).length > 0)),
  aws_internet_gateway: (a, c) =>
    unlessNotFound(async () => present(((await new EC2Client(c).send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [s(a.id)] }))).InternetGateways ?? []).length > 0)),
  aws_nat_gateway: (a, c) =>
    unlessNotFound(async () => {
      const [gw] = (await new EC2Client(c).send(new DescribeNatGatewaysCommand({ NatGatewayIds: [s(a.id)] }))).NatGateways ?? [];
      return gw && gw.State !== 'deleted' ? `state ${gw.State}` : undefined;
    }),
  aws_eip: (a, c) => unlessNotFound(async () => present(((await new EC2Client(c).send(new DescribeAddressesCommand({ AllocationIds: [s(a.id)] }))).Addresses ?? []).length > 0)),
  aws_route_table: (a, c) => unlessNotFound(async () => present(((await new EC2Client(c).send(new DescribeRouteTablesCommand({ RouteTableIds: [s(a.id)] }))).RouteTables ?? []).length > 0)),
  aws_route: { coveredBy: 'aws_route_table', why: 'a route is an entry of its route table' },
  aws_route_table_association: { coveredBy: 'aws_route_table', why: 'an association ends with its route table' },
  aws_security_group: (a, c) =>
    unlessNotFound(async () => present(((await new EC2Client(c).send(new DescribeSecurityGroupsCommand({ GroupIds: [s(a.id)] }))).SecurityGroups ?? []).length > 0)),
  aws_vpc_security_group_ingress_rule: { coveredBy: 'aws_security_group', why: 'a rule is part of its security group' },
  aws_vpc_security_group_egress_rule: { coveredBy: 'aws_security_group', why: 'a rule is part of its security group' },
  aws_default_security_group: { coveredBy: 'aws_vpc', why: 'Terraform only adopts the default group; it is deleted with its VPC' },
  aws_vpc_endpoint: (a, c) =>
    unlessNotFound(async () => {
      const [ep] = (await new EC2Client(c).send(new DescribeVpcEndpointsCommand({ VpcEndpointIds: [s(a.id)] }))).VpcEndpoints ?? [];
      return ep && !['deleted', 'Deleted'].includes(s(ep.State)) ? `state ${ep.State}` : undefined;
    }),
  aws_flow_log: (a, c) => unlessNotFound(async () => present(((await new EC2Client(c).send(new DescribeFlowLogsCommand({ FlowLogIds: [s(a.id)] }))).FlowLogs ?? []).length > 0)),
  aws_launch_template: (a, c) =>
    unlessNotFound(async () => present(((await new EC2Client(c).send(new DescribeLaunchTemplatesCommand({ LaunchTemplateIds: [s(a.id)] }))).LaunchTemplates ?? []).length > 0)),

  // Load balancing and scaling
  aws_lb: (a, c) =>
    unlessNotFound(async () => present(((await new ElasticLoadBalancingV2Client(regional(c, a.arn)).send(new DescribeLoadBalancersCommand({ LoadBalancerArns: [s(a.arn)] }))).LoadBalancers ?? []).length > 0)),
  aws_lb_listener: { coveredBy: 'aws_lb', why: 'a listener is deleted with its load balancer' },
  aws_lb_target_group: (a, c) =>
    unlessNotFound(async () => present(((await new ElasticLoadBalancingV2Client(regional(c, a.arn)).send(new DescribeTargetGroupsCommand({ TargetGroupArns: [s(a.arn)] }))).TargetGroups ?? []).length > 0)),
  aws_wafv2_web_acl_association: { coveredBy: 'aws_lb', why: 'the association is an attribute of the load balancer' },
  aws_autoscaling_group: (a, c) =>
    unlessNotFound(async () => present(((await new AutoScalingClient(c).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [s(a.name)] }))).AutoScalingGroups ?? []).length > 0)),
  aws_autoscaling_policy: { coveredBy: 'aws_autoscaling_group', why: 'policies are deleted with their group' },
  aws_autoscaling_schedule: { coveredBy: 'aws_autoscaling_group', why: 'scheduled actions are deleted with their group' },

  // Databases and caches
  aws_db_instance: (a, c) =>
    unlessNotFound(async () => {
      const [db] = (await new RDSClient(regional(c, a.arn)).send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: s(a.identifier) }))).DBInstances ?? [];
      return db ? `status ${db.DBInstanceStatus}` : undefined;
    }),
  aws_db_subnet_group: (a, c) => unlessNotFound(async () => present(((await new RDSClient(c).send(new DescribeDBSubnetGroupsCommand({ DBSubnetGroupName: s(a.name) }))).DBSubnetGroups ?? []).length > 0)),
  aws_db_parameter_group: (a, c) =>
    unlessNotFound(async () => present(((await new RDSClient(c).send(new DescribeDBParameterGroupsCommand({ DBParameterGroupName: s(a.name) }))).DBParameterGroups ?? []).length > 0)),
  aws_db_option_group: (a, c) => unlessNotFound(async () => present(((await new RDSClient(c).send(new DescribeOptionGroupsCommand({ OptionGroupName: s(a.name) }))).OptionGroupsList ?? []).length > 0)),
  aws_elasticache_replication_group: (a, c) =>
    unlessNotFound(async () => {
      const [group] = (await new ElastiCacheClient(c).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: s(a.id) }))).ReplicationGroups ?? [];
      return group ? `status ${group.Status}` : undefined;
    }),
  aws_elasticache_subnet_group: (a, c) =>
    unlessNotFound(async () => present(((await new ElastiCacheClient(c).send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: s(a.name) }))).CacheSubnetGroups ?? []).length > 0)),
  aws_elasticache_parameter_group: (a, c) =>
    unlessNotFound(async () => present(((await new ElastiCacheClient(c).send(new DescribeCacheParameterGroupsCommand({ CacheParameterGroupName: s(a.name) }))).CacheParameterGroups ?? []).length > 0)),
  aws_elasticache_user: (a, c) => unlessNotFound(async () => present(((await new ElastiCacheClient(c).send(new DescribeUsersCommand({ UserId: s(a.user_id) }))).Users ?? []).length > 0)),
  aws_elasticache_user_group: (a, c) =>
    unlessNotFound(async () => present(((await new ElastiCacheClient(c).send(new DescribeUserGroupsCommand({ UserGroupId: s(a.user_group_id) }))).UserGroups ?? []).length > 0)),

  // Storage and delivery
  aws_s3_bucket: (a, c) => unlessNotFound(async () => present(Boolean(await new S3Client(c).send(new HeadBucketCommand({ Bucket: s(a.bucket) }))))),
  aws_s3_bucket_cors_configuration: { coveredBy: 'aws_s3_bucket', why: 'bucket configuration is deleted with the bucket' },
  aws_s3_bucket_lifecycle_configuration: { coveredBy: 'aws_s3_bucket', why: 'bucket configuration is deleted with the bucket' },
  aws_s3_bucket_logging: { coveredBy: 'aws_s3_bucket', why: 'bucket configuration is deleted with the bucket' },
  aws_s3_bucket_ownership_controls: { coveredBy: 'aws_s3_bucket', why: 'bucket configuration is deleted with the bucket' },
  aws_s3_bucket_policy: { coveredBy: 'aws_s3_bucket', why: 'bucket configuration is deleted with the bucket' },
  aws_s3_bucket_public_access_block: { coveredBy: 'aws_s3_bucket', why: 'bucket configuration is deleted with the bucket' },
  aws_s3_bucket_server_side_encryption_configuration: { coveredBy: 'aws_s3_bucket', why: 'bucket configuration is deleted with the bucket' },
  aws_s3_bucket_versioning: { coveredBy: 'aws_s3_bucket', why: 'bucket configuration is deleted with the bucket' },
  aws_cloudfront_distribution: (a, c) =>
    unlessNotFound(async () => {
      const out = await new CloudFrontClient(c).send(new GetDistributionCommand({ Id: s(a.id) }));
      return out.Distribution ? `status ${out.Distribution.Status}` : undefined;
    }),
  aws_cloudfront_key_group: (a, c) => unlessNotFound(async () => present(Boolean((await new CloudFrontClient(c).send(new GetKeyGroupCommand({ Id: s(a.id) }))).KeyGroup))),
  aws_cloudfront_public_key: (a, c) => unlessNotFound(async () => present(Boolean((await new CloudFrontClient(c).send(new GetPublicKeyCommand({ Id: s(a.id) }))).PublicKey))),
  aws_cloudfront_origin_access_control: (a, c) =>
    unlessNotFound(async () => present(Boolean((await new CloudFrontClient(c).send(new GetOriginAccessControlCommand({ Id: s(a.id) }))).OriginAccessControl))),
  aws_cloudfront_response_headers_policy: (a, c) =>
    unlessNotFound(async () => present(Boolean((await new CloudFrontClient(c).send(new GetResponseHeadersPolicyCommand({ Id: s(a.id) }))).ResponseHeadersPolicy))),
  aws_acm_certificate: (a, c) =>
    unlessNotFound(async () => present(Boolean((await new ACMClient(regional(c, a.arn)).send(new DescribeCertificateCommand({ CertificateArn: s(a.arn) }))).Certificate))),
  aws_wafv2_web_acl_logging_configuration: (a, c) =>
    unlessNotFound(async () =>
      present(Boolean((await new WAFV2Client(regional(c, a.resource_arn)).send(new GetLoggingConfigurationCommand({ ResourceArn: s(a.resource_arn) }))).LoggingConfiguration)),
    ),
  aws_wafv2_web_acl: (a, c) =>
    unlessNotFound(async () => present(Boolean((await new WAFV2Client(regional(c, a.arn)).send(new GetWebACLCommand({ Id: s(a.id), Name: s(a.name), Scope: s(a.scope) as 'REGIONAL' | 'CLOUDFRONT' }))).WebACL))),

  // Identity, keys, secrets, configuration, logs, audit
  aws_iam_role: (a, c) => unlessNotFound(async () => present(Boolean((await new IAMClient(c).send(new GetRoleCommand({ RoleName: s(a.name) }))).Role))),
  aws_iam_role_policy: { coveredBy: 'aws_iam_role', why: 'an inline policy is part of its role' },
  aws_iam_role_policy_attachment: { coveredBy: 'aws_iam_role', why: 'IAM refuses to delete a role with attached policies, so a deleted role has none' },
  aws_iam_instance_profile: (a, c) =>
    unlessNotFound(async () => present(Boolean((await new IAMClient(c).send(new GetInstanceProfileCommand({ InstanceProfileName: s(a.name) }))).InstanceProfile))),
  aws_kms_key: (a, c) =>
    unlessNotFound(async () => {
      const key = (await new KMSClient(regional(c, a.arn)).send(new DescribeKeyCommand({ KeyId: s(a.arn) }))).KeyMetadata;
      // A key cannot be deleted at once: scheduling its deletion is what a destroy does.
      return key && key.KeyState !== 'PendingDeletion' ? `state ${key.KeyState}` : undefined;
    }),
  aws_kms_key_policy: { coveredBy: 'aws_kms_key', why: 'the policy is part of its key' },
  aws_kms_alias: (a, c) =>
    unlessNotFound(async () => {
      const aliases = (await new KMSClient(regional(c, a.arn)).send(new ListAliasesCommand({}))).Aliases ?? [];
      return present(aliases.some((alias) => alias.AliasName === s(a.name)));
    }),
  aws_secretsmanager_secret: (a, c) =>
    unlessNotFound(async () => {
      const secret = await new SecretsManagerClient(regional(c, a.arn)).send(new DescribeSecretCommand({ SecretId: s(a.arn) }));
      // A destroy schedules the deletion (recovery window); the secret is gone once DeletedDate is set.
      return secret.DeletedDate ? undefined : 'not scheduled for deletion';
    }),
  aws_secretsmanager_secret_version: { coveredBy: 'aws_secretsmanager_secret', why: 'versions belong to their secret' },
  aws_secretsmanager_secret_rotation: { coveredBy: 'aws_secretsmanager_secret', why: 'the rotation configuration is part of its secret' },
  aws_lambda_function: (a, c) =>
    unlessNotFound(async () => present(Boolean((await new LambdaClient(regional(c, a.arn)).send(new GetFunctionCommand({ FunctionName: s(a.function_name) }))).Configuration))),
  aws_lambda_permission: { coveredBy: 'aws_lambda_function', why: 'a permission is a statement of its function policy' },
  aws_ssm_parameter: (a, c) => unlessNotFound(async () => present(Boolean((await new SSMClient(c).send(new GetParameterCommand({ Name: s(a.name) }))).Parameter))),
  aws_cloudwatch_log_group: (a, c) =>
    unlessNotFound(async () => {
      const groups = (await new CloudWatchLogsClient(c).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: s(a.name) }))).logGroups ?? [];
      return present(groups.some((g) => g.logGroupName === s(a.name)));
    }),
  aws_cloudtrail: (a, c) =>
    unlessNotFound(async () => present(((await new CloudTrailClient(regional(c, a.arn)).send(new DescribeTrailsCommand({ trailNameList: [s(a.arn || a.name)] }))).trailList ?? []).length > 0)),
  // Alarms, events and their topic (regional-alarms)
  aws_sns_topic: (a, c) => unlessNotFound(async () => present(Boolean((await new SNSClient(c).send(new GetTopicAttributesCommand({ TopicArn: s(a.arn) }))).Attributes))),
  aws_sns_topic_policy: { coveredBy: 'aws_sns_topic', why: 'the policy is an attribute of its topic' },
  aws_cloudwatch_metric_alarm: (a, c) =>
    unlessNotFound(async () => present(((await new CloudWatchClient(c).send(new DescribeAlarmsCommand({ AlarmNames: [s(a.alarm_name)] }))).MetricAlarms ?? []).length > 0)),
  aws_cloudwatch_dashboard: (a, c) =>
    unlessNotFound(async () => {
      const entries = (await new CloudWatchClient(c).send(new ListDashboardsCommand({ DashboardNamePrefix: s(a.dashboard_name) }))).DashboardEntries ?? [];
      return present(entries.some((d) => d.DashboardName === s(a.dashboard_name)));
    }),
  aws_db_event_subscription: (a, c) =>
    unlessNotFound(async () => present(((await new RDSClient(c).send(new DescribeEventSubscriptionsCommand({ SubscriptionName: s(a.name) }))).EventSubscriptionsList ?? []).length > 0)),
  aws_cloudwatch_event_rule: (a, c) => unlessNotFound(async () => present(Boolean((await new EventBridgeClient(c).send(new DescribeRuleCommand({ Name: s(a.name) }))).Name))),
  aws_cloudwatch_event_target: { coveredBy: 'aws_cloudwatch_event_rule', why: 'EventBridge refuses to delete a rule that still has targets, so a deleted rule has none' },
};

/** Types in `types` that the probe table does not know, or whose covering type has no probe. */
export function unprobedTypes(types: Iterable<string>): string[] {
  return [...new Set(types)].filter((type) => {
    const entry = LEFTOVER_PROBES[type];
    if (!entry) return true;
    return typeof entry !== 'function' && typeof LEFTOVER_PROBES[entry.coveredBy] !== 'function';
  }).sort();
}

/** The managed resource instances of a raw state (`terraform state pull`). */
export function stateResources(state: unknown): StateResource[] {
  const resources = ((state ?? {}) as { resources?: Array<{ mode: string; type: string; name: string; module?: string; instances?: Array<{ index_key?: unknown; attributes?: Record<string, unknown> }> }> }).resources ?? [];
  return resources
    .filter((r) => r.mode === 'managed')
    .flatMap((r) =>
      (r.instances ?? []).map((i) => ({
        address: `${r.module ? `${r.module}.` : ''}${r.type}.${r.name}${i.index_key === undefined ? '' : `[${JSON.stringify(i.index_key)}]`}`,
        type: r.type,
        attributes: i.attributes ?? {},
      })),
    );
}

/**
 * What is left of `resources` (a state taken before the destroy): one line per resource that still
 * exists, `<address> (<type> <id>): <what>`. Throws on a type without a probe: add it to
 * {@link LEFTOVER_PROBES} rather than leave it unchecked.
 */
export async function leftovers(resources: readonly StateResource[], config: ProbeClientConfig): Promise<string[]> {
  const unknown = unprobedTypes(resources.map((r) => r.type));
  if (unknown.length) throw new Error(`no leftover probe for ${unknown.join(', ')}: add one to LEFTOVER_PROBES in tools/emulator/src/leftovers.ts`);
  const probed = resources.filter((r) => typeof LEFTOVER_PROBES[r.type] === 'function');
  const found = await Promise.all(
    probed.map(async (r) => {
      const what = await (LEFTOVER_PROBES[r.type] as Probe)(r.attributes, config);
      return what ? `${r.address} (${r.type} ${s(r.attributes.id)}): ${what}` : undefined;
    }),
  );
  return found.filter((line): line is string => line !== undefined);
}
