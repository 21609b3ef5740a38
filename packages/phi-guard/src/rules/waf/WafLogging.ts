import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isSet, refersTo } from '../../synthesized';

/**
 * Every WAFv2 web ACL has a logging configuration (checkov CKV2_AWS_31), so that the requests it
 * allows and blocks in front of PHI systems are recorded. Pending (`PENDING_RULES`): it joins the
 * pack when regional-stack's web-acl.ts adds a logging configuration to the stacks' web ACLs.
 */
export const WafLogging = defineRule({
  id: 'PHI-WAF-1',
  name: 'WafLogging',
  level: 'error',
  description: 'Every WAFv2 web ACL logs its requests (an aws_wafv2_web_acl_logging_configuration), so that allowed and blocked access to PHI systems is recorded.',
  control: '§164.312(b)',
  anchors: { cdkNag: 'WAFv2LoggingEnabled', checkov: 'CKV2_AWS_31' },
  resourceTypes: ['aws_wafv2_web_acl'],
  check(acl, context) {
    const configs = context.byType('aws_wafv2_web_acl_logging_configuration', 'resource').filter((c) => refersTo(c.config.resource_arn, acl.address));
    const fix = 'add an aws_wafv2_web_acl_logging_configuration with resource_arn = the web ACL arn and log_destination_configs = [a KMS-encrypted log group named aws-waf-logs-<name>]';
    if (configs.length === 0) return nonCompliant('no aws_wafv2_web_acl_logging_configuration refers to the web ACL', fix);
    const logged = configs.some((c) => Array.isArray(c.config.log_destination_configs) ? c.config.log_destination_configs.some(isSet) : isSet(c.config.log_destination_configs));
    return logged ? COMPLIANT : nonCompliant('the logging configuration of the web ACL names no log destination', fix);
  },
});
