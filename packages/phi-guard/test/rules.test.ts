import { S3Backend, TerraformStack } from 'cdktf';
import { HIPAA_RULES, PENDING_RULES, PhiGuard } from '../src';

/** The pack and the pending rules: every rule file has its fixtures. */
const ALL_RULES = [...HIPAA_RULES, ...PENDING_RULES];
import {
  Block,
  bucket,
  data,
  db,
  distribution,
  httpListener,
  httpsListener,
  kmsKey,
  launchTemplate,
  loadBalancer,
  logBucket,
  paramGroup,
  policyJson,
  REF,
  replicationGroup,
  res,
  stackWith,
  tlsOnlyPolicy,
  withAttrs,
} from './fixtures';
import { declareFixtureFlows, network, SG, sgRule, SUBNET } from './network-fixtures';

/** One compliant and one non-compliant fixture per rule; `target` is the address the rule judges. */
interface RuleCase {
  readonly rule: string;
  readonly target: string;
  readonly good: readonly Block[];
  readonly bad: readonly Block[];
  /** Declarations on the stack (flows, data tier) for the rules that read them. */
  readonly declare?: (stack: TerraformStack) => void;
}

const cdn = (attrs: Record<string, unknown>): Block => withAttrs(distribution, attrs);
const behavior = (attrs: Record<string, unknown>): Record<string, unknown> => ({ ...(distribution.config.default_cache_behavior as object), ...attrs });
const rg = (attrs: Record<string, unknown>): Block => withAttrs(replicationGroup, attrs);
const dbWith = (attrs: Record<string, unknown>): Block => withAttrs(db, attrs);
const lt = (attrs: Record<string, unknown>): Block => withAttrs(launchTemplate, attrs);
const lb = (attrs: Record<string, unknown>): Block => withAttrs(loadBalancer, attrs);
const sse = (algorithm: string): Block =>
  res('aws_s3_bucket_server_side_encryption_configuration', 'sse', {
    bucket: REF.bucket,
    rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: algorithm, kms_master_key_id: algorithm === 'aws:kms' ? REF.key : undefined } }],
  });
const pab = (restrict: boolean): Block =>
  res('aws_s3_bucket_public_access_block', 'pab', { bucket: REF.bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: restrict });
const logGroup = (attrs: Record<string, unknown>): Block => res('aws_cloudwatch_log_group', 'lg', { name: '/phi/app', kms_key_id: REF.key, retention_in_days: 365, ...attrs });
const trail = (attrs: Record<string, unknown>): Block =>
  withAttrs(res('aws_cloudtrail', 'trail', { name: 'audit', s3_bucket_name: REF.logs, kms_key_id: REF.key, enable_log_file_validation: true }), attrs);
