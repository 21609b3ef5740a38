// What every resource family of the database reads: the props, the validated settings, the tags,
// the stack's partition, region and account, and the name of the rotation function.
import { stackEnvironment } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RdsMysqlHaProps } from './props';
import { RdsMysqlHaSettings } from './validation';

/** The context a resource family of the RdsMysqlHa is built in. */
export interface RdsMysqlHaContext {
  readonly props: RdsMysqlHaProps;
  readonly settings: RdsMysqlHaSettings;
  /** `name`: the base of every resource name. */
  readonly name: string;
  /** `tags`, or none. */
  readonly tags: Record<string, string>;
  /** Partition of the stack (`aws`, `aws-us-gov`, ...). */
  readonly partition: string;
  /** Region of the stack. */
  readonly region: string;
  /** Account id of the caller. */
  readonly accountId: string;
  /** Name of the Lambda function that rotates the master password. */
  readonly rotationFunctionName: string;
}

/** The context of the RdsMysqlHa `scope`, read from its stack's environment. */
export function rdsMysqlHaContext(scope: Construct, props: RdsMysqlHaProps, settings: RdsMysqlHaSettings): RdsMysqlHaContext {
  const name = props.name;
  const { partition, region, callerIdentity: account } = stackEnvironment(scope);
  return {
    props,
    settings,
    name,
    tags: props.tags ?? {},
    partition: partition.partition,
    region: region.name,
    accountId: account.accountId,
    rotationFunctionName: `${name}-mysql-master-rotation`,
  };
}
