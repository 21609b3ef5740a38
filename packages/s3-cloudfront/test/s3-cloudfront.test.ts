import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { AwsTarget } from '@phi-stack/aws-target';
import { IBucket, rolePrincipal } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { TerraformOutput, Testing, TerraformStack } from 'cdktf';
import { EXAMPLE_CERTIFICATE_ARN, EXAMPLE_SIGNER_PUBLIC_KEY_PEM, PatientImagesExample } from '../examples/patient-images';
import { CACHING_OPTIMIZED_POLICY_ID, LOG_BUCKET_ENCRYPTION_REASON, S3CloudFront, S3CloudFrontProps } from '../src';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synthExample(): Json {
  const app = Testing.app();
  return JSON.parse(Testing.synth(new PatientImagesExample(app, 'example')));
}

const BASE: S3CloudFrontProps = {
  bucketPrefix: 'acme-prod',
  certificateArn: EXAMPLE_CERTIFICATE_ARN,
  publicKeyPem: EXAMPLE_SIGNER_PUBLIC_KEY_PEM,
};

function build(props: Partial<S3CloudFrontProps> = {}, withKey = false): { json: Json; construct: S3CloudFront } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'stack');
  new AwsTarget(stack, 'target', { region: 'us-east-1', target: 'local' });
  const kmsKey = withKey ? new KmsKey(stack, 'shared-key', { enableKeyRotation: true }) : undefined;
  const construct = new S3CloudFront(stack, 'images', { ...BASE, kmsKey, ...props });
  return { json: JSON.parse(Testing.synth(stack)), construct };
}

/** The single resource of a type, or fails. */
function only(json: Json, type: string): Json {
  const all = Object.values(json.resource[type] ?? {}) as Json[];
  expect(all).toHaveLength(1);
  return all[0];
}

/** The construct id inside a logical id such as `images_log-bucket_9A468C81`. */
const constructId = (logicalId: string): string => logicalId.replace(/_[0-9A-F]{8}$/, '').split('_').pop()!;

/** Resources of a type keyed by their construct id (e.g. `bucket`, `log-bucket`). */
function byPath(json: Json, type: string): Record<string, Json> {
  return Object.fromEntries(Object.entries(json.resource[type] ?? {}).map(([logicalId, r]) => [constructId(logicalId), r as Json]));
}

/** Terraform address of the resource of a type with a construct id. */
function addressOf(json: Json, type: string, id: string): string {
  const logicalId = Object.keys(json.resource[type] ?? {}).find((l) => constructId(l) === id);
  if (!logicalId) throw new Error(`no ${type} with construct id ${id}`);
  return `${type}.${logicalId}`;
}