const sg = (port: number): Block => res('aws_security_group', 'sg', { name: 'web', ingress: [{ from_port: port, to_port: port, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'] }] });
const asg = (check: string): Block =>
  res('aws_autoscaling_group', 'asg', { min_size: 2, max_size: 4, target_group_arns: ['${aws_lb_target_group.tg.arn}'], health_check_type: check });
const customOrigin = (policy: string): Record<string, unknown> => ({
  origin_id: 'api',
  domain_name: 'api.example.com',
  custom_origin_config: { http_port: 80, https_port: 443, origin_protocol_policy: policy, origin_ssl_protocols: ['TLSv1.2'] },
});

const topic = (attrs: Record<string, unknown>): Block => withAttrs(res('aws_sns_topic', 'alarms', { name: 'alarms', kms_master_key_id: REF.key }), attrs);
const TOPIC_ARN = '${aws_sns_topic.alarms.arn}';
const snsTlsPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'DenyInsecureTransport', Effect: 'Deny', Principal: '*', Action: 'sns:Publish', Resource: 'arn:aws:sns:us-east-1:111122223333:alarms', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
});
const topicPolicy = (policy: string): Block => res('aws_sns_topic_policy', 'tp', { arn: TOPIC_ARN, policy });
const alarm = (actions: unknown): Block =>
  res('aws_cloudwatch_metric_alarm', 'alarm', { alarm_name: 'web-cpu', namespace: 'AWS/EC2', metric_name: 'CPUUtilization', comparison_operator: 'GreaterThanThreshold', threshold: 80, evaluation_periods: 3, period: 300, statistic: 'Average', alarm_actions: actions });

const CASES: readonly RuleCase[] = [
  { rule: 'PHI-RDS-1', target: 'aws_db_instance.db', good: [kmsKey, paramGroup, db], bad: [paramGroup, dbWith({ kms_key_id: undefined })] },
  { rule: 'PHI-RDS-2', target: 'aws_db_instance.db', good: [paramGroup, db], bad: [paramGroup, dbWith({ multi_az: false })] },
  { rule: 'PHI-RDS-3', target: 'aws_db_instance.db', good: [paramGroup, db], bad: [paramGroup, dbWith({ deletion_protection: false })] },
  { rule: 'PHI-RDS-4', target: 'aws_db_instance.db', good: [paramGroup, dbWith({ skip_final_snapshot: false })], bad: [paramGroup, dbWith({ skip_final_snapshot: true })] },
  { rule: 'PHI-RDS-5', target: 'aws_db_instance.db', good: [paramGroup, db], bad: [paramGroup, dbWith({ backup_retention_period: 3 })] },
  { rule: 'PHI-RDS-6', target: 'aws_db_instance.db', good: [paramGroup, dbWith({ publicly_accessible: false })], bad: [paramGroup, dbWith({ publicly_accessible: true })] },
  { rule: 'PHI-RDS-7', target: 'aws_db_instance.db', good: [paramGroup, db], bad: [paramGroup, dbWith({ enabled_cloudwatch_logs_exports: ['error'] })] },
  {
    rule: 'PHI-RDS-8',
    target: 'aws_db_instance.db',
    good: [paramGroup, db],
    bad: [withAttrs(paramGroup, { parameter: [{ name: 'max_connections', value: '500' }] }), db],
  },
  {
    rule: 'PHI-RDS-9',
    target: 'aws_db_instance.db',
    good: [paramGroup, db],
    bad: [paramGroup, dbWith({ manage_master_user_password: undefined, username: 'admin', password: 'correct-horse-battery' })],
  },
  {
    rule: 'PHI-RDS-11',
    target: 'aws_db_instance.db',
    good: [kmsKey, paramGroup, dbWith({ performance_insights_enabled: true, performance_insights_kms_key_id: REF.key })],
    bad: [paramGroup, dbWith({ performance_insights_enabled: true, performance_insights_kms_key_id: 'alias/aws/rds' })],
  },
  { rule: 'PHI-RDS-12', target: 'aws_db_instance.db', good: [paramGroup, db], bad: [paramGroup, dbWith({ master_user_secret_kms_key_id: undefined })] },
  { rule: 'PHI-EC-1', target: 'aws_elasticache_replication_group.rg', good: [replicationGroup], bad: [rg({ kms_key_id: undefined })] },
  { rule: 'PHI-EC-2', target: 'aws_elasticache_replication_group.rg', good: [replicationGroup], bad: [rg({ auth_token: undefined })] },
  { rule: 'PHI-EC-3', target: 'aws_elasticache_replication_group.rg', good: [replicationGroup], bad: [rg({ multi_az_enabled: false })] },
  { rule: 'PHI-EC-4', target: 'aws_elasticache_replication_group.rg', good: [replicationGroup], bad: [rg({ snapshot_retention_limit: 5 })] },
  {
    rule: 'PHI-EC-5',
    target: 'aws_elasticache_cluster.member',
    good: [replicationGroup, res('aws_elasticache_cluster', 'member', { cluster_id: 'sessions-3', replication_group_id: '${aws_elasticache_replication_group.rg.id}' })],
    bad: [res('aws_elasticache_cluster', 'member', { cluster_id: 'cache', engine: 'memcached', node_type: 'cache.t3.micro', num_cache_nodes: 1 })],
  },
  { rule: 'PHI-S3-1', target: 'aws_s3_bucket.b', good: [bucket, sse('aws:kms')], bad: [bucket, sse('AES256')] },
  { rule: 'PHI-S3-2', target: 'aws_s3_bucket.b', good: [bucket, pab(true)], bad: [bucket, pab(false)] },
  {
    rule: 'PHI-S3-3',
    target: 'aws_s3_bucket.b',
    good: [bucket, res('aws_s3_bucket_policy', 'policy', { bucket: REF.bucket, policy: tlsOnlyPolicy })],
    bad: [bucket, res('aws_s3_bucket_policy', 'policy', { bucket: REF.bucket, policy: policyJson('Allow', 's3:GetObject', { AWS: 'arn:aws:iam::111122223333:root' }) })],
  },
  {
    rule: 'PHI-S3-4',
    target: 'aws_s3_bucket.b',
    good: [bucket, res('aws_s3_bucket_versioning', 'v', { bucket: REF.bucket, versioning_configuration: { status: 'Enabled' } })],
    bad: [bucket, res('aws_s3_bucket_versioning', 'v', { bucket: REF.bucket, versioning_configuration: { status: 'Suspended' } })],
  },
  {
    rule: 'PHI-S3-5',
    target: 'aws_s3_bucket.b',
    good: [bucket, logBucket, res('aws_s3_bucket_logging', 'log', { bucket: REF.bucket, target_bucket: REF.logs, target_prefix: 'images/' })],
    bad: [bucket],
  },
  {
    rule: 'PHI-S3-6',
    target: 'aws_s3_bucket.b',
    good: [bucket, sse('aws:kms')],
    bad: [bucket, sse('aws:kms'), { ...sse('aws:kms'), name: 'sse_again' }],
  },
  {
    rule: 'PHI-CF-1',
    target: 'aws_cloudfront_distribution.cdn',
    good: [distribution],
    bad: [cdn({ origin: [{ origin_id: 's3', domain_name: 'images-prod.s3.us-east-1.amazonaws.com' }] })],
  },
  { rule: 'PHI-CF-2', target: 'aws_cloudfront_distribution.cdn', good: [distribution], bad: [cdn({ default_cache_behavior: behavior({ viewer_protocol_policy: 'allow-all' }) })] },
  { rule: 'PHI-CF-3', target: 'aws_cloudfront_distribution.cdn', good: [distribution], bad: [cdn({ viewer_certificate: { cloudfront_default_certificate: true } })] },
  {
    rule: 'PHI-CF-4',
    target: 'aws_cloudfront_distribution.cdn',
    good: [cdn({ origin: [...(distribution.config.origin as object[]), customOrigin('https-only')] })],
    bad: [cdn({ origin: [...(distribution.config.origin as object[]), customOrigin('http-only')] })],
  },
  { rule: 'PHI-CF-5', target: 'aws_cloudfront_distribution.cdn', good: [distribution], bad: [cdn({ logging_config: undefined })] },
  { rule: 'PHI-CF-6', target: 'aws_cloudfront_distribution.cdn', good: [distribution], bad: [cdn({ default_cache_behavior: behavior({ trusted_key_groups: undefined }) })] },
  { rule: 'PHI-ALB-1', target: 'aws_lb.alb', good: [loadBalancer], bad: [lb({ drop_invalid_header_fields: false })] },
  {
    rule: 'PHI-ALB-2',
    target: 'aws_lb_listener.http',
    good: [httpListener],
    bad: [withAttrs(httpListener, { default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.tg.arn}' }] })],
  },
  { rule: 'PHI-ALB-3', target: 'aws_lb_listener.https', good: [httpsListener], bad: [withAttrs(httpsListener, { ssl_policy: undefined })] },
  { rule: 'PHI-ALB-4', target: 'aws_lb.alb', good: [loadBalancer], bad: [lb({ access_logs: { bucket: REF.logs, enabled: false } })] },
  { rule: 'PHI-ALB-5', target: 'aws_lb.alb', good: [loadBalancer], bad: [lb({ enable_deletion_protection: false })] },
  {
    rule: 'PHI-WAF-1',
    target: 'aws_wafv2_web_acl.acl',
    good: [
      res('aws_wafv2_web_acl', 'acl', { name: 'web', scope: 'REGIONAL' }),
      res('aws_wafv2_web_acl_logging_configuration', 'log', { resource_arn: '${aws_wafv2_web_acl.acl.arn}', log_destination_configs: ['${aws_cloudwatch_log_group.waf.arn}'] }),
    ],
    bad: [
      res('aws_wafv2_web_acl', 'acl', { name: 'web', scope: 'REGIONAL' }),
      // A logging configuration of another web ACL does not count.
      res('aws_wafv2_web_acl_logging_configuration', 'log', { resource_arn: '${aws_wafv2_web_acl.other.arn}', log_destination_configs: ['${aws_cloudwatch_log_group.waf.arn}'] }),
    ],
  },

  { rule: 'PHI-EC2-1', target: 'aws_launch_template.lt', good: [launchTemplate], bad: [lt({ metadata_options: { http_tokens: 'optional' } })] },
  {
    rule: 'PHI-EC2-2',
    target: 'aws_launch_template.lt',
    good: [launchTemplate],
    bad: [lt({ block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: false, volume_type: 'gp3' } }] })],
  },
  { rule: 'PHI-EC2-3', target: 'aws_launch_template.lt', good: [launchTemplate], bad: [lt({ network_interfaces: [{ device_index: 0, associate_public_ip_address: true }] })] },
  { rule: 'PHI-EC2-4', target: 'aws_security_group.sg', good: [sg(443)], bad: [sg(22)] },
  { rule: 'PHI-ASG-1', target: 'aws_autoscaling_group.asg', good: [asg('ELB')], bad: [asg('EC2')] },
  { rule: 'PHI-KMS-1', target: 'aws_kms_key.key', good: [kmsKey], bad: [withAttrs(kmsKey, { enable_key_rotation: false })] },
  {
    rule: 'PHI-KMS-2',
    target: 'aws_kms_key.key',
    good: [withAttrs(kmsKey, { policy: policyJson('Allow', 'kms:*', { AWS: 'arn:aws:iam::111122223333:root' }) })],
    bad: [withAttrs(kmsKey, { policy: policyJson('Allow', ['kms:Decrypt'], { AWS: '*' }) })],
  },
  { rule: 'PHI-SNS-1', target: 'aws_sns_topic.alarms', good: [kmsKey, topic({})], bad: [topic({ kms_master_key_id: 'alias/aws/sns' })] },
  { rule: 'PHI-SNS-2', target: 'aws_sns_topic.alarms', good: [kmsKey, topic({}), topicPolicy(snsTlsPolicy)], bad: [kmsKey, topic({}), topicPolicy(policyJson('Allow', 'sns:Publish', { Service: 'cloudwatch.amazonaws.com' }))] },
  { rule: 'PHI-MON-1', target: 'aws_cloudwatch_metric_alarm.alarm', good: [kmsKey, topic({}), alarm([TOPIC_ARN])], bad: [kmsKey, topic({ kms_master_key_id: undefined }), alarm([TOPIC_ARN])] },
  { rule: 'PHI-LOG-1', target: 'aws_cloudwatch_log_group.lg', good: [logGroup({})], bad: [logGroup({ kms_key_id: undefined })] },
  { rule: 'PHI-LOG-2', target: 'aws_cloudwatch_log_group.lg', good: [logGroup({})], bad: [logGroup({ retention_in_days: 0 })] },
  {
    rule: 'PHI-VPC-1',
    target: 'aws_vpc.vpc',
    good: [res('aws_vpc', 'vpc', { cidr_block: '10.0.0.0/16' }), res('aws_flow_log', 'fl', { vpc_id: '${aws_vpc.vpc.id}', traffic_type: 'ALL' })],
    bad: [res('aws_vpc', 'vpc', { cidr_block: '10.0.0.0/16' })],
  },
  {
    rule: 'PHI-VPC-2',
    target: 'aws_subnet.s',
    good: [res('aws_subnet', 's', { vpc_id: 'vpc-1', cidr_block: '10.0.0.0/24', map_public_ip_on_launch: false })],
    bad: [res('aws_subnet', 's', { vpc_id: 'vpc-1', cidr_block: '10.0.0.0/24', map_public_ip_on_launch: true })],
  },
  {
    rule: 'PHI-IAM-1',
    target: 'aws_iam_policy.p',
    good: [res('aws_iam_policy', 'p', { name: 'images', policy: policyJson('Allow', ['s3:GetObject', 's3:PutObject']) })],
    bad: [res('aws_iam_policy', 'p', { name: 'images', policy: policyJson('Allow', 's3:*') })],
  },
  {
    rule: 'PHI-IAM-2',
    target: 'aws_iam_role_policy_attachment.a',
    good: [res('aws_iam_role_policy_attachment', 'a', { role: 'web', policy_arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' })],
    bad: [res('aws_iam_role_policy_attachment', 'a', { role: 'web', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' })],
  },
  { rule: 'PHI-CT-1', target: 'aws_cloudtrail.trail', good: [trail({})], bad: [trail({ kms_key_id: undefined })] },
  { rule: 'PHI-CT-2', target: 'aws_cloudtrail.trail', good: [trail({})], bad: [trail({ enable_log_file_validation: false })] },
  { rule: 'PHI-CT-3', target: 'aws_cloudtrail.trail', good: [trail({ is_multi_region_trail: true })], bad: [trail({ is_multi_region_trail: false })] },
  {
    rule: 'PHI-RDS-10',
    target: 'aws_db_instance.replica',
    good: [
      dbWith({ manage_master_user_password: undefined, master_user_secret_kms_key_id: undefined, password_wo: '${ephemeral.aws_secretsmanager_random_password.p.random_password}', password_wo_version: 1 }),
      res('aws_db_instance', 'replica', { instance_class: 'db.t3.micro', replicate_source_db: '${aws_db_instance.db.arn}', storage_encrypted: true, kms_key_id: REF.key }),
    ],
    bad: [db, res('aws_db_instance', 'replica', { instance_class: 'db.t3.micro', replicate_source_db: '${aws_db_instance.db.arn}', storage_encrypted: true, kms_key_id: REF.key })],
  },
  {
    rule: 'PHI-SM-2',
    target: 'aws_secretsmanager_secret.s',
    good: [
      res('aws_secretsmanager_secret', 's', {
        name: 'db-master',
        kms_key_id: REF.key,
        tags: { 'phi-stack:rotation-schedule': '90 days', 'phi-stack:rotation-method': 'stack: raise masterPasswordVersion and apply' },
      }),
    ],
    bad: [res('aws_secretsmanager_secret', 's', { name: 'db-master', kms_key_id: REF.key, tags: { 'phi-stack:rotation-schedule': '900 days', 'phi-stack:rotation-method': 'by hand, some day' } })],
  },
  {
    rule: 'PHI-TF-1',
    target: 'terraform.backend.s3',
    good: [kmsKey],
    bad: [kmsKey],
    declare: (s) => {
      const kmsKeyId = BACKEND_KEY.get(s) === false ? undefined : 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
      new S3Backend(s, { bucket: 'state', key: 'test/terraform.tfstate', region: 'us-east-1', encrypt: true, kmsKeyId });
    },
  },
  {
    rule: 'PHI-SM-1',
    target: 'aws_secretsmanager_secret.s',
    good: [res('aws_secretsmanager_secret', 's', { name: 'redis-auth', kms_key_id: REF.key })],
    bad: [res('aws_secretsmanager_secret', 's', { name: 'redis-auth' })],
  },
  { rule: 'PHI-ACCT-1', target: 'aws_s3_bucket.b', good: [bucket], bad: [res('aws_gamelift_fleet', 'b', { name: 'fleet' })] },
  {
    rule: 'PHI-ACCT-2',
    target: 'aws_s3_bucket.b',
    good: [withAttrs(bucket, { tags: { Team: 'platform', DataClassification: 'phi' } })],
    bad: [withAttrs(bucket, { tags: { Owner: 'jane.doe@example.com' } })],
  },
  {
    rule: 'PHI-ACCT-3',
    target: 'aws_secretsmanager_secret_version.v',
    good: [res('aws_secretsmanager_secret_version', 'v', { secret_id: '${aws_secretsmanager_secret.s.id}', secret_string: '${random_password.p.result}' })],
    bad: [res('aws_secretsmanager_secret_version', 'v', { secret_id: '${aws_secretsmanager_secret.s.id}', secret_string: 'hunter2-but-longer' })],
  },
  // Network flows: the fixture network of network-fixtures.ts, with one side broken.
  { rule: 'PHI-NET-1', target: 'aws_autoscaling_group.asg', good: network(), bad: network({ without: ['app_out_db'] }), declare: (s) => declareFixtureFlows(s, ['app-to-db'], false) },
  { rule: 'PHI-NET-2', target: 'aws_db_instance.db', good: network(), bad: network({ without: ['db_in_app'] }), declare: (s) => declareFixtureFlows(s, ['app-to-db'], false) },
  {
    rule: 'PHI-NET-3',
    target: 'aws_autoscaling_group.asg',
    good: network(),
    bad: network({ with: [res('aws_vpc_endpoint', 's3', { vpc_id: '${aws_vpc.vpc.id}', service_name: 'com.amazonaws.us-east-1.s3', vpc_endpoint_type: 'Gateway', route_table_ids: ['${aws_route_table.rt_data.id}'] })] }),
    declare: (s) => declareFixtureFlows(s, ['app-to-s3'], false),
  },
  {
    rule: 'PHI-NET-4',
    target: 'aws_autoscaling_group.asg',
    good: network(),
    bad: network({
      with: [
        res('aws_network_acl', 'data_nacl', {
          vpc_id: '${aws_vpc.vpc.id}',
          subnet_ids: [SUBNET.data],
          ingress: [
            { rule_no: 100, action: 'deny', protocol: 'tcp', from_port: 3306, to_port: 3306, cidr_block: '0.0.0.0/0' },
            { rule_no: 200, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '0.0.0.0/0' },
          ],
          egress: [{ rule_no: 100, action: 'allow', protocol: '-1', from_port: 0, to_port: 0, cidr_block: '0.0.0.0/0' }],
        }),
      ],
    }),
    declare: (s) => declareFixtureFlows(s, ['app-to-db'], false),
  },
  {
    rule: 'PHI-NET-5',
    target: 'aws_vpc_endpoint.s3',
    good: network({
      with: [
        res('aws_vpc_endpoint', 's3', {
          vpc_id: '${aws_vpc.vpc.id}',
          service_name: 'com.amazonaws.us-east-1.s3',
          vpc_endpoint_type: 'Gateway',
          route_table_ids: ['${aws_route_table.rt_app.id}'],
          policy: policyJson('Allow', ['s3:GetObject', 's3:PutObject'], '*'),
        }),
      ],
    }),
    bad: network({
      with: [
        res('aws_vpc_endpoint', 's3', {
          vpc_id: '${aws_vpc.vpc.id}',
          service_name: 'com.amazonaws.us-east-1.s3',
          vpc_endpoint_type: 'Gateway',
          route_table_ids: ['${aws_route_table.rt_app.id}'],
          policy: policyJson('Allow', ['s3:GetObject'], '*'),
        }),
      ],
    }),
    declare: (s) => declareFixtureFlows(s, ['app-to-s3'], false),
  },
  {
    rule: 'PHI-NET-6',
    target: 'aws_security_group.db_sg',
    good: network(),
    bad: network({ with: [sgRule('db_in_anywhere', 'ingress', SG.db, 3306, { cidr_ipv4: '0.0.0.0/0' })] }),
    declare: (s) => declareFixtureFlows(s, ['app-to-db'], true),
  },
  {
    rule: 'PHI-NET-7',
    target: 'aws_vpc_security_group_ingress_rule.db_extra',
    good: network({ with: [sgRule('db_extra', 'ingress', SG.db, 3306, { cidr_ipv4: '10.0.1.0/24' })] }),
    bad: network({ with: [sgRule('db_extra', 'ingress', SG.db, 3306, { cidr_ipv4: '0.0.0.0/0' })] }),
  },
  {
    rule: 'PHI-NET-8',
    target: 'aws_vpc_security_group_ingress_rule.alb_in_https',
    good: network(),
    bad: network({ with: [sgRule('alb_in_https', 'ingress', SG.alb, 8443, { cidr_ipv4: '0.0.0.0/0' })] }),
  },
];

/** PHI-ACCT-1's non-compliant target lives at another address. */
const BAD_TARGET: Record<string, string> = { 'PHI-ACCT-1': 'aws_gamelift_fleet.b', 'PHI-TF-1': 'terraform.backend' };

/** PHI-TF-1's fixtures differ in the backend, declared on the stack: the bad one has no kms_key_id. */
const BACKEND_KEY = new WeakMap<TerraformStack, boolean>();

describe('rule fixtures', () => {
  it('cover every rule of the pack and every pending rule exactly once', () => {
    expect(CASES.map((c) => c.rule).sort()).toEqual(ALL_RULES.map((r) => r.id).sort());
  });

  describe.each(CASES)('$rule', ({ rule, target, good, bad, declare }) => {
    const level = ALL_RULES.find((r) => r.id === rule)?.level;

    it('is compliant on the compliant fixture', () => {
      const { stack } = stackWith(good);
      declare?.(stack);
      const run = PhiGuard.evaluate(stack, { rules: ALL_RULES });
      expect(run.statuses.get(target)?.get(rule)).toBe('compliant');
    });

    it('fails the synth on the non-compliant fixture', () => {
      const { app, stack } = stackWith(bad);
      BACKEND_KEY.set(stack, false);
      declare?.(stack);
      // Warnings fail only with failOnWarnings.
      PhiGuard.apply(stack, { printSummary: false, failOnWarnings: level === 'warning', rules: ALL_RULES });
      const address = BAD_TARGET[rule] ?? target;
      const name = address.split('.').pop();
      expect(() => app.synth()).toThrow(`[${rule}] test/${name}: `);
    });
  });

  it('judges every topic an alarm notifies, and an alarm that notifies no topic (PHI-MON-1)', () => {
    const status = (blocks: Block[]) => PhiGuard.evaluate(stackWith(blocks).stack).statuses.get('aws_cloudwatch_metric_alarm.alarm')?.get('PHI-MON-1');
    expect(status([kmsKey, topic({}), alarm(undefined)])).toBe('non-compliant');
    expect(status([kmsKey, topic({}), alarm(['arn:aws:sns:us-east-1:111122223333:elsewhere'])])).toBe('non-compliant');
    expect(status([kmsKey, topic({}), alarm([TOPIC_ARN, '${aws_autoscaling_policy.up.arn}'])])).toBe('compliant');
    expect(status([kmsKey, topic({ kms_master_key_id: 'arn:aws:kms:us-east-1:111122223333:alias/aws/sns' }), alarm([TOPIC_ARN])])).toBe('non-compliant');
  });

  it('requires the TLS deny on every policy written to a topic, and a policy at all (PHI-SNS-2)', () => {
    const status = (blocks: Block[]) => PhiGuard.evaluate(stackWith(blocks).stack).statuses.get('aws_sns_topic.alarms')?.get('PHI-SNS-2');
    expect(status([kmsKey, topic({})])).toBe('non-compliant');
    expect(status([kmsKey, topic({ policy: snsTlsPolicy })])).toBe('compliant');
    expect(status([kmsKey, topic({ policy: snsTlsPolicy }), topicPolicy(policyJson('Allow', 'sns:Publish', '*'))])).toBe('non-compliant');
  });

  it('reads a bucket policy built by a data.aws_iam_policy_document', () => {
    const { stack } = stackWith([
      bucket,
      data('aws_iam_policy_document', 'tls', {
        statement: [
          {
            effect: 'Deny',
            actions: ['s3:*'],
            resources: ['*'],
            principals: [{ type: '*', identifiers: ['*'] }],
            condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
          },
        ],
      }),
      res('aws_s3_bucket_policy', 'policy', { bucket: REF.bucket, policy: '${data.aws_iam_policy_document.tls.json}' }),
    ]);
    expect(PhiGuard.evaluate(stack).statuses.get('aws_s3_bucket.b')?.get('PHI-S3-3')).toBe('compliant');
  });

  it('does not take a web ACL logging configuration without a destination or with one WAF refuses (PHI-WAF-1)', () => {
    const acl = res('aws_wafv2_web_acl', 'acl', { name: 'web', scope: 'REGIONAL' });
    const logging = (destinations: unknown[]) => res('aws_wafv2_web_acl_logging_configuration', 'log', { resource_arn: '${aws_wafv2_web_acl.acl.arn}', log_destination_configs: destinations });
    const status = (blocks: Block[]) => PhiGuard.evaluate(stackWith(blocks).stack).statuses.get('aws_wafv2_web_acl.acl')?.get('PHI-WAF-1');
    expect(status([acl])).toBe('non-compliant');
    expect(status([acl, logging([])])).toBe('non-compliant');
    expect(status([acl, logging(['arn:aws:logs:us-east-1:111122223333:log-group:aws-waf-logs-web'])])).toBe('compliant');
    expect(status([acl, logging(['arn:aws:logs:us-east-1:111122223333:log-group:/phi-stack/waf'])])).toBe('non-compliant');
    expect(status([acl, logging(['arn:aws:s3:::waf-requests'])])).toBe('non-compliant');
    const group = (name: string) => res('aws_cloudwatch_log_group', 'waf', { name, retention_in_days: 2192, kms_key_id: '${aws_kms_key.k.arn}' });
    expect(status([acl, group('aws-waf-logs-web'), logging(['${aws_cloudwatch_log_group.waf.arn}'])])).toBe('compliant');
    expect(status([acl, group('web-requests'), logging(['${aws_cloudwatch_log_group.waf.arn}'])])).toBe('non-compliant');
    const finding = PhiGuard.evaluate(stackWith([acl, group('web-requests'), logging(['${aws_cloudwatch_log_group.waf.arn}'])]).stack).findings.find((f) => f.ruleId === 'PHI-WAF-1');
    expect(finding?.message).toContain("'web-requests' is not named aws-waf-logs-*");
  });

  it('does not require a log bucket to log its own access', () => {
    const { stack } = stackWith([bucket, logBucket, res('aws_s3_bucket_logging', 'log', { bucket: REF.bucket, target_bucket: REF.logs })]);
    expect(PhiGuard.evaluate(stack).statuses.get('aws_s3_bucket.logs')?.get('PHI-S3-5')).toBe('not-applicable');
  });

  it('follows a read replica to its primary for the TLS parameter and exempts it from primary-only rules', () => {
    const replica = res('aws_db_instance', 'replica', {
      replicate_source_db: '${aws_db_instance.db.identifier}',
      instance_class: 'db.t3.micro',
      kms_key_id: REF.key,
      enabled_cloudwatch_logs_exports: ['audit'],
    });
    const { stack } = stackWith([paramGroup, db, replica]);
    const statuses = PhiGuard.evaluate(stack).statuses.get('aws_db_instance.replica');
    expect(statuses?.get('PHI-RDS-8')).toBe('non-compliant'); // the default parameter group accepts plaintext
    expect(statuses?.get('PHI-RDS-2')).toBe('not-applicable');
    expect(statuses?.get('PHI-RDS-1')).toBe('compliant');
  });

  it('exempts the emulator provider from the plaintext secret rule but not a real one', () => {
    const { stack } = stackWith([]);
    stack.addOverride('provider.aws', [{ region: 'us-east-1', access_key: 'test', secret_key: 'test', skip_credentials_validation: true, endpoints: [{ s3: 'http://localhost:4566' }] }]);
    expect(PhiGuard.evaluate(stack).statuses.get('provider.aws')?.get('PHI-ACCT-3')).toBe('not-applicable');
    const { stack: real } = stackWith([]);
    real.addOverride('provider.aws', [{ region: 'us-east-1', access_key: 'AKIAEXAMPLE', secret_key: 'wJalrXUtnFEMIexample' }]);
    expect(PhiGuard.check(real).map((f) => `${f.ruleId} ${f.message}`)).toEqual(['PHI-ACCT-3 access_key, secret_key are literal secrets']);
  });
});
