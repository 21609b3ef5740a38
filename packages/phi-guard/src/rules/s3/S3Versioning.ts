import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block, isExpression, isTrue } from '../../synthesized';
import { bucketCompanions } from './util';

export const S3Versioning = defineRule({
  id: 'PHI-S3-4',
  name: 'S3Versioning',
  level: 'error',
  description: 'S3 buckets keep object versions, so that overwritten or deleted PHI can be recovered.',
  control: '§164.312(c)(1)',
  anchors: { cdkNag: 'S3BucketVersioningEnabled', checkov: 'CKV_AWS_21' },
  resourceTypes: ['aws_s3_bucket'],
  optOutSettings: ['versioning'],
  check(bucket, context) {
    const enabled = bucketCompanions(bucket, context, 'aws_s3_bucket_versioning').some((v) => {
      const status = block(v.config.versioning_configuration)?.status;
      return status === 'Enabled' || isExpression(status);
    });
    if (enabled || isTrue(block(bucket.config.versioning)?.enabled)) return COMPLIANT;
    return nonCompliant('versioning is not enabled', 'add an aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }');
  },
});
