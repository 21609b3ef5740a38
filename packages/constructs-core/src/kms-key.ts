import { Token } from 'cdktf';

/**
 * A customer-managed KMS key as the modules use it (aws-cdk's `IKey`): an `aws_kms_key` construct
 * satisfies it as is, a key of another stack or account through {@link kmsKeyFromArn}.
 */
export interface IKmsKey {
  /** The key ARN: what key policies, IAM statements and encryption settings name. */
  readonly arn: string;
  /** The key id, or the key ARN, which AWS accepts wherever a key id is asked. */
  readonly keyId: string;
}

/** A KMS key ARN: not an alias, not an ARN of another service. */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** A key known by its ARN. Throws on a literal that is not a key ARN (an alias ARN, say). */
export function kmsKeyFromArn(arn: string): IKmsKey {
  if (!Token.isUnresolved(arn) && !KMS_KEY_ARN.test(arn)) {
    throw new Error(
      `kmsKeyFromArn: the ARN must be a KMS key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got '${arn}'): an alias or another service's ARN matches nothing in key policies and IAM conditions`,
    );
  }
  return { arn, keyId: arn };
}

/**
 * The problem of a `kmsKey` prop, or undefined: it must be an object with a key ARN. A string
 * passed from JavaScript or through a cast would otherwise be read as a key without an ARN, and
 * the data would silently stay on the AWS-managed key.
 */
export function kmsKeyProblem(prop: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const key = value as Partial<IKmsKey> | null;
  if (typeof value !== 'object' || key === null || typeof key.arn !== 'string' || typeof key.keyId !== 'string') {
    const got = typeof value === 'string' ? `the string '${value}'` : value === null ? 'null' : typeof value;
    return `${prop} must be a KMS key, an aws_kms_key construct or kmsKeyFromArn('arn:aws:kms:<region>:<account>:key/<id>') (got ${got}): a bare string would silently leave the data on the AWS-managed key`;
  }
  if (!Token.isUnresolved(key.arn) && !KMS_KEY_ARN.test(key.arn)) {
    return `${prop} must be a KMS key with a key ARN like arn:aws:kms:us-east-1:123456789012:key/<key id> (got '${key.arn}')`;
  }
  return undefined;
}
