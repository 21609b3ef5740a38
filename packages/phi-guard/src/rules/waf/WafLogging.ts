import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isSet, refersTo } from '../../synthesized';

const PREFIX = 'aws-waf-logs-';

/**
 * The name of a log destination, where the configuration tells it: the `name` (or `bucket`,
 * `bucket_prefix`) of a referenced log group, bucket or delivery stream, or the last part of a
 * literal ARN. Undefined when the name is only known at apply time.
 */
function destinationName(destination: unknown, lookup: (address: string) => Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (typeof destination !== 'string') return undefined;
  const ref = /^\$\{((aws_cloudwatch_log_group|aws_s3_bucket|aws_kinesis_firehose_delivery_stream)\.[A-Za-z0-9_-]+)\.arn\}$/.exec(destination);
  if (ref) {
    const config = lookup(ref[1]);
    const name = config?.name ?? config?.bucket ?? config?.bucket_prefix;
    return typeof name === 'string' && !name.includes('${') ? name : undefined;
  }
  if (destination.includes('${')) return undefined;
  const literal = /:log-group:([^:]+)/.exec(destination) ?? /:::([^/]+)/.exec(destination) ?? /:deliverystream\/([^/]+)/.exec(destination);
  return literal?.[1];
}

/**
 * Every WAFv2 web ACL has a logging configuration (checkov CKV2_AWS_31), so that the requests it
 * allows and blocks in front of PHI systems are recorded, to a destination WAF accepts: a log
 * group, bucket or delivery stream whose name starts with `aws-waf-logs-` (WAF Developer Guide,
 * "Logging destinations"; the emulator takes any name, AWS refuses the others).
 */
export const WafLogging = defineRule({
  id: 'PHI-WAF-1',
  name: 'WafLogging',
  level: 'error',
  description:
    'Every WAFv2 web ACL logs its requests (an aws_wafv2_web_acl_logging_configuration) to a destination named aws-waf-logs-*, so that allowed and blocked access to PHI systems is recorded.',
  control: '§164.312(b)',
  anchors: { cdkNag: 'WAFv2LoggingEnabled', checkov: 'CKV2_AWS_31' },
  resourceTypes: ['aws_wafv2_web_acl'],
  check(acl, context) {
    const configs = context.byType('aws_wafv2_web_acl_logging_configuration', 'resource').filter((c) => refersTo(c.config.resource_arn, acl.address));
    const fix = 'add an aws_wafv2_web_acl_logging_configuration with resource_arn = the web ACL arn and log_destination_configs = [a KMS-encrypted log group named aws-waf-logs-<name>]';
    if (configs.length === 0) return nonCompliant('no aws_wafv2_web_acl_logging_configuration refers to the web ACL', fix);
    const destinations = configs.flatMap((c) => (Array.isArray(c.config.log_destination_configs) ? c.config.log_destination_configs : [c.config.log_destination_configs])).filter(isSet);
    if (destinations.length === 0) return nonCompliant('the logging configuration of the web ACL names no log destination', fix);
    const lookup = (address: string) => context.byAddress(address)?.config;
    const misnamed = destinations.map((d) => destinationName(d, lookup)).filter((name): name is string => name !== undefined && !name.startsWith(PREFIX));
    if (misnamed.length > 0) {
      return nonCompliant(`the log destination '${misnamed[0]}' is not named ${PREFIX}*: WAF refuses it`, `name the log group (or bucket, or delivery stream) ${PREFIX}<name>`);
    }
    return COMPLIANT;
  },
});
