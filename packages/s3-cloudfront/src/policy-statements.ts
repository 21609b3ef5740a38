// Statements shared by the bucket policies of the image and log buckets.

/** Every principal, anonymous included: `{ AWS: '*' }` is the same as `'*'` in an S3 bucket policy. */
export const ANYONE = { AWS: '*' };

/** The statements that deny requests without TLS or with TLS older than 1.2 on `bucketArn` and its objects. */
export function denyInsecureTransport(bucketArn: string): Record<string, unknown>[] {
  const resource = [bucketArn, `${bucketArn}/*`];
  return [
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: ANYONE,
      Action: 's3:*',
      Resource: resource,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyTlsOlderThan12',
      Effect: 'Deny',
      Principal: ANYONE,
      Action: 's3:*',
      Resource: resource,
      Condition: { NumericLessThan: { 's3:TlsVersion': '1.2' } },
    },
  ];
}
