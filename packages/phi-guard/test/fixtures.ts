import { App, TerraformDataSource, TerraformResource, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';

/** A raw Terraform block for a fixture: no provider classes, just the synthesized attributes. */
export interface Block {
  readonly type: string;
  readonly name: string;
  readonly kind?: 'resource' | 'data';
  readonly config: Record<string, unknown>;
}

export function res(type: string, name: string, config: Record<string, unknown>): Block {
  return { type, name, config };
}

export function data(type: string, name: string, config: Record<string, unknown>): Block {
  return { type, name, kind: 'data', config };
}

/** A copy of a block with attributes replaced (`undefined` removes one). */
export function withAttrs(b: Block, attrs: Record<string, unknown>): Block {
  const config = { ...b.config, ...attrs };
  for (const [k, v] of Object.entries(attrs)) if (v === undefined) delete config[k];
  return { ...b, config };
}

/** Adds raw blocks under `scope`; construct ids equal the names so that `${type.name.attr}` references resolve. */
export function addBlocks(scope: Construct, blocks: readonly Block[]): void {
  for (const b of blocks) {
    const element =
      b.kind === 'data'
        ? new TerraformDataSource(scope, b.name, { terraformResourceType: b.type })
        : new TerraformResource(scope, b.name, { terraformResourceType: b.type });
    for (const [key, value] of Object.entries(b.config)) element.addOverride(key, value);
  }
}

/** A test app (temporary outdir) with one stack holding `blocks`. */
export function stackWith(blocks: readonly Block[], id = 'test'): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  addBlocks(stack, blocks);
  return { app, stack };
}

export const REF = {
  key: '${aws_kms_key.key.arn}',
  bucket: '${aws_s3_bucket.b.id}',
  logs: '${aws_s3_bucket.logs.id}',
};

export const kmsKey = res('aws_kms_key', 'key', { description: 'phi data key', enable_key_rotation: true });
export const paramGroup = res('aws_db_parameter_group', 'pg', { family: 'mysql8.0', parameter: [{ name: 'require_secure_transport', value: 'ON' }] });
export const db = res('aws_db_instance', 'db', {
  engine: 'mysql',
  instance_class: 'db.t3.micro',
  allocated_storage: 20,
  storage_encrypted: true,
  kms_key_id: REF.key,
  multi_az: true,
  deletion_protection: true,
  backup_retention_period: 35,
  enabled_cloudwatch_logs_exports: ['audit', 'error', 'general', 'slowquery'],
  parameter_group_name: '${aws_db_parameter_group.pg.name}',
  manage_master_user_password: true,
  master_user_secret_kms_key_id: REF.key,
});
export const replicationGroup = res('aws_elasticache_replication_group', 'rg', {
  replication_group_id: 'sessions',
  description: 'application sessions',
  at_rest_encryption_enabled: true,
  kms_key_id: REF.key,
  transit_encryption_enabled: true,
  auth_token: '${aws_secretsmanager_secret_version.auth.secret_string}',
  automatic_failover_enabled: true,
  multi_az_enabled: true,
  snapshot_retention_limit: 15,
});
export const bucket = res('aws_s3_bucket', 'b', { bucket: 'images-prod' });
export const logBucket = res('aws_s3_bucket', 'logs', { bucket: 'logs-prod' });
export const tlsOnlyPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: ['arn:aws:s3:::images-prod', 'arn:aws:s3:::images-prod/*'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
  ],
});
export const distribution = res('aws_cloudfront_distribution', 'cdn', {
  enabled: true,
  origin: [{ origin_id: 's3', domain_name: '${aws_s3_bucket.b.bucket_regional_domain_name}', origin_access_control_id: '${aws_cloudfront_origin_access_control.oac.id}' }],
  default_cache_behavior: {
    target_origin_id: 's3',
    viewer_protocol_policy: 'redirect-to-https',
    allowed_methods: ['GET', 'HEAD'],
    cached_methods: ['GET', 'HEAD'],
    trusted_key_groups: ['${aws_cloudfront_key_group.kg.id}'],
  },
  viewer_certificate: { acm_certificate_arn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc', ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' },
  logging_config: { bucket: '${aws_s3_bucket.logs.bucket_domain_name}' },
  restrictions: { geo_restriction: { restriction_type: 'none' } },
});
export const loadBalancer = res('aws_lb', 'alb', {
  name: 'web',
  load_balancer_type: 'application',
  drop_invalid_header_fields: true,
  enable_deletion_protection: true,
  access_logs: { bucket: REF.logs, enabled: true },
});
export const httpListener = res('aws_lb_listener', 'http', {
  load_balancer_arn: '${aws_lb.alb.arn}',
  port: 80,
  protocol: 'HTTP',
  default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
});
export const httpsListener = res('aws_lb_listener', 'https', {
  load_balancer_arn: '${aws_lb.alb.arn}',
  port: 443,
  protocol: 'HTTPS',
  ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
  certificate_arn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc',
  default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.tg.arn}' }],
});
export const launchTemplate = res('aws_launch_template', 'lt', {
  metadata_options: { http_tokens: 'required', http_put_response_hop_limit: 1 },
  block_device_mappings: [{ device_name: '/dev/xvda', ebs: { encrypted: true, kms_key_id: REF.key, volume_type: 'gp3' } }],
  network_interfaces: [{ device_index: 0, associate_public_ip_address: false }],
});
export function policyJson(effect: string, action: string | string[], principal?: unknown, condition?: unknown): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: effect, Action: action, Resource: '*', ...(principal ? { Principal: principal } : {}), ...(condition ? { Condition: condition } : {}) }],
  });
}
