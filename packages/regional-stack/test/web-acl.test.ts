import { Testing, TerraformStack } from 'cdktf';
import { WEB_ACL_RULE_GROUPS, WebAcl, WebAclProps } from '../src';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

function synthAll(props: Partial<WebAclProps> = {}): Json {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new WebAcl(stack, 'acl', { name: 'phi-web', scope: 'REGIONAL', ...props });
  return JSON.parse(Testing.synth(stack)) as Json;
}
const synth = (props: Partial<WebAclProps> = {}): Json => Object.values(synthAll(props).resource.aws_wafv2_web_acl)[0] as Json;
const only = (json: Json, type: string): [string, Json] => {
  const entries = Object.entries<Json>(json.resource[type]);
  expect(entries).toHaveLength(1);
  return entries[0];
};
const build = (props: Partial<WebAclProps>) => () => new WebAcl(new TerraformStack(Testing.app(), 'stack'), 'acl', { name: 'phi-web', scope: 'REGIONAL', ...props });

describe('WebAcl', () => {
  it('allows by default and blocks with the four AWS managed rule groups, named and metered after the web ACL', () => {
    const acl = synth();
    expect(acl).toMatchObject({ name: 'phi-web', scope: 'REGIONAL', default_action: { allow: {} }, tags: { Name: 'phi-web' } });
    expect((acl.rule as Json[]).map((r) => [r.name, r.priority, r.statement.managed_rule_group_statement.name])).toEqual([
      ['phi-web-ip-reputation', 10, 'AWSManagedRulesAmazonIpReputationList'],
      ['phi-web-common', 20, 'AWSManagedRulesCommonRuleSet'],
      ['phi-web-known-bad-inputs', 30, 'AWSManagedRulesKnownBadInputsRuleSet'],
      ['phi-web-sqli', 40, 'AWSManagedRulesSQLiRuleSet'],
    ]);
    expect(acl.visibility_config).toEqual({ cloudwatch_metrics_enabled: true, metric_name: 'phi-web', sampled_requests_enabled: true });
    expect(acl.rule[1]).toEqual({
      name: 'phi-web-common',
      priority: 20,
      override_action: { none: {} },
      statement: { managed_rule_group_statement: { vendor_name: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
      visibility_config: { cloudwatch_metrics_enabled: true, metric_name: 'phi-web-common', sampled_requests_enabled: true },
    });
    expect(WEB_ACL_RULE_GROUPS).toHaveLength(4);
  });

  it('drops the SQL injection group when asked, and puts chosen common rules in count mode', () => {
    const acl = synth({ scope: 'CLOUDFRONT', sqlInjectionRuleSetEnabled: false, commonRuleSetCountOnlyRules: ['SizeRestrictions_BODY'] });
    expect(acl.scope).toBe('CLOUDFRONT');
    expect((acl.rule as Json[]).map((r) => r.name)).toEqual(['phi-web-ip-reputation', 'phi-web-common', 'phi-web-known-bad-inputs']);
    expect(acl.rule[1].statement.managed_rule_group_statement.rule_action_override).toEqual([{ name: 'SizeRestrictions_BODY', action_to_use: { count: {} } }]);
    expect(acl.rule[0].statement.managed_rule_group_statement.rule_action_override).toBeUndefined();
  });

  it('names every bad prop in one error, a short retention that CloudWatch also refuses once', () => {
    expect(build({ name: 'phi web', scope: 'GLOBAL' as never, logRetentionDays: 100, redactedHeaders: ['Authorization'] })).toThrow(
      new Error(
        [
          'stack/acl: 4 problems:',
          "name must be 1-120 letters, digits, hyphens or underscores (got 'phi web'): it names the web ACL and its CloudWatch metrics",
          "scope must be 'REGIONAL' or 'CLOUDFRONT' (got 'GLOBAL'): REGIONAL for an ALB, CLOUDFRONT for a distribution",
          'logRetentionDays must be a CloudWatch Logs retention (got 100): one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653; the request log is an audit record, keep it 365 days or more',
          'redactedHeaders must hold lowercase HTTP header names of 1-64 characters (got "Authorization"): WAF matches the header name in lowercase',
        ].join('\n  - '),
      ),
    );
  });

  it('rejects a bad name, an unknown scope and malformed or repeated count-only rules', () => {
    expect(build({ name: 'phi web' })).toThrow("stack/acl: name must be 1-120 letters, digits, hyphens or underscores (got 'phi web')");
    expect(build({ scope: 'GLOBAL' as never })).toThrow("stack/acl: scope must be 'REGIONAL' or 'CLOUDFRONT' (got 'GLOBAL')");
    expect(build({ commonRuleSetCountOnlyRules: ['Size Body'] })).toThrow("stack/acl: commonRuleSetCountOnlyRules must hold rule names of AWSManagedRulesCommonRuleSet like SizeRestrictions_BODY (got 'Size Body')");
    expect(build({ commonRuleSetCountOnlyRules: ['NoUserAgent_HEADER', 'NoUserAgent_HEADER'] })).toThrow('stack/acl: commonRuleSetCountOnlyRules lists a rule twice');
  });

  it('logs every request to an encrypted aws-waf-logs-<name> group kept six years, with credentials and the query string redacted', () => {
    const json = synthAll();
    const [aclName] = only(json, 'aws_wafv2_web_acl');
    const [groupName, group] = only(json, 'aws_cloudwatch_log_group');
    const [keyName] = only(json, 'aws_kms_key');
    expect(group).toMatchObject({ name: 'aws-waf-logs-phi-web', retention_in_days: 2192, kms_key_id: `\${aws_kms_key.${keyName}.arn}` });
    const [, logging] = only(json, 'aws_wafv2_web_acl_logging_configuration');
    expect(logging).toMatchObject({
      resource_arn: `\${aws_wafv2_web_acl.${aclName}.arn}`,
      log_destination_configs: [`\${aws_cloudwatch_log_group.${groupName}.arn}`],
      redacted_fields: [{ single_header: { name: 'authorization' } }, { single_header: { name: 'cookie' } }, { query_string: {} }],
    });
    const [, alias] = only(json, 'aws_kms_alias');
    expect(alias.name).toBe('alias/phi-stack/phi-web/waf-logs');
    // The key lets CloudWatch Logs of the web ACL's region use it for this log group only.
    const policy = Object.entries<Json>(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('acl_log-key_key-policy'))![1];
    const logs = policy.statement.find((s: Json) => s.sid === 'CloudWatchLogsForTheRequestLog');
    expect(logs.principals[0].identifiers[0]).toMatch(/^logs\.\$\{data\.aws_region\.phi-stack-environment_region_[0-9A-F]{8}\.name\}\.amazonaws\.com$/);
    expect(logs.condition[0].values[0]).toMatch(/:log-group:aws-waf-logs-phi-web$/);
  });

  it('keeps the log of a CLOUDFRONT web ACL in us-east-1, where WAF requires it', () => {
    const json = synthAll({ scope: 'CLOUDFRONT' });
    const policy = Object.entries<Json>(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('acl_log-key_key-policy'))![1];
    const logs = policy.statement.find((s: Json) => s.sid === 'CloudWatchLogsForTheRequestLog');
    expect(logs.principals[0].identifiers).toEqual(['logs.us-east-1.amazonaws.com']);
    expect(logs.condition[0].values[0]).toMatch(/^arn:\$\{.*\}:logs:us-east-1:\$\{.*\}:log-group:aws-waf-logs-phi-web$/);
  });

  it('rejects a retention CloudWatch Logs refuses or shorter than a year, and bad redacted headers', () => {
    expect(build({ logRetentionDays: 1000 })).toThrow('stack/acl: logRetentionDays must be a CloudWatch Logs retention (got 1000): one of 1, 3, 5');
    expect(build({ logRetentionDays: 180 })).toThrow('stack/acl: logRetentionDays must be at least 365 (got 180)');
    expect(build({ redactedHeaders: ['Authorization'] })).toThrow('stack/acl: redactedHeaders must hold lowercase HTTP header names of 1-64 characters (got "Authorization")');
    expect(build({ redactedHeaders: ['cookie', 'cookie'] })).toThrow('stack/acl: redactedHeaders lists a header twice (got cookie, cookie)');
    const [, logging] = only(synthAll({ redactedHeaders: ['x-api-key'], logRetentionDays: 365 }), 'aws_wafv2_web_acl_logging_configuration');
    expect(logging.redacted_fields).toEqual([{ single_header: { name: 'x-api-key' } }, { query_string: {} }]);
  });
});
