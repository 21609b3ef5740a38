// What every resource family of a RegionalAlarms reads: props, settings, names and the stack's environment.
import { stackEnvironment } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RegionalAlarmsProps } from './props';
import { RegionalAlarmsSettings } from './validation';

export interface RegionalAlarmsContext {
  readonly props: RegionalAlarmsProps;
  readonly settings: RegionalAlarmsSettings;
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/** The context of the RegionalAlarms `scope`, read from its stack's environment. */
export function regionalAlarmsContext(scope: Construct, props: RegionalAlarmsProps, settings: RegionalAlarmsSettings): RegionalAlarmsContext {
  const { partition, region, callerIdentity } = stackEnvironment(scope);
  return { props, settings, name: props.name, tags: props.tags ?? {}, partition: partition.partition, region: region.name, accountId: callerIdentity.accountId };
}
