import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SecretsmanagerSecret } from '@cdktf/provider-aws/lib/secretsmanager-secret';
import { Token } from 'cdktf';
import { Construct } from 'constructs';
import { PhiKey, Problems } from '@phi-stack/constructs-core';

/** Days between rotations of the CloudFront signer key pair. */
export const SIGNER_KEY_ROTATION_DAYS = 365;

export interface CloudFrontSignerKeyProps {
  /**
   * Prefix of the secret's name (`<name>-cloudfront-signer-key`) and of the key alias: lowercase
   * letters, digits and hyphens, 2-40 characters, no PHI.
   */
  readonly name: string;
  /**
   * Days Secrets Manager keeps the deleted secret recoverable (7-30).
   * @default 30
   */
  readonly recoveryWindowDays?: number;
  /**
   * Tags of the key and the secret (on top of the provider's default tags).
   * @default - none
   */
  readonly tags?: Record<string, string>;
}

/**
 * Where the CloudFront URL signer's private key lives: a Secrets Manager secret encrypted with its
 * own customer-managed key, created EMPTY. The stack never sees the private key: the operator puts
 * the PEM in (`aws secretsmanager put-secret-value --secret-id <arn> --secret-string file://signer.pem`)
 * after the first apply, and the web tier reads it from there. Its public half is the `cdnPublicKeyPem`
 * of region.json, published as the distribution's trusted key.
 */
export class CloudFrontSignerKey extends Construct {
  /** The key that encrypts the secret (a `PhiKey`'s; aliases `alias/phi-stack/<name>/cloudfront-signer` and `alias/<name>-cloudfront-signer`). */
  public readonly kmsKey: KmsKey;
  /** The (empty) secret the operator puts the PEM private key in. */
  public readonly secret: SecretsmanagerSecret;
  /** ARN of the secret. */
  public readonly secretArn: string;
  /** ARN of the key. */
  public readonly kmsKeyArn: string;

  constructor(scope: Construct, id: string, props: CloudFrontSignerKeyProps) {
    super(scope, id);
    const problems = new Problems(this.node.path);
    if (!/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/.test(props.name)) {
      problems.add(`name must be 2-40 lowercase letters, digits or hyphens, starting with a letter and not ending with a hyphen (got '${props.name}'): it prefixes the secret name and the key alias`);
    }
    const recoveryWindowDays = props.recoveryWindowDays ?? 30;
    if (!Token.isUnresolved(recoveryWindowDays) && (!Number.isInteger(recoveryWindowDays) || recoveryWindowDays < 7 || recoveryWindowDays > 30)) {
      problems.add(`recoveryWindowDays must be an integer between 7 and 30 (got ${recoveryWindowDays}): a deleted signer key stays recoverable for at least a week`);
    }
    problems.throwIfAny();
    const tags = props.tags ?? {};

    // The account's IAM policies decide who uses the key (the web tier's role: Decrypt through
    // Secrets Manager only); no other principal is named. Id `key`, the key's id before it was a
    // PhiKey: the key keeps its address.
    const key = new PhiKey(this, 'key', {
      description: `phi-stack ${props.name}: CloudFront URL signer private key secret`,
      alias: { owner: props.name, purpose: 'cloudfront-signer' },
      tags,
    });
    // The alias from before the scheme, at its old id: kept so that policies and scripts that name
    // it keep working; a later major version drops it.
    key.addLegacyAlias(this, 'key-alias', `alias/${props.name}-cloudfront-signer`);
    this.kmsKey = key.key;
    // No aws_secretsmanager_secret_version: the value is never in the configuration, the plan or the state.
    this.secret = new SecretsmanagerSecret(this, 'secret', {
      name: `${props.name}-cloudfront-signer-key`,
      description: `phi-stack ${props.name}: PEM private key of the CloudFront URL and cookie signer, put by the operator`,
      kmsKeyId: this.kmsKey.arn,
      recoveryWindowInDays: recoveryWindowDays,
      // Rotated by the operator (a new key pair: public key in region.json, private key put here;
      // see the README). The app reads the secret at start and every hour, so both keys sign
      // during the overlap in which the key group trusts both public keys.
      tags: {
        ...tags,
        'phi-stack:rotation-schedule': `${SIGNER_KEY_ROTATION_DAYS} days`,
        'phi-stack:rotation-method': 'operator: new key pair with both public keys in the key group until the app has reloaded the new private key',
      },
    });
    this.secretArn = this.secret.arn;
    this.kmsKeyArn = this.kmsKey.arn;
  }
}
