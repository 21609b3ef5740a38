import { Token } from 'cdktf';
import { KMS_KEY_ARN, kmsKeyFromArn, kmsKeyProblem } from '../src';

const ARN = 'arn:aws:kms:eu-west-1:123456789012:key/0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b';

describe('IKmsKey', () => {
  it('takes a key of another stack by its ARN, which also serves as its id', () => {
    expect(kmsKeyFromArn(ARN)).toEqual({ arn: ARN, keyId: ARN });
    expect(kmsKeyProblem('kmsKey', kmsKeyFromArn(ARN))).toBeUndefined();
    expect(kmsKeyProblem('kmsKey', kmsKeyFromArn(Token.asString({ Ref: 'shared-key' })))).toBeUndefined();
    expect(KMS_KEY_ARN.test('arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/abc')).toBe(true);
  });

  it('refuses an alias or another service ARN, naming it', () => {
    expect(() => kmsKeyFromArn('arn:aws:kms:eu-west-1:123456789012:alias/phi')).toThrow("kmsKeyFromArn: the ARN must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got 'arn:aws:kms:eu-west-1:123456789012:alias/phi')");
    expect(kmsKeyProblem('kmsKey', { arn: 'arn:aws:s3:::bucket', keyId: 'x' })).toBe("kmsKey must be a KMS key with a key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got 'arn:aws:s3:::bucket')");
  });

  it('refuses a string or anything without an ARN, as aws-cdk refuses a non-IKey', () => {
    expect(kmsKeyProblem('kmsKey', ARN)).toContain(`(got the string '${ARN}'): a bare string would silently leave the data on the AWS-managed key`);
    expect(kmsKeyProblem('kmsKey', null)).toContain('(got null)');
    expect(kmsKeyProblem('kmsKey', { arn: ARN })).toContain('(got object)');
    expect(kmsKeyProblem('kmsKey', undefined)).toBeUndefined();
  });
});
