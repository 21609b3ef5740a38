import { TerraformStack, Testing } from 'cdktf';
import { CLOUDWATCH_LOG_RETENTION_DAYS, logRetentionProblem, PhiKey, PhiKeyProps } from '../src';

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
    expect(keyName).toMatch(/^log-key_[0-9A-F]{8}$/); // cdktf drops the repeated "key" from the logical id
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

describe('CloudWatch Logs retention', () => {
  it('accepts exactly the values CloudWatch Logs takes', () => {
    for (const days of CLOUDWATCH_LOG_RETENTION_DAYS) expect(logRetentionProblem('logRetentionDays', days)).toBeUndefined();
    expect(logRetentionProblem('logRetentionDays', 2000)).toBe(`logRetentionDays must be a CloudWatch Logs retention (got 2000): one of ${CLOUDWATCH_LOG_RETENTION_DAYS.join(', ')}`);
    expect(logRetentionProblem('flowLogRetentionDays', '30')).toContain('flowLogRetentionDays must be a CloudWatch Logs retention (got 30)');
  });
});
