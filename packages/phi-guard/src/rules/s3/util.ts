import { block, blocks, literalString, refersTo, RuleContext, SynthResource } from '../../synthesized';

/** Whether `value` designates `bucket`: a reference to it, or its literal name. */
export function designatesBucket(value: unknown, bucket: SynthResource): boolean {
  if (refersTo(value, bucket.address)) return true;
  const name = literalString(bucket.config.bucket);
  return name !== undefined && typeof value === 'string' && (value === name || value.startsWith(`${name}.s3.`));
}

/** The companion resources of a bucket (`aws_s3_bucket_versioning`, `..._policy`, ...) that point at it. */
export function bucketCompanions(bucket: SynthResource, context: RuleContext, type: string): SynthResource[] {
  return context.byType(type, 'resource').filter((c) => designatesBucket(c.config.bucket, bucket));
}

/** A setting of a bucket that AWS keeps once per bucket, and what writes it. */
export interface BucketSetting {
  /** How findings name it, e.g. `default encryption`. */
  readonly label: string;
  /** The companion resource type, e.g. `aws_s3_bucket_versioning`. */
  readonly type: string;
  /** The deprecated inline attribute of `aws_s3_bucket` that writes the same setting, if any. */
  readonly inline?: string;
}

/** The bucket settings of the effective configuration, each kept once by S3: the last writer wins. */
export const BUCKET_SETTINGS = {
  encryption: { label: 'default encryption', type: 'aws_s3_bucket_server_side_encryption_configuration', inline: 'server_side_encryption_configuration' },
  versioning: { label: 'versioning', type: 'aws_s3_bucket_versioning', inline: 'versioning' },
  publicAccessBlock: { label: 'public access block', type: 'aws_s3_bucket_public_access_block' },
  policy: { label: 'bucket policy', type: 'aws_s3_bucket_policy', inline: 'policy' },
  logging: { label: 'server access logging', type: 'aws_s3_bucket_logging', inline: 'logging' },
  ownership: { label: 'object ownership', type: 'aws_s3_bucket_ownership_controls' },
} as const satisfies Record<string, BucketSetting>;

export type BucketSettingName = keyof typeof BUCKET_SETTINGS;

/** One block that writes a bucket setting: a companion resource, or the bucket's own inline attribute. */
export interface BucketSettingWriter {
  /** Address of the companion, or `<bucket address> (inline <attribute>)`. */
  readonly address: string;
  readonly inline: boolean;
  /** The companion's configuration, or `{ [attribute]: value }` of the bucket for an inline writer. */
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * Every block that writes one setting of a bucket. S3 keeps one value per setting, so with more than
 * one writer the last apply wins and Terraform rewrites it on every apply: the rules judge every
 * writer, and PHI-S3-6 flags the duplicate itself.
 */
export function bucketSettingWriters(bucket: SynthResource, context: RuleContext, name: BucketSettingName): BucketSettingWriter[] {
  const setting: BucketSetting = BUCKET_SETTINGS[name];
  const writers: BucketSettingWriter[] = bucketCompanions(bucket, context, setting.type).map((c) => ({ address: c.address, inline: false, config: c.config }));
  if (setting.inline) {
    const v = bucket.config[setting.inline];
    const present = setting.inline === 'policy' ? v !== undefined && v !== null && v !== '' : blocks(v).length > 0;
    if (present) writers.unshift({ address: `${bucket.address} (inline ${setting.inline})`, inline: true, config: { [setting.inline]: v } });
  }
  return writers;
}

/** `problem` prefixed by the writer when the setting has several, so that the finding names the weak one. */
export function byWriter(writers: readonly BucketSettingWriter[], writer: BucketSettingWriter, problem: string): string {
  return writers.length > 1 ? `${writer.address}: ${problem}` : problem;
}

/**
 * Whether the bucket receives access logs of another service. Such a bucket is not required to log
 * its own access: that would recurse or require yet another bucket, and its objects are the logs.
 */
export function isLogDestination(bucket: SynthResource, context: RuleContext): boolean {
  const targets: unknown[] = [
    ...context.byType('aws_s3_bucket_logging', 'resource').map((l) => l.config.target_bucket),
    ...context.byType('aws_s3_bucket', 'resource').flatMap((b) => blocks(b.config.logging).map((l) => l.target_bucket)),
    ...[...context.byType('aws_lb', 'resource'), ...context.byType('aws_alb', 'resource')].map((lb) => block(lb.config.access_logs)?.bucket),
    ...context.byType('aws_cloudfront_distribution', 'resource').map((d) => block(d.config.logging_config)?.bucket),
    ...context.byType('aws_cloudtrail', 'resource').map((t) => t.config.s3_bucket_name),
    ...context.byType('aws_flow_log', 'resource').map((f) => f.config.log_destination),
  ];
  return targets.some((t) => t !== undefined && designatesBucket(t, bucket));
}

/** Whether a CloudFront distribution of the stack serves the bucket's objects. */
export function isCloudFrontOrigin(bucket: SynthResource, context: RuleContext): boolean {
  return context.byType('aws_cloudfront_distribution', 'resource').some((d) => blocks(d.config.origin).some((o) => designatesBucket(o.domain_name, bucket)));
}

/**
 * Whether the bucket is a PHI store for the non-waivable rules: every bucket except one that only
 * receives the logs of another service (and is served by no distribution). Log delivery of some
 * services (ALB access logs, S3 server access logs) writes with SSE-S3 only, so a log bucket's
 * encryption may be waived with a reason; a bucket that holds PHI objects may not.
 */
export function isPhiStoreBucket(bucket: SynthResource, context: RuleContext): boolean {
  return !isLogDestination(bucket, context) || isCloudFrontOrigin(bucket, context);
}
