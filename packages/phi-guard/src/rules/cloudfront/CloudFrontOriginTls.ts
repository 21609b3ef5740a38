import { defineRule, fromProblems } from '../../rule';
import { block, blocks, describeUnknown, isUnknown, literalString, stringList } from '../../synthesized';

const OUTDATED = ['SSLv3', 'TLSv1', 'TLSv1.1'];

export const CloudFrontOriginTls = defineRule({
  id: 'PHI-CF-4',
  name: 'CloudFrontOriginTls',
  level: 'error',
  description: 'CloudFront talks to custom origins over HTTPS with TLS 1.2 only, so that PHI is encrypted on the origin leg too.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'CloudFrontDistributionNoOutdatedSSL', checkov: '-' },
  resourceTypes: ['aws_cloudfront_distribution'],
  check(d) {
    const problems: string[] = [];
    for (const origin of blocks(d.config.origin)) {
      const custom = block(origin.custom_origin_config);
      if (!custom) continue;
      const id = String(origin.origin_id);
      const policy = custom.origin_protocol_policy;
      if (literalString(policy) !== 'https-only') problems.push(`origin ${id} has origin_protocol_policy ${isUnknown(policy) ? describeUnknown(policy) : String(policy)}`);
      const protocols = custom.origin_ssl_protocols;
      if (isUnknown(protocols) || stringList(protocols).some(isUnknown)) problems.push(`origin ${id} has origin_ssl_protocols ${describeUnknown(protocols)}`);
      const outdated = stringList(protocols).filter((p) => OUTDATED.includes(p));
      if (outdated.length) problems.push(`origin ${id} allows ${outdated.join(', ')}`);
    }
    return fromProblems(problems, 'set origin_protocol_policy = "https-only" and origin_ssl_protocols = ["TLSv1.2"]');
  },
});
