/**
 * phi-guard against someone getting around it: variants of the real regional apps (built from
 * apps/<region>/region.json) that turn a control off through CDKTF escape hatches (`addOverride`,
 * extra resources, opt-out tags), each of which must fail `app.synth()` naming the rule and its fix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataAwsKmsAlias } from '@cdktf/provider-aws/lib/data-aws-kms-alias';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { SecurityGroupRule } from '@cdktf/provider-aws/lib/security-group-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { NON_WAIVABLE_RULE_IDS, PhiGuard, REPORT_FILE, Waiver } from '@phi-stack/phi-guard';
import { TerraformElement, TerraformLocal, TerraformVariable, Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { loadRegionConfig, RegionalStack, regionalStackName } from '../src';

const REPO = path.resolve(__dirname, '../../..');
const APPS = fs.readdirSync(path.join(REPO, 'apps')).filter((a) => fs.existsSync(path.join(REPO, 'apps', a, 'region.json')));

interface Variant {
  readonly stack: RegionalStack;
  /** The synth error (empty when the synth passed). */
  readonly error: string;
  /** The phi-guard report written by the synth. */
  readonly report: { waivers: Waiver[]; phi: boolean; findings: { ruleId: string; path: string; message: string }[] };
}

/** Builds the region's stack exactly as its app does, applies `mutate`, and synthesizes with validations on. */
function variant(region: string, mutate: (stack: RegionalStack) => void): Variant {
  const config = loadRegionConfig(path.join(REPO, 'apps', region));
  const app = Testing.app();
  const stack = new RegionalStack(app, regionalStackName(config), { config, target: 'local' });
  mutate(stack);
  let error = '';
  const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    app.synth();
  } catch (err) {
    error = (err as Error).message;
  } finally {
    write.mockRestore();
  }
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', stack.node.id, REPORT_FILE), 'utf8'));
  return { stack, error, report };
}

const child = (scope: IConstruct, id: string): TerraformElement => scope.node.findChild(id) as TerraformElement;
/** `[<rule>] <stack>/<path>: <start of message>`, as the synth error prints it. */
const finding = (stack: RegionalStack, ruleId: string, at: string, message = ''): string => `[${ruleId}] ${stack.node.id}/${at}: ${message}`;

