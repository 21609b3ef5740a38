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
