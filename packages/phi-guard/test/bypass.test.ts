/**
 * Unit fixtures for the ways around the pack (the regional-stack suite runs the same classes as
 * variants of the real apps): customer-managed keys, the effective configuration of a bucket, the
 * default parameter group, and waivers in a DataClassification=phi stack.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createContext, customerManagedKeyProblem, HIPAA_RULES, NON_WAIVABLE_RULE_IDS, PhiGuard, REPORT_FILE, renderRuleTable, ruleFiles, SynthResource } from '../src';
import { Block, bucket, data, db, kmsKey, logBucket, paramGroup, REF, res, stackWith, tlsOnlyPolicy, withAttrs } from './fixtures';

/** The AWS provider as the regional stacks configure it: default_tags classify the data. */
const phiProvider = (classification = 'phi'): { apply: (s: import('cdktf').TerraformStack) => void } => ({
  apply: (s) => s.addOverride('provider.aws', [{ region: 'us-east-1', default_tags: [{ tags: { DataClassification: classification, ManagedBy: 'phi-stack' } }] }]),
});

const statusOf = (blocks: readonly Block[], address: string, rule: string): string | undefined => PhiGuard.evaluate(stackWith(blocks).stack).statuses.get(address)?.get(rule);

describe('customer-managed keys', () => {
  const block = (type: string, name: string, config: Record<string, unknown>, kind: SynthResource['kind'] = 'resource'): SynthResource => ({
    kind,
    type,
    name,
    address: kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`,
    path: name,
    config,
  });
  const context = createContext([
    block('aws_kms_key', 'k', {}),
    block('aws_kms_alias', 'a', { name: 'alias/phi-data', target_key_id: '${aws_kms_key.k.key_id}' }),
    block('aws_kms_alias', 'rds', { name: 'alias/aws/rds' }, 'data'),
    block('aws_kms_alias', 'mine', { name: 'alias/phi-data' }, 'data'),
    block('aws_kms_key', 'by_alias', { key_id: 'alias/aws/s3' }, 'data'),
    block('aws_kms_key', 'by_ref', { key_id: '${aws_kms_key.k.arn}' }, 'data'),
  ]);
  const problem = (v: unknown): string | undefined => customerManagedKeyProblem('kms_key_id', v, context, 'aws/rds');

  it.each([
    '${aws_kms_key.k.arn}',
    '${aws_kms_key.k.key_id}',
    '${aws_kms_alias.a.arn}',
    'alias/phi-data',
    'arn:aws:kms:us-east-1:123456789012:alias/phi-data',
    '${data.aws_kms_alias.mine.target_key_arn}',
    '${data.aws_kms_key.by_ref.arn}',
  ])('accepts %s', (v) => {
    expect(problem(v)).toBeUndefined();
  });

  it.each([
    [undefined, 'kms_key_id is not set, so the AWS-managed key aws/rds is used'],
    ['alias/aws/rds', 'kms_key_id is the AWS-managed key alias/aws/rds'],
    ['aws/rds', 'kms_key_id is the AWS-managed key aws/rds'],
    ['arn:aws:kms:us-east-1:123456789012:alias/aws/rds', 'kms_key_id is the AWS-managed key arn:aws:kms:us-east-1:123456789012:alias/aws/rds'],
    ['${data.aws_kms_alias.rds.target_key_arn}', 'kms_key_id is the AWS-managed key alias/aws/rds (looked up by data.aws_kms_alias.rds)'],
    ['${data.aws_kms_key.by_alias.arn}', 'kms_key_id is the AWS-managed key alias/aws/s3 (looked up by data.aws_kms_key.by_alias)'],
    ['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', 'which the guard cannot tell from an AWS-managed key at synth'],
    ['${var.key_arn}', 'kms_key_id refers to var.key_arn, which is not a customer-managed key of this stack'],
    ['${var.cmk ? aws_kms_key.k.arn : "alias/aws/rds"}', 'which the guard cannot trace to a customer-managed key'],
  ])('rejects %s', (v, message) => {
    expect(problem(v)).toContain(message);
  });
});

describe('the effective configuration of a bucket', () => {
  const sse = (name: string, algorithm: string, key?: string): Block =>
    res('aws_s3_bucket_server_side_encryption_configuration', name, { bucket: REF.bucket, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: algorithm, kms_master_key_id: key } }] });

  it('judges every writer of a setting, not the best one', () => {
    const blocks = [kmsKey, bucket, sse('good', 'aws:kms', REF.key), sse('weak', 'AES256')];
    const findings = PhiGuard.check(stackWith(blocks).stack).filter((f) => f.ruleId === 'PHI-S3-1' || f.ruleId === 'PHI-S3-6');
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual([
      'PHI-S3-1 default encryption is not aws:kms with a customer-managed key: aws_s3_bucket_server_side_encryption_configuration.weak: sse_algorithm is AES256, not aws:kms',
      'PHI-S3-6 the default encryption is written by 2 resources (aws_s3_bucket_server_side_encryption_configuration.good, aws_s3_bucket_server_side_encryption_configuration.weak)',
    ]);
  });

  it('counts an inline attribute of aws_s3_bucket as a writer', () => {
    const inline = withAttrs(bucket, { versioning: { enabled: false } });
    const blocks = [inline, res('aws_s3_bucket_versioning', 'v', { bucket: REF.bucket, versioning_configuration: { status: 'Enabled' } })];
    const run = PhiGuard.evaluate(stackWith(blocks).stack);
    expect(run.statuses.get('aws_s3_bucket.b')?.get('PHI-S3-4')).toBe('non-compliant');
    expect(run.findings.find((f) => f.ruleId === 'PHI-S3-6')?.message).toBe('the versioning is written by 2 resources (aws_s3_bucket.b (inline versioning), aws_s3_bucket_versioning.v)');
  });

  it('requires every public access block and every policy to hold', () => {
    const pab = (name: string, on: boolean): Block =>
      res('aws_s3_bucket_public_access_block', name, { bucket: REF.bucket, block_public_acls: true, block_public_policy: on, ignore_public_acls: true, restrict_public_buckets: true });
    expect(statusOf([bucket, pab('one', true), pab('two', false)], 'aws_s3_bucket.b', 'PHI-S3-2')).toBe('non-compliant');
    const policy = (name: string, doc: string): Block => res('aws_s3_bucket_policy', name, { bucket: REF.bucket, policy: doc });
    expect(statusOf([bucket, policy('tls', tlsOnlyPolicy), policy('open', '{"Statement":[]}')], 'aws_s3_bucket.b', 'PHI-S3-3')).toBe('non-compliant');
    expect(statusOf([bucket, policy('tls', '${var.policy}')], 'aws_s3_bucket.b', 'PHI-S3-3')).toBe('non-compliant');
  });

  it('flags a second ownership or logging resource too', () => {
    const own = (name: string): Block => res('aws_s3_bucket_ownership_controls', name, { bucket: REF.bucket, rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(statusOf([bucket, own('own_a'), own('own_b')], 'aws_s3_bucket.b', 'PHI-S3-6')).toBe('non-compliant');
    const log = (name: string): Block => res('aws_s3_bucket_logging', name, { bucket: REF.bucket, target_bucket: REF.logs });
    expect(statusOf([bucket, logBucket, log('log_a'), log('log_b')], 'aws_s3_bucket.b', 'PHI-S3-6')).toBe('non-compliant');
    expect(statusOf([bucket, logBucket, log('log_a')], 'aws_s3_bucket.b', 'PHI-S3-6')).toBe('compliant');
  });
});

describe('PHI-RDS-8 parameter groups', () => {
  const withGroup = (name: unknown, blocks: Block[] = []): string[] =>
    PhiGuard.check(stackWith([...blocks, withAttrs(db, { parameter_group_name: name })]).stack)
      .filter((f) => f.ruleId === 'PHI-RDS-8')
      .map((f) => f.message);

  it('rejects a default parameter group', () => {
    expect(withGroup('default.mysql8.0')).toEqual(['parameter_group_name is the default parameter group default.mysql8.0, which cannot be changed and does not set require_secure_transport']);
  });

  it('rejects a group it cannot read: outside the stack, or chosen at apply', () => {
    expect(withGroup('shared-mysql')).toEqual(['parameter_group_name names shared-mysql, which is no aws_db_parameter_group of this stack']);
    expect(withGroup('${var.group}')).toEqual(['parameter_group_name is "${var.group}" (unknown until apply), which names no aws_db_parameter_group of this stack']);
  });

  it('reads the group by name or reference, every entry of the parameter', () => {
    expect(withGroup('${aws_db_parameter_group.pg.name}', [paramGroup])).toEqual([]);
    expect(withGroup('tls-on', [withAttrs(paramGroup, { name: 'tls-on' })])).toEqual([]);
    const twice = withAttrs(paramGroup, { parameter: [{ name: 'require_secure_transport', value: 'ON' }, { name: 'require_secure_transport', value: '0' }] });
    expect(withGroup('${aws_db_parameter_group.pg.name}', [twice])).toEqual(['aws_db_parameter_group.pg sets require_secure_transport = 0']);
    const unknown = withAttrs(paramGroup, { parameter: [{ name: 'require_secure_transport', value: '${var.tls}' }] });
    expect(withGroup('${aws_db_parameter_group.pg.name}', [unknown])).toEqual(['aws_db_parameter_group.pg sets require_secure_transport to "${var.tls}" (unknown until apply)']);
  });
});

describe('waivers in a DataClassification=phi stack', () => {
  const unencrypted = withAttrs(db, { storage_encrypted: false, tags: { 'phi-stack:opt-out:storage-encrypted': 'the team needs to move fast this quarter' } });
  const singleAz = withAttrs(db, { multi_az: false, tags: { 'phi-stack:opt-out:multi-az': 'single-AZ staging copy without patient data' } });

  it('lists the non-waivable rules, which exist in the pack', () => {
    const ids = HIPAA_RULES.map((r) => r.id);
    expect(NON_WAIVABLE_RULE_IDS.every((id) => ids.includes(id))).toBe(true);
    expect(NON_WAIVABLE_RULE_IDS).toEqual(expect.arrayContaining(['PHI-RDS-1', 'PHI-RDS-6', 'PHI-RDS-8', 'PHI-EC-1', 'PHI-EC-2', 'PHI-S3-1', 'PHI-S3-2', 'PHI-S3-3', 'PHI-S3-6', 'PHI-NET-7']));
    const table = renderRuleTable(HIPAA_RULES, ruleFiles(path.resolve(__dirname, '..')));
    expect(table).toMatch(/\| PHI-RDS-1 \| error \| .* \| \*\*no\*\* \|/);
    expect(table).toMatch(/\| PHI-S3-1 \| error \| .* \| only on a bucket that only receives logs \|/);
  });

  it('refuses a tag on a non-waivable rule when the provider classifies the data as PHI', () => {
    const { app, stack } = stackWith([paramGroup, unencrypted]);
    phiProvider().apply(stack);
    const run = PhiGuard.evaluate(stack);
    expect(run.phi).toBe(true);
    expect(run.statuses.get('aws_db_instance.db')?.get('PHI-RDS-1')).toBe('non-compliant');
    expect(run.waivers).toEqual([
      expect.objectContaining({ mechanism: 'tag', key: 'phi-stack:opt-out:storage-encrypted', requestedBy: 'test/db', waived: [], refused: [expect.objectContaining({ ruleId: 'PHI-RDS-1' })] }),
    ]);
    PhiGuard.apply(stack, { printSummary: false });
    expect(() => app.synth()).toThrow(
      '[PHI-RDS-1] test/db: storage_encrypted is false; PHI-RDS-1 cannot be waived in a DataClassification=phi stack, so the waiver by tag phi-stack:opt-out:storage-encrypted is refused (set storage_encrypted = true',
    );
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'stacks', 'test', REPORT_FILE), 'utf8'));
    expect(report.summary).toEqual(expect.objectContaining({ waivers: 1, refusedWaivers: 1 }));
    expect(report.rules.find((r: { id: string }) => r.id === 'PHI-RDS-1').waivable).toBe('no');
  });

  it('refuses PhiGuard.suppress the same way', () => {
    const { stack } = stackWith([withAttrs(db, { parameter_group_name: 'default.mysql8.0' })]);
    phiProvider().apply(stack);
    PhiGuard.suppress(stack.node.findChild('db'), 'PHI-RDS-8', 'the application negotiates TLS itself');
    const run = PhiGuard.evaluate(stack);
    expect(run.findings.find((f) => f.ruleId === 'PHI-RDS-8')?.message).toContain('so the waiver by PhiGuard.suppress on test/db is refused');
    expect(run.waivers).toEqual([expect.objectContaining({ mechanism: 'suppress', key: 'PHI-RDS-8', requestedBy: 'test/db', refused: [expect.objectContaining({ ruleId: 'PHI-RDS-8' })] })]);
  });

  it('accepts a waivable rule and records who asked for it', () => {
    const { stack } = stackWith([paramGroup, singleAz]);
    phiProvider().apply(stack);
    const run = PhiGuard.evaluate(stack);
    expect(run.findings).toEqual([]);
    expect(run.suppressed).toEqual([expect.objectContaining({ ruleId: 'PHI-RDS-2', requestedBy: 'test/db', suppressedBy: 'tag phi-stack:opt-out:multi-az' })]);
    expect(run.waivers).toEqual([expect.objectContaining({ key: 'phi-stack:opt-out:multi-az', waived: [expect.objectContaining({ ruleId: 'PHI-RDS-2' })], refused: [] })]);
  });

  it('still accepts any waiver outside PHI stacks', () => {
    const { stack } = stackWith([paramGroup, unencrypted]);
    phiProvider('internal').apply(stack);
    const run = PhiGuard.evaluate(stack);
    expect(run.phi).toBe(false);
    expect(run.statuses.get('aws_db_instance.db')?.get('PHI-RDS-1')).toBe('suppressed');
  });

  it('waives SSE-S3 on a bucket that only receives logs, never on a PHI bucket', () => {
    const sseS3 = (bucketRef: string, name: string): Block =>
      res('aws_s3_bucket_server_side_encryption_configuration', name, { bucket: bucketRef, rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] });
    const tag = { tags: { 'phi-stack:opt-out:encryption': 'log delivery supports SSE-S3 only' } };
    const blocks = [
      withAttrs(bucket, tag),
      withAttrs(logBucket, tag),
      sseS3(REF.bucket, 'images_sse'),
      sseS3(REF.logs, 'logs_sse'),
      res('aws_s3_bucket_logging', 'log', { bucket: REF.bucket, target_bucket: REF.logs }),
    ];
    const { stack } = stackWith(blocks);
    phiProvider().apply(stack);
    const statuses = PhiGuard.evaluate(stack).statuses;
    expect(statuses.get('aws_s3_bucket.logs')?.get('PHI-S3-1')).toBe('suppressed');
    expect(statuses.get('aws_s3_bucket.b')?.get('PHI-S3-1')).toBe('non-compliant');
  });

  it('lists opt-out tags that waive nothing today, so that every recorded decision is visible', () => {
    const { stack } = stackWith([withAttrs(kmsKey, { tags: { 'phi-stack:opt-out:waf': 'internal tool behind the corporate VPN' } })]);
    expect(PhiGuard.evaluate(stack).waivers).toEqual([
      { mechanism: 'tag', key: 'phi-stack:opt-out:waf', reason: 'internal tool behind the corporate VPN', requestedBy: 'test/key', address: 'aws_kms_key.key', waived: [], refused: [] },
    ]);
  });
});

describe('tightened readings', () => {
  it('reads a JSON policy with references inside its strings', () => {
    const policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '${aws_s3_bucket.b.arn}/*' }] });
    const findings = PhiGuard.check(stackWith([res('aws_iam_policy', 'p', { name: 'x', policy })]).stack).filter((f) => f.ruleId === 'PHI-IAM-1');
    expect(findings.map((f) => f.message)).toEqual(['the policy allows s3:*']);
  });

  it('catches an admin policy ARN whose partition is an expression', () => {
    const attach = res('aws_iam_role_policy_attachment', 'a', { role: 'web', policy_arn: 'arn:${data.aws_partition.p.partition}:iam::aws:policy/AdministratorAccess' });
    expect(PhiGuard.check(stackWith([attach, data('aws_partition', 'p', {})]).stack).map((f) => f.ruleId)).toContain('PHI-IAM-2');
  });
});