describe.each(APPS)('a %s variant that gets around a control fails the synth', (region) => {
  describe('expressions instead of literals', () => {
    it('evaluates ${false}, a local and a template of literals as Terraform will', () => {
      const { stack, error } = variant(region, (s) => {
        s.database.primary.addOverride('storage_encrypted', '${false}');
        s.cache.replicationGroup.addOverride('transit_encryption_enabled', '${false}');
        const tokens = new TerraformLocal(s, 'imds-tokens', 'optional');
        child(s.web, 'lt').addOverride('metadata_options.http_tokens', tokens.asString);
        child(s.web, 'https').addOverride('protocol', '${"HT"}TP');
      });
      expect(error).toContain(`${finding(stack, 'PHI-RDS-1', 'database/primary', 'storage_encrypted is false')} (set storage_encrypted = true`);
      expect(error).toContain(`${finding(stack, 'PHI-EC-2', 'cache/replication-group', 'transit_encryption_enabled is not true')} (set transit_encryption_enabled = true`);
      expect(error).toContain(`${finding(stack, 'PHI-EC2-1', 'web/lt', 'metadata_options.http_tokens is optional')} (set metadata_options { http_tokens = "required"`);
      expect(error).toContain(`${finding(stack, 'PHI-ALB-2', 'web/https', 'the HTTP listener does not only redirect to HTTPS')} (give the HTTP listener`);
    });

    it('treats a value only known at apply as non-compliant', () => {
      const { stack, error } = variant(region, (s) => {
        const encrypted = new TerraformVariable(s, 'storage_encrypted', { type: 'bool', default: true });
        s.database.primary.addOverride('storage_encrypted', encrypted.booleanValue);
        child(s.web, 'https').addOverride('protocol', '${var.storage_encrypted ? "HTTPS" : "HTTP"}');
      });
      expect(error).toContain(finding(stack, 'PHI-RDS-1', 'database/primary', 'storage_encrypted is "${var.storage_encrypted}" (unknown until apply)'));
      expect(error).toContain(finding(stack, 'PHI-ALB-2', 'web/https', "the listener's protocol is"));
    });
  });

  describe('a second resource for the same bucket', () => {
    it.each([
      [
        'encryption configuration with AES256',
        (s: RegionalStack) =>
          new S3BucketServerSideEncryptionConfigurationA(s, 'second-sse', { bucket: s.images.bucket.id, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }] }),
        ['PHI-S3-1', 'aws_s3_bucket_server_side_encryption_configuration.second-sse: sse_algorithm is AES256'],
        'the default encryption is written by 2 resources',
      ],
      [
        'versioning configuration that suspends versioning',
        (s: RegionalStack) => new S3BucketVersioningA(s, 'second-versioning', { bucket: s.images.bucket.id, versioningConfiguration: { status: 'Suspended' } }),
        ['PHI-S3-4', 'aws_s3_bucket_versioning.second-versioning: versioning status is Suspended'],
        'the versioning is written by 2 resources',
      ],
      [
        'public access block that allows public policies',
        (s: RegionalStack) =>
          new S3BucketPublicAccessBlock(s, 'second-pab', {
            bucket: s.images.bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: false,
            ignorePublicAcls: true,
            restrictPublicBuckets: false,
          }),
        ['PHI-S3-2', 'aws_s3_bucket_public_access_block.second-pab: block_public_policy, restrict_public_buckets not true'],
        'the public access block is written by 2 resources',
      ],
    ])('fails on a second %s of the images bucket, and on the duplicate itself', (_what, add, [rule, weak], duplicate) => {
      const { stack, error } = variant(region, (s) => {
        add(s);
      });
      expect(error).toContain(finding(stack, rule, 'images/bucket'));
      expect(error).toContain(weak);
      expect(error).toContain(`${finding(stack, 'PHI-S3-6', 'images/bucket', duplicate)}`);
      expect(error).toContain('(keep one resource per bucket setting and remove the others');
    });
  });

  describe('the data tier open to the internet', () => {
    it('fails on 0.0.0.0/0 into the database and the cache, by every form of rule', () => {
      const { stack, error } = variant(region, (s) => {
        new VpcSecurityGroupIngressRule(s, 'mysql-from-anywhere', { securityGroupId: s.database.securityGroupId, ipProtocol: 'tcp', fromPort: 3306, toPort: 3306, cidrIpv4: '0.0.0.0/0' });
        new SecurityGroupRule(s, 'redis-from-anywhere', { type: 'ingress', securityGroupId: s.cache.securityGroupId, protocol: 'tcp', fromPort: 6379, toPort: 6379, cidrBlocks: ['0.0.0.0/0'] });
        s.database.securityGroup.addOverride('ingress', [
          { from_port: 3306, to_port: 3306, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: 'office' },
        ]);
      });
      expect(error).toContain(finding(stack, 'PHI-NET-7', 'mysql-from-anywhere', 'aws_vpc_security_group_ingress_rule.mysql-from-anywhere admits tcp/3306 into the data tier'));
      expect(error).toContain('0.0.0.0/0 is the whole internet');
      expect(error).toContain(finding(stack, 'PHI-NET-7', 'redis-from-anywhere', 'aws_security_group_rule.redis-from-anywhere admits tcp/6379 into the data tier'));
      expect(error).toMatch(/\[PHI-NET-7\] [\w-]+\/database\/security-group: an inline ingress block of aws_security_group\.database_security-group_\w+ admits tcp\/3306 into the data tier .*10\.0\.0\.0\/8 is not inside aws_vpc\.network_vpc_\w+ \(10\.\d+\.0\.0\/16\)/);
      expect(error).toContain('(remove that ingress; admit the clients by security group');
      // The declared data tier (PHI-NET-6) flags the same rules as undeclared flows.
      expect(error).toContain('[PHI-NET-6]');
    });

    it('fails on the web tier opened beyond the ALB listener ports', () => {
      const { stack, error } = variant(region, (s) => {
        new VpcSecurityGroupIngressRule(s, 'app-ssh', { securityGroupId: s.web.appSecurityGroupId, ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrIpv4: '0.0.0.0/0' });
        new VpcSecurityGroupIngressRule(s, 'alb-8080', { securityGroupId: s.web.albSecurityGroupId, ipProtocol: 'tcp', fromPort: 8080, toPort: 8080, cidrIpv4: '0.0.0.0/0' });
      });
      expect(error).toContain(finding(stack, 'PHI-NET-8', 'app-ssh', 'aws_vpc_security_group_ingress_rule.app-ssh admits tcp/22 into the web tier'));
      expect(error).toContain(finding(stack, 'PHI-NET-8', 'alb-8080', 'aws_vpc_security_group_ingress_rule.alb-8080 admits tcp/8080 into the web tier'));
      expect(error).toContain('only the listener ports of the load balancer (80, 443) may be open to it');
      // The ALB's own listener ports stay open to the internet.
      expect(error).not.toMatch(/\[PHI-NET-8\] [\w-]+\/web\/alb-in-(80|443)/);
    });
  });

  describe('an AWS-managed key where the rules say customer-managed', () => {
    it('fails PHI-RDS-1 on the aws/rds alias, literal or looked up', () => {
      const { stack, error } = variant(region, (s) => {
        s.database.primary.addOverride('kms_key_id', `arn:aws:kms:${s.config.region}:123456789012:alias/aws/rds`);
        const alias = new DataAwsKmsAlias(s, 'rds-default-key', { name: 'alias/aws/rds' });
        s.database.replicas[0].addOverride('kms_key_id', alias.targetKeyArn);
      });
      expect(error).toContain(finding(stack, 'PHI-RDS-1', 'database/primary', `kms_key_id is the AWS-managed key arn:aws:kms:${stack.config.region}:123456789012:alias/aws/rds`));
      expect(error).toContain(finding(stack, 'PHI-RDS-1', 'database/replica-1', 'kms_key_id is the AWS-managed key alias/aws/rds (looked up by data.aws_kms_alias.rds-default-key)'));
    });

    it('fails every twin: cache, bucket, log group, secret, trail, EBS, Performance Insights', () => {
      const { stack, error } = variant(region, (s) => {
        s.cache.replicationGroup.addOverride('kms_key_id', 'alias/aws/elasticache');
        child(s.images, 'bucket-encryption').addOverride('rule.0.apply_server_side_encryption_by_default.kms_master_key_id', 'alias/aws/s3');
        s.auditTrail.logGroup.addOverride('kms_key_id', 'alias/aws/logs');
        child(s.database, 'master-secret').addOverride('kms_key_id', 'alias/aws/secretsmanager');
        s.auditTrail.trail.addOverride('kms_key_id', 'alias/aws/cloudtrail');
        child(s.web, 'lt').addOverride('block_device_mappings.0.ebs.kms_key_id', 'alias/aws/ebs');
        s.database.primary.addOverride('performance_insights_kms_key_id', 'alias/aws/rds');
      });
      for (const [rule, at] of [
        ['PHI-EC-1', 'cache/replication-group'],
        ['PHI-S3-1', 'images/bucket'],
        ['PHI-LOG-1', 'audit/log-group'],
        ['PHI-SM-1', 'database/master-secret'],
        ['PHI-CT-1', 'audit/trail'],
        ['PHI-EC2-2', 'web/lt'],
        ['PHI-RDS-11', 'database/primary'],
      ]) {
        expect(error).toContain(finding(stack, rule, at));
      }
      expect(error).toContain('kms_key_id is the AWS-managed key alias/aws/elasticache');
      expect(error).toContain('kms_master_key_id is the AWS-managed key alias/aws/s3');
    });
  });

  it('fails on the default parameter group, which drops require_secure_transport', () => {
    const { stack, error } = variant(region, (s) => {
      s.database.primary.addOverride('parameter_group_name', 'default.mysql8.4');
    });
    expect(error).toContain(
      `${finding(stack, 'PHI-RDS-8', 'database/primary', 'parameter_group_name is the default parameter group default.mysql8.4, which cannot be changed and does not set require_secure_transport')} (use a aws_db_parameter_group of the stack with require_secure_transport = ON`,
    );
  });

  describe('self-service waivers', () => {
    it('refuses an opt-out tag or a suppression on a non-waivable control, and says so', () => {
      const { stack, error, report } = variant(region, (s) => {
        s.database.primary.addOverride('storage_encrypted', false);
        s.database.primary.addOverride('tags.phi-stack:opt-out:storage-encrypted', 'the team needs to move fast this quarter');
        child(s.images, 'bucket-encryption').addOverride('rule.0.apply_server_side_encryption_by_default.sse_algorithm', 'AES256');
        s.images.bucket.addOverride('tags.phi-stack:opt-out:encryption', 'SSE-S3 is cheaper than KMS for images');
        s.database.primary.addOverride('parameter_group_name', 'default.mysql8.4');
        PhiGuard.suppress(s.database, 'PHI-RDS-8', 'the app negotiates TLS on its own anyway');
      });
      expect(report.phi).toBe(true);
      expect(error).toContain(finding(stack, 'PHI-RDS-1', 'database/primary', 'storage_encrypted is false; PHI-RDS-1 cannot be waived in a DataClassification=phi stack, so the waiver by tag phi-stack:opt-out:storage-encrypted is refused'));
      expect(error).toContain('PHI-S3-1 cannot be waived in a DataClassification=phi stack, so the waiver by tag phi-stack:opt-out:encryption is refused');
      expect(error).toContain(`PHI-RDS-8 cannot be waived in a DataClassification=phi stack, so the waiver by PhiGuard.suppress on ${stack.node.id}/database is refused`);
      const refused = report.waivers.filter((w) => w.refused.length > 0).map((w) => [w.mechanism, w.key, w.requestedBy, w.refused.map((r) => r.ruleId)]);
      expect(refused).toEqual(
        expect.arrayContaining([
          ['tag', 'phi-stack:opt-out:storage-encrypted', `${stack.node.id}/database/primary`, ['PHI-RDS-1']],
          ['tag', 'phi-stack:opt-out:encryption', `${stack.node.id}/images/bucket`, ['PHI-S3-1']],
          ['suppress', 'PHI-RDS-8', `${stack.node.id}/database`, ['PHI-RDS-8']],
        ]),
      );
    });

    it('lists every accepted waiver in phi-guard.json with who asked for it', () => {
      const { stack, report } = variant(region, (s) => {
        s.database.primary.addOverride('multi_az', false);
        s.database.primary.addOverride('tags.phi-stack:opt-out:multi-az', 'single-AZ while the region is a warm standby');
      });
      expect(report.findings.filter((f) => f.ruleId === 'PHI-RDS-2')).toEqual([]);
      expect(report.waivers).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            mechanism: 'tag',
            key: 'phi-stack:opt-out:multi-az',
            reason: 'single-AZ while the region is a warm standby',
            requestedBy: `${stack.node.id}/database/primary`,
            waived: [expect.objectContaining({ ruleId: 'PHI-RDS-2' })],
            refused: [],
          }),
          // The shipped app's own waivers: SSE-S3 on the log buckets (log delivery supports nothing else).
          expect.objectContaining({ key: 'phi-stack:opt-out:encryption', requestedBy: `${stack.node.id}/web/access-logs`, waived: [expect.objectContaining({ ruleId: 'PHI-S3-1' })] }),
        ]),
      );
    });
  });
});

describe('the non-waivable list', () => {
  it('holds encryption at rest of the PHI stores, TLS to them, public access and the data tier exposure', () => {
    expect(NON_WAIVABLE_RULE_IDS).toEqual(
      expect.arrayContaining(['PHI-RDS-1', 'PHI-EC-1', 'PHI-S3-1', 'PHI-RDS-8', 'PHI-EC-2', 'PHI-S3-3', 'PHI-S3-2', 'PHI-RDS-6', 'PHI-S3-6', 'PHI-NET-7']),
    );
  });
});
