import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block, describeUnknown, isFalse, isUnknown, literalString } from '../../synthesized';

export const CloudFrontMinimumTls = defineRule({
  id: 'PHI-CF-3',
  name: 'CloudFrontMinimumTls',
  level: 'error',
  description: 'CloudFront negotiates TLS 1.2 or later with viewers, which needs a custom certificate (the default certificate allows TLS 1.0).',
  control: '§164.312(e)(2)(ii)',
  anchors: { cdkNag: 'CloudFrontDistributionHttpsViewerNoOutdatedSSL', checkov: 'CKV_AWS_174' },
  resourceTypes: ['aws_cloudfront_distribution'],
  check(d) {
    const cert = block(d.config.viewer_certificate);
    const fix = 'use an ACM certificate (acm_certificate_arn, ssl_support_method "sni-only") with minimum_protocol_version = "TLSv1.2_2021"';
    const defaultCert = cert?.cloudfront_default_certificate;
    if (!cert || (defaultCert !== undefined && !isFalse(defaultCert))) {
      return nonCompliant(
        isUnknown(defaultCert) ? `cloudfront_default_certificate is ${describeUnknown(defaultCert)}` : 'the distribution uses the default CloudFront certificate, which accepts TLSv1',
        fix,
      );
    }
    const version = cert.minimum_protocol_version;
    if (/^TLSv1\.[23]_/.test(literalString(version) ?? '')) return COMPLIANT;
    return nonCompliant(`minimum_protocol_version is ${isUnknown(version) ? describeUnknown(version) : String(version ?? 'not set')}`, fix);
  },
});