describe('S3CloudFront (example stack)', () => {
  const json = synthExample();
  const bucket = addressOf(json, 'aws_s3_bucket', 'bucket');
  const logBucket = addressOf(json, 'aws_s3_bucket', 'log-bucket');
  const key = addressOf(json, 'aws_kms_key', 'key');
  const distribution = addressOf(json, 'aws_cloudfront_distribution', 'distribution');

  it('creates the expected resources once each', () => {
    const counts = Object.fromEntries(Object.entries(json.resource).map(([type, rs]) => [type, Object.keys(rs as Json).length]));
    expect(counts).toEqual({
      aws_kms_key: 1,
      aws_kms_alias: 2,
      aws_kms_key_policy: 1,
      aws_s3_bucket: 2,
      aws_s3_bucket_public_access_block: 2,
      aws_s3_bucket_ownership_controls: 2,
      aws_s3_bucket_server_side_encryption_configuration: 2,
      aws_s3_bucket_versioning: 2,
      aws_s3_bucket_lifecycle_configuration: 2,
      aws_s3_bucket_policy: 2,
      aws_s3_bucket_logging: 1,
      aws_s3_bucket_cors_configuration: 1,
      aws_cloudfront_origin_access_control: 1,
      aws_cloudfront_public_key: 1,
      aws_cloudfront_key_group: 1,
      aws_cloudfront_response_headers_policy: 1,
      aws_cloudfront_distribution: 1,
    });
  });

  it('names buckets from the prefix and keeps them on delete', () => {
    const buckets = byPath(json, 'aws_s3_bucket');
    expect(buckets.bucket.bucket_prefix).toBe('phi-example-images-');
    expect(buckets['log-bucket'].bucket_prefix).toBe('phi-example-logs-');
    expect(buckets.bucket.force_destroy).toBeUndefined();
    expect(buckets.bucket.tags).toEqual({ Service: 'patient-images', DataClass: 'phi' });
  });

  it('creates a rotating customer-managed key with the scheme alias and the legacy alias at its old id', () => {
    expect(only(json, 'aws_kms_key')).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
    expect(only(json, 'aws_kms_key').policy).toBeUndefined(); // written by the aws_kms_key_policy
    const aliases = byPath(json, 'aws_kms_alias');
    expect(aliases['key-alias']).toMatchObject({ name: 'alias/phi-example-images', target_key_id: `\${${key}.key_id}` });
    expect(aliases.alias).toMatchObject({ name: 'alias/phi-stack/phi-example/images', target_key_id: `\${${key}.key_id}` });
  });

  it('blocks public access on both buckets with all four flags', () => {
    const blocks = byPath(json, 'aws_s3_bucket_public_access_block');
    for (const [name, target] of [['bucket-public-access-block', bucket], ['log-bucket-public-access-block', logBucket]]) {
      expect(blocks[name]).toMatchObject({
        bucket: `\${${target}.id}`,
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
  });

  it('enforces object ownership on the image bucket and keeps ACLs only on the log bucket', () => {
    const ownership = byPath(json, 'aws_s3_bucket_ownership_controls');
    expect(ownership['bucket-ownership']).toMatchObject({ bucket: `\${${bucket}.id}`, rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(ownership['log-bucket-ownership']).toMatchObject({ bucket: `\${${logBucket}.id}`, rule: { object_ownership: 'BucketOwnerPreferred' } });
    expect(json.resource.aws_s3_bucket_acl).toBeUndefined();
  });

  it('encrypts images with our key and a bucket key, logs with SSE-S3', () => {
    const sse = byPath(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse['bucket-encryption'].rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `\${${key}.arn}` }, bucket_key_enabled: true },
    ]);
    expect(sse['log-bucket-encryption'].rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
  });

  it('versions both buckets and applies lifecycle rules from the props', () => {
    for (const v of Object.values(json.resource.aws_s3_bucket_versioning) as Json[]) {
      expect(v.versioning_configuration).toEqual({ status: 'Enabled' });
    }
    const lifecycle = byPath(json, 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle['bucket-lifecycle'].rule).toEqual([
      {
        id: 'images',
        status: 'Enabled',
        filter: [{ prefix: '' }],
        transition: [{ days: 45, storage_class: 'STANDARD_IA' }],
        noncurrent_version_expiration: [{ noncurrent_days: 60 }],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
    ]);
    expect(lifecycle['log-bucket-lifecycle'].rule[0].expiration).toEqual([{ days: 2192 }]);
    expect(lifecycle['bucket-lifecycle'].depends_on).toEqual([addressOf(json, 'aws_s3_bucket_versioning', 'bucket-versioning')]);
  });

  it('logs S3 access to the log bucket, admitted by the log bucket policy', () => {
    const logging = only(json, 'aws_s3_bucket_logging');
    expect(logging).toMatchObject({ bucket: `\${${bucket}.id}`, target_bucket: `\${${logBucket}.id}`, target_prefix: 's3-access/' });
    const policy = JSON.parse(byPath(json, 'aws_s3_bucket_policy')['log-bucket-policy'].policy);
    expect(policy.Statement.map((s: Json) => s.Sid)).toEqual(['DenyInsecureTransport', 'DenyTlsOlderThan12', 'AllowS3ServerAccessLogsFromTheImageBucket']);
    expect(policy.Statement[2]).toMatchObject({
      Principal: { Service: 'logging.s3.amazonaws.com' },
      Resource: `\${${logBucket}.arn}/s3-access/*`,
      Condition: { ArnLike: { 'aws:SourceArn': `\${${bucket}.arn}` } },
    });
  });

  it('allows CORS uploads from the configured origins only', () => {
    const cors = only(json, 'aws_s3_bucket_cors_configuration');
    expect(cors.cors_rule).toEqual([
      {
        id: 'direct-upload',
        allowed_origins: ['https://app.example.com', 'https://portal.example.com'],
        allowed_methods: ['PUT', 'POST'],
        allowed_headers: ['content-type', 'content-md5', 'x-amz-*'],
        expose_headers: ['ETag'],
        max_age_seconds: 3000,
      },
    ]);
  });

  it('denies non-TLS and wrongly encrypted uploads, and admits only this distribution to read', () => {
    const policy = JSON.parse(byPath(json, 'aws_s3_bucket_policy')['bucket-policy'].policy);
    const bySid = Object.fromEntries(policy.Statement.map((s: Json) => [s.Sid, s]));
    expect(bySid.DenyInsecureTransport).toEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: [`\${${bucket}.arn}`, `\${${bucket}.arn}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(bySid.DenyUploadsWithAnotherEncryption.Condition).toEqual({
      StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' },
      Null: { 's3:x-amz-server-side-encryption': 'false' },
    });
    expect(bySid.DenyUploadsWithAnotherKmsKey).toMatchObject({
      Effect: 'Deny',
      Action: 's3:PutObject',
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption-aws-kms-key-id': `\${${key}.arn}` } },
    });
    expect(bySid.AllowCloudFrontOriginAccessControlRead).toEqual({
      Sid: 'AllowCloudFrontOriginAccessControlRead',
      Effect: 'Allow',
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 's3:GetObject',
      Resource: `\${${bucket}.arn}/*`,
      Condition: { StringEquals: { 'AWS:SourceArn': `\${${distribution}.arn}` } },
    });
    // The only Allow in the policy is the distribution's read.
    expect(policy.Statement.filter((s: Json) => s.Effect === 'Allow')).toHaveLength(1);
  });

  it('lets the account and this distribution (decrypt only) use the key, no wildcard principal', () => {
    const policy = JSON.parse(only(json, 'aws_kms_key_policy').policy);
    expect(policy.Statement).toHaveLength(2);
    expect(policy.Statement[0]).toMatchObject({ Sid: 'AccountAdministration', Effect: 'Allow', Action: 'kms:*', Resource: '*' });
    expect(policy.Statement[0].Principal.AWS).toMatch(/^arn:\$\{data\.aws_partition\.[\w-]+\.partition\}:iam::\$\{data\.aws_caller_identity\.[\w-]+\.account_id\}:root$/);
    expect(policy.Statement[1]).toMatchObject({
      Principal: { Service: 'cloudfront.amazonaws.com' },
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'AWS:SourceArn': `\${${distribution}.arn}` } },
    });
    expect(JSON.stringify(policy)).not.toContain('"Principal":"*"');
  });

  it('signs origin requests with OAC, sigv4, always', () => {
    expect(only(json, 'aws_cloudfront_origin_access_control')).toMatchObject({
      name: 'phi-example-images',
      origin_access_control_origin_type: 's3',
      signing_behavior: 'always',
      signing_protocol: 'sigv4',
    });
  });

  it('requires signed URLs or cookies through a key group of our public key', () => {
    const publicKey = only(json, 'aws_cloudfront_public_key');
    expect(publicKey.encoded_key).toBe(EXAMPLE_SIGNER_PUBLIC_KEY_PEM);
    expect(publicKey.lifecycle).toEqual({ create_before_destroy: true });
    expect(only(json, 'aws_cloudfront_key_group').items).toEqual([`\${${addressOf(json, 'aws_cloudfront_public_key', 'public-key')}.id}`]);
    const dist = only(json, 'aws_cloudfront_distribution');
    expect(dist.default_cache_behavior.trusted_key_groups).toEqual([`\${${addressOf(json, 'aws_cloudfront_key_group', 'key-group')}.id}`]);
  });

  it('sets security response headers', () => {
    expect(only(json, 'aws_cloudfront_response_headers_policy').security_headers_config).toEqual({
      strict_transport_security: { access_control_max_age_sec: 63072000, include_subdomains: true, preload: true, override: true },
      content_type_options: { override: true },
      frame_options: { frame_option: 'DENY', override: true },
      referrer_policy: { referrer_policy: 'no-referrer', override: true },
      xss_protection: { protection: true, mode_block: true, override: true },
    });
  });

  it('serves the bucket over HTTPS only, TLSv1.2_2021 with the certificate, logging and geo restriction', () => {
    const dist = only(json, 'aws_cloudfront_distribution');
    expect(dist.origin).toEqual([
      {
        origin_id: 'images',
        domain_name: `\${${bucket}.bucket_regional_domain_name}`,
        origin_access_control_id: `\${${addressOf(json, 'aws_cloudfront_origin_access_control', 'origin-access-control')}.id}`,
      },
    ]);
    expect(dist.default_cache_behavior).toMatchObject({
      viewer_protocol_policy: 'redirect-to-https',
      allowed_methods: ['GET', 'HEAD'],
      cache_policy_id: CACHING_OPTIMIZED_POLICY_ID,
      response_headers_policy_id: `\${${addressOf(json, 'aws_cloudfront_response_headers_policy', 'response-headers-policy')}.id}`,
    });
    expect(dist.viewer_certificate).toEqual({ acm_certificate_arn: EXAMPLE_CERTIFICATE_ARN, ssl_support_method: 'sni-only', minimum_protocol_version: 'TLSv1.2_2021' });
    expect(dist.logging_config).toEqual({ bucket: `\${${logBucket}.bucket_domain_name}`, prefix: 'cloudfront/', include_cookies: false });
    expect(dist.restrictions).toEqual({ geo_restriction: { restriction_type: 'whitelist', locations: ['US', 'CA'] } });
    expect(dist).toMatchObject({ aliases: ['images.example.com'], price_class: 'PriceClass_100', enabled: true, http_version: 'http2and3' });
    expect(dist.depends_on).toEqual([addressOf(json, 'aws_s3_bucket_ownership_controls', 'log-bucket-ownership')]);
    expect(dist.web_acl_id).toBeUndefined();
  });

  it('exposes the outputs named after their resources', () => {
    expect(Object.keys(json.output).sort()).toEqual(
      ['bucketArn', 'bucketName', 'distributionArn', 'distributionDomainName', 'distributionId', 'keyGroupId', 'kmsKeyArn', 'logBucketName', 'originAccessControlId', 'publicKeyId', 'responseHeadersPolicyId'].sort(),
    );
    expect(json.output.kmsKeyArn.value).toBe(`\${${key}.arn}`);
    expect(json.output.distributionDomainName.value).toBe(`\${${distribution}.domain_name}`);
  });
});

describe('S3CloudFront options', () => {
  it('exposes the public key id (the Key-Pair-Id signers put in URLs) as publicKeyId', () => {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AwsTarget(stack, 'target', { region: 'us-east-1', target: 'local' });
    const images = new S3CloudFront(stack, 'images', BASE);
    new TerraformOutput(stack, 'signerKeyPairId', { value: images.publicKeyId });
    const json = JSON.parse(Testing.synth(stack)) as Json;
    expect(json.output.signerKeyPairId.value).toBe(`\${${addressOf(json, 'aws_cloudfront_public_key', 'public-key')}.id}`);
  });

  it('uses a given key without creating one or managing its policy', () => {
    const { json } = build({}, true);
    expect(Object.keys(json.resource.aws_kms_key)).toHaveLength(1);
    expect(json.resource.aws_kms_key_policy).toBeUndefined();
    expect(json.resource.aws_kms_alias).toBeUndefined();
    const sse = byPath(json, 'aws_s3_bucket_server_side_encryption_configuration')['bucket-encryption'];
    expect(sse.rule[0].apply_server_side_encryption_by_default.kms_master_key_id).toBe(`\${${addressOf(json, 'aws_kms_key', 'shared-key')}.arn}`);
  });

  it('defaults: no CORS, all edge locations, no geo restriction, 30/90 day lifecycle', () => {
    const { json } = build();
    expect(json.resource.aws_s3_bucket_cors_configuration).toBeUndefined();
    const dist = only(json, 'aws_cloudfront_distribution');
    expect(dist.price_class).toBe('PriceClass_All');
    expect(dist.restrictions).toEqual({ geo_restriction: { restriction_type: 'none' } });
    expect(dist.aliases).toBeUndefined();
    const rule = byPath(json, 'aws_s3_bucket_lifecycle_configuration')['bucket-lifecycle'].rule[0];
    expect(rule.transition).toEqual([{ days: 30, storage_class: 'STANDARD_IA' }]);
    expect(rule.noncurrent_version_expiration).toEqual([{ noncurrent_days: 90 }]);
  });

  it('records the default-certificate opt-out with its reason', () => {
    const { json } = build({ certificateArn: undefined, useDefaultCertificate: true, defaultCertificateReason: 'staging without a custom domain' });
    const dist = only(json, 'aws_cloudfront_distribution');
    expect(dist.viewer_certificate).toEqual({ cloudfront_default_certificate: true });
    expect(dist.tags).toEqual({ 'phi-stack:opt-out:viewer-certificate': 'staging without a custom domain' });
  });

  it('records the force-destroy opt-out on both buckets', () => {
    const { json } = build({ forceDestroy: true, forceDestroyReason: 'ephemeral preview environment' });
    const buckets = json.resource.aws_s3_bucket as Record<string, Json>;
    const [images, logs] = [Object.entries(buckets).find(([k]) => !k.includes('log'))![1], Object.entries(buckets).find(([k]) => k.includes('log'))![1]];
    for (const b of [images, logs]) expect(b.force_destroy).toBe(true);
    expect(images.tags).toEqual({ 'phi-stack:opt-out:force-destroy': 'ephemeral preview environment' });
    // The log bucket also carries its standing SSE-S3 exception.
    expect(logs.tags).toEqual({
      'phi-stack:opt-out:force-destroy': 'ephemeral preview environment',
      'phi-stack:opt-out:encryption': LOG_BUCKET_ENCRYPTION_REASON,
    });
  });

  it('writes only tag values that every AWS tagging API accepts', () => {
    const { json } = build({ forceDestroy: true, forceDestroyReason: 'ephemeral preview environment', tags: { Service: 'patient-images' } });
    const values = Object.values(json.resource as Record<string, Record<string, Json>>)
      .flatMap((byId) => Object.values(byId))
      .flatMap((r) => Object.values((r.tags ?? {}) as Record<string, string>));
    expect(values).toContain(LOG_BUCKET_ENCRYPTION_REASON);
    for (const v of values) expect(v).toMatch(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u);
  });

  it('attaches a web ACL and a geo deny list', () => {
    const webAclArn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/images/0f6b3c1e-5a7d-4f2b-9c8e-1d2a3b4c5d6e';
    const { json } = build({ webAclArn, geoRestrictionLocations: ['KP'], geoRestrictionType: 'blacklist' });
    const dist = only(json, 'aws_cloudfront_distribution');
    expect(dist.web_acl_id).toBe(webAclArn);
    expect(dist.restrictions.geo_restriction).toEqual({ restriction_type: 'blacklist', locations: ['KP'] });
  });

  it('normalises the PEM to end with one newline, as CloudFront returns it', () => {
    const { json } = build({ publicKeyPem: `  ${EXAMPLE_SIGNER_PUBLIC_KEY_PEM.trim().replace(/\n/g, '\r\n')}\r\n\r\n` });
    expect(only(json, 'aws_cloudfront_public_key').encoded_key).toBe(EXAMPLE_SIGNER_PUBLIC_KEY_PEM);
  });
});

describe('S3CloudFront as an IBucket', () => {
  function withGrantee(keyPrefix: string): { json: Json; images: IBucket } {
    const stack = new TerraformStack(Testing.app(), 'stack');
    new AwsTarget(stack, 'target', { region: 'us-east-1', target: 'local' });
    const images: IBucket = new S3CloudFront(stack, 'images', BASE);
    const web = new Construct(stack, 'web');
    const role = new IamRole(web, 'instance-role', { name: 'web-instance', assumeRolePolicy: '{}' });
    images.grantReadWrite({ grantPrincipal: rolePrincipal(web, role, 'instance-') }, keyPrefix);
    return { json: JSON.parse(Testing.synth(stack)), images };
  }

  it('grants the web role the prefix and its own key through S3, in the policy image-bucket-prefix', () => {
    const { json } = withGrantee('images/');
    expect(only(json, 'aws_iam_role_policy').name).toBe('image-bucket-prefix');
    const doc = Object.entries<Json>(json.data.aws_iam_policy_document).find(([k]) => k.startsWith('web_instance-images-doc'))![1];
    const bucketArn = `\${${addressOf(json, 'aws_s3_bucket', 'bucket')}.arn}`;
    expect(doc.statement.map((st: Json) => [st.sid, st.resources])).toEqual([
      ['ReadWriteImagePrefix', [`${bucketArn}/images/*`]],
      ['ListImagePrefix', [bucketArn]],
      ['UseImageKeyThroughS3', [`\${${addressOf(json, 'aws_kms_key', 'key')}.arn}`]],
    ]);
  });

  it('refuses a prefix with a wildcard, naming the bucket construct', () => {
    expect(() => withGrantee('images/*')).toThrow("stack/images: grantReadWrite keyPrefix must be a key prefix like images/: not empty, no leading /, no wildcard, ending in / (got 'images/*')");
  });
});

describe('S3CloudFront bad input', () => {
  const err = (props: Partial<S3CloudFrontProps>) => () => build(props);

  it('names every bad prop in one error, never repeating a value that holds PHI', () => {
    const message = (() => {
      try {
        build({ bucketPrefix: 'jane.doe@example.com', corsAllowedOrigins: ['http://app.example.com'], transitionToIaDays: 10, geoRestrictionType: 'whitelist' });
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    })();
    expect(message).toBe(
      [
        'stack/images: 4 problems:',
        'bucketPrefix must not contain PHI-like content (got email at offset 0; the value is not repeated here): bucket names appear in URLs, logs and bills; use a neutral prefix such as acme-prod',
        "corsAllowedOrigins entries must be https origins without path, like https://app.example.com (got 'http://app.example.com'): uploads of PHI must use TLS",
        'transitionToIaDays must be a whole number between 30 and 36500 (got 10): S3 moves objects to STANDARD_IA no earlier than 30 days after creation',
        "geoRestrictionType needs geoRestrictionLocations (got 'whitelist' with no locations): list ISO 3166-1 alpha-2 codes such as US",
      ].join('\n  - '),
    );
    expect(message).not.toContain('jane');
  });

  it('rejects a bucket prefix that contains an email address, without echoing it', () => {
    expect(err({ bucketPrefix: 'jane.doe@example.com' })).toThrow(
      'stack/images: bucketPrefix must not contain PHI-like content (got email at offset 0; the value is not repeated here): bucket names appear in URLs, logs and bills; use a neutral prefix such as acme-prod',
    );
  });

  it('rejects a bucket prefix with an MRN or a deny-listed term', () => {
    expect(err({ bucketPrefix: 'scans-mrn-1234567' })).toThrow('stack/images: bucketPrefix must not contain PHI-like content (got mrn at offset 6;');
    expect(err({ bucketPrefix: 'st-mary-oncology', phiDenyList: ['Mary-Oncology'] })).toThrow('stack/images: bucketPrefix must not contain PHI-like content (got deny-list at offset 3;');
  });

  it('rejects a malformed bucket prefix', () => {
    expect(err({ bucketPrefix: 'Acme_Images' })).toThrow(
      "stack/images: bucketPrefix must be 3-29 lowercase letters, digits or single hyphens, starting and ending with a letter or digit (got 'Acme_Images'): Terraform appends a 26-character suffix and S3 names stop at 63",
    );
    expect(err({ bucketPrefix: 'a'.repeat(30) })).toThrow('bucketPrefix must be 3-29 lowercase letters');
  });

  it('rejects a wildcard or plain-http CORS origin', () => {
    expect(err({ corsAllowedOrigins: ['*'] })).toThrow(
      "stack/images: corsAllowedOrigins must list explicit origins (got '*'): a wildcard would let any site upload to the image bucket; list each application origin such as https://app.example.com",
    );
    expect(err({ corsAllowedOrigins: ['https://*.example.com'] })).toThrow("corsAllowedOrigins must list explicit origins (got 'https://*.example.com')");
    expect(err({ corsAllowedOrigins: ['http://app.example.com'] })).toThrow(
      "stack/images: corsAllowedOrigins entries must be https origins without path, like https://app.example.com (got 'http://app.example.com'): uploads of PHI must use TLS",
    );
  });

  it('rejects a transition to STANDARD_IA before 30 days', () => {
    expect(err({ transitionToIaDays: 7 })).toThrow(
      'stack/images: transitionToIaDays must be a whole number between 30 and 36500 (got 7): S3 moves objects to STANDARD_IA no earlier than 30 days after creation',
    );
    expect(err({ noncurrentVersionExpirationDays: 0 })).toThrow('stack/images: noncurrentVersionExpirationDays must be a whole number between 1 and 36500 (got 0)');
    expect(err({ logRetentionDays: 30 })).toThrow('stack/images: logRetentionDays must be a whole number between 90 and 36500 (got 30)');
  });

  it('rejects a certificate outside us-east-1, a missing certificate and an unexplained default certificate', () => {
    expect(err({ certificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/0f6b3c1e-5a7d-4f2b-9c8e-1d2a3b4c5d6e' })).toThrow(
      'stack/images: certificateArn must be in us-east-1 (got a certificate in eu-west-1): CloudFront only serves ACM certificates from us-east-1; request or import one there',
    );
    expect(err({ certificateArn: undefined })).toThrow(
      'stack/images: certificateArn is required (got undefined): pass an ACM certificate in us-east-1, or set useDefaultCertificate: true with defaultCertificateReason',
    );
    expect(err({ certificateArn: undefined, useDefaultCertificate: true })).toThrow(
      'stack/images: defaultCertificateReason is required when useDefaultCertificate is true (got undefined): state why the opt-out is acceptable; it is recorded in the tag phi-stack:opt-out:viewer-certificate',
    );
    expect(err({ useDefaultCertificate: true, defaultCertificateReason: 'x' })).toThrow('stack/images: certificateArn and useDefaultCertificate are exclusive (got both)');
    expect(err({ certificateArn: undefined, useDefaultCertificate: true, defaultCertificateReason: "dev isn't public" })).toThrow(
      "stack/images: defaultCertificateReason must use only letters, digits, spaces and _ . : / = + - @, what AWS accepts in a tag value (got \"'\" in \"dev isn't public\"): rephrase without them; it is recorded in the tag phi-stack:opt-out:viewer-certificate",
    );
  });

  it('rejects force destroy without a reason', () => {
    expect(err({ forceDestroy: true })).toThrow(
      'stack/images: forceDestroyReason is required when forceDestroy is true (got undefined): state why the opt-out is acceptable; it is recorded in the tag phi-stack:opt-out:force-destroy',
    );
  });

  it('rejects PHI in tags, naming the tag but not the value', () => {
    expect(err({ tags: { Owner: 'call 555-123-4567' } })).toThrow(
      "stack/images: tags['Owner'] must not contain PHI-like content (got phone at offset 5; the value is not repeated here): tags are readable by anyone with tagging or billing access; use role or system names",
    );
    expect(err({ tags: { 'dob-1980-01-15': 'x' } })).toThrow('stack/images: tag keys must not contain PHI-like content (got date-of-birth at offset 0;');
    expect(err({ tags: { 'phi-stack:opt-out:tls': 'x' } })).toThrow("stack/images: tags must not set 'phi-stack:opt-out:tls'");
  });

  it('rejects a key that is not a PEM public key', () => {
    expect(err({ publicKeyPem: '-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n-----END RSA PRIVATE KEY-----' })).toThrow(
      "stack/images: publicKeyPem must be a PEM public key starting with -----BEGIN PUBLIC KEY----- (got '-----BEGIN RSA PRIVATE KEY-----'): export it with 'openssl rsa -pubout -in signer.pem'",
    );
    expect(err({ publicKeyPem: 'MIIEsecret' })).toThrow('stack/images: publicKeyPem must be a PEM public key starting with -----BEGIN PUBLIC KEY----- (got no PEM header)');
  });

  it('rejects a regional web ACL, lower-case country codes and a geo type without locations', () => {
    expect(err({ webAclArn: 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/images/0f6b3c1e-5a7d-4f2b-9c8e-1d2a3b4c5d6e' })).toThrow(
      'stack/images: webAclArn must be a WAFv2 web ACL with scope CLOUDFRONT',
    );
    expect(err({ geoRestrictionLocations: ['us'] })).toThrow("stack/images: geoRestrictionLocations entries must be ISO 3166-1 alpha-2 codes in upper case (got 'us'): e.g. US, CA, DE");
    expect(err({ geoRestrictionType: 'blacklist' })).toThrow("stack/images: geoRestrictionType needs geoRestrictionLocations (got 'blacklist' with no locations)");
  });

  it('rejects domain names with the default certificate and malformed domain names', () => {
    expect(err({ certificateArn: undefined, useDefaultCertificate: true, defaultCertificateReason: 'staging preview environment', domainNames: ['images.example.com'] })).toThrow(
      'stack/images: domainNames need a certificateArn (got 1 domain names with useDefaultCertificate)',
    );
    expect(err({ domainNames: ['Images.Example.com'] })).toThrow("stack/images: domainNames entries must be lowercase DNS names like images.example.com (got 'Images.Example.com')");
  });

  it('rejects short deny-list terms', () => {
    expect(err({ phiDenyList: ['ab'] })).toThrow("stack/images: phiDenyList[0] must have at least 3 non-blank characters (got 'ab'): shorter terms would match inside ordinary words");
  });
});

describe('S3CloudFront web ACL opt-out', () => {
  const webAclArn = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/images/0f6b3c1e-5a7d-4f2b-9c8e-1d2a3b4c5d6e';

  it('records a distribution without a web ACL in the phi-stack:opt-out:waf tag', () => {
    const { json } = build({ webAclDisabledReason: 'internal preview distribution behind a VPN' });
    const dist = only(json, 'aws_cloudfront_distribution');
    expect(dist.web_acl_id).toBeUndefined();
    expect(dist.tags['phi-stack:opt-out:waf']).toBe('internal preview distribution behind a VPN');
  });

  it('puts no waf opt-out tag on a distribution with a web ACL', () => {
    const dist = only(build({ webAclArn }).json, 'aws_cloudfront_distribution');
    expect(dist.web_acl_id).toBe(webAclArn);
    expect(dist.tags?.['phi-stack:opt-out:waf']).toBeUndefined();
  });

  it('rejects a blank reason and a reason next to a web ACL', () => {
    expect(() => build({ webAclDisabledReason: '  ' })).toThrow('stack/images: webAclDisabledReason must state the reason in at least 10 characters (got "  ", 0)');
    expect(() => build({ webAclDisabledReason: 'n/a' })).toThrow('stack/images: webAclDisabledReason must state the reason in at least 10 characters (got "n/a", 3)');
    expect(() => build({ webAclArn, webAclDisabledReason: 'x' })).toThrow('stack/images: webAclArn and webAclDisabledReason are exclusive (got both)');
  });
});
