import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { accountAdministrationStatement, CLOUDWATCH_LOG_RETENTION_DAYS, formerAddress, keyPolicyStatement, logRetentionProblem, PhiKey, PhiKeyProps } from '../src';

// Synthesized Terraform JSON is untyped; tests index into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-web';
const props = (over: Partial<PhiKeyProps> = {}): PhiKeyProps => ({ description: 'Encrypts the request log of web', alias: { owner: 'web', purpose: 'waf-logs' }, ...over });
const build = (over: Partial<PhiKeyProps>) => () => new PhiKey(new TerraformStack(Testing.app(), 'stack'), 'log-key', props(over));

describe('PhiKey', () => {
  it('makes a rotating key with a 30-day window, an alias under alias/phi-stack/<owner>/<purpose> and the account plus named grants in its policy', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const key = new PhiKey(stack, 'log-key', props({ grants: [PhiKey.cloudWatchLogsGrant('Logs', 'us-east-1', LOG_GROUP)], tags: { Name: 'web-waf-logs' } }));
    const json = JSON.parse(Testing.synth(stack)) as Json;
    const [[keyName, kms]] = Object.entries<Json>(json.resource.aws_kms_key);
    // The key's id `Default` is left out of logical ids: the key has the address of an aws_kms_key with the PhiKey's id.
    expect(keyName).toBe('log-key');
    expect(kms).toMatchObject({ description: 'Encrypts the request log of web', enable_key_rotation: true, deletion_window_in_days: 30, tags: { Name: 'web-waf-logs' } });
    expect(Object.values<Json>(json.resource.aws_kms_alias)[0]).toEqual(expect.objectContaining({ name: 'alias/phi-stack/web/waf-logs', target_key_id: `\${aws_kms_key.${keyName}.key_id}` }));
    expect(key.aliasName).toBe('alias/phi-stack/web/waf-logs');
    const policy = Object.values<Json>(json.data.aws_iam_policy_document)[0];
    expect(policy.statement.map((s: Json) => s.sid)).toEqual(['AccountAdministration', 'Logs']);
    expect(policy.statement[0].principals[0].identifiers[0]).toMatch(/^arn:\$\{data\.aws_partition\..*\.partition\}:iam::\$\{data\.aws_caller_identity\..*\.account_id\}:root$/);
    expect(policy.statement[1]).toEqual({
      sid: 'Logs',
      effect: 'Allow',
      principals: [{ type: 'Service', identifiers: ['logs.us-east-1.amazonaws.com'] }],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      condition: [{ test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [LOG_GROUP] }],
    });
    expect(kms.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.log-key_key-policy_[0-9A-F]{8}\.json\}$/);
  });

  it('collects every problem of its props before throwing, naming the construct path', () => {
    const logs = PhiKey.cloudWatchLogsGrant('Logs', 'us-east-1', LOG_GROUP);
    const fn = build({
      description: '',
      alias: { owner: 'web acl', purpose: 'waf-logs' },
      deletionWindowInDays: 45,
      grants: [logs, logs, { sid: 'Bad-Sid', principals: [], actions: ['s3:GetObject'] }],
    });
    expect(fn).toThrow(/^stack\/log-key: 7 problems:/);
    expect(fn).toThrow("grants: 'Bad-Sid' names no principal");
    expect(fn).toThrow('description must be 1-8192 characters (got "")');
    expect(fn).toThrow(`alias.owner must be letters, digits, '/', '_' or '-', not starting with '/' (got "web acl")`);
    expect(fn).toThrow('deletionWindowInDays must be an integer from 7 to 30 (got 45)');
    expect(fn).toThrow("grants: the sid 'Logs' is used twice");
    expect(fn).toThrow("grants: a sid must be 1-64 letters or digits (got 'Bad-Sid')");
    expect(fn).toThrow(`grants: 'Bad-Sid' must list kms: actions (got ["s3:GetObject"])`);
    expect(build({ alias: { owner: 'o'.repeat(240), purpose: 'logs' } })).toThrow(/^stack\/log-key: alias.owner and alias.purpose make an alias of 261 characters/);
  });
});

