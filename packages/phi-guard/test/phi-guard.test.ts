import * as fs from 'node:fs';
import * as path from 'node:path';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, Aspects, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { expectNoFindings, HIPAA_RULES, PhiGuard, REPORT_FILE } from '../src';
import { addBlocks, bucket, db, kmsKey, logBucket, paramGroup, REF, res, stackWith, withAttrs } from './fixtures';

function dbStack(app: App): { stack: TerraformStack; instance: DbInstance } {
  const stack = new TerraformStack(app, 'phi');
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  addBlocks(stack, [kmsKey, paramGroup]);
  const instance = new DbInstance(stack, 'db', {
    engine: 'mysql',
    instanceClass: 'db.t3.micro',
    allocatedStorage: 20,
    storageEncrypted: true,
    kmsKeyId: REF.key,
    multiAz: true,
    deletionProtection: true,
    backupRetentionPeriod: 35,
    enabledCloudwatchLogsExports: ['audit', 'error'],
    parameterGroupName: '${aws_db_parameter_group.pg.name}',
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: REF.key,
  });
  return { stack, instance };
}

describe('PhiGuard', () => {
  it('passes a compliant stack built from provider classes', () => {
    const app = Testing.app();
    const { stack } = dbStack(app);
    PhiGuard.apply(stack, { printSummary: false });
    expect(() => app.synth()).not.toThrow();
    expectNoFindings(stack);
  });

  it('catches an addOverride that turns off storage encryption', () => {
    const app = Testing.app();
    const { stack, instance } = dbStack(app);
    instance.addOverride('storage_encrypted', false);
    PhiGuard.apply(stack, { printSummary: false });
    expect(() => app.synth()).toThrow('[PHI-RDS-1] phi/db: storage_encrypted is false (set storage_encrypted = true and kms_key_id to a customer-managed aws_kms_key)');
  });

  it('catches a stack-level override and the Testing.synth validation path', () => {
    const app = Testing.app();
    const { stack } = dbStack(app);
    stack.addOverride('resource.aws_db_instance.db.multi_az', false);
    Aspects.of(stack).add(new PhiGuard({ printSummary: false }));
    expect(() => Testing.synth(stack, true)).toThrow('[PHI-RDS-2] phi/db: multi_az is not enabled on the primary (set multi_az = true)');
  });

  it('accepts a token that refers to a key of the stack, not one only known at apply', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'tokens');
    const key = new TerraformVariable(stack, 'log_key', { type: 'string' });
    addBlocks(stack, [kmsKey, res('aws_cloudwatch_log_group', 'lg', { name: '/app', retention_in_days: 365 })]);
    const group = stack.node.findChild('lg') as unknown as { addOverride(p: string, v: unknown): void };
    group.addOverride('kms_key_id', '${aws_kms_key.key.arn}');
    expect(PhiGuard.check(stack).filter((f) => f.ruleId === 'PHI-LOG-1')).toEqual([]);
    // A variable may be given any key (aws/logs included) by tfvars or TF_VAR_key: unknown is not compliant.
    group.addOverride('kms_key_id', key.stringValue);
    expect(PhiGuard.check(stack).filter((f) => f.ruleId === 'PHI-LOG-1').map((f) => f.message)).toEqual(['kms_key_id refers to var.log_key, which is not a customer-managed key of this stack']);
  });

  it('lists every error finding in the synth error, one line each', () => {
    const { app, stack } = stackWith([withAttrs(db, { multi_az: false, deletion_protection: false }), paramGroup]);
    PhiGuard.apply(stack, { printSummary: false });
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('[PHI-RDS-2] test/db: multi_az is not enabled on the primary (set multi_az = true)');
    expect(message).toContain('[PHI-RDS-3] test/db: deletion_protection is not enabled (set deletion_protection = true)');
  });

  it('does not fail the synth on warnings unless asked to', () => {
    const subnet = res('aws_subnet', 's', { vpc_id: 'vpc-1', cidr_block: '10.0.0.0/24', map_public_ip_on_launch: true });
    const { app, stack } = stackWith([subnet]);
    PhiGuard.apply(stack, { printSummary: false });
    expect(() => app.synth()).not.toThrow();
    expect(PhiGuard.check(stack).map((f) => [f.ruleId, f.level])).toEqual([['PHI-VPC-2', 'warning']]);
  });

  it('prints a one-line summary to stderr', () => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const { app, stack } = stackWith([bucket]);
      PhiGuard.apply(stack);
      expect(() => app.synth()).toThrow();
      const lines = write.mock.calls.map((c) => String(c[0]));
      expect(lines).toContain(`phi-guard test: 9 checks, 5 findings, 0 suppressed, ${HIPAA_RULES.length} rules\n`);
    } finally {
      write.mockRestore();
    }
  });

  it('rejects duplicate rule ids', () => {
    expect(() => new PhiGuard({ rules: [HIPAA_RULES[0], HIPAA_RULES[0]] })).toThrow("PhiGuard: rules must have unique ids (got 'PHI-RDS-1' twice)");
  });
});

