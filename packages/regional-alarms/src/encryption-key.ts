// The key of the alarm topic: a PhiKey that the three publishing services may use, and no one else but the account.
import { KeyGrant, PhiKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { RegionalAlarmsContext } from './context';

/**
 * The services that publish to the topic. An encrypted topic needs each one to generate data keys
 * and decrypt with the key (SNS guide, "Enable compatibility between event sources and encrypted
 * topics"); what they may publish to is confined by the topic policy.
 */
export const PUBLISHING_SERVICES = {
  cloudwatch: 'cloudwatch.amazonaws.com',
  rds: 'events.rds.amazonaws.com',
  eventbridge: 'events.amazonaws.com',
} as const;

const grant = (sid: string, service: string): KeyGrant => ({
  sid,
  principals: [{ type: 'Service', identifiers: [service] }],
  actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
});

/** The PhiKey `alias/phi-stack/<name>/alarms` of the topic. */
export function createEncryptionKey(scope: Construct, ctx: RegionalAlarmsContext): PhiKey {
  return new PhiKey(scope, 'key', {
    description: `phi-stack ${ctx.name}: SNS topic of the alarms and events`,
    alias: { owner: ctx.name, purpose: 'alarms' },
    grants: [
      grant('CloudWatchAlarms', PUBLISHING_SERVICES.cloudwatch),
      grant('RdsEventSubscription', PUBLISHING_SERVICES.rds),
      grant('EventBridgeRule', PUBLISHING_SERVICES.eventbridge),
    ],
    tags: ctx.tags,
  });
}
