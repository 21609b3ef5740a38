import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { blocks } from '../../synthesized';
import { bucketCompanions, isLogDestination } from './util';

export const S3AccessLogging = defineRule({
  id: 'PHI-S3-5',
  name: 'S3AccessLogging',
  level: 'error',
  description: 'S3 buckets write server access logs to a log bucket, so that every read of PHI is recorded (log buckets themselves are exempt).',
  control: '§164.312(b)',
  anchors: { cdkNag: 'S3BucketLoggingEnabled', checkov: 'CKV_AWS_18' },
  resourceTypes: ['aws_s3_bucket'],
  optOutSettings: ['accessLogging', 'logging'],
  check(bucket, context) {
    if (bucketCompanions(bucket, context, 'aws_s3_bucket_logging').length > 0 || blocks(bucket.config.logging).length > 0) return COMPLIANT;
    if (isLogDestination(bucket, context)) return NOT_APPLICABLE;
    return nonCompliant('server access logging is not configured', 'add an aws_s3_bucket_logging with target_bucket = a separate log bucket');
  },
});
