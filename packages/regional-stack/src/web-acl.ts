import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { Wafv2WebAcl, Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { logRetentionProblem, PhiKey, Problems, stackEnvironment } from '@phi-stack/constructs-core';
import { TerraformProvider, Token } from 'cdktf';
import { Construct } from 'constructs';

/** Where a web ACL can be attached: `REGIONAL` (ALB, in its region) or `CLOUDFRONT` (a distribution; us-east-1 only). */
export type WebAclScope = 'REGIONAL' | 'CLOUDFRONT';

/** An AWS managed rule group of the web ACL, in evaluation order. */
export interface ManagedRuleGroup {
  /** Rule group name, e.g. `AWSManagedRulesCommonRuleSet`. */
  readonly name: string;
  /** Priority in the web ACL: lower runs first. */
  readonly priority: number;
  /** Suffix of the rule's name and CloudWatch metric. */
  readonly metric: string;
}

/**
 * The AWS managed rule groups every web ACL runs, cheapest and most decisive first: known-bad IP
 * addresses, the OWASP-style common rule set, known bad inputs (Log4j, Java deserialization, ...),
 * then SQL injection (optional).
 */
export const WEB_ACL_RULE_GROUPS: readonly ManagedRuleGroup[] = [
  { name: 'AWSManagedRulesAmazonIpReputationList', priority: 10, metric: 'ip-reputation' },
  { name: 'AWSManagedRulesCommonRuleSet', priority: 20, metric: 'common' },
  { name: 'AWSManagedRulesKnownBadInputsRuleSet', priority: 30, metric: 'known-bad-inputs' },
  { name: 'AWSManagedRulesSQLiRuleSet', priority: 40, metric: 'sqli' },
];

export interface WebAclProps {
  /**
   * Name of the web ACL and prefix of its CloudWatch metric names: 1-120 letters, digits, hyphens
   * or underscores. Unique per scope and region.
   */
  readonly name: string;
  /** `REGIONAL` for an ALB (created in the ALB's region), `CLOUDFRONT` for a distribution (created in us-east-1). */
  readonly scope: WebAclScope;
  /**
   * Provider the web ACL is created with. A `CLOUDFRONT` web ACL must be created in us-east-1: pass
   * `AwsTarget.providerFor('us-east-1')` from a stack in any other region.
   * @default - the stack's default provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Also run `AWSManagedRulesSQLiRuleSet` (200 WCU). Worth it in front of anything that reaches a
   * database; of little use in front of an S3 origin.
   * @default true
   */
  readonly sqlInjectionRuleSetEnabled?: boolean;
  /**
   * Rules of `AWSManagedRulesCommonRuleSet` that only count instead of blocking, e.g.
   * `SizeRestrictions_BODY` for an API that accepts bodies above 8 KB. Their matches still show in
   * the metrics and sampled requests.
   * @default - none: every rule of the group blocks
   */
  readonly commonRuleSetCountOnlyRules?: string[];
  /**
   * Days the web ACL's request log (`aws-waf-logs-<name>`) is kept. The log records every request
   * the web ACL allowed or blocked in front of PHI systems (audit controls, 45 CFR §164.312(b)).
   * @default 2192 - six years, the audit class of the platform's retention policy
   */
  readonly logRetentionDays?: number;
  /**
   * Request headers written to the log as `REDACTED`, lowercase. Session cookies and bearer tokens
   * are credentials to a patient's records; the query string is always redacted too, because
   * signed CloudFront URLs carry their signature there and search pages may carry patient data.
   * @default ['authorization', 'cookie']
   */
  readonly redactedHeaders?: string[];
  /**
   * Tags of the web ACL (on top of the provider's default tags).
   * @default - `{ Name: <name> }` only
   */
  readonly tags?: Record<string, string>;
}

/**
 * A WAFv2 web ACL that allows by default and blocks what the AWS managed rule groups in
 * `WEB_ACL_RULE_GROUPS` match, with CloudWatch metrics and sampled requests for the web ACL and
 * for each rule group. Attach it to an ALB (`AlbAsg.webAclArn`, scope `REGIONAL`) or to a
 * CloudFront distribution (`S3CloudFront.webAclArn`, scope `CLOUDFRONT`).
 */
export class WebAcl extends Construct {
  /** The web ACL. */
  public readonly webAcl: Wafv2WebAcl;
  /** ARN of the web ACL: what the ALB association and the distribution's `web_acl_id` take. */
  public readonly webAclArn: string;
  /** Id of the web ACL. */
  public readonly webAclId: string;
  /** Name of the web ACL (also its CloudWatch metric name). */
  public readonly webAclName: string;
  /** Names of the rules, in priority order (`<name>-<metric>`, also their metric names). */
  public readonly ruleNames: readonly string[];
  /** The request log: `aws-waf-logs-<name>`, in the web ACL's region, encrypted with {@link logKey}. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The key of the request log (alias `alias/phi-stack/<name>/waf-logs`). */
  public readonly logKey: PhiKey;
  /** The web ACL's logging configuration. */
  public readonly logging: Wafv2WebAclLoggingConfiguration;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    const name = props.name;
    if (!Token.isUnresolved(name) && !/^[A-Za-z0-9_-]{1,120}$/.test(name)) {
      problems.add(`name must be 1-120 letters, digits, hyphens or underscores (got '${name}'): it names the web ACL and its CloudWatch metrics`);
    }
    if (props.scope !== 'REGIONAL' && props.scope !== 'CLOUDFRONT') {
      problems.add(`scope must be 'REGIONAL' or 'CLOUDFRONT' (got '${String(props.scope)}'): REGIONAL for an ALB, CLOUDFRONT for a distribution`);
    }
    const countOnly = props.commonRuleSetCountOnlyRules ?? [];
    for (const rule of countOnly) {
      if (!/^[A-Za-z0-9_]{1,128}$/.test(rule)) problems.add(`commonRuleSetCountOnlyRules must hold rule names of AWSManagedRulesCommonRuleSet like SizeRestrictions_BODY (got '${rule}')`);
    }
    if (new Set(countOnly).size !== countOnly.length) problems.add(`commonRuleSetCountOnlyRules lists a rule twice (got ${countOnly.join(', ')})`);
    const retention = props.logRetentionDays ?? 2192;
    const retentionProblem = logRetentionProblem('logRetentionDays', retention);
    if (retentionProblem) problems.add(`${retentionProblem}; the request log is an audit record, keep it 365 days or more`);
    else if (retention < 365) problems.add(`logRetentionDays must be at least 365 (got ${retention}): the request log is an audit record of access to PHI endpoints`);
    const redactedHeaders = props.redactedHeaders ?? ['authorization', 'cookie'];
    for (const header of redactedHeaders) {
      if (typeof header !== 'string' || !/^[a-z0-9!#$%&'*+.^_`|~-]{1,64}$/.test(header)) {
        problems.add(`redactedHeaders must hold lowercase HTTP header names of 1-64 characters (got ${JSON.stringify(header)}): WAF matches the header name in lowercase`);
      }
    }
    if (new Set(redactedHeaders).size !== redactedHeaders.length) problems.add(`redactedHeaders lists a header twice (got ${redactedHeaders.join(', ')})`);
    problems.throwIfAny();

    const groups = WEB_ACL_RULE_GROUPS.filter((g) => g.name !== 'AWSManagedRulesSQLiRuleSet' || (props.sqlInjectionRuleSetEnabled ?? true));
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });
    const rules: Wafv2WebAclRule[] = groups.map((group) => {
      const ruleName = `${name}-${group.metric}`;
      const overrides = group.name === 'AWSManagedRulesCommonRuleSet' ? countOnly : [];
      return {
        name: ruleName,
        priority: group.priority,
        // A rule group statement takes an override action: `none` keeps the group's own actions (block).
        overrideAction: { none: {} },
        // The provider's binding types `statement` loosely, so it is written in Terraform's own (snake_case) names.
        statement: {
          managed_rule_group_statement: {
            vendor_name: 'AWS',
            name: group.name,
            ...(overrides.length > 0 ? { rule_action_override: overrides.map((rule) => ({ name: rule, action_to_use: { count: {} } })) } : {}),
          },
        },
        visibilityConfig: visibility(ruleName),
      };
    });

    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      provider: props.provider,
      name,
      description: `phi-stack ${name}: AWS managed rule groups in front of PHI endpoints`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(name),
      tags: { ...props.tags, Name: name },
    });
    this.webAclArn = this.webAcl.arn;
    this.webAclId = this.webAcl.id;
    this.webAclName = this.webAcl.name;
    this.ruleNames = rules.map((r) => r.name);

    // ---- Request log. WAF writes only to a log group named aws-waf-logs-*, in the web ACL's
    // region: us-east-1 for a CLOUDFRONT web ACL (WAF Developer Guide, "CloudWatch Logs log group").
    // WAF adds the log group's resource policy for log delivery itself when the logging
    // configuration is put.
    const { partition, callerIdentity, region: stackRegion } = stackEnvironment(this);
    const regionName =
      props.scope === 'CLOUDFRONT' ? 'us-east-1' : props.provider ? new DataAwsRegion(this, 'region', { provider: props.provider }).name : stackRegion.name;
    const logGroupName = `aws-waf-logs-${name}`;
    const logGroupArn = `arn:${partition.partition}:logs:${regionName}:${callerIdentity.accountId}:log-group:${logGroupName}`;
    this.logKey = new PhiKey(this, 'log-key', {
      provider: props.provider,
      description: `Encrypts the request log of the web ACL ${name}`,
      alias: { owner: name, purpose: 'waf-logs' },
      grants: [PhiKey.cloudWatchLogsGrant('CloudWatchLogsForTheRequestLog', regionName, logGroupArn)],
      // The key was at log-key/key until PhiKey gave its key the id that logical ids leave out.
      movedFrom: { key: 'log-key/key' },
      tags: { Name: `${name}-waf-logs` },
    });
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      provider: props.provider,
      name: logGroupName,
      retentionInDays: retention,
      kmsKeyId: this.logKey.arn,
      tags: { Name: logGroupName },
    });
    this.logging = new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      provider: props.provider,
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: [...redactedHeaders.map((header) => ({ singleHeader: { name: header } })), { queryString: {} }],
    });
  }
}
