import { defineRule, fromProblems } from '../../rule';
import { isExpression } from '../../synthesized';
import { cacheBehaviors } from './util';

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
      .filter((b) => !(b.viewer_protocol_policy === 'https-only' || b.viewer_protocol_policy === 'redirect-to-https' || isExpression(b.viewer_protocol_policy)))
      .map((b) => `cache behavior ${String(b.path_pattern ?? 'default')} has viewer_protocol_policy ${String(b.viewer_protocol_policy)}`);
    return fromProblems(problems, 'set viewer_protocol_policy = "redirect-to-https" (or "https-only") on every cache behavior');
  },
});
