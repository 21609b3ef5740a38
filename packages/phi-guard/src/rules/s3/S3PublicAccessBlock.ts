import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isTrue } from '../../synthesized';
import { bucketCompanions } from './util';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const S3PublicAccessBlock = defineRule({
  id: 'PHI-S3-2',
  name: 'S3PublicAccessBlock',
  level: 'error',
  description: 'S3 buckets block public access with all four flags, so that no ACL or policy can expose PHI.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: 'S3BucketLevelPublicAccessProhibited', checkov: 'CKV2_AWS_6' },
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, context) {
    const blocks = bucketCompanions(bucket, context, 'aws_s3_bucket_public_access_block');
    const fix = 'add an aws_s3_bucket_public_access_block with all four flags true';
    if (blocks.length === 0) return nonCompliant('no aws_s3_bucket_public_access_block targets the bucket', fix);
    const missing = FLAGS.filter((f) => !blocks.some((b) => isTrue(b.config[f])));
    return missing.length === 0 ? COMPLIANT : nonCompliant(`${missing.join(', ')} not true`, fix);
  },
});
