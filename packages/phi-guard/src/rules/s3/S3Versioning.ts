import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { block, describeUnknown, isTrue, isUnknown, literalString, unknownNote } from '../../synthesized';
import { bucketSettingWriters, byWriter } from './util';

export const S3Versioning = defineRule({
  id: 'PHI-S3-4',
  name: 'S3Versioning',
  level: 'error',
  description: 'S3 buckets keep object versions (on every versioning configuration of the bucket), so that overwritten or deleted PHI can be recovered.',
  control: '§164.312(c)(1)',
  anchors: { cdkNag: 'S3BucketVersioningEnabled', checkov: 'CKV_AWS_21' },
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, context) {
    const writers = bucketSettingWriters(bucket, context, 'versioning');
    const fix = 'add one aws_s3_bucket_versioning with versioning_configuration { status = "Enabled" }';
    if (writers.length === 0) return nonCompliant('versioning is not enabled', fix);
    const problems = writers.flatMap((w) => {
      if (w.inline) {
        const enabled = block(w.config.versioning)?.enabled;
        return isTrue(enabled) ? [] : [byWriter(writers, w, `versioning is not enabled${unknownNote(enabled)}`)];
      }
      const status = block(w.config.versioning_configuration)?.status;
      const got = isUnknown(status) ? describeUnknown(status) : String(status ?? 'not set');
      return literalString(status) === 'Enabled' ? [] : [byWriter(writers, w, `versioning status is ${got}`)];
    });
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '), fix);
  },
});