describe('PhiGuard.suppress', () => {
  it('rejects a reason shorter than 10 characters', () => {
    const { stack } = stackWith([bucket]);
    expect(() => PhiGuard.suppress(stack.node.findChild('b'), 'PHI-S3-5', 'legacy')).toThrow(
      "test/b: reason for suppressing PHI-S3-5 must be at least 10 characters (got 'legacy'): say why the safeguard does not apply or what compensates for it",
    );
  });

  it('rejects an unknown rule id', () => {
    const { stack } = stackWith([bucket]);
    expect(() => PhiGuard.suppress(stack, 'PHI-S3-99', 'the bucket is a fixture')).toThrow("test: ruleId must be the id of a phi-guard rule, e.g. PHI-RDS-1 (got 'PHI-S3-99')");
  });

  it('applies to the construct subtree only and is listed in the report', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'scoped');
    const assets = new Construct(stack, 'assets');
    addBlocks(assets, [res('aws_s3_bucket', 'public', { bucket: 'marketing-assets' })]);
    addBlocks(stack, [res('aws_s3_bucket', 'other', { bucket: 'other-assets' })]);
    PhiGuard.suppress(assets, 'PHI-S3-5', 'marketing assets hold no PHI and are logged by CloudFront');

    const run = PhiGuard.evaluate(stack);
    const publicAddress = run.blocks.find((b) => b.path === 'scoped/assets/public')!.address;
    expect(run.statuses.get(publicAddress)?.get('PHI-S3-5')).toBe('suppressed');
    expect(run.statuses.get('aws_s3_bucket.other')?.get('PHI-S3-5')).toBe('non-compliant');
    expect(run.suppressed.filter((s) => s.ruleId === 'PHI-S3-5')).toEqual([
      expect.objectContaining({ path: 'scoped/assets/public', reason: 'marketing assets hold no PHI and are logged by CloudFront', suppressedBy: 'PhiGuard.suppress on scoped/assets' }),
    ]);

    PhiGuard.apply(stack, { printSummary: false });
    expect(() => app.synth()).toThrow(/\[PHI-S3-5\] scoped\/other: /);
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'scoped', REPORT_FILE), 'utf8'));
    expect(report.suppressions).toEqual([{ path: 'scoped/assets', ruleId: 'PHI-S3-5', reason: 'marketing assets hold no PHI and are logged by CloudFront', matched: 1 }]);
    expect(report.suppressed).toHaveLength(1);
  });

  it('honours a module opt-out tag that carries a reason', () => {
    const { stack } = stackWith([paramGroup, withAttrs(db, { multi_az: false, tags: { 'phi-stack:opt-out:multi-az': 'single-AZ staging database without PHI' } })]);
    const run = PhiGuard.evaluate(stack);
    expect(run.statuses.get('aws_db_instance.db')?.get('PHI-RDS-2')).toBe('suppressed');
    expect(run.suppressed[0]).toEqual(expect.objectContaining({ ruleId: 'PHI-RDS-2', suppressedBy: 'tag phi-stack:opt-out:multi-az' }));
  });
});

describe('report', () => {
  it('holds every rule × block result and the summary', () => {
    const { app, stack } = stackWith([kmsKey, bucket, logBucket, res('aws_s3_bucket_logging', 'log', { bucket: REF.bucket, target_bucket: REF.logs })]);
    PhiGuard.apply(stack, { printSummary: false });
    expect(() => app.synth()).toThrow();
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'test', 'phi-guard.json'), 'utf8'));
    expect(report.stack).toBe('test');
    expect(report.rules).toHaveLength(HIPAA_RULES.length);
    expect(report.resources.map((r: { address: string }) => r.address)).toEqual([
      'aws_kms_key.key',
      'aws_s3_bucket.b',
      'aws_s3_bucket.logs',
      'aws_s3_bucket_logging.log',
    ]);
    for (const r of report.resources) {
      const all = [...r.compliant, ...r.nonCompliant, ...r.suppressed, ...r.notApplicable];
      expect(all.sort()).toEqual(HIPAA_RULES.map((x) => x.id).sort());
    }
    const b = report.resources.find((r: { address: string }) => r.address === 'aws_s3_bucket.b');
    expect(b.compliant).toContain('PHI-S3-5');
    expect(b.nonCompliant).toEqual(['PHI-S3-1', 'PHI-S3-2', 'PHI-S3-3', 'PHI-S3-4']);
    expect(report.summary).toEqual(expect.objectContaining({ findings: report.findings.length, errors: report.findings.length, warnings: 0, suppressed: 0, rules: HIPAA_RULES.length }));
    expect(report.findings[0]).toEqual(expect.objectContaining({ ruleId: 'PHI-S3-1', path: 'test/b', level: 'error' }));
  });
});

describe('performance', () => {
  it('checks a 150-resource stack in a few ms per resource', () => {
    const blocks = [];
    for (let i = 0; i < 30; i++) {
      blocks.push(res('aws_s3_bucket', `b${i}`, { bucket: `bucket-${i}`, tags: { Team: 'platform' } }));
      blocks.push(res('aws_cloudwatch_log_group', `lg${i}`, { name: `/app/${i}`, kms_key_id: REF.key, retention_in_days: 365 }));
      blocks.push(res('aws_db_instance', `db${i}`, { ...db.config }));
      blocks.push(res('aws_subnet', `s${i}`, { vpc_id: 'vpc-1', cidr_block: `10.0.${i}.0/24` }));
      blocks.push(res('aws_security_group', `sg${i}`, { name: `sg-${i}`, ingress: [{ from_port: 443, to_port: 443, protocol: 'tcp', cidr_blocks: ['10.0.0.0/8'] }] }));
    }
    const { stack } = stackWith(blocks);
    PhiGuard.evaluate(stack); // warm-up
    const start = process.hrtime.bigint();
    const run = PhiGuard.evaluate(stack);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(run.blocks).toHaveLength(150);
    expect(ms / 150).toBeLessThan(3);
  });
});
