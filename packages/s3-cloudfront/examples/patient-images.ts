import { AwsTarget } from '@phi-stack/aws-target';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { S3CloudFront } from '../src';

/**
 * Public half of a throwaway RSA-2048 signing key, for the example only. A real deployment passes the
 * public key of a signer whose private key lives in Secrets Manager.
 */
export const EXAMPLE_SIGNER_PUBLIC_KEY_PEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArUEuWMw1Ikh9pbtPTLYY
qcO27KabRfseWOExUYATaEVWQgpuejhatKtgfCSPMsFXk8s4tjtcOn13N+wA8q4a
tBtKwGi3+lyqvroVrhzvnR/xzcHPjfVK8LFMwK4DjGB3FKFbV0FWXL2iHudeLrOL
C3JxcNt5elRjfS129WGVE1Gdi7TDNXNMV8eS+a9C+Lz8SHHVMMTn0Qy4o8uxp+TH
FL+nn5yVLIfoj3YgS3E+X8IGwV3NUkTlDlQB9zrRxbjQqy15wL/b21WQUjZXbJCT
JV0Xte9FHlKi4ChduJMSxX0H3t7oT78v0QoaupFAexlxIOnBPNV0LHeItsAnT6Yb
JwIDAQAB
-----END PUBLIC KEY-----
`;

/** An ACM certificate ARN in us-east-1 (the emulator does not check that it exists). */
export const EXAMPLE_CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0f6b3c1e-5a7d-4f2b-9c8e-1d2a3b4c5d6e';

export interface PatientImagesExampleProps {
  /** @default 'us-east-1' */
  readonly region?: string;
  /** @default EXAMPLE_CERTIFICATE_ARN */
  readonly certificateArn?: string;
}

/**
 * Patient images served through CloudFront with signed URLs, a custom certificate, CORS for direct
 * uploads from the web app, geo restriction and the construct's own KMS key.
 */
export class PatientImagesExample extends TerraformStack {
  public readonly images: S3CloudFront;

  constructor(scope: Construct, id: string, props: PatientImagesExampleProps = {}) {
    super(scope, id);
    new AwsTarget(this, 'target', { region: props.region ?? 'us-east-1' });
    this.images = new S3CloudFront(this, 'images', {
      bucketPrefix: 'phi-example',
      certificateArn: props.certificateArn ?? EXAMPLE_CERTIFICATE_ARN,
      domainNames: ['images.example.com'],
      publicKeyPem: EXAMPLE_SIGNER_PUBLIC_KEY_PEM,
      corsAllowedOrigins: ['https://app.example.com', 'https://portal.example.com'],
      transitionToIaDays: 45,
      noncurrentVersionExpirationDays: 60,
      geoRestrictionLocations: ['US', 'CA'],
      priceClass: 'PriceClass_100',
      tags: { Service: 'patient-images', DataClass: 'phi' },
    });
    new TerraformOutput(this, 'bucketName', { value: this.images.bucketName });
    new TerraformOutput(this, 'bucketArn', { value: this.images.bucketArn });
    new TerraformOutput(this, 'logBucketName', { value: this.images.logBucketName });
    new TerraformOutput(this, 'kmsKeyArn', { value: this.images.kmsKeyArn });
    new TerraformOutput(this, 'distributionId', { value: this.images.distributionId });
    new TerraformOutput(this, 'distributionArn', { value: this.images.distributionArn });
    new TerraformOutput(this, 'distributionDomainName', { value: this.images.distributionDomainName });
    new TerraformOutput(this, 'keyGroupId', { value: this.images.keyGroupId });
    new TerraformOutput(this, 'publicKeyId', { value: this.images.publicKey.id });
    new TerraformOutput(this, 'originAccessControlId', { value: this.images.originAccessControl.id });
    new TerraformOutput(this, 'responseHeadersPolicyId', { value: this.images.responseHeadersPolicy.id });
  }
}
