import { PolicyDocument, readPolicy } from '../../policy';
import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { bucketSettingWriters, byWriter } from './util';

function deniesInsecureTransport(doc: Exclude<PolicyDocument, 'unknown' | 'absent'>): boolean {
  return doc.some(
    (s) =>
      s.effect === 'Deny' &&
      s.conditions.some((c) => c.variable.toLowerCase() === 'aws:securetransport' && c.values.some((v) => String(v).toLowerCase() === 'false')),
  );
}

export const S3TlsOnlyPolicy = defineRule({
  id: 'PHI-S3-3',
  name: 'S3TlsOnlyPolicy',
  level: 'error',
  description: 'S3 bucket policies deny requests without TLS (aws:SecureTransport = false), on every policy written to the bucket.',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'S3BucketSSLRequestsOnly', checkov: '-' },
  resourceTypes: ['aws_s3_bucket'],
  waivable: false,
  check(bucket, context) {
    const writers = bucketSettingWriters(bucket, context, 'policy');
    const fix = 'add a Deny statement for s3:* on the bucket and its objects with condition Bool aws:SecureTransport = false';
    if (writers.length === 0) return nonCompliant('no aws_s3_bucket_policy targets the bucket', fix);
    const problems = writers.flatMap((w) => {
      const doc = readPolicy(w.config.policy, context);
      if (doc === 'unknown') return [byWriter(writers, w, 'the bucket policy is an expression the guard cannot read at synth')];
      if (doc === 'absent' || !deniesInsecureTransport(doc)) return [byWriter(writers, w, 'the bucket policy does not deny aws:SecureTransport = false')];
      return [];
    });
    return problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '), fix);
  },
});
