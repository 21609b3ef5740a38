import * as path from 'node:path';
import { PhiGuard } from '@phi-stack/phi-guard';
import { App, Testing } from 'cdktf';
import { LOG_RETENTION_POLICY, loadRegionConfig, RegionalStack, regionalStackName } from '../src';

const REPO = path.resolve(__dirname, '../../..');
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

function build(target: 'aws' | 'local'): { stack: RegionalStack; json: Json } {
  const config = loadRegionConfig(path.join(REPO, 'apps', 'us-east-1'));
  const stack = new RegionalStack(new App({ skipValidation: true }), regionalStackName(config), { config, target });
  return { stack, json: JSON.parse(Testing.synth(stack)) as Json };
}

const byPrefix = (json: Json, type: string, prefix: string): Json => {
  const entries = Object.entries<Json>(json.resource[type] ?? {}).filter(([k]) => k.startsWith(prefix));
  expect(entries).toHaveLength(1);
  return entries[0][1];
};

describe('state encryption in aws mode', () => {
  const { stack, json } = build('aws');

  it('encrypts state with the bootstrap KMS key, and phi-guard checks the backend block', () => {
    expect(json.terraform.backend.s3).toMatchObject({ encrypt: true, kms_key_id: stack.config.stateKmsKeyArn, use_lockfile: true });
    const run = PhiGuard.evaluate(stack);
    expect(run.statuses.get('terraform.backend.s3')?.get('PHI-TF-1')).toBe('compliant');
  });
});

describe('credentials, audit trail and log retention (us-east-1, local)', () => {
  const { json } = build('local');

  it('gives no database or cache password to anyone: IAM authentication for both, write-only master password', () => {
    const dbs = Object.values<Json>(json.resource.aws_db_instance);
    expect(dbs.filter((d) => d.manage_master_user_password)).toEqual([]);
    const [primary] = dbs.filter((d) => !d.replicate_source_db);
    expect(primary.password_wo).toMatch(/^\$\{ephemeral\.aws_secretsmanager_random_password\./);
    expect(primary.iam_database_authentication_enabled).toBe(true);
    const [group] = Object.values<Json>(json.resource.aws_elasticache_replication_group);
    expect(group.auth_token).toBeUndefined();
    expect(group.user_group_ids).toHaveLength(1);
    expect(json.data?.aws_secretsmanager_random_password).toBeUndefined();
  });

  it('sets an explicit rotation schedule on every secret: Secrets Manager rotates the master password, an operator the signer key', () => {
    const secrets = Object.entries<Json>(json.resource.aws_secretsmanager_secret);
    expect(secrets.length).toBe(2);
    const rotations = Object.values<Json>(json.resource.aws_secretsmanager_secret_rotation ?? {});
    for (const [key, s] of secrets) {
      const rotation = rotations.find((r) => r.secret_id === `\${aws_secretsmanager_secret.${key}.id}`);
      if (s.name.endsWith('-mysql-master')) {
        expect(rotation).toMatchObject({ rotation_rules: { automatically_after_days: 90 }, rotate_immediately: false });
        expect(s.tags['phi-stack:rotation-schedule']).toBeUndefined();
      } else {
        expect(rotation).toBeUndefined();
        expect(s.tags['phi-stack:rotation-schedule']).toMatch(/^\d+ days$/);
      }
      expect(s.tags['phi-stack:rotation-method'].length).toBeGreaterThan(10);
    }
    expect(rotations).toHaveLength(1);
  });

  it('runs a multi-region trail whose bucket logs its access, with a key CloudWatch Logs may use for the trail log group only', () => {
    const trail = byPrefix(json, 'aws_cloudtrail', 'audit_trail');
    expect(trail.is_multi_region_trail).toBe(true);
    expect(trail.include_global_service_events).toBe(true);
    const logging = byPrefix(json, 'aws_s3_bucket_logging', 'audit_access-logging');
    expect(logging.bucket).toMatch(/^\$\{aws_s3_bucket\.audit_bucket_[0-9A-F]+\.id\}$/);
    expect(logging.target_bucket).toMatch(/^\$\{aws_s3_bucket\.audit_access-log-bucket_[0-9A-F]+\.id\}$/);
    const policy = Object.entries<Json>(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('audit_key_key-policy'))![1];
    const logs = policy.statement.find((s: Json) => s.sid === 'CloudWatchLogsForTheTrailLogGroup');
    expect(logs.principals).toEqual([{ type: 'Service', identifiers: [expect.stringMatching(/^logs\.\$\{data\.aws_region\..*\.name\}\.amazonaws\.com$/)] }]);
    expect(logs.condition).toEqual([
      { test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [expect.stringMatching(/:log-group:\/phi-stack\/cloudtrail\/phi-prod-use1-audit$/)] },
    ]);
  });

  it('applies one retention per data class to every log group and log bucket', () => {
    const groups = Object.values<Json>(json.resource.aws_cloudwatch_log_group);
    const retention = (g: Json): number => g.retention_in_days;
    for (const g of groups) {
      const operational = String(g.name).startsWith('/aws/elasticache/');
      expect([g.name, retention(g)]).toEqual([g.name, operational ? LOG_RETENTION_POLICY.operational : LOG_RETENTION_POLICY.audit]);
    }
    expect(new Set(groups.map(retention))).toEqual(new Set([LOG_RETENTION_POLICY.audit, LOG_RETENTION_POLICY.operational]));
    const lifecycles = Object.entries<Json>(json.resource.aws_s3_bucket_lifecycle_configuration ?? {}).filter(([k]) => k.startsWith('web_'));
    for (const [, l] of lifecycles) expect(l.rule[0].expiration).toEqual([{ days: LOG_RETENTION_POLICY.audit }]);
  });
});