describe('PhiKey in a module', () => {
  const synthModule = (make: (module: Construct) => void) => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    make(new Construct(stack, 'acl'));
    return JSON.parse(Testing.synth(stack)) as Json;
  };

  it('keeps the address a key with the PhiKey id had, and moves a key or an alias from where it was', () => {
    const json = synthModule((acl) => {
      new PhiKey(acl, 'key', props());
      new PhiKey(acl, 'log-key', props({ alias: { owner: 'web', purpose: 'other' }, movedFrom: { key: 'log-key/key', alias: 'log-alias' } }));
    });
    const before = synthModule((acl) => {
      new KmsKey(acl, 'key', { description: 'before' });
      new KmsKey(new Construct(acl, 'log-key'), 'key', { description: 'before' });
      new KmsAlias(acl, 'log-alias', { name: 'alias/phi-stack/web/other', targetKeyId: 'k' });
    });
    const [keyAddress, oldLogKey] = Object.keys(before.resource.aws_kms_key).map((n) => `aws_kms_key.${n}`);
    expect(Object.keys(json.resource.aws_kms_key).map((n) => `aws_kms_key.${n}`)).toContain(keyAddress);
    const logKey = Object.keys(json.resource.aws_kms_key).find((n) => `aws_kms_key.${n}` !== keyAddress);
    const logAlias = Object.entries<Json>(json.resource.aws_kms_alias).find(([, a]) => a.name === 'alias/phi-stack/web/other')![0];
    expect(json.moved).toEqual([
      { from: oldLogKey, to: `aws_kms_key.${logKey}` },
      { from: `aws_kms_alias.${Object.keys(before.resource.aws_kms_alias)[0]}`, to: `aws_kms_alias.${logAlias}` },
    ]);
  });

  it('refuses a moved block from the address the resource has now', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    expect(() => new PhiKey(stack, 'log-key', props({ movedFrom: { key: 'log-key' } }))).toThrow(
      "stack/log-key: movedFrom.key must name where the resource was before (got 'log-key', which is its address now, aws_kms_key.log-key)",
    );
    expect(() => new PhiKey(stack, 'other-key', props({ movedFrom: { alias: 'a//b' } }))).toThrow("stack/other-key: movedFrom.alias must be construct ids below the PhiKey's scope joined by '/' (got 'a//b')");
  });

  it('adds a legacy alias where the module had it, and refuses a name KMS refuses', () => {
    const json = synthModule((acl) => new PhiKey(acl, 'key', props()).addLegacyAlias(acl, 'key-alias', 'alias/web-logs'));
    const before = synthModule((acl) => new KmsAlias(acl, 'key-alias', { name: 'alias/web-logs', targetKeyId: 'k' }));
    const legacy = Object.keys(before.resource.aws_kms_alias)[0];
    expect(json.resource.aws_kms_alias[legacy]).toMatchObject({ name: 'alias/web-logs', target_key_id: `\${aws_kms_key.${Object.keys(json.resource.aws_kms_key)[0]}.key_id}` });
    expect(Object.values<Json>(json.resource.aws_kms_alias).map((a) => a.name).sort()).toEqual(['alias/phi-stack/web/waf-logs', 'alias/web-logs']);
    const key = new PhiKey(new TerraformStack(Testing.app(), 'stack'), 'key', props());
    expect(() => key.addLegacyAlias(key, 'a', 'alias/aws/rds')).toThrow("stack/key: a legacy alias must be alias/ and letters, digits, '/', '_' or '-', not under alias/aws/ (got 'alias/aws/rds')");
    expect(() => key.addLegacyAlias(key, 'b', `alias/${'x'.repeat(251)}`)).toThrow('stack/key: a legacy alias must be at most 256 characters (got 257');
  });

  it('leaves the policy to a separate aws_kms_key_policy with externalKeyPolicy, which starts with the account statement', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    const key = new PhiKey(stack, 'key', props({ externalKeyPolicy: { reason: 'the policy names the distribution that names the key' } }));
    new KmsKeyPolicy(stack, 'key-policy', { keyId: key.keyId, policy: JSON.stringify({ Version: '2012-10-17', Statement: [accountAdministrationStatement(stack)] }) });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.resource.aws_kms_key.key.policy).toBeUndefined();
    expect(json.data?.aws_iam_policy_document).toBeUndefined();
    expect(JSON.parse(json.resource.aws_kms_key_policy['key-policy'].policy).Statement).toEqual([{
      Sid: 'AccountAdministration',
      Effect: 'Allow',
      Principal: { AWS: expect.stringMatching(/^arn:\$\{.*partition\}:iam::\$\{.*account_id\}:root$/) },
      Action: 'kms:*',
      Resource: '*',
    }]);
    expect(build({ externalKeyPolicy: { reason: 'n/a' }, grants: [PhiKey.cloudWatchLogsGrant('Logs', 'us-east-1', LOG_GROUP)] })).toThrow(/^stack\/log-key: 2 problems:/);
    expect(build({ externalKeyPolicy: { reason: 'n/a' }, grants: [PhiKey.cloudWatchLogsGrant('Logs', 'us-east-1', LOG_GROUP)] })).toThrow('grants must be empty with externalKeyPolicy (got 1)');
    expect(build({ externalKeyPolicy: { reason: 'n/a' } })).toThrow('externalKeyPolicy.reason must state the reason in at least');
  });

  it('writes a grant as policy JSON in IAM names, one-element lists as one value', () => {
    expect(keyPolicyStatement(PhiKey.cloudWatchLogsGrant('Logs', 'eu-west-1', [`${LOG_GROUP}*`, LOG_GROUP]))).toEqual({
      Sid: 'Logs',
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': [`${LOG_GROUP}*`, LOG_GROUP] } },
    });
    expect(PhiKey.cloudWatchLogsGrant('Logs', 'eu-west-1', LOG_GROUP).conditions![0].test).toBe('ArnEquals');
  });

  it('computes a former address the way the stack computes logical ids', () => {
    const now = new Construct(new TerraformStack(Testing.app(), 'stack'), 'network');
    const before = new TerraformStack(Testing.app(), 'stack');
    const alias = new KmsAlias(new Construct(new Construct(before, 'network'), 'flow-logs'), 'kms-alias', { name: 'alias/x', targetKeyId: 'k' });
    expect(formerAddress(now, 'aws_kms_alias', 'flow-logs/kms-alias')).toBe(`aws_kms_alias.${alias.friendlyUniqueId}`);
    expect(() => formerAddress(now, 'aws_kms_alias', 'flow-logs/')).toThrow("stack/network: the former path must be construct ids joined by '/' (got 'flow-logs/')");
  });
});

describe('CloudWatch Logs retention', () => {
  it('accepts exactly the values CloudWatch Logs takes', () => {
    for (const days of CLOUDWATCH_LOG_RETENTION_DAYS) expect(logRetentionProblem('logRetentionDays', days)).toBeUndefined();
    expect(logRetentionProblem('logRetentionDays', 2000)).toBe(`logRetentionDays must be a CloudWatch Logs retention (got 2000): one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')}`);
    expect(logRetentionProblem('flowLogRetentionDays', '30')).toContain('flowLogRetentionDays must be a CloudWatch Logs retention (got 30)');
  });
});
