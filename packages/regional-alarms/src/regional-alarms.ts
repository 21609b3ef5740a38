import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { DbEventSubscription } from '@cdktf/provider-aws/lib/db-event-subscription';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { PhiKey } from '@phi-stack/constructs-core';
import { Construct } from 'constructs';
import { alarmSpecs } from './alarm-specs';
import { regionalAlarmsContext } from './context';
import { createDashboard } from './dashboard';
import { createEncryptionKey } from './encryption-key';
import { createDbEventSubscription, createElastiCacheRule, createElastiCacheTarget } from './events';
import { alarmName, createMetricAlarms } from './metric-alarms';
import { RegionalAlarmsProps } from './props';
import { createTopic, createTopicPolicy } from './topic';
import { validateRegionalAlarms } from './validation';

/**
 * Detection for one region: CloudWatch alarms on the load balancer, the web tier, every DB
 * instance and every Redis node (with a failover alarm on node 001), the RDS instance events and
 * the ElastiCache events, all published to one SNS topic encrypted with a customer-managed key and
 * reachable over TLS only, and a dashboard of the alarms. It subscribes no one: an endpoint is the
 * operator's decision (README, "Receiving the alarms").
 */
export class RegionalAlarms extends Construct {
  /** The key of the topic. */
  public readonly kmsKey: PhiKey;
  /** The SNS topic every alarm and event notifies. */
  public readonly topic: SnsTopic;
  /** The topic's policy: TLS only, publishing by CloudWatch, RDS and EventBridge only. */
  public readonly topicPolicy: SnsTopicPolicy;
  /** The metric alarms, in the order of `alarmNames`. */
  public readonly alarms: CloudwatchMetricAlarm[];
  /** The RDS event subscription of the DB instances. */
  public readonly dbEventSubscription: DbEventSubscription;
  /** The EventBridge rule of the ElastiCache events. */
  public readonly elastiCacheEventRule: CloudwatchEventRule;
  /** The dashboard. */
  public readonly dashboard: CloudwatchDashboard;

  /** ARN of the topic `<name>-alarms`: subscribe an endpoint to it to receive the alarms. */
  public readonly topicArn: string;
  /** ARN of the topic's key (`alias/phi-stack/<name>/alarms`). */
  public readonly kmsKeyArn: string;
  /** Names of the alarms, `<name>-<metric>-<member>`, known at synth. */
  public readonly alarmNames: string[];
  /** Name of the dashboard (`name`). */
  public readonly dashboardName: string;

  constructor(scope: Construct, id: string, props: RegionalAlarmsProps) {
    super(scope, id);
    const settings = validateRegionalAlarms(this.node.path, props, (s) => alarmSpecs(props, s).map((spec) => alarmName(props.name, spec)));
    const ctx = regionalAlarmsContext(this, props, settings);
    const specs = alarmSpecs(props, settings);

    const kmsKey = createEncryptionKey(this, ctx);
    const topic = createTopic(this, ctx, kmsKey.arn);
    const rule = createElastiCacheRule(this, ctx);
    const dbInstanceArns = [props.primaryInstanceIdentifier, ...settings.replicaInstanceIdentifiers].map((db) => `arn:${ctx.partition}:rds:${ctx.region}:${ctx.accountId}:db:${db}`);
    const topicPolicy = createTopicPolicy(this, ctx, { topic, dbInstanceArns, ruleArn: rule.arn });
    createElastiCacheTarget(this, rule, topic.arn);
    const alarms = createMetricAlarms(this, ctx, specs, topic.arn);
    const dbEventSubscription = createDbEventSubscription(this, ctx, topic.arn, [topicPolicy, kmsKey.key]);
    const dashboard = createDashboard(this, ctx, specs, alarms);

    this.kmsKey = kmsKey;
    this.topic = topic;
    this.topicPolicy = topicPolicy;
    this.alarms = alarms;
    this.dbEventSubscription = dbEventSubscription;
    this.elastiCacheEventRule = rule;
    this.dashboard = dashboard;
    this.topicArn = topic.arn;
    this.kmsKeyArn = kmsKey.arn;
    this.alarmNames = specs.map((spec) => alarmName(props.name, spec));
    this.dashboardName = dashboard.dashboardName;
  }
}
