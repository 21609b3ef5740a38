import { Testing, TerraformStack } from 'cdktf';
import { WEB_ACL_RULE_GROUPS, WebAcl, WebAclProps } from '../src';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- synthesized Terraform JSON

function synth(props: Partial<WebAclProps> = {}): Json {
  const stack = new TerraformStack(Testing.app(), 'stack');
  new WebAcl(stack, 'acl', { name: 'phi-web', scope: 'REGIONAL', ...props });
  return Object.values(JSON.parse(Testing.synth(stack)).resource.aws_wafv2_web_acl)[0] as Json;
}
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

  it('rejects a bad name, an unknown scope and malformed or repeated count-only rules', () => {
    expect(build({ name: 'phi web' })).toThrow("stack/acl: name must be 1-120 letters, digits, hyphens or underscores (got 'phi web')");
    expect(build({ scope: 'GLOBAL' as never })).toThrow("stack/acl: scope must be 'REGIONAL' or 'CLOUDFRONT' (got 'GLOBAL')");
    expect(build({ commonRuleSetCountOnlyRules: ['Size Body'] })).toThrow("stack/acl: commonRuleSetCountOnlyRules must hold rule names of AWSManagedRulesCommonRuleSet like SizeRestrictions_BODY (got 'Size Body')");
    expect(build({ commonRuleSetCountOnlyRules: ['NoUserAgent_HEADER', 'NoUserAgent_HEADER'] })).toThrow('stack/acl: commonRuleSetCountOnlyRules lists a rule twice');
  });
});
