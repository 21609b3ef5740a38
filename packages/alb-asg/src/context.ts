// What every resource family of the web tier reads: the props, the validated settings, the tags
// and the stack's partition, region and account.
import { stackEnvironment } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { AlbAsgProps } from './props';
import { AlbAsgSettings } from './validation';

/** The tags of one resource: the construct's `tags`, its `Name`, then `extra` (opt-out tags). */
export type ResourceTags = (resourceName: string, extra?: Record<string, string>) => Record<string, string>;

/** The context a resource family of the AlbAsg is built in. */
export interface AlbAsgContext {
  readonly props: AlbAsgProps;
  readonly settings: AlbAsgSettings;
  readonly tags: ResourceTags;
  /** Partition of the stack (`aws`, `aws-us-gov`, ...). */
  readonly partition: string;
  /** Region of the stack. */
  readonly region: string;
  /** Account id of the caller. */
  readonly accountId: string;
}

/** The context of the AlbAsg `scope`, read from its stack's environment. */
export function albAsgContext(scope: Construct, props: AlbAsgProps, settings: AlbAsgSettings): AlbAsgContext {
  const { partition, region, callerIdentity: caller } = stackEnvironment(scope);
  return {
    props,
    settings,
    tags: (resourceName, extra = {}) => ({ ...props.tags, Name: resourceName, ...extra }),
    partition: partition.partition,
    region: region.name,
    accountId: caller.accountId,
  };
}
