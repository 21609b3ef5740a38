import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { isTrue, unknownNote } from '../../synthesized';
import { bucketSettingWriters, byWriter } from './util';

const FLAGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const S3PublicAccessBlock = defineRule({
  id: 'PHI-S3-2',
  name: 'S3PublicAccessBlock',
  level: 'error',
  description: 'S3 buckets block public access with all four flags (on every public access block of the bucket), so that no ACL or policy can expose PHI.',
  control: '§164.312(a)(1)',
  anchors: { cdkNag: 'S3BucketLevelPublicAccessProhibited', checkov: 'CKV2_AWS_6' },
  resourceTypes: ['aws_s3_bucket'],
  waivable: false,
  check(bucket, context) {
    const writers = bucketSettingWriters(bucket, context, 'publicAccessBlock');
    const fix = 'add one aws_s3_bucket_public_access_block with all four flags true';
    if (writers.length === 0) return nonCompliant('no aws_s3_bucket_public_access_block targets the bucket', fix);
    const problems = writers.flatMap((w) => {
      const missing = FLAGS.filter((f) => !isTrue(w.config[f]));
      return missing.length === 0 ? [] : [byWriter(writers, w, `${missing.map((f) => `${f}${unknownNote(w.config[f])}`).join(', ')} not true`)];
    });
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '), fix);
  },
});
