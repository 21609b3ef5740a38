// What every resource family of the patient-image bucket and distribution reads: the props, the
// validated settings, the tags and the stack's account.
import { stackEnvironment } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { S3CloudFrontProps } from './props';
import { S3CloudFrontSettings } from './validation';

/** The tags of one resource: `tags` and then `extra`, or undefined when both are empty. */
export type ResourceTags = (extra?: Record<string, string>) => Record<string, string> | undefined;

/** The context a resource family of the S3CloudFront is built in. */
export interface S3CloudFrontContext {
  readonly props: S3CloudFrontProps;
  readonly settings: S3CloudFrontSettings;
  readonly withTags: ResourceTags;
  /** Account id of the caller. */
  readonly accountId: string;
}

/** The context of the S3CloudFront `scope`, read from its stack's environment. */
export function s3CloudFrontContext(scope: Construct, props: S3CloudFrontProps, settings: S3CloudFrontSettings): S3CloudFrontContext {
  const { tags } = settings;
  const withTags: ResourceTags = (extra = {}) => (Object.keys(tags).length + Object.keys(extra).length > 0 ? { ...tags, ...extra } : undefined);
  const { callerIdentity: caller } = stackEnvironment(scope);
  return { props, settings, withTags, accountId: caller.accountId };
}
