import { COMPLIANT, defineRule, NOT_APPLICABLE, nonCompliant } from '../../rule';
import { blocks, isSet } from '../../synthesized';
import { bucketSettingWriters, byWriter, isLogDestination } from './util';

export const S3AccessLogging = defineRule({
  id: 'PHI-S3-5',
  name: 'S3AccessLogging',
  level: 'error',
  description: 'S3 buckets write server access logs to a log bucket, so that every read of PHI is recorded (log buckets themselves are exempt).',
  control: '§164.312(b)',
  anchors: { cdkNag: 'S3BucketLoggingEnabled', checkov: 'CKV_AWS_18' },
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, context) {
    const writers = bucketSettingWriters(bucket, context, 'logging');
    const fix = 'add an aws_s3_bucket_logging with target_bucket = a separate log bucket';
    if (writers.length === 0) {
      if (isLogDestination(bucket, context)) return NOT_APPLICABLE;
      return nonCompliant('server access logging is not configured', fix);
    }
    const problems = writers.flatMap((w) => {
      const targets = w.inline ? blocks(w.config.logging).map((l) => l.target_bucket) : [w.config.target_bucket];
      return targets.every(isSet) && targets.length > 0 ? [] : [byWriter(writers, w, 'sets no target_bucket')];
    });
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '), fix);
  },
});
