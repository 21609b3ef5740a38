import { defineRule, fromProblems } from '../../rule';
import { describeUnknown, isUnknown, literalString } from '../../synthesized';
import { cacheBehaviors } from './util';

const HTTPS_ONLY = ['https-only', 'redirect-to-https'];

export const CloudFrontViewerHttps = defineRule({
  id: 'PHI-CF-2',
  name: 'CloudFrontViewerHttps',
  level: 'error',
  description: 'Every CloudFront cache behavior serves viewers over HTTPS only (https-only or redirect-to-https).',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'CloudFrontDistributionHttpsViewerNoOutdatedSSL', checkov: 'CKV_AWS_34' },
  resourceTypes: ['aws_cloudfront_distribution'],
  check(d) {
    const problems = cacheBehaviors(d)
      .filter((b) => !HTTPS_ONLY.includes(literalString(b.viewer_protocol_policy) ?? ''))
      .map(
        (b) =>
          `cache behavior ${String(b.path_pattern ?? 'default')} has viewer_protocol_policy ${isUnknown(b.viewer_protocol_policy) ? describeUnknown(b.viewer_protocol_policy) : String(b.viewer_protocol_policy)}`,
      );
    return fromProblems(problems, 'set viewer_protocol_policy = "redirect-to-https" (or "https-only") on every cache behavior');
  },
});
