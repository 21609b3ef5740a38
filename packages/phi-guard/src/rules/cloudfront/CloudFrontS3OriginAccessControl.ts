import { defineRule, fromProblems, NOT_APPLICABLE } from '../../rule';
import { blocks, isSet } from '../../synthesized';
import { isS3Origin } from './util';

export const CloudFrontS3OriginAccessControl = defineRule({
  id: 'PHI-CF-1',
  name: 'CloudFrontS3OriginAccessControl',
  level: 'error',
  description: 'CloudFront reaches S3 origins through Origin Access Control (SigV4), so that the bucket can stay private and SSE-KMS objects are readable only through the distribution.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: 'CloudFrontDistributionS3OriginAccessIdentity', checkov: '-' },
  resourceTypes: ['aws_cloudfront_distribution'],
  check(d) {
    const s3Origins = blocks(d.config.origin).filter(isS3Origin);
    if (s3Origins.length === 0) return NOT_APPLICABLE;
    const problems = s3Origins.filter((o) => !isSet(o.origin_access_control_id)).map((o) => `S3 origin ${String(o.origin_id)} has no origin_access_control_id`);
    return fromProblems(problems, 'create an aws_cloudfront_origin_access_control (signing_behavior "always", sigv4) and set origin_access_control_id on the origin');
  },
});
