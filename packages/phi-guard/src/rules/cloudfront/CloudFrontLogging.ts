import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block, isSet, refersTo } from '../../synthesized';

export const CloudFrontLogging = defineRule({
  id: 'PHI-CF-5',
  name: 'CloudFrontLogging',
  level: 'error',
  description: 'CloudFront writes access logs (standard logging or a CloudWatch log delivery), so that every delivery of a PHI image is recorded.',
  control: '§164.312(b)',
  anchors: { cdkNag: 'CloudFrontDistributionAccessLogging', checkov: 'CKV_AWS_86' },
  resourceTypes: ['aws_cloudfront_distribution'],
  check(d, context) {
    if (isSet(block(d.config.logging_config)?.bucket)) return COMPLIANT;
    if (context.byType('aws_cloudwatch_log_delivery_source', 'resource').some((s) => refersTo(s.config.resource_arn, d.address))) return COMPLIANT;
    return nonCompliant('access logging is not configured', 'set logging_config { bucket = <log bucket domain name> } or add an aws_cloudwatch_log_delivery_source for the distribution');
  },
});
