import { block, blocks, literalString, referencedAddresses, SynthResource } from '../../synthesized';

/** The default and ordered cache behaviors of a distribution. */
export function cacheBehaviors(d: SynthResource): Record<string, unknown>[] {
  return [...blocks(d.config.default_cache_behavior), ...blocks(d.config.ordered_cache_behavior)];
}

/** Whether an origin serves from an S3 bucket's REST endpoint (website endpoints are custom origins). */
export function isS3Origin(origin: Record<string, unknown>): boolean {
  if (block(origin.s3_origin_config)) return true;
  if (referencedAddresses(origin.domain_name).some((a) => a.startsWith('aws_s3_bucket.'))) return true;
  const domain = literalString(origin.domain_name) ?? '';
  return /\.s3[.-]([a-z0-9-]+\.)?amazonaws\.com$/.test(domain) && !domain.includes('s3-website');
}
