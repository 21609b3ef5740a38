// What every resource family of the VPC reads: the props, the validated settings, the tags and the
// stack's partition, region and account.
import { stackEnvironment } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { VpcAzsProps } from './props';
import { VpcAzsSettings } from './validation';

/** The tags of one resource: the construct's `tags`, its `Name`, then `extra`. */
export type ResourceTags = (resourceName: string, extra?: Record<string, string>) => Record<string, string>;

/** The context a resource family of the VpcAzs is built in. */
export interface VpcAzsContext {
  readonly props: VpcAzsProps;
  readonly settings: VpcAzsSettings;
  readonly tags: ResourceTags;
  /** Partition of the stack (`aws`, `aws-us-gov`, ...). */
  readonly partition: string;
  /** Region of the stack. */
  readonly region: string;
  /** Account id of the caller. */
  readonly accountId: string;
}

/** The context of the VpcAzs `scope`, read from its stack's environment. */
export function vpcAzsContext(scope: Construct, props: VpcAzsProps, settings: VpcAzsSettings): VpcAzsContext {
  const tags: ResourceTags = (resourceName, extra = {}) => ({
    ...props.tags,
    Name: resourceName,
    ...extra,
  });
  const { partition, region, callerIdentity: caller } = stackEnvironment(scope);
  return { props, settings, tags, partition: partition.partition, region: region.name, accountId: caller.accountId };
}
