// Events that are no metric: RDS instance events by subscription, ElastiCache events through EventBridge.
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { RegionalAlarmsContext } from './context';
import { RULE_SUFFIX, SUBSCRIPTION_SUFFIX } from './validation';

/** The RDS event categories the subscription sends (RDS guide, "Amazon RDS event categories"). */
export const DB_EVENT_CATEGORIES = ['availability', 'failover', 'failure', 'low storage', 'maintenance', 'notification', 'recovery'];

/**
 * The ElastiCache events the rule forwards. ElastiCache's own SNS notifications cannot publish to
 * an encrypted topic (ElastiCache guide, "Event Notifications and Amazon SNS"); the events it sends to EventBridge (EventBridge reference, "Amazon ElastiCache events")
 * events can.
 */
export const ELASTICACHE_DETAIL_TYPES = ['Cache Update Failed', 'Cache Limit Approaching', 'Snapshot Creation Failed'];

/** The subscription `<name>-rds-events` to the events of the DB instances. */
export function createDbEventSubscription(scope: Construct, ctx: RegionalAlarmsContext, topicArn: string, dependsOn: ITerraformDependable[]): DbEventSubscription {
  const { props, settings } = ctx;
  return new DbEventSubscription(scope, 'db-events', {
    name: `${ctx.name}${SUBSCRIPTION_SUFFIX}`,
    snsTopic: topicArn,
    sourceType: 'db-instance',
    sourceIds: [props.primaryInstanceIdentifier, ...settings.replicaInstanceIdentifiers],
    eventCategories: DB_EVENT_CATEGORIES,
    tags: ctx.tags,
    // RDS checks that it may publish when the subscription is created: the topic policy first.
    dependsOn,
  });
}

/** The rule `<name>-elasticache-events`, for the events of the replication group's nodes. */
export function createElastiCacheRule(scope: Construct, ctx: RegionalAlarmsContext): CloudwatchEventRule {
  return new CloudwatchEventRule(scope, 'elasticache-events', {
    name: `${ctx.name}${RULE_SUFFIX}`,
    description: `phi-stack ${ctx.name}: ElastiCache events of ${ctx.props.replicationGroupId} to the alarm topic`,
    eventPattern: JSON.stringify({ source: ['aws.elasticache'], 'detail-type': ELASTICACHE_DETAIL_TYPES }),
    tags: ctx.tags,
  });
}

/** The rule's target: the topic. */
export function createElastiCacheTarget(scope: Construct, rule: CloudwatchEventRule, topicArn: string): CloudwatchEventTarget {
  return new CloudwatchEventTarget(scope, 'elasticache-events-target', { rule: rule.name, targetId: 'alarm-topic', arn: topicArn });
}
