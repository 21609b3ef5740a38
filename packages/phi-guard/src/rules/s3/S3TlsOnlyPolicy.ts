import { PolicyDocument, readPolicy } from '../../policy';
import { COMPLIANT, defineRule, nonCompliant } from '../../rule';
import { bucketCompanions } from './util';

function deniesInsecureTransport(doc: PolicyDocument): boolean {
  if (doc === 'unknown') return true;
  if (doc === 'absent') return false;
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
  description: 'S3 bucket policies deny requests without TLS (aws:SecureTransport = false).',
  control: '§164.312(e)(1)',
  anchors: { cdkNag: 'S3BucketSSLRequestsOnly', checkov: '-' },
  resourceTypes: ['aws_s3_bucket'],
  check(bucket, context) {
    const policies = bucketCompanions(bucket, context, 'aws_s3_bucket_policy').map((p) => readPolicy(p.config.policy, context));
    if (bucket.config.policy !== undefined) policies.push(readPolicy(bucket.config.policy, context));
    if (policies.some(deniesInsecureTransport)) return COMPLIANT;
    return nonCompliant(
      policies.length ? 'the bucket policy does not deny aws:SecureTransport = false' : 'no aws_s3_bucket_policy targets the bucket',
      'add a Deny statement for s3:* on the bucket and its objects with condition Bool aws:SecureTransport = false',
    );
  },
});
